"""The form builder: a section of the question bank becomes a Django form, plus one formset per repeating group.

Every field is built with `required=False`; whether a question needs an answer depends on `show_if`, which may
depend on other answers on the same page, so `SectionPage.is_valid()` enforces "required" only for the questions
shown. That also lets Back and "Save and finish later" keep the valid parts of a half-filled page.
"""

import datetime
import json
from decimal import Decimal

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from prep.questionnaires import conditions
from prep.questionnaires.models import Kind

MAX_GROUP_ROWS = 30
TEXT_LIMITS = {Kind.SHORT_TEXT: 300, Kind.LONG_TEXT: 4000}
REQUIRED_MESSAGE = gettext_lazy("Please answer this question.")


class ExclusiveMultipleChoiceField(forms.MultipleChoiceField):
    """Checkboxes where a “none of these” choice cannot be ticked together with others."""

    def __init__(self, *args, exclusive_values=(), **kwargs):
        self.exclusive_values = set(exclusive_values)
        super().__init__(*args, **kwargs)

    def validate(self, value):
        super().validate(value)
        chosen_exclusive = self.exclusive_values.intersection(value)
        if chosen_exclusive and len(value) > 1:
            labels = dict(self.choices)
            raise forms.ValidationError(
                _("“%(choice)s” cannot be ticked together with other answers.")
                % {"choice": labels[sorted(chosen_exclusive)[0]]}
            )


class FieldBuilder:
    """One `create_<kind>_field` method per kind of question."""

    def __init__(self, in_group=False):
        self.in_group = in_group

    def build(self, question):
        field = getattr(self, f"create_{question.kind}_field")(question)
        field.question = question
        return field

    def common(self, question):
        """Optional questions say so; columns of a group do not (the group's help says blanks are fine)."""
        optional = not question.required and not self.in_group
        label = _("%(text)s (optional)") % {"text": question.text} if optional else question.text
        return {"label": label, "help_text": question.help_text, "required": False}

    def text_field(self, question, widget):
        limit = TEXT_LIMITS[question.kind]
        return forms.CharField(
            max_length=limit,
            widget=widget,
            error_messages={"max_length": _("Please keep this under %(limit)d characters.") % {"limit": limit}},
            **self.common(question),
        )

    def create_short_text_field(self, question):
        attrs = {"autocomplete": "off"}
        if question.suggestions:
            attrs["list"] = f"suggestions-{question.suggestions}"
        return self.text_field(question, forms.TextInput(attrs=attrs))

    def create_long_text_field(self, question):
        return self.text_field(question, forms.Textarea(attrs={"rows": 2 if self.in_group else 4}))

    def number_messages(self, question, whole):
        low, high = question.min_value, question.max_value
        kind = _("a whole number") if whole else _("a number")
        if low is not None and high is not None:
            bounds = _("Enter %(kind)s from %(low)s to %(high)s.") % {
                "kind": kind,
                "low": plain_number(low),
                "high": plain_number(high),
            }
        elif low is not None:
            bounds = _("Enter %(kind)s of %(low)s or more.") % {"kind": kind, "low": plain_number(low)}
        else:
            bounds = _("Enter %(kind)s.") % {"kind": kind}
        return {"invalid": bounds, "min_value": bounds, "max_value": bounds, "max_digits": bounds}

    def create_integer_field(self, question):
        return forms.IntegerField(
            min_value=question.min_value,
            max_value=question.max_value,
            widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
            error_messages=self.number_messages(question, whole=True),
            **self.common(question),
        )

    def create_decimal_field(self, question):
        return forms.DecimalField(
            min_value=question.min_value,
            max_value=question.max_value,
            max_digits=9,
            decimal_places=2,
            widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "any"}),
            error_messages={
                **self.number_messages(question, whole=False),
                "max_decimal_places": _("Use at most 2 decimal places."),
            },
            **self.common(question),
        )

    def create_date_field(self, question):
        return forms.DateField(
            widget=forms.DateInput(attrs={"type": "date"}),
            error_messages={"invalid": _("Enter a real date, for example 2024-03-15.")},
            **self.common(question),
        )

    def choice_field(self, question, choices):
        widget = forms.Select if self.in_group else forms.RadioSelect
        if self.in_group:
            choices = [("", "—")] + list(choices)
        return forms.ChoiceField(
            choices=choices,
            widget=widget,
            error_messages={"invalid_choice": _("Please choose one of the answers shown.")},
            **self.common(question),
        )

    def create_yes_no_field(self, question):
        return self.choice_field(question, question.choice_pairs())

    def create_single_choice_field(self, question):
        return self.choice_field(question, question.choice_pairs())

    def create_multiple_choice_field(self, question):
        return ExclusiveMultipleChoiceField(
            choices=question.choice_pairs(),
            exclusive_values=[choice.value for choice in question.choices.all() if choice.exclusive],
            widget=forms.CheckboxSelectMultiple,
            error_messages={"invalid_choice": _("Please choose from the answers shown.")},
            **self.common(question),
        )


