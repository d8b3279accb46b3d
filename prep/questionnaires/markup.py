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


def field_html(bound_field):
    """One question's (or one group column's) label, input, help text and errors."""
    widget = bound_field.field.widget
    if widget.is_hidden:
        return mark_safe(hidden_input(bound_field))
    if isinstance(widget, forms.RadioSelect):  # radios, and checkboxes (CheckboxSelectMultiple is a RadioSelect)
        return mark_safe(choice_list(bound_field))
    if isinstance(widget, forms.Select):
        body = select(bound_field)
    elif isinstance(widget, forms.Textarea):
        body = textarea(bound_field)
    else:
        body = text_input(bound_field)
    field_id = bound_field.auto_id
    return mark_safe(
        f'<div id="div_{field_id}" class="mb-3">'
        f'<label for="{field_id}" class="form-label">{escape(str(bound_field.label))}</label>'
        f"{body}{help_text(bound_field)}{error_block(bound_field)}</div>"
    )


def hidden_input(bound_field):
    value = bound_field.field.widget.format_value(bound_field.value())
    value_attr = "" if value is None else f' value="{escape(value)}"'
    return f'<input type="hidden" name="{bound_field.html_name}"{value_attr} id="{bound_field.auto_id}">'


def text_input(bound_field):
    widget = bound_field.field.widget
    value = widget.format_value(bound_field.value())
    value_attr = "" if value is None else f' value="{escape(value)}"'
    return (
        f'<input type="{widget.input_type}" name="{bound_field.html_name}"{value_attr}'
        f'{attributes(widget.attrs)} class="form-control{invalid_class(bound_field)}"'
        f"{description_attributes(bound_field)} id=\"{bound_field.auto_id}\">"
    )


def textarea(bound_field):
    widget = bound_field.field.widget
    value = widget.format_value(bound_field.value())
    # The line break after the tag is what Django writes too: a browser drops it, so a value's own first line break stays.
    return (
        f'<textarea name="{bound_field.html_name}"{attributes(widget.attrs)}'
        f' class="form-control{invalid_class(bound_field)}"{description_attributes(bound_field)}'
        f' id="{bound_field.auto_id}">\n{escape(value or "")}</textarea>'
    )


def select(bound_field):
    chosen = set(bound_field.field.widget.format_value(bound_field.value()))
    options = "".join(
        f'<option value="{escape(str(value))}"{" selected" if str(value) in chosen else ""}>{escape(str(label))}</option>'
        for value, label in bound_field.field.choices
    )
    return (
        f'<select name="{bound_field.html_name}" class="form-select{invalid_class(bound_field)}"'
        f'{description_attributes(bound_field)} id="{bound_field.auto_id}">{options}</select>'
    )


def choice_list(bound_field):
    """Radios or checkboxes in a fieldset whose legend is the question."""
    widget = bound_field.field.widget
    field_id, name = bound_field.auto_id, bound_field.html_name
    chosen = set(widget.format_value(bound_field.value()))
    input_class = f"form-check-input{invalid_class(bound_field)}"
    options = "".join(
        f'<div class="form-check"><input type="{widget.input_type}" class="{input_class}" name="{name}"'
        f' value="{escape(str(value))}" id="{field_id}_{index}"{" checked" if str(value) in chosen else ""}>'
        f'<label for="{field_id}_{index}" class="form-check-label">{escape(str(label))}</label></div>'
        for index, (value, label) in enumerate(bound_field.field.choices)
    )
    return (
        f'<div id="div_{field_id}" class="mb-3"><fieldset{description_attributes(bound_field)}>'
        f'<legend class="form-label fs-6">{escape(str(bound_field.label))}</legend>'
        f"<div>{options}</div>{help_text(bound_field)}{error_block(bound_field, always_shown=True)}</fieldset></div>"
    )


def attributes(attrs):
    """The widget's own attributes (maxlength, min, max, step, inputmode, list, rows...) in a stable order."""
    return "".join(
        f' {name}' if value is True else f' {name}="{escape(str(value))}"'
        for name, value in sorted(attrs.items())
        if value is not False and value is not None and name not in ("class", "id")
    )


def invalid_class(bound_field):
    return " is-invalid" if bound_field.errors else ""


def description_attributes(bound_field):
    """aria-describedby naming the help text and the error message, and aria-invalid while there is an error."""
    ids = []
    if bound_field.help_text:
        ids.append(f"{bound_field.auto_id}_helptext")
    if bound_field.errors:
        ids.append(f"{bound_field.auto_id}_error")
    described = f' aria-describedby="{" ".join(ids)}"' if ids else ""
    return described + (' aria-invalid="true"' if bound_field.errors else "")


def help_text(bound_field):
    if not bound_field.help_text:
        return ""
    return f'<div id="{bound_field.auto_id}_helptext" class="form-text">{escape(str(bound_field.help_text))}</div>'


def error_block(bound_field, always_shown=False):
    """The field's messages. Bootstrap shows .invalid-feedback only after an .is-invalid input, which a fieldset lacks."""
    if not bound_field.errors:
        return ""
    messages = "".join(f"<p class=\"mb-0\"><strong>{escape(str(message))}</strong></p>" for message in bound_field.errors)
    shown = " d-block" if always_shown else ""
    return f'<div id="{bound_field.auto_id}_error" class="invalid-feedback{shown}">{messages}</div>'
