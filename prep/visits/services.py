"""Domain functions of the visits app, named <noun>_<verb>, each one transaction."""

from django.conf import settings
from django.db import transaction
from django.urls import reverse

from prep.visits.models import Appointment, Invitation


def invitation_url(token):
    return settings.SITE_URL.rstrip("/") + reverse("visits:open_invitation", args=[token])


@transaction.atomic
def appointment_create(*, patient_name, date_of_birth, starts_at, clinician="", email="", created_by=None):
    """Create an appointment and its invitation. Returns (appointment, token); the token is never stored."""
    appointment = Appointment(
        patient_name=patient_name.strip(),
        date_of_birth=date_of_birth,
        starts_at=starts_at,
        clinician=clinician.strip(),
        email=email.strip(),
        created_by=created_by,
    )
    appointment.full_clean()
    appointment.save()
    _invitation, token = Invitation.issue(appointment)
    return appointment, token
