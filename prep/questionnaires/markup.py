"""The inputs of a questionnaire page as HTML, in the Bootstrap 5 markup of the rest of the app.

Why not crispy-forms and Django's widget templates here: a section page shows every field option by option, and a
medicines page with 15 rows has about 140 inputs and 500 options. Through crispy's field template and one widget
template per input and per option that took 227 ms a page (bench/patient_page.py); built here from the bound
field it takes a few. Staff and sign-in forms, which are small, still use crispy.

Every value and label is escaped; ids follow Django's (`id_<name>`, radios `id_<name>_<n>`), so labels, the error
summary's links and the scripts find the same elements.
"""

from html import escape

from django import forms
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from prep.questionnaires.display import answer_words
from prep.questionnaires.forms import (
    PREFER_NOT,
    UNIT_SUFFIX,
    PreferNotNumberInput,
    entry_values,
    is_unit_column,
    unit_of,
)
from prep.questionnaires.models import NUMBER_KINDS


class FieldState:
    """What one bound field shows: read once, because each BoundField property is computed anew on every access."""

    def __init__(self, bound_field):
        self.field = bound_field.field
        self.widget = self.field.widget
        self.id = bound_field.auto_id
        self.name = bound_field.html_name
        self.label = escape(str(bound_field.label))
        self.errors = bound_field.errors
        self.value = self.widget.format_value(bound_field.value())
        self.help_id = f"{self.id}_helptext" if self.field.help_text else ""
        self.error_id = f"{self.id}_error" if self.errors else ""
        self.invalid = " is-invalid" if self.errors else ""

    def value_attribute(self):
        return "" if self.value is None else f' value="{escape(self.value)}"'

    def described_by(self):
        """aria-describedby naming the help text and the error message, and aria-invalid while there is an error."""
        ids = " ".join(filter(None, (self.help_id, self.error_id)))
        described = f' aria-describedby="{ids}"' if ids else ""
        return described + (' aria-invalid="true"' if self.errors else "")

    def help_html(self):
        """The hint, placed right under the question and before its input or options (read before answering)."""
        if not self.help_id:
            return ""
        return f'<div id="{self.help_id}" class="form-text">{escape(str(self.field.help_text))}</div>'

    def errors_html(self, always_shown=False):
        """Bootstrap shows .invalid-feedback only right after an .is-invalid input, which a fieldset is not."""
        if not self.errors:
            return ""
        messages = "".join(f'<p class="mb-0"><strong>{escape(str(message))}</strong></p>' for message in self.errors)
        shown = " d-block" if always_shown else ""
        return f'<div id="{self.error_id}" class="invalid-feedback{shown}">{messages}</div>'


def field_html(bound_field):
    """One question's (or one group column's) label, help text, input and errors."""
    state = FieldState(bound_field)
    widget = state.widget
    if widget.is_hidden:
        return mark_safe(f'<input type="hidden" name="{state.name}"{state.value_attribute()} id="{state.id}">')
    if isinstance(widget, forms.RadioSelect):  # radios, and checkboxes (CheckboxSelectMultiple is a RadioSelect)
        return mark_safe(choice_list(state))
    if isinstance(widget, PreferNotNumberInput):
        return mark_safe(prefer_not_number(state))
    if isinstance(widget, forms.Select):
        control = select(state)
    elif isinstance(widget, forms.Textarea):
        control = textarea(state)
    elif isinstance(widget, (forms.TextInput, forms.NumberInput, forms.DateInput)):
        control = text_input(state)
    else:
        raise TypeError(f"No patient markup for the widget {type(widget).__name__}")
    return mark_safe(
        f'<div id="div_{state.id}" class="mb-3"><label for="{state.id}" class="form-label">{state.label}</label>'
        f"{state.help_html()}{control}{state.errors_html()}</div>"
    )


def row_fields_html(form):
    """One entry of a repeating group: short boxes two to a line on wide screens, answers as radios laid out to
    take little height (see `choice_layout`), a number and its unit column (weeks or months) together."""
    parts = []
    for bound_field in form.visible_fields():
        name = bound_field.name
        if is_unit_column(bound_field.field.question) and name.removesuffix(UNIT_SUFFIX) in form.fields:
            continue  # shown with its number
        if unit_of(name) in form.fields:
            pair = number_with_unit(FieldState(bound_field), FieldState(form[unit_of(name)]))
            parts.append(f'<div class="col-12">{pair}</div>')
        elif isinstance(bound_field.field.widget, forms.RadioSelect):
            state = FieldState(bound_field)
            parts.append(f'<div class="col-12">{choice_list(state, choice_layout(state.field))}</div>')
        else:
            question = bound_field.field.question
            unit = f' data-gist-unit="{escape(question.unit)}"' if question.kind in NUMBER_KINDS and question.unit else ""
            parts.append(f'<div class="col-12 col-md-6"{unit}>{field_html(bound_field)}</div>')
    return mark_safe("".join(parts))


GIST_ANSWERS = 3


def entry_is_open(form):
    """An entry is shown whole while it needs the patient: new and empty, carried over to check, or with an error;
    the others fold to one line (see `entry_gist`), so the page shows one medicine at a time."""
    return bool(is_carried_over(form) or form.errors or not entry_values(form))


def is_carried_over(form):
    """An entry filled in from another answer for the patient to check (see SectionPage.build_formset)."""
    return getattr(form, "carried_over", False)


def entry_gist(form):
    """The folded entry's line: its first few answers in words ("Zoloft · 100 mg · 10 weeks")."""
    row = entry_values(form)
    words = []
    for name, field in form.fields.items():
        question = getattr(field, "question", None)
        if question is None or name not in row or is_unit_column(question):
            continue
        words.append(gist_words(question, row, form))
        if len(words) == GIST_ANSWERS:
            break
    return " · ".join(words)