def plain_number(value):
    return format(Decimal(value).normalize(), "f")


def to_stored(value):
    """A cleaned form value as it is stored in the answers JSON (None for no answer)."""
    if isinstance(value, str):
        value = value.strip()
        return value or None
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return list(value) or None
    return value


def is_empty(value):
    return not conditions.is_answered(value)


class SharedFields(dict):
    """A built form class's fields, shared by its instances instead of deep-copied for each one.

    Django copies a form's fields for every instance in case the instance changes them. Ours never do (the page
    markup only reads them), and on a medicines page with 15 rows those copies were a third of the page's time.
    """

    def __deepcopy__(self, memo):
        return dict(self)


def build_form_class(questions, in_group=False):
    builder = FieldBuilder(in_group=in_group)
    fields = {question.key: builder.build(question) for question in questions}
    form_class = type("RowForm" if in_group else "SectionForm", (forms.Form,), fields)
    form_class.base_fields = SharedFields(form_class.base_fields)
    return form_class


class BaseGroupFormSet(forms.BaseFormSet):
    deletion_widget = forms.HiddenInput

    def row_values(self, form):
        """The valid values of one row, without empty ones."""
        cleaned = getattr(form, "cleaned_data", {}) or {}
        row = {}
        for key in form.fields:
            if key == "DELETE" or key not in cleaned or key in form.errors:
                continue
            value = to_stored(cleaned[key])
            if not is_empty(value):
                row[key] = value
        return row

    def is_tampered(self):
        """A management form no page of ours sends: missing, not numbers, or more rows than the formset reads.

        Up to `absolute_max` is fine: in the browser, removed rows stay (hidden, marked DELETE) while new ones are added.
        """
        if not self.management_form.is_valid():
            return True
        total = self.management_form.cleaned_data["TOTAL_FORMS"]
        initial = self.management_form.cleaned_data["INITIAL_FORMS"]
        return not (0 <= total <= self.absolute_max and 0 <= initial <= total)

    def rows(self):
        """Rows kept (not removed, not empty), each with its valid values."""
        rows = []
        for form in self.forms:
            if self.can_delete and self._should_delete_form(form):
                continue
            row = self.row_values(form)
            if row:
                rows.append(row)
        return rows

    def enforce_required(self, columns):
        """A row that has anything in it needs its required columns; empty rows are ignored."""
        ok = True
        for form in self.forms:
            if self.can_delete and self._should_delete_form(form):
                continue
            if not self.row_values(form) and not form.errors:
                continue
            for column in columns:
                if column.required and is_empty(to_stored(form.cleaned_data.get(column.key))):
                    if column.key not in form.errors:
                        form.add_error(column.key, REQUIRED_MESSAGE)
                    ok = False
        return ok


def build_formset_class(group, columns):
    row_form = build_form_class(columns, in_group=True)
    return forms.formset_factory(
        row_form,
        formset=BaseGroupFormSet,
        extra=0,
        can_delete=True,
        max_num=MAX_GROUP_ROWS,
        validate_max=True,
        absolute_max=MAX_GROUP_ROWS + 5,
    )


class PageItem:
    """One question as the template shows it: a bound field or a group's formset, with its condition in words."""

    def __init__(self, question, field=None, formset=None, condition_text=""):
        self.question = question
        self.field = field
        self.formset = formset
        self.condition_text = condition_text

    @property
    def is_group(self):
        return self.formset is not None

    @property
    def show_if_json(self):
        return json.dumps(self.question.show_if) if self.question.show_if else ""


