"""Domain functions of the clinic workspace."""

import datetime
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from prep.questionnaires.display import answer_changes
from prep.visits.models import Appointment, Response
from prep.visits.services import invitation_url

logger = logging.getLogger(__name__)


def invitation_email_send(*, email, link):
    """The invitation email holds the link and the clinic's name only: no patient name, nothing clinical."""
    subject = _("Your upcoming appointment at %(clinic)s") % {"clinic": settings.CLINIC_NAME}
    body = _(
        "Hello,\n\n%(clinic)s has sent you a short form to fill in before your appointment:\n\n%(link)s\n\n"
        "You will be asked to confirm your date of birth. Please do not reply to this email.\n\n%(clinic)s"
    ) % {"clinic": settings.CLINIC_NAME, "link": link}
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [email])


def invitation_deliver(*, appointment, token):
    """Email the new link when the appointment has an address: "sent", "failed" or "" (no address).

    A mail server that refuses or is down must not lose the link staff are about to see, so any failure is caught and
    logged with the appointment number and the kind of error only (an SMTP error can carry the address).
    """
    if not appointment.email:
        return ""
    try:
        invitation_email_send(email=appointment.email, link=invitation_url(token))
    except Exception as error:  # noqa: BLE001 - any backend's failure; the page tells staff to copy the link
        logger.warning("Invitation email for appointment %s could not be sent (%s)", appointment.pk,
                       type(error).__name__)
        return "failed"
    return "sent"


def appointments_like(*, patient_name, date_of_birth, starts_at):
    """Appointments a new one may repeat: same name (any case) and date of birth, made in the last day or starting
    within a day of it."""
    day = datetime.timedelta(days=1)
    recent = Q(created_at__gte=timezone.now() - day)
    near = Q(starts_at__gt=starts_at - day, starts_at__lt=starts_at + day)
    return Appointment.objects.filter(
        patient_name__iexact=patient_name.strip(), date_of_birth=date_of_birth
    ).filter(recent | near).order_by("starts_at", "pk")


def appointments_for(*, date_from=None, date_to=None, clinician="", status="", name="", born=None):
    """The dashboard's appointments with what their rows show, in one query. Without dates: every date."""
    rows = (
        Appointment.objects.select_related("response__last_submission__stored_summary", "invitation")
        .defer(*(f"response__last_submission__stored_summary__{field}" for field in ("data", "html", "pdf")))
    )
    if date_from is not None:
        tz = timezone.get_current_timezone()
        start = datetime.datetime.combine(date_from, datetime.time.min, tzinfo=tz)
        end = datetime.datetime.combine(date_to + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)
        rows = rows.filter(starts_at__gte=start, starts_at__lt=end)
    if clinician:
        rows = rows.filter(clinician=clinician)
    if name:
        rows = rows.filter(patient_name__icontains=name)
    if born:
        rows = rows.filter(date_of_birth=born)
    now = timezone.now()
    open_statuses = [Appointment.Status.INVITED, Appointment.Status.STARTED]
    if status == "expired":
        rows = rows.filter(status__in=open_statuses, invitation__expires_at__lte=now)
    elif status in open_statuses:
        rows = rows.filter(status=status).filter(Q(invitation__expires_at__gt=now) | Q(invitation=None))
    elif status:
        rows = rows.filter(status=status)
    return rows.order_by("starts_at", "pk")


def urgent_to_act_on():
    """URGENT answers to pin on the dashboard, oldest first: sent and not reviewed yet, or saved and not sent yet.

    An answer saved but never sent stays pinned while the patient's link still works, then only its badge remains:
    by then the visit has happened.
    """
    sent_unreviewed = Q(submitted_at__isnull=False, last_submission__reviewed_at=None)
    not_sent = Q(submitted_at=None, appointment__invitation__expires_at__gt=timezone.now())
    return (
        Response.objects.filter(urgent=True)
        .filter(sent_unreviewed | not_sent)
        .select_related("appointment", "last_submission")
        .order_by("updated_at")
    )


class SummaryChanged(Exception):
    """The page the clinician acted on no longer shows the last sending (reopened or sent again meanwhile)."""


def locked_response(response):
    return Response.objects.select_for_update(of=("self",)).select_related("last_submission").get(pk=response.pk)


def sent_submission(current, submission_id):
    """The last sending if it is still the one the page showed, and still sent; else SummaryChanged."""
    sent = current.last_submission
    if not current.is_submitted or sent is None or str(sent.pk) != str(submission_id):
        raise SummaryChanged
    return sent


@transaction.atomic
def submission_mark_reviewed(*, response, submission_id, user, note=""):
    """Mark the sending the clinician read as reviewed. An URGENT sending needs a note of what was done."""
    sent = sent_submission(locked_response(response), submission_id)
    if sent.is_reviewed:
        return sent
    if sent.urgent and not note.strip():
        raise ValidationError(
            _("Write what was done about the urgent answers, for example “Called the patient, safe, seen today”.")
        )
    sent.reviewed_at, sent.reviewed_by, sent.review_note = timezone.now(), user, note.strip()
    sent.save(update_fields=["reviewed_at", "reviewed_by", "review_note"])
    Appointment.objects.filter(pk=response.appointment_id).update(status=Appointment.Status.REVIEWED)
    return sent


@transaction.atomic
def submission_reopen(*, response, submission_id, user, reason):
    """Let the patient change their answers again. The sending stays, with its flags, until they send again."""
    if not reason.strip():
        raise ValidationError(_("Say why the form is reopened, for example “Patient called to add a medicine”."))
    current = locked_response(response)
    sent = sent_submission(current, submission_id)
    sent.reopened_at, sent.reopened_by, sent.reopen_reason = timezone.now(), user, reason.strip()
    sent.save(update_fields=["reopened_at", "reopened_by", "reopen_reason"])
    current.submitted_at = None
    current.revision += 1
    current.save(update_fields=["submitted_at", "revision", "updated_at"])
    Appointment.objects.filter(pk=current.appointment_id).update(status=Appointment.Status.STARTED)
    return sent


def sending_changes(response, sending):
    """What the patient changed in `sending` since the one before it (empty for the first)."""
    earlier = response.submissions.filter(number__lt=sending.number).order_by("-number").first()
    if earlier is None:
        return None
    return earlier, answer_changes(response.questionnaire, earlier.answers, sending.answers)
