import datetime

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class BirthDateForm(forms.Form):
    """Date of birth as three boxes (month, day, year): easier than a date picker for a birth year."""

    month = forms.IntegerField(label=gettext_lazy("Month"), min_value=1, max_value=12,
                               widget=forms.NumberInput(attrs={"inputmode": "numeric", "autocomplete": "bday-month"}))
    day = forms.IntegerField(label=gettext_lazy("Day"), min_value=1, max_value=31,
                             widget=forms.NumberInput(attrs={"inputmode": "numeric", "autocomplete": "bday-day"}))
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=1900, max_value=2100,
                              widget=forms.NumberInput(attrs={"inputmode": "numeric", "autocomplete": "bday-year"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        messages = {
            "month": _("Enter the month as a number from 1 to 12."),
            "day": _("Enter the day as a number from 1 to 31."),
            "year": _("Enter the year with four digits, for example 1980."),
        }
        for name, message in messages.items():
            field = self.fields[name]
            field.error_messages.update(
                {"required": message, "invalid": message, "min_value": message, "max_value": message}
            )

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        try:
            cleaned["date_of_birth"] = datetime.date(cleaned["year"], cleaned["month"], cleaned["day"])
        except ValueError:
            raise forms.ValidationError(_("That date does not exist. Please check the day and month.")) from None
        return cleaned
