"""The one date and time style of the app, for staff pages, patient pages and the PDF: `{{ value|when }}` for a
moment ("Tue 3 Dec 2026, 09:30", in the clinic's time zone), `{{ value|day }}` for a day ("Tue 3 Dec 2026"),
`{{ value|birth }}` for a date of birth (no weekday: "2 Apr 1980"), `{{ value|clock }}` for a time under a day."""

from django import template
from django.template.defaultfilters import date

STYLES = {"when": "D j M Y, H:i", "day": "D j M Y", "clock": "H:i", "birth": "j M Y"}

register = template.Library()


def styled(style):
    return lambda value: date(value, style)


for name, style in STYLES.items():
    # expects_localtime: the engine turns an aware datetime into the clinic's time first, as for Django's `date`.
    register.filter(name, styled(style), expects_localtime=True)
