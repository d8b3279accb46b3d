"""The audit log: every staff view of an appointment, download and print of a summary, and every change to an invitation or review."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    class Action(models.TextChoices):
        APPOINTMENT_VIEWED = "appointment_viewed", _("Viewed appointment (no answers)")
        SUMMARY_VIEWED = "summary_viewed", _("Viewed summary")
        PDF_DOWNLOADED = "pdf_downloaded", _("Downloaded summary PDF")
        DAY_PRINTED = "day_printed", _("Printed the day")
        PRINTED_IN_DAY = "printed_in_day", _("Printed in a day print")
        INVITATION_CREATED = "invitation_created", _("Created invitation")
        INVITATION_REISSUED = "invitation_reissued", _("Re-issued invitation")
        REVIEWED = "reviewed", _("Marked reviewed")
        REOPENED = "reopened", _("Reopened for the patient")
        PATIENT_VIEWED = "patient_viewed", _("Viewed a patient's visits")
        PATIENTS_MERGED = "patients_merged", _("Merged patient records")
        FHIR_DOWNLOADED = "fhir_downloaded", _("Downloaded summary FHIR Bundle")
        FHIR_READ = "fhir_read", _("Read through the FHIR API")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=30, choices=Action.choices)
    appointment = models.ForeignKey(
        "visits.Appointment", null=True, blank=True, on_delete=models.SET_NULL, related_name="audit_events"
    )
    patient = models.ForeignKey(
        "visits.Patient", null=True, blank=True, on_delete=models.SET_NULL, related_name="audit_events"
    )
    detail = models.CharField(max_length=200, blank=True, help_text=_("Never health information: ids and dates only."))
    note = models.TextField(
        blank=True, help_text=_("What staff wrote when they acted: a review note, a reason to reopen.")
    )
    at = models.DateTimeField(default=timezone.now, db_index=True)
    ip = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        permissions = [("use_clinic", "Can use the clinic workspace")]

    def __str__(self):
        return f"{self.get_action_display()} by {self.user_id} at {self.at:%Y-%m-%d %H:%M}Z"

    @classmethod
    def record(cls, request, action, appointment=None, detail="", note="", patient=None):
        return cls.objects.create(
            user=request.user if request.user.is_authenticated else None,
            action=action,
            appointment=appointment,
            patient=patient,
            detail=detail,
            note=note,
            ip=request.META.get("REMOTE_ADDR") or None,
        )

    @classmethod
    def record_day_print(cls, request, day, appointments):
        """One event for the print, and one for each patient in it, naming the print."""
        printed = cls.record(request, cls.Action.DAY_PRINTED, detail=f"{day.isoformat()}: {len(appointments)} patients")
        cls.objects.bulk_create(
            cls(user=printed.user, action=cls.Action.PRINTED_IN_DAY, appointment=appointment,
                detail=f"day print {printed.pk} of {day.isoformat()}", at=printed.at, ip=printed.ip)
            for appointment in appointments
        )
        return printed
