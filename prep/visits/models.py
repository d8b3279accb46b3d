"""Appointments, their invitation links, and the patient's response."""

import datetime
import hashlib
import secrets

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from prep.questionnaires.models import Questionnaire


def identity_key(name):
    """How names are compared when looking a patient up: trimmed, spaces collapsed, any case."""
    return " ".join(str(name or "").split()).casefold()


class PatientQuerySet(models.QuerySet):
    def named(self, name, date_of_birth):
        """Patients with this name (any case and spacing) and date of birth."""
        return self.filter(name_key=identity_key(name), date_of_birth=date_of_birth)


class Patient(models.Model):
    """A person the clinic sees, visit after visit: their appointments, and through them their answers."""

    name = models.CharField(_("name"), max_length=200)
    date_of_birth = models.DateField(_("date of birth"))
    record_number = models.CharField(
        _("clinic record number"), max_length=40, null=True, blank=True, unique=True,
        help_text=_("The clinic's own number for this patient, if it has one. Unique."),
    )
    email = models.EmailField(_("email"), blank=True)
    # The name as compared when matching (see identity_key), kept so the lookup is one indexed query.
    name_key = models.CharField(max_length=200, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PatientQuerySet.as_manager()

    class Meta:
        ordering = ["name_key", "date_of_birth", "pk"]
        indexes = [models.Index(fields=["name_key", "date_of_birth"], name="patient_name_birth")]

    def __str__(self):
        return f"Patient {self.pk}"

    def save(self, *args, **kwargs):
        self.name = " ".join(self.name.split())
        self.name_key = identity_key(self.name)
        self.record_number = (self.record_number or "").strip() or None
        if kwargs.get("update_fields") is not None and "name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "name_key"}
        super().save(*args, **kwargs)

    def identity(self):
        """What identifies the patient to other systems (FHIR Patient, exports): name, birth date, record number."""
        return {"name": self.name, "date_of_birth": self.date_of_birth, "record_number": self.record_number or ""}


class FormerPatientId(models.Model):
    """The id of a patient record that was merged into this one. Other systems may hold it (the FHIR API's
    `patient-<id>`): it goes on leading to the person's record instead of to nothing."""

    former_pk = models.BigIntegerField(primary_key=True)
    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="former_ids")
    merged_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"Former patient {self.former_pk}"


class Appointment(models.Model):
    class Status(models.TextChoices):
        INVITED = "invited", _("Invited")
        STARTED = "started", _("Started")
        SUBMITTED = "submitted", _("Submitted")
        REVIEWED = "reviewed", _("Reviewed")

    # The patient's record, shared by all their visits. Name, date of birth and email below are as given when this
    # appointment was made: the link's date-of-birth check and this visit's summary use them.
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="appointments")
    patient_name = models.CharField(_("patient name"), max_length=200)
    date_of_birth = models.DateField(_("date of birth"))
    email = models.EmailField(_("email"), blank=True)
    starts_at = models.DateTimeField(_("appointment time"), db_index=True)
    clinician = models.CharField(_("clinician"), max_length=200, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.INVITED, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["starts_at", "pk"]

    def __str__(self):
        return f"Appointment {self.pk}"

    def display_status(self, now=None):
        """The status staff see: a reopened form shows as revising; an invitation that ran out before submission
        shows as expired."""
        response = getattr(self, "response", None)
        if response is not None and response.is_revising:
            return "revising"
        if self.status in (self.Status.INVITED, self.Status.STARTED):
            invitation = getattr(self, "invitation", None)
            if invitation is not None and invitation.is_expired(now):
                return "expired"
        return self.status


def hash_token(token):
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationQuerySet(models.QuerySet):
    def for_token(self, token):
        """The invitation a link's token opens, if it is still usable; None otherwise (one answer for all cases)."""
        if not token or len(token) > 100:
            return None
        invitation = self.select_related("appointment").filter(token_hash=hash_token(token)).first()
        if invitation is None or invitation.is_expired() or invitation.is_locked():
            return None
        return invitation


class Invitation(models.Model):
    """The link sent to the patient. Only the token's hash is stored; the token is shown once, when made."""

    appointment = models.OneToOneField(Appointment, on_delete=models.CASCADE, related_name="invitation")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    failed_checks = models.PositiveIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)
    last_opened_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    def __str__(self):
        return f"Invitation for appointment {self.appointment_id}"

    @staticmethod
    def expiry_for(appointment):
        return appointment.starts_at + datetime.timedelta(hours=settings.INVITATION_VALID_HOURS_AFTER_APPOINTMENT)

    @classmethod
    def issue(cls, appointment):
        """Create or replace the appointment's link; the old token stops working. Returns (invitation, token)."""
        token = secrets.token_urlsafe(32)
        invitation, _created = cls.objects.update_or_create(
            appointment=appointment,
            defaults={
                "token_hash": hash_token(token),
                "created_at": timezone.now(),
                "expires_at": cls.expiry_for(appointment),
                "failed_checks": 0,
                "locked_until": None,
            },
        )
        return invitation, token

    def is_expired(self, now=None):
        return (now or timezone.now()) >= self.expires_at

    def is_locked(self, now=None):
        return self.locked_until is not None and (now or timezone.now()) < self.locked_until

    def tries_left(self):
        """Wrong dates of birth still allowed before the link is paused."""
        return max(settings.INVITATION_MAX_FAILED_CHECKS - self.failed_checks, 0)

    def should_warn_about_tries(self):
        """From the third wrong try on, the page says how many are left (two wrong tries are usually typing slips)."""
        return self.failed_checks >= 3


