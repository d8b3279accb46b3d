from django import template

from prep.questionnaires import markup

register = template.Library()


@register.filter
def question_input(bound_field):
    """`{{ field|question_input }}`: the field's label, input, help text and errors (see questionnaires.markup)."""
    return markup.field_html(bound_field)


@register.filter
def row_inputs(form):
    """`{{ form|row_inputs }}`: every field of one row of a repeating group."""
    return markup.row_fields_html(form)


@register.filter
def datalist_options(values):
    """`{{ values|datalist_options }}`: the options of a <datalist> of suggestions."""
    return markup.datalist_options(values)


@register.filter
def entry_is_open(form):
    """`{{ form|entry_is_open }}`: whether a group entry is shown whole or folded to one line."""
    return markup.entry_is_open(form)


@register.filter
def carried_over(form):
    """`{{ form|carried_over }}`: the entry was filled in for the patient to check. A filter, not `form.carried_over`:
    the template engine would first look the name up as a form field, fail, and build an error message, per row."""
    return markup.is_carried_over(form)


@register.filter
def entry_gist(form):
    """`{{ form|entry_gist }}`: a folded entry's first answers in words (escaped by the template)."""
    return markup.entry_gist(form)
