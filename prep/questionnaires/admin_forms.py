"""Forms and inline formsets of the question editor (Django admin), with messages next to the field concerned."""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.forms.models import BaseInlineFormSet

from prep.questionnaires import conditions, editing, protected_keys
from prep.questionnaires.fhir_import import MAX_IMPORT_BYTES
from prep.questionnaires.models import Question, Questionnaire

OPERATOR_CHOICES = [("", "—"), *editing.OPERATOR_WORDS.items()]
SET_ONCE_HELP = "Set once: answers and rules use it, so it cannot change later."
QUESTION_NAME = "A question of this version is already called “%(value)s”; sections and questions need different keys."
SECTION_NAME = "A section of this version is already called “%(value)s”; sections and questions need different keys."


def confirm_field():
    return forms.BooleanField(
        required=False,
        label=protected_keys.CONFIRM_LABEL,
        help_text=(
            "Needed only when deleting a question the summary relies on, changing its kind or removing one of its "
            "choices."
        ),
    )


class SetOnceMixin:
    """Fields that are written when the row is created and shown disabled afterwards."""

    set_once = ("key",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            for name in self.set_once:
                if name in self.fields:
                    self.fields[name].disabled = True
                    self.fields[name].help_text = SET_ONCE_HELP


class ModelErrorsMixin:
    """Model clean() errors about fields this form does not show go next to a field it does show, never a crash."""

    moved_errors = {}

    def _update_errors(self, errors):
        if hasattr(errors, "error_dict"):
            for name in list(errors.error_dict):
                if name != NON_FIELD_ERRORS and name not in self.fields:
                    target = self.moved_errors.get(name, NON_FIELD_ERRORS)
                    target = target if target in self.fields else NON_FIELD_ERRORS
                    errors.error_dict.setdefault(target, []).extend(errors.error_dict.pop(name))
        super()._update_errors(errors)


class QuestionnaireForm(forms.ModelForm):
    confirm_protected = confirm_field()

    class Meta:
        model = Questionnaire
        fields = ["title", "intro"]


class RowForm(SetOnceMixin, ModelErrorsMixin, forms.ModelForm):
    """A section, question, column or choice row of an inline."""


class SectionRowForm(RowForm):
    """A validated instrument's section keeps its content; only its place in the questionnaire can change."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.instrument:
            for name, field in self.fields.items():
                if name not in ("order", "DELETE"):
                    field.disabled = True


class SectionForm(SectionRowForm):
    confirm_protected = confirm_field()


class ChoiceRowForm(RowForm):
    set_once = ("value",)


class KeyChoiceField(forms.ChoiceField):
    """A select of question keys whose posted value is checked by the form, with a message that says why."""

    def valid_value(self, value):
        return True


class QuestionForm(SetOnceMixin, ModelErrorsMixin, forms.ModelForm):
    """A question's own page: show-if is chosen from earlier questions, never typed as JSON."""

    moved_errors = {"show_if": "show_if_question", "parent": "kind", "section": "order"}
    show_if_question = KeyChoiceField(label="Show only if the answer to", required=False)
    show_if_op = forms.ChoiceField(label="Comparison", choices=OPERATOR_CHOICES, required=False)
    show_if_value = forms.CharField(
        label="Value",
        required=False,
        help_text=(
            "The stored value of a choice (yes or no for a yes/no question); for “is any of”, values separated by "
            "commas; for “is more than” / “is at least”, a number. Leave empty for “is answered”."
        ),
    )
    confirm_protected = confirm_field()

    class Meta:
        model = Question
        fields = [
            "order", "key", "kind", "text", "help_text", "required", "min_value", "max_value", "unit",
            "offers_prefer_not", "carried_forward", "suggestions", "entry_name",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.earlier = earlier_questions(self.instance) if self.instance.pk else []
        self.fields["show_if_question"].choices = [("", "— always shown —")] + grouped_by_section(self.earlier)
        condition = self.instance.show_if or {}
        if condition:
            value = condition.get("value", "")
            self.initial.update(
                show_if_question=condition.get("question"),
                show_if_op=condition.get("op"),
                show_if_value=", ".join(map(str, value)) if isinstance(value, list) else value,
            )

    def clean(self):
        cleaned = super().clean()
        if not self.instance.parent_id:
            self.instance.show_if = self.build_show_if(cleaned)
        self.check_protected_kind(cleaned)
        self.check_dependants_order(cleaned)
        return cleaned

    def build_show_if(self, cleaned):
        key, op = cleaned.get("show_if_question"), cleaned.get("show_if_op")
        raw = (cleaned.get("show_if_value") or "").strip()
        if not key:
            if op or raw:
                self.add_error("show_if_question", "Choose the earlier question this one depends on.")
            return None
        if not op:
            self.add_error("show_if_op", "Choose how to compare the answer.")
            return None
        target = next((question for question in self.earlier if question.key == key), None)
        if target is None:
            self.add_error("show_if_question", self.not_earlier_message(key))
            return None
        condition = {"question": key, "op": op}
        if op == "in":
            values = [value.strip() for value in raw.split(",") if value.strip()]
            if not values:
                self.add_error("show_if_value", "Enter one or more values, separated by commas.")
            condition["value"] = values
        elif op in ("gt", "gte"):
            number = conditions.as_number(raw)
            if number is None:
                self.add_error("show_if_value", "Enter a number.")
                return None
            condition["value"] = int(number) if number == number.to_integral_value() else float(number)
        elif op != "answered":
            if not raw:
                self.add_error("show_if_value", "Enter the answer value to compare with.")
            condition["value"] = raw
        problem = editing.never_shown(condition, target)
        if problem:
            self.add_error("show_if_value", problem)
        return condition

    def not_earlier_message(self, key):
        if self.instance.section.questionnaire.questions.filter(key=key).exists():
            return f"“{key}” does not come before this question; a show-if must refer to an earlier question."
        return f"There is no question “{key}” in this version."

    def check_protected_kind(self, cleaned):
        if "kind" in self.changed_data and protected_keys.is_protected(self.instance.key):
            if not cleaned.get("confirm_protected"):
                self.add_error("kind", editing.protected_message([self.instance.key], "Changing the kind of this question"))

    def check_dependants_order(self, cleaned):
        if "order" not in self.changed_data or self.instance.parent_id or cleaned.get("order") is None:
            return
        questionnaire = self.instance.section.questionnaire
        for key, message in editing.broken_conditions(questionnaire, question_orders={self.instance.pk: cleaned["order"]}):
            self.add_error("order", message)


def grouped_by_section(questions):
    groups = {}
    for question in questions:
        groups.setdefault(question.section.title, []).append((question.key, f"{question.key}: {question.text[:70]}"))
    return list(groups.items())


def earlier_questions(question):
    """Top-level questions of the same version that come before this one (what a show-if may refer to)."""
    here = (question.section.order, question.section_id, question.order, question.pk)
    return [
        other
        for other in question.section.questionnaire.ordered_questions()
        if other.parent_id is None and (other.section.order, other.section_id, other.order, other.pk) < here
    ]


class EditorFormSet(BaseInlineFormSet):
    """Inline rows of one parent; `confirmed` says whether the admin ticked the protected-keys confirmation."""

    confirmed = False

    def kept_forms(self):
        return [
            form
            for form in self.forms
            if hasattr(form, "cleaned_data") and form.cleaned_data and not self._should_delete_form(form)
        ]

    def removed_instances(self):
        return [form.instance for form in self.forms if form.instance.pk and self._should_delete_form(form)]

    def refuse_repeats(self, field, message):
        seen = set()
        for form in self.kept_forms():
            value = form.cleaned_data.get(field)
            if value in seen:
                form.add_error(field, message % {"value": value})
            seen.add(value)

    def section_keys(self):
        questionnaire = self.instance.owning_questionnaire()
        return set(questionnaire.sections.values_list("key", flat=True))

    def refuse_taken_names(self, taken, message):
        """New rows may not take a name used by the other kind of row (sections and questions share FHIR linkIds)."""
        for form in self.kept_forms():
            key = form.cleaned_data.get("key")
            if not form.instance.pk and key in taken:
                form.add_error("key", message % {"value": key})

    def refuse_protected_kinds(self):
        if self.confirmed:
            return
        for form in self.kept_forms():
            if form.instance.pk and "kind" in form.changed_data and protected_keys.is_protected(form.instance.key):
                form.add_error("kind", editing.protected_message([form.instance.key], "Changing the kind of this question"))

    def refuse_protected_removals(self, removed_keys):
        protected = editing.protected_among(removed_keys)
        if protected and not self.confirmed:
            action = "Deleting " + ", ".join(f"“{key}”" for key in protected)
            raise ValidationError(editing.protected_message(protected, action))

    def attach(self, problems, field):
        """Put each (key, message) next to the row of that key, or above the rows when it is not one of them."""
        rows = {form.cleaned_data.get("key") or form.instance.key: form for form in self.kept_forms()}
        elsewhere = []
        for key, message in problems:
            if key in rows:
                rows[key].add_error(field, message)
            else:
                elsewhere.append(message)
        if elsewhere:
            raise ValidationError(elsewhere)


class SectionFormSet(EditorFormSet):
    def clean(self):
        self.refuse_repeats("key", "Another section of this version already uses the key “%(value)s”.")
        self.refuse_taken_names(set(self.instance.questions.values_list("key", flat=True)), QUESTION_NAME)
        super().clean()
        if any(self.errors):
            return
        removed = self.removed_instances()
        removed_keys = list(Question.objects.filter(section__in=removed).values_list("key", flat=True))
        self.refuse_protected_removals(removed_keys)
        orders = {form.instance.pk: form.cleaned_data["order"] for form in self.kept_forms() if form.instance.pk}
        problems = editing.broken_conditions(
            self.instance, section_orders=orders, removed_sections={section.pk for section in removed}
        )
        if problems:
            raise ValidationError([message for _key, message in problems])


class QuestionFormSet(EditorFormSet):
    """The top-level questions of a section."""

    def clean(self):
        self.refuse_repeats("key", "Another question here already uses the key “%(value)s”.")
        self.refuse_taken_names(self.section_keys(), SECTION_NAME)
        self.refuse_protected_kinds()
        super().clean()
        if any(self.errors):
            return
        removed = self.removed_instances()
        removed_keys = [key for question in removed for key in protected_keys.keys_removed_with(question)]
        self.refuse_protected_removals(removed_keys)
        orders = {form.instance.pk: form.cleaned_data["order"] for form in self.kept_forms() if form.instance.pk}
        problems = editing.broken_conditions(
            self.instance.questionnaire, question_orders=orders, removed_keys={question.key for question in removed}
        )
        self.attach(problems, "order")


class ColumnFormSet(EditorFormSet):
    """The columns of a repeating group; they belong to the group's section."""

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        form.instance.section_id = self.instance.section_id
        return form

    def clean(self):
        self.refuse_repeats("key", "Another column here already uses the key “%(value)s”.")
        self.refuse_taken_names(self.section_keys(), SECTION_NAME)
        self.refuse_protected_kinds()
        super().clean()
        if any(self.errors):
            return
        self.refuse_protected_removals([column.key for column in self.removed_instances()])


class ChoiceFormSet(EditorFormSet):
    def clean(self):
        self.refuse_repeats("value", "Another choice of this question already has the value “%(value)s”.")
        super().clean()
        if any(self.errors):
            return
        removed_values = [choice.value for choice in self.removed_instances()]
        if not removed_values:
            return
        if protected_keys.is_protected(self.instance.key) and not self.confirmed:
            # the rules compare answers with choice values ("yes" of thoughts_today raises the URGENT flag)
            raise ValidationError(editing.protected_message([self.instance.key], "Removing a choice of this question"))
        questionnaire = self.instance.section.questionnaire
        problems = editing.conditions_on_values(questionnaire, self.instance.key, removed_values)
        if problems:
            raise ValidationError(
                [f"This choice cannot be removed: {message} Change that show-if first." for _key, message in problems]
            )


class ImportForm(forms.Form):
    file = forms.FileField(
        label="FHIR Questionnaire (JSON)",
        help_text="A file written by “Export as FHIR” or the questionnaire_export command. It becomes a new draft.",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise ValidationError("The file is larger than 2 MB; a questionnaire is much smaller than that.")
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise ValidationError("The file is not UTF-8 text; export the questionnaire as JSON and try again.") from error