class SectionPage:
    """The form for one section of one response: fields for plain questions, a formset per repeating group.

    `questions` is every question of the version in order (show-if may refer to earlier sections); `answers` is what
    is saved already. With `data` the page is bound to what the patient posted.
    """

    def __init__(self, section, questions, answers, data=None, add_row_to=None):
        self.section = section
        self.all_questions = questions
        self.answers = answers or {}
        self.by_key = {question.key: question for question in questions}
        own = [question for question in questions if question.section_id == section.pk]
        self.questions = [question for question in own if question.parent_id is None]
        self.columns = {question.key: [c for c in own if c.parent_id == question.pk] for question in self.questions}
        plain = [question for question in self.questions if not question.is_group]
        form_class = self.built(("section_form", section.key), lambda: build_form_class(plain))
        self.form = form_class(data=data, initial=self.initial_values(plain))
        self.missing = set()
        self.formsets = {}
        for group in self.questions:
            if group.is_group:
                self.formsets[group.key] = self.build_formset(group, data, add_row=add_row_to == group.key)

    def initial_values(self, questions):
        return {question.key: self.answers[question.key] for question in questions if question.key in self.answers}

    def built(self, key, build):
        """A form or formset class of this section, built once per process for a published version."""
        return self.section.questionnaire.frozen_memo(key, build)

    def build_formset(self, group, data, add_row=False):
        formset_class = self.built(("formset", group.key), lambda: build_formset_class(group, self.columns[group.key]))
        if data is not None:
            if add_row:
                data = with_extra_row(data, group.key)
            return formset_class(data=data, prefix=group.key)
        rows = self.answers.get(group.key) or []
        formset = formset_class(initial=rows, prefix=group.key)
        formset.extra = 1 if add_row or not rows else 0
        return formset

    @property
    def is_bound(self):
        return self.form.is_bound

    def items(self):
        items = []
        for question in self.questions:
            condition_text = conditions.describe(question.show_if, self.by_key) if question.show_if else ""
            if question.is_group:
                items.append(PageItem(question, formset=self.formsets[question.key], condition_text=condition_text))
            else:
                items.append(PageItem(question, field=self.form[question.key], condition_text=condition_text))
        return items

    def valid_values(self):
        """This page's answers that passed their field checks: {key: stored value or None}."""
        self.form.is_valid()
        values = {}
        for question in self.questions:
            if question.is_group:
                formset = self.formsets[question.key]
                formset.is_valid()
                rows = formset.rows()
                if formset.is_tampered() or len(rows) > MAX_GROUP_ROWS:
                    continue  # the saved rows stay as they were; the page shows the formset's error
                values[question.key] = rows or None
            elif question.key in self.form.cleaned_data or question.key in self.missing:
                # a value that failed its checks is never in cleaned_data, even once is_valid() dropped the
                # error of a question it hides: what was saved for it stays as it was
                values[question.key] = to_stored(self.form.cleaned_data.get(question.key))
        return values

    def merged_answers(self):
        merged = dict(self.answers)
        merged.update(self.valid_values())
        return {key: value for key, value in merged.items() if not is_empty(value)}

    def shown_keys(self):
        return conditions.visible_keys(self.all_questions, self.merged_answers())

    def is_valid(self):
        """Every shown question passes its checks, and every shown required question has an answer."""
        shown = self.shown_keys()
        ok = True
        for question in self.questions:
            if question.key not in shown:
                self.form.errors.pop(question.key, None)
                continue
            if question.is_group:
                formset = self.formsets[question.key]
                rows_ok = formset.is_valid() and formset.enforce_required(self.columns[question.key])
                ok = ok and rows_ok
                if question.required and not formset.rows():
                    formset._non_form_errors = formset.error_class([REQUIRED_MESSAGE])
                    ok = False
            elif question.key in self.form.errors:
                ok = False
            elif question.required and is_empty(to_stored(self.form.cleaned_data.get(question.key))):
                self.missing.add(question.key)
                self.form.add_error(question.key, REQUIRED_MESSAGE)
                ok = False
        return ok

    def has_errors(self):
        return bool(self.form.errors) or any(
            any(formset.errors) or formset.non_form_errors() for formset in self.formsets.values()
        )

    def error_list(self):
        """(field id, question text, message) for the error summary at the top of the page."""
        summary = []
        for question in self.questions:
            if question.is_group:
                formset = self.formsets[question.key]
                for message in formset.non_form_errors():
                    summary.append((f"group-{question.key}", question.text, message))
                for index, form in enumerate(formset.forms, start=1):
                    for key, messages in form.errors.items():
                        column = form.fields[key].question if key in form.fields else question
                        label = _("%(group)s, row %(row)d: %(column)s") % {
                            "group": question.text,
                            "row": index,
                            "column": column.text,
                        }
                        target = input_id(form[key]) if key in form.fields else f"group-{question.key}"
                        summary.append((target, label, messages[0]))
            elif question.key in self.form.errors:
                summary.append((input_id(self.form[question.key]), question.text, self.form.errors[question.key][0]))
        return summary


def input_id(bound_field):
    """The id of the element to jump to from the error summary: the first radio or checkbox of a group."""
    if isinstance(bound_field.field.widget, (forms.RadioSelect, forms.CheckboxSelectMultiple)):
        return f"{bound_field.auto_id}_0"
    return bound_field.auto_id


def with_extra_row(data, prefix):
    """The posted data with one more (empty) row in a group: "Add another" without JavaScript."""
    data = data.copy()
    total_key = f"{prefix}-TOTAL_FORMS"
    try:
        total = int(data.get(total_key, 0))
    except (TypeError, ValueError):
        total = 0
    data[total_key] = str(min(total + 1, MAX_GROUP_ROWS))
    return data
