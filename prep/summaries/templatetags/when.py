"""The one date and time style of the app, for staff pages, patient pages and the PDF: `{{ value|when }}` for a
moment ("Tue 3 Dec 2026, 09:30", in the clinic's time zone), `{{ value|day }}` for a day ("Tue 3 Dec 2026")."""

from django import template
from django.template.defaultfilters import date

MOMENT = "D j M Y, H:i"
DAY = "D j M Y"

register = template.Library()


@register.filter
def when(value):
    return date(value, MOMENT)


@register.filter
def day(value):
    return date(value, DAY)
