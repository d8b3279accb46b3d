"""The form builder: a section of the question bank becomes a Django form, plus one formset per repeating group.

Every field is built with `required=False`: no question blocks Next or sending. A question's `required` means
"expected": a shown, expected question left without an answer is listed as blank (`SectionPage.blank`), never as
an error. Only invalid input (wrong type, out of range, too long, an unknown choice) is an error.
"""

import datetime
import json
from decimal import Decimal

from django import forms
from django.http import QueryDict
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from prep.questionnaires import conditions
from prep.questionnaires.models import Kind

MAX_GROUP_ROWS = 30
TEXT_LIMITS = {Kind.SHORT_TEXT: 300, Kind.LONG_TEXT: 4000}
PREFER_NOT = "prefer_not"
UNIT_SUFFIX = "_unit"


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
                _("“%(choice)s” cannot be ticked together with other answers: untick one of them.")
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
        return TextAnswerField(
            max_length=limit,
            widget=widget,
            error_messages={"max_length": _("Shorten this to %(limit)d characters or fewer.") % {"limit": limit}},
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
        """One message that says what to enter, with the question's unit and two examples within its range."""
        what = _("a whole number") if whole else _("a number")
        if question.unit:
            what = _("%(what)s of %(unit)s") % {"what": what, "unit": question.unit}
        low, high = question.min_value, question.max_value
        if low is not None and high is not None:
            what = _("%(what)s from %(low)s to %(high)s") % {"what": what, "low": plain_number(low), "high": plain_number(high)}
        elif low is not None:
            what = _("%(what)s of %(low)s or more") % {"what": what, "low": plain_number(low)}
        first, second = number_examples(low, high, whole)
        message = _("Enter %(what)s, for example %(first)s or %(second)s.") % {
            "what": what,
            "first": first,
            "second": second,
        }
        return {"invalid": message, "min_value": message, "max_value": message, "max_digits": message}

    def number_widget(self, question, attrs):
        attrs = {**attrs, "spellcheck": "false"}
        return PreferNotNumberInput(attrs=attrs) if question.offers_prefer_not else NumberBox(attrs=attrs)

    def create_integer_field(self, question):
        field_class = PreferNotIntegerField if question.offers_prefer_not else forms.IntegerField
        return field_class(
            min_value=question.min_value,
            max_value=question.max_value,
            widget=self.number_widget(question, {"inputmode": "numeric"}),
            error_messages=self.number_messages(question, whole=True),
            **self.common(question),
        )

    def create_decimal_field(self, question):
        field_class = PreferNotDecimalField if question.offers_prefer_not else forms.DecimalField
        return field_class(
            min_value=question.min_value,
            max_value=question.max_value,
            max_digits=9,
            decimal_places=2,
            widget=self.number_widget(question, {"inputmode": "decimal"}),
            error_messages={
                **self.number_messages(question, whole=False),
                "max_decimal_places": _("Use at most 2 decimal places, for example 7.25."),
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
        """Radios, in a group's entries too: every answer in sight, never a dropdown that cuts labels short."""
        field = forms.ChoiceField(
            choices=choices,
            widget=forms.RadioSelect,
            error_messages={"invalid_choice": _("Choose one of the answers shown.")},
            **self.common(question),
        )
        if self.in_group and is_unit_column(question):
            field.initial = choices[0][0]
        return field

    def create_yes_no_field(self, question):
        return self.choice_field(question, question.choice_pairs())

    def create_single_choice_field(self, question):
        return self.choice_field(question, question.choice_pairs())

    def create_multiple_choice_field(self, question):
        return ExclusiveMultipleChoiceField(
            choices=question.choice_pairs(),
            exclusive_values=[choice.value for choice in question.choices.all() if choice.exclusive],
            widget=forms.CheckboxSelectMultiple,
            error_messages={"invalid_choice": _("Choose from the answers shown.")},
            **self.common(question),
        )


def is_unit_column(question):
    """A group column saying what unit the number column before it is in: its key is that column's key + "_unit",
    its first choice is the default (a number saved without it is in that unit)."""
    return question.kind == Kind.SINGLE_CHOICE and question.key.endswith(UNIT_SUFFIX)


def unit_of(key):
    """The key of the unit column of the number column `key`."""
    return f"{key}{UNIT_SUFFIX}"


def plain_number(value):
    return format(Decimal(value).normalize(), "f")


def number_examples(low, high, whole):
    """Two example answers inside the range: its lowest value (or 0), and a little more."""
    first = Decimal(low) if low is not None else Decimal(0)
    second = first + (Decimal(3) if whole else Decimal("2.5"))
    if high is not None and second > Decimal(high):
        second = Decimal(high)
    return plain_number(first), plain_number(second)


class TextAnswerField(forms.CharField):
    """Its length limit is checked by the server only, without a maxlength attribute: a browser cuts a longer paste
    without a word, while the server's message says how much to shorten it and shows the whole text again."""

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.pop("maxlength", None)
        return attrs


class NumberBox(forms.TextInput):
    """A number typed in a text box that brings up the number keyboard, as GOV.UK advises: Chromium's type="number"
    box blocks letters and sends nothing for what it cannot read ("2-3", "1e"), so the patient would lose what they
    typed without a word; here the server gets the text, says what to enter next to the box and shows it again."""


class PreferNotNumberInput(NumberBox):
    """A number box with a "Prefer not to say" checkbox of the same name (see markup.prefer_not_number)."""

    def value_from_datadict(self, data, files, name):
        values = data.getlist(name) if hasattr(data, "getlist") else [data.get(name)]
        return PREFER_NOT if PREFER_NOT in values else (values[0] if values else None)


class PreferNotMixin:
    """A number field that also accepts "prefer_not", stored as such (scoring reads it as no number)."""

    def to_python(self, value):
        return PREFER_NOT if value == PREFER_NOT else super().to_python(value)

    def validate(self, value):
        if value != PREFER_NOT:
            super().validate(value)

    def run_validators(self, value):
        if value != PREFER_NOT:
            super().run_validators(value)


class PreferNotIntegerField(PreferNotMixin, forms.IntegerField):
    pass


class PreferNotDecimalField(PreferNotMixin, forms.DecimalField):
    pass


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
        return row_values(form)

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


def row_values(form):
    """The valid values of one bound row, without empty ones."""
    cleaned = getattr(form, "cleaned_data", {}) or {}
    row = {}
    for key in form.fields:
        if key == "DELETE" or key not in cleaned or key in form.errors:
            continue
        value = to_stored(cleaned[key])
        if not is_empty(value):
            row[key] = value
    return without_lone_units(row, form.fields)


def entry_values(form):
    """What one entry of a group holds, in the stored format: what was posted (valid), or what was saved."""
    if form.is_bound:
        form.errors  # noqa: B018 (checks the row, as the page already did)
        return row_values(form)
    return {key: value for key, value in (form.initial or {}).items() if not is_empty(value)}


def without_lone_units(row, columns):
    """A unit is chosen by default, so a unit without its number says nothing: an entry left blank stays empty."""
    def lone_unit(key):
        number = key.removesuffix(UNIT_SUFFIX)
        return key.endswith(UNIT_SUFFIX) and number in columns and number not in row

    return {key: value for key, value in row.items() if not lone_unit(key)}


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
    def entry_title(self):
        """What each entry's legend says before its number: “Medicine” (1, 2...), or “Entry”."""
        return capfirst(self.question.entry_name) if self.question.entry_name else _("Entry")

    @property
    def add_label(self):
        if self.question.entry_name:
            return _("Add another %(entry)s") % {"entry": self.question.entry_name}
        return _("Add another")

    @property
    def show_if_json(self):
        return json.dumps(self.question.show_if) if self.question.show_if else ""


class SectionPage:
    """The form for one section of one response: fields for plain questions, a formset per repeating group.

    `questions` is every question of the version in order (show-if may refer to earlier sections); `answers` is what
    is saved already. With `data` the page is bound to what the patient posted. The page is checked once, the first
    time any result is asked for (`values`, `invalid`, `blank`, `items()`...), so no method depends on another having
    been called first.
    """

    def __init__(self, section, questions, answers, data=None, add_row_to=None, offered_rows=None):
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
        # Entries the patient has not saved but is asked to check (see visits.still_taking); only on a fresh page.
        offered = offered_rows(self.questions, self.columns, self.answers) if offered_rows and data is None else {}
        self.formsets = {}
        for group in self.questions:
            if group.is_group:
                self.formsets[group.key] = self.build_formset(
                    group, data, add_row=add_row_to == group.key, offered=offered.get(group.key, [])
                )

    def initial_values(self, questions):
        return {question.key: self.answers[question.key] for question in questions if question.key in self.answers}

    def built(self, key, build):
        """A form or formset class of this section, built once per process for a published version."""
        return self.section.questionnaire.frozen_memo(key, build)

    def build_formset(self, group, data, add_row=False, offered=()):
        formset_class = self.built(("formset", group.key), lambda: build_formset_class(group, self.columns[group.key]))
        if data is not None:
            if add_row:
                data = with_extra_row(data, group.key)
            return formset_class(data=data, prefix=group.key)
        saved = self.answers.get(group.key) or []
        rows = [*saved, *offered][:MAX_GROUP_ROWS]
        formset = formset_class(initial=rows, prefix=group.key)
        formset.extra = 1 if add_row or not rows else 0
        for form in formset.forms[len(saved) : len(rows)]:
            form.carried_over = True
        return formset

    @property
    def is_bound(self):
        return self.form.is_bound

    @cached_property
    def values(self):
        """This page's posted answers that passed their field checks: {key: stored value or None}; {} unbound."""
        if not self.is_bound:
            return {}
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
            elif question.key not in self.form.errors:
                # a value that failed its checks is left out: what was saved for it stays as it was
                values[question.key] = to_stored(self.form.cleaned_data.get(question.key))
        return values

    def valid_values(self):
        return dict(self.values)

    @cached_property
    def merged(self):
        merged = dict(self.answers)
        merged.update(self.values)
        return {key: value for key, value in merged.items() if not is_empty(value)}

    def merged_answers(self):
        """The saved answers with this page's valid ones over them, without empty ones."""
        return self.merged

    @cached_property
    def shown(self):
        return conditions.visible_keys(self.all_questions, self.merged)

    def shown_keys(self):
        return self.shown

    @cached_property
    def invalid(self):
        """The shown questions whose input failed its own checks. Errors of questions hidden by show-if are dropped:
        their input is not saved, and it cannot block a page the patient does not see it on."""
        self.values  # noqa: B018 (checks the page)
        invalid = []
        for question in self.questions:
            if question.key not in self.shown:
                self.form.errors.pop(question.key, None)
            elif question.is_group and group_has_errors(self.formsets[question.key]):
                invalid.append(question)
            elif question.key in self.form.errors:
                invalid.append(question)
        return invalid

    @cached_property
    def blank(self):
        """The shown questions the patient is expected to answer (`required`) that have no answer, saved or posted."""
        return [question for question in self.questions if is_expected_blank(question, self.shown, self.merged)]

    def is_valid(self):
        """No shown question has invalid input. Blank questions never make a page invalid."""
        return not self.invalid

    def has_errors(self):
        return bool(self.invalid)

    def items(self):
        self.invalid  # noqa: B018 (a bound page shows its errors next to the fields, hidden questions' dropped)
        items = []
        for question in self.questions:
            condition_text = conditions.describe(question.show_if, self.by_key) if question.show_if else ""
            if question.is_group:
                items.append(PageItem(question, formset=self.formsets[question.key], condition_text=condition_text))
            else:
                items.append(PageItem(question, field=self.form[question.key], condition_text=condition_text))
        return items

    def error_list(self):
        """(field id, question text, message) of each invalid input, for the list at the top of the page."""
        summary = []
        for question in self.invalid:
            if question.is_group:
                summary += group_error_list(question, self.formsets[question.key])
            else:
                summary.append((input_id(self.form[question.key]), question.text, self.form.errors[question.key][0]))
        return summary

    def blank_list(self):
        """(field id, question text) of each blank expected question, for the notice at the top of the page."""
        return [(blank_target(self, question), question.text) for question in self.blank]


def is_expected_blank(question, shown, answers):
    return question.required and question.key in shown and is_empty(answers.get(question.key))


def group_has_errors(formset):
    return any(formset.errors) or bool(formset.non_form_errors())


def group_error_list(question, formset):
    summary = [(f"group-{question.key}", question.text, message) for message in formset.non_form_errors()]
    for index, form in enumerate(formset.forms, start=1):
        for key, messages in form.errors.items():
            column = form.fields[key].question if key in form.fields else question
            label = entry_label(question, index, column)
            target = input_id(form[key]) if key in form.fields else f"group-{question.key}"
            summary.append((target, label, messages[0]))
    return summary


def entry_label(group, number, column):
    """Where an error is, as the card shows it: "Medicine 2: Highest dose per day (mg)"."""
    if group.entry_name:
        return _("%(entry)s %(number)d: %(column)s") % {
            "entry": capfirst(group.entry_name), "number": number, "column": column.text,
        }
    return _("%(group)s, entry %(number)d: %(column)s") % {"group": group.text, "number": number, "column": column.text}


def blank_target(page, question):
    return f"group-{question.key}" if question.is_group else input_id(page.form[question.key])


def answers_as_data(section, questions, answers):
    """Saved answers as the POST data the section's form would send: used to re-check a page with the builder."""
    data = {}
    for question in questions:
        if question.section_id != section.pk or question.parent_id is not None:
            continue
        value = answers.get(question.key)
        if question.is_group:
            rows = value or []
            data[f"{question.key}-TOTAL_FORMS"] = str(len(rows))
            data[f"{question.key}-INITIAL_FORMS"] = "0"
            for index, row in enumerate(rows):
                for column, cell in row.items():
                    data[f"{question.key}-{index}-{column}"] = str(cell)
        elif isinstance(value, list):
            data[question.key] = [str(item) for item in value]
        elif value is not None:
            data[question.key] = str(value)
    return as_query_dict(data)


def as_query_dict(data):
    query = QueryDict(mutable=True)
    for key, value in data.items():
        query.setlist(key, value if isinstance(value, list) else [value])
    return query


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
