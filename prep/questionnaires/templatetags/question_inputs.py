from django import template

from prep.questionnaires.markup import field_html

register = template.Library()


@register.filter
def question_input(bound_field):
    """`{{ field|question_input }}`: the field's label, input, help text and errors (see questionnaires.markup)."""
    return field_html(bound_field)
