import datetime

from django import forms
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from prep.clinic.services import appointments_like
from prep.visits.models import Appointment, Patient


class AppointmentForm(forms.Form):
    patient_name = forms.CharField(label=gettext_lazy("Patient name"), max_length=200)
    date_of_birth = forms.DateField(
        label=gettext_lazy("Date of birth"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": gettext_lazy("Enter a real date.")},
    )
    appointment_date = forms.DateField(
        label=gettext_lazy("Appointment date"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": gettext_lazy("Enter a real date.")},
    )
    appointment_time = forms.TimeField(
        label=gettext_lazy("Appointment time"),
        widget=forms.TimeInput(attrs={"type": "time"}),
        error_messages={"invalid": gettext_lazy("Enter a time like 09:30.")},
    )
    clinician = forms.CharField(label=gettext_lazy("Clinician"), max_length=200, required=False)
    email = forms.EmailField(
        label=gettext_lazy("Patient's email (optional)"),
        required=False,
        help_text=gettext_lazy("If given, the invitation link is emailed. The email names only the clinic."),
        error_messages={"invalid": gettext_lazy("Enter an email address like name@example.org.")},
    )
    record_number = forms.CharField(
        label=gettext_lazy("Clinic record number (optional)"),
        max_length=40,
        required=False,
        help_text=gettext_lazy("If the patient has one: finds their record exactly."),
    )
    # Which record the appointment joins when patients with this name and date of birth exist: a patient's number,
    # or "new". Offered as radio buttons only when there are such records.
    patient_choice = forms.CharField(required=False, widget=forms.HiddenInput)
    confirm_duplicate = forms.BooleanField(label=gettext_lazy("Create it anyway"), required=False)

    duplicates = ()
    candidates = ()
    NEW_RECORD = "new"

    def clean_date_of_birth(self):
        value = self.cleaned_data["date_of_birth"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The date of birth cannot be in the future."))
        if value.year < 1900:
            raise forms.ValidationError(_("Check the year of birth."))
        return value

    def clean(self):
        """An appointment from now to two years ahead: further is a typo, and near date.max the link's expiry
        (24 hours after the appointment) could not be computed."""
        cleaned = super().clean()
        day, time = cleaned.get("appointment_date"), cleaned.get("appointment_time")
        if day and day > timezone.localdate() + datetime.timedelta(days=2 * 366):
            self.add_error("appointment_date", _("Check the date: appointments can be made up to two years ahead."))
        elif day and time:
            starts_at = timezone.make_aware(datetime.datetime.combine(day, time))
            cleaned["starts_at"] = starts_at
            if starts_at < timezone.now():
                self.add_error("appointment_date", _("The appointment is in the past."))
            else:
                self.check_duplicates(cleaned)
        self.find_patient(cleaned)
        return cleaned

    def find_patient(self, cleaned):
        """The record the appointment joins (cleaned["patient"], None for a new one): the record number's exactly,
        else one with this name and date of birth that staff chose. Never a new record unasked when one matches."""
        name, birth, number = cleaned.get("patient_name"), cleaned.get("date_of_birth"), cleaned.get("record_number")
        cleaned["patient"] = None
        if not name or not birth:
            return
        if number:
            patient = Patient.objects.filter(record_number=number).first()
            if patient is not None and patient.date_of_birth != birth:
                self.add_error("record_number", _(
                    "This record number belongs to a patient with another date of birth. Check both."))
            elif patient is not None:
                cleaned["patient"] = patient
                return
        self.candidates = list(Patient.objects.named(name, birth).annotate(visits=Count("appointments")))
        if not self.candidates:
            return
        choice = cleaned.get("patient_choice")
        chosen = next((patient for patient in self.candidates if str(patient.pk) == choice), None)
        if chosen is not None and number and chosen.record_number and chosen.record_number != number:
            self.add_error("record_number", _("The record you chose has another record number (%(number)s).")
                           % {"number": chosen.record_number})
        elif chosen is not None:
            cleaned["patient"] = chosen
        elif choice != self.NEW_RECORD:
            self.add_error(None, forms.ValidationError(
                _("A patient with this name and date of birth already has a record. Choose it, or create a new "
                  "record if this is someone else."),
                code="returning",
            ))

    def check_duplicates(self, cleaned):
        """A second appointment for the same person within a day is usually a double entry: ask first."""
        name, birth = cleaned.get("patient_name"), cleaned.get("date_of_birth")
        if not name or not birth or cleaned.get("confirm_duplicate"):
            return
        self.duplicates = list(appointments_like(patient_name=name, date_of_birth=birth, starts_at=cleaned["starts_at"]))
        if self.duplicates:
            self.add_error(None, forms.ValidationError(
                _("This patient already has an appointment made or starting within a day of this one. "
                  "Check it is not the same one; tick “Create it anyway” to create a second."),
                code="duplicate",
            ))


# The days staff may ask for: far enough either way, and never so near date.max that "the next six days" overflows.
FIRST_DAY = datetime.date(1900, 1, 1)
LAST_DAY = datetime.date(2999, 12, 31)


def day_in_range(day):
    return FIRST_DAY <= day <= LAST_DAY


class DashboardFilter(forms.Form):
    date_from = forms.DateField(label=gettext_lazy("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=gettext_lazy("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    clinician = forms.ChoiceField(label=gettext_lazy("Clinician"), required=False)
    status = forms.ChoiceField(label=gettext_lazy("Status"), required=False)
    q = forms.CharField(label=gettext_lazy("Patient name"), required=False, max_length=100)
    born = forms.DateField(
        label=gettext_lazy("Date of birth"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": gettext_lazy("Enter a real date.")},
    )

    STATUS_CHOICES = [("", gettext_lazy("Any status")), *Appointment.Status.choices, ("expired", gettext_lazy("Expired"))]

    def __init__(self, *args, clinicians=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["clinician"].choices = [("", _("Any clinician"))] + [(name, name) for name in clinicians]
        self.fields["status"].choices = self.STATUS_CHOICES

    def clean(self):
        cleaned = super().clean()
        for name in ("date_from", "date_to", "born"):
            if cleaned.get(name) and not day_in_range(cleaned[name]):
                self.add_error(name, _("Enter a date between %(first)s and %(last)s.") % {
                    "first": FIRST_DAY.isoformat(), "last": LAST_DAY.isoformat()})
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to and date_to < date_from:
            self.add_error("date_to", _("“To” must not be before “From”."))
        return cleaned

    def criteria(self):
        """The filters to apply: what was entered and valid, else the defaults (today and the next six days).
        A search by name or date of birth looks at every date: the patient on the phone may be next month's."""
        data = self.cleaned_data if self.is_valid() else getattr(self, "cleaned_data", {})
        if data.get("q") or data.get("born"):
            return {"date_from": None, "date_to": None, "clinician": data.get("clinician", ""),
                    "status": data.get("status", ""), "name": data.get("q", ""), "born": data.get("born")}
        date_from = data.get("date_from") or timezone.localdate()
        date_to = data.get("date_to") or date_from + datetime.timedelta(days=6)
        if date_to < date_from:
            date_to = date_from + datetime.timedelta(days=6)
        return {
            "date_from": date_from,
            "date_to": date_to,
            "clinician": data.get("clinician", ""),
            "status": data.get("status", ""),
            "name": "",
            "born": None,
        }


class SendingActionForm(forms.Form):
    """Names the sending the page showed, so an action on a page gone stale is refused."""

    submission = forms.IntegerField(widget=forms.HiddenInput)


class ReviewForm(SendingActionForm):
    note = forms.CharField(
        label=gettext_lazy("What was done"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("Needed for urgent answers, for example “Called the patient, safe, seen today”."),
    )


class ReopenForm(SendingActionForm):
    reason = forms.CharField(
        label=gettext_lazy("Why reopen the form?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy(
            "For example “Patient called to add a medicine”. Shown on the summary and kept in the audit log."
        ),
        error_messages={"required": gettext_lazy("Say why the form is reopened.")},
    )