class Response(models.Model):
    """A patient's answers to one questionnaire version, keyed by question key."""

    appointment = models.OneToOneField(Appointment, on_delete=models.CASCADE, related_name="response")
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.PROTECT, related_name="responses")
    answers = models.JSONField(default=dict, encoder=DjangoJSONEncoder)
    current_section = models.CharField(max_length=60, blank=True)
    revision = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    # The answers offered from the patient's last sending at another visit, as offered ({key: value}): the form asks
    # "Is this still right?", and the summary marks those sent back unchanged.
    carried_forward = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)
    # What was typed but failed its check on Back or "Save and finish later", per section key: shown again, never lost.
    pending_input = models.JSONField(default=dict, blank=True)
    # Past medicines offered on the current-medicines page ("I still take it") that the patient removed there, so
    # they are not offered again (see visits.still_taking).
    declined_offers = models.JSONField(default=list, blank=True)
    # Flag codes computed once at submission (URGENT first), so lists show badges without building summaries.
    # The flags staff see now, URGENT first: those of the last sending, plus URGENT answers saved since (see
    # `flags_to_show`), so lists show badges without building summaries.
    flags = models.JSONField(default=list, blank=True)
    urgent = models.BooleanField(default=False, db_index=True)
    last_submission = models.OneToOneField(
        "Submission", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self):
        return f"Response {self.pk}"

    @property
    def is_submitted(self):
        return self.submitted_at is not None

    @property
    def is_revising(self):
        """Sent before, then reopened by the clinic: the last sending still stands until the patient sends again."""
        return self.submitted_at is None and self.last_submission_id is not None

    def confirmed_unchanged(self, answers):
        """Keys of carried-forward answers that `answers` (the ones sent) still hold as offered."""
        return [key for key, offered in self.carried_forward.items() if answers.get(key) == offered]

    def flags_to_show(self, saved_flags):
        """The last sending's flags, with the URGENT flags of the answers saved since (never fewer while revising)."""
        sent = list(self.last_submission.flags) if self.last_submission_id else []
        codes = {flag["code"] for flag in sent}
        return [flag for flag in saved_flags if flag["code"] not in codes] + sent


class Submission(models.Model):
    """One sending of the form, kept as it was sent: a reopen and a second sending never change it.

    The review belongs to the sending the clinician read, so "Mark reviewed" can refuse a stale page.
    """

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="submissions")
    number = models.PositiveIntegerField()
    submitted_at = models.DateTimeField()
    answers = models.JSONField(default=dict, encoder=DjangoJSONEncoder)
    flags = models.JSONField(default=list, blank=True)
    urgent = models.BooleanField(default=False)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    review_note = models.TextField(blank=True, max_length=1000)
    reopened_at = models.DateTimeField(null=True, blank=True)
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reopen_reason = models.TextField(blank=True, max_length=1000)

    class Meta:
        ordering = ["response", "number"]
        constraints = [models.UniqueConstraint(fields=["response", "number"], name="one_number_per_submission")]

    def __str__(self):
        return f"Submission {self.number} of response {self.response_id}"

    @property
    def is_reviewed(self):
        return self.reviewed_at is not None

    # What `summaries.build_summary` reads, so that a sending is summarised exactly as it was sent.
    @property
    def questionnaire(self):
        return self.response.questionnaire

    @property
    def appointment(self):
        return self.response.appointment