def gist_words(question, row, form):
    words = answer_words(question, row[question.key])
    unit_name = unit_of(question.key)
    if unit_name in form.fields:
        unit = form.fields[unit_name].question
        return f"{words} {answer_words(unit, row.get(unit_name) or unit.choice_pairs()[0][0])}"
    if question.kind in NUMBER_KINDS and question.unit:
        return f"{words} {question.unit}"
    return words


INLINE_LABEL_LIMIT = 12
COLUMN_LABEL_LIMIT = 18


def choice_layout(field):
    """Few short answers side by side (Yes · No · Not sure), short ones in two columns, long ones one under another:
    each option stays a 44 px row, but an entry of a group is not a page of radios."""
    labels = [label for _raw, _value, label in escaped_choices(field)]
    longest = max((len(label) for label in labels), default=0)
    if len(labels) <= 4 and longest <= INLINE_LABEL_LIMIT:
        return "choices--inline"
    if longest <= COLUMN_LABEL_LIMIT:
        return "choices--columns"
    return ""


def number_with_unit(number, unit):
    """A number box with its unit's radios beside it ("[ 8 ] (•) weeks ( ) months"), the unit's question as the
    radios' legend for screen readers."""
    errors = number.errors_html(always_shown=True) + unit.errors_html(always_shown=True)
    return (
        f'<div id="div_{number.id}" class="mb-3 number-with-unit"><label for="{number.id}" class="form-label">'
        f'{number.label}</label>{number.help_html()}<div class="d-flex flex-wrap align-items-center column-gap-3">'
        f"{text_input(number)}<fieldset{unit.described_by()}><legend class=\"visually-hidden\">{unit.label}</legend>"
        f'<div class="choices choices--inline">{choice_options(unit)}</div></fieldset></div>{errors}</div>'
    )


def datalist_options(values):
    """The options of a suggestions list (a few hundred medicine names): no template loop for each."""
    return mark_safe("".join(f'<option value="{escape(str(value))}"></option>' for value in values))


def text_input(state):
    return (
        f'<input type="{state.widget.input_type}" name="{state.name}"{state.value_attribute()}'
        f"{widget_attributes(state.widget)}"
        f' class="form-control{state.invalid}"{state.described_by()} id="{state.id}">'
    )


def textarea(state):
    # The line break after the tag is what Django writes too: a browser drops it, so a value's own first line break stays.
    return (
        f'<textarea name="{state.name}"{widget_attributes(state.widget)} class="form-control{state.invalid}"'
        f'{state.described_by()} id="{state.id}">\n{escape(state.value or "")}</textarea>'
    )


def select(state):
    chosen = set(state.value)
    options = "".join(
        f'<option value="{value}" selected>{label}</option>' if raw in chosen else f'<option value="{value}">{label}</option>'
        for raw, value, label in escaped_choices(state.field)
    )
    return (
        f'<select name="{state.name}" class="form-select{state.invalid}"{state.described_by()} id="{state.id}">'
        f"{options}</select>"
    )


def prefer_not_number(state):
    """A number box and, under it, a "Prefer not to say" checkbox posting the same name (the checkbox wins)."""
    declined = state.value == PREFER_NOT
    if declined:
        state.value = None
    box = text_input(state)
    checked = " checked" if declined else ""
    choice = (
        f'<div class="form-check mt-2"><input type="checkbox" class="form-check-input" name="{state.name}"'
        f' value="{PREFER_NOT}" id="{state.id}_prefer_not"{checked}>'
        f'<label for="{state.id}_prefer_not" class="form-check-label">{escape(_("Prefer not to say"))}</label></div>'
    )
    return (
        f'<div id="div_{state.id}" class="mb-3"><label for="{state.id}" class="form-label">{state.label}</label>'
        f"{state.help_html()}{box}{choice}{state.errors_html(always_shown=True)}</div>"
    )


def choice_list(state, layout=""):
    """Radios or checkboxes in a fieldset whose legend is the question."""
    layout = f" {layout}" if layout else ""
    return (
        f'<div id="div_{state.id}" class="mb-3"><fieldset{state.described_by()}>'
        f'<legend class="form-label fs-6">{state.label}</legend>{state.help_html()}'
        f'<div class="choices{layout}">{choice_options(state)}</div>'
        f"{state.errors_html(always_shown=True)}</fieldset></div>"
    )


def choice_options(state):
    chosen = set(state.value)
    opening = f'<div class="form-check"><input type="{state.widget.input_type}" class="form-check-input{state.invalid}"'
    return "".join(
        f'{opening} name="{state.name}" value="{value}" id="{state.id}_{index}"{" checked" if raw in chosen else ""}>'
        f'<label for="{state.id}_{index}" class="form-check-label">{label}</label></div>'
        for index, (raw, value, label) in enumerate(escaped_choices(state.field))
    )


def escaped_choices(field):
    """(value as posted, escaped value, escaped label) of each choice. Kept on the field: a published version's
    fields are built once and shared (see forms.SharedFields), and a group repeats the same choices on every row."""
    cached = getattr(field, "_escaped_choices", None)
    if cached is None:
        cached = [(str(value), escape(str(value)), escape(str(label))) for value, label in field.choices]
        field._escaped_choices = cached
    return cached


def widget_attributes(widget):
    """The widget's own attributes (maxlength, min, max, step, inputmode, list, rows...), escaped, in a stable order."""
    cached = getattr(widget, "_escaped_attributes", None)
    if cached is None:
        cached = "".join(
            f" {name}" if value is True else f' {name}="{escape(str(value))}"'
            for name, value in sorted(widget.attrs.items())
            if value is not False and value is not None and name not in ("class", "id")
        )
        widget._escaped_attributes = cached
    return cached
