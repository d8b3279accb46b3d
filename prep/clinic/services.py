"""Domain functions of the clinic workspace."""

import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from prep.visits.models import Appointment, Response


def invitation_email_send(*, email, link):
    """The invitation email holds the link and the clinic's name only: no patient name, nothing clinical."""
    subject = _("Your upcoming appointment at %(clinic)s") % {"clinic": settings.CLINIC_NAME}
    body = _(
        "Hello,\n\n%(clinic)s has sent you a short form to fill in before your appointment:\n\n%(link)s\n\n"
        "You will be asked to confirm your date of birth. Please do not reply to this email.\n\n%(clinic)s"
    ) % {"clinic": settings.CLINIC_NAME, "link": link}
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [email])


def appointments_for(*, date_from, date_to, clinician="", status="", name=""):
    """The dashboard's appointments with what their rows show, in one query."""
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(date_from, datetime.time.min, tzinfo=tz)
    end = datetime.datetime.combine(date_to + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)
    rows = Appointment.objects.filter(starts_at__gte=start, starts_at__lt=end).select_related("response", "invitation")
    if clinician:
        rows = rows.filter(clinician=clinician)
    if name:
        rows = rows.filter(patient_name__icontains=name)
    now = timezone.now()
    open_statuses = [Appointment.Status.INVITED, Appointment.Status.STARTED]
    if status == "expired":
        rows = rows.filter(status__in=open_statuses, invitation__expires_at__lte=now)
    elif status in open_statuses:
        rows = rows.filter(status=status).filter(Q(invitation__expires_at__gt=now) | Q(invitation=None))
    elif status:
        rows = rows.filter(status=status)
    return rows.order_by("starts_at", "pk")


def urgent_unreviewed():
    return (
        Response.objects.filter(urgent=True, reviewed_at=None, submitted_at__isnull=False)
        .select_related("appointment")
        .order_by("submitted_at")
    )


@transaction.atomic
def response_mark_reviewed(*, response, user):
    Response.objects.filter(pk=response.pk).update(reviewed_at=timezone.now(), reviewed_by=user)
    Appointment.objects.filter(pk=response.appointment_id).update(status=Appointment.Status.REVIEWED)


@transaction.atomic
def response_reopen(*, response):
    """Let the patient edit again: the answers stay; submission, flags and review are cleared until resubmitted."""
    Response.objects.filter(pk=response.pk).update(
        submitted_at=None, flags=[], urgent=False, reviewed_at=None, reviewed_by=None, revision=response.revision + 1
    )
    Appointment.objects.filter(pk=response.appointment_id).update(status=Appointment.Status.STARTED)
