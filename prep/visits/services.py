"""Domain functions of the visits app, named <noun>_<verb>, each one transaction."""

import hashlib
import json
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from prep.questionnaires.forms import SectionPage, answers_as_data
from prep.questionnaires.models import Questionnaire
from prep.summaries.flags import saved_answer_flags
from prep.visits import journey, still_taking
from prep.visits.models import Appointment, FormerPatientId, Invitation, Patient, Response, Submission


def invitation_url(token):
    return settings.SITE_URL.rstrip("/") + reverse("visits:open_invitation", args=[token])


def patient_create(*, name, date_of_birth, email="", record_number=""):
    patient = Patient(name=name, date_of_birth=date_of_birth, email=email.strip(), record_number=record_number)
    patient.full_clean(exclude=["name_key"])
    patient.save()
    return patient


def patient_complete(patient, *, email="", record_number=""):
    """A returning patient's record gains the email and record number it lacked (never replaces them)."""
    changed = []
    if email.strip() and not patient.email:
        patient.email, changed = email.strip(), [*changed, "email"]
    if record_number.strip() and not patient.record_number:
        patient.record_number, changed = record_number.strip(), [*changed, "record_number"]
    if changed:
        patient.full_clean(exclude=["name_key"])
        patient.save(update_fields=changed)


@transaction.atomic
def appointment_create(
    *, patient_name, date_of_birth, starts_at, clinician="", email="", created_by=None, patient=None, record_number=""
):
    """Create an appointment and its invitation. Returns (appointment, token); the token is never stored.

    The appointment joins `patient`'s record; without one, a new record is made (the form asks before that).
    """
    if patient is None:
        patient = patient_create(
            name=patient_name, date_of_birth=date_of_birth, email=email, record_number=record_number
        )
    else:
        patient_complete(patient, email=email, record_number=record_number)
    appointment = Appointment(
        patient=patient,
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


def invitation_check_birth_date(*, invitation, date_of_birth):
    """True when the date of birth matches. Wrong answers count in the database; the 5th locks the link for a while."""
    now = timezone.now()
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().select_related("appointment").get(pk=invitation.pk)
        if invitation.is_locked(now):
            return False
        if invitation.appointment.date_of_birth == date_of_birth:
            invitation.failed_checks = 0
            invitation.last_opened_at = now
            invitation.save(update_fields=["failed_checks", "last_opened_at"])
            return True
        invitation.failed_checks = F("failed_checks") + 1
        invitation.save(update_fields=["failed_checks"])
        invitation.refresh_from_db(fields=["failed_checks"])
        if invitation.failed_checks >= settings.INVITATION_MAX_FAILED_CHECKS:
            invitation.locked_until = now + timezone.timedelta(minutes=settings.INVITATION_LOCK_MINUTES)
            invitation.failed_checks = 0
            invitation.save(update_fields=["locked_until", "failed_checks"])
    return False


@transaction.atomic
def response_start(*, appointment):
    """The appointment's response, started on the latest published questionnaire if there is none yet."""
    response = Response.objects.filter(appointment=appointment).first()
    if response is None:
        questionnaire = Questionnaire.latest_published(settings.DEFAULT_QUESTIONNAIRE_SLUG)
        carried = carried_forward_answers(appointment, questionnaire)
        response = Response.objects.create(
            appointment=appointment, questionnaire=questionnaire, answers=dict(carried), carried_forward=carried
        )
    return response


def last_sent_answers(appointment):
    """The answers of the patient's last sending at another visit ({} for a first visit)."""
    previous = (
        Response.objects.filter(appointment__patient_id=appointment.patient_id, last_submission__isnull=False)
        .exclude(appointment=appointment)
        .select_related("last_submission")
        .order_by("-last_submission__submitted_at", "-pk")
        .first()
    )
    return previous.last_submission.answers if previous is not None else {}


def carried_forward_answers(appointment, questionnaire):
    """The last sending's answers to the questions this version carries forward, matched by key: a key this version
    no longer has, a group column it no longer has and a choice it no longer offers are dropped."""
    earlier = last_sent_answers(appointment)
    if not earlier:
        return {}
    questions = questionnaire.ordered_questions()
    carried = {}
    for question in questions:
        if question.carried_forward and not question.parent_id and question.key in earlier:
            value = answer_for_version(question, earlier[question.key], questions)
            if value not in (None, "", [], {}):
                carried[question.key] = value
    return carried


def answer_for_version(question, value, questions):
    if question.is_group:
        columns = {column.key for column in questions if column.parent_id == question.pk}
        rows = [{key: cell for key, cell in row.items() if key in columns} for row in value if isinstance(row, dict)]
        return [row for row in rows if row] if isinstance(value, list) else None
    offered = {choice for choice, _label in question.choice_pairs()} if question.takes_choices else None
    if offered is None:
        return value
    if isinstance(value, list):
        return [choice for choice in value if choice in offered]
    return value if value in offered else None


def page_digest(answers, keys):
    """A fingerprint of one page's saved answers: tells whether another window changed this page meanwhile."""
    page = {key: answers.get(key) for key in sorted(keys)}
    return hashlib.sha256(json.dumps(page, sort_keys=True, default=str).encode()).hexdigest()[:16]


@dataclass
class SaveResult:
    saved: bool
    conflict: bool = False
    frozen: bool = False
    response: Response = None
    theirs: dict = field(default_factory=dict)


def response_save_page(*, response, page, revision, digest, pending=None, declined_offers=()):
    """Write one page's answers (only its keys) unless another window changed the same page since it was loaded.

    `revision` and `digest` are what the page carried when it was shown. A different revision alone is not a
    conflict (the other window may have saved another section); a change to this page's own saved answers is.
    """
    keys = [question.key for question in page.questions]
    values = page.valid_values()
    with transaction.atomic():
        locked = Response.objects.select_for_update(of=("self",)).select_related("last_submission")
        current = locked.get(pk=response.pk)
        if current.is_submitted:
            return SaveResult(saved=False, frozen=True, response=current)
        if str(current.revision) != str(revision) and page_digest(current.answers, keys) != digest:
            theirs = {key: current.answers.get(key) for key in keys}
            return SaveResult(saved=False, conflict=True, response=current, theirs=theirs)
        for key, value in values.items():
            if value is None:
                current.answers.pop(key, None)
            else:
                current.answers[key] = value
        if pending:
            current.pending_input[page.section.key] = pending
        else:
            current.pending_input.pop(page.section.key, None)
        current.declined_offers = sorted(set(current.declined_offers) | set(declined_offers))
        current.flags = current.flags_to_show(saved_answer_flags(response.questionnaire, current.answers))
        current.urgent = any(flag["level"] == "urgent" for flag in current.flags)
        current.revision += 1
        current.current_section = page.section.key
        current.save(
            update_fields=[
                "answers", "pending_input", "declined_offers", "flags", "urgent", "revision", "current_section",
                "updated_at",
            ]
        )
        if appointment_may_be_invited(response):
            Appointment.objects.filter(pk=current.appointment_id, status=Appointment.Status.INVITED).update(
                status=Appointment.Status.STARTED
            )
    return SaveResult(saved=True, response=current)


BLANK_ACKNOWLEDGED = "blank_ack"


@dataclass
class SectionSaveOutcome:
    """What saving a section page means for the patient: stay on the page (and why) or go to `next_url`."""

    page: SectionPage
    response: Response
    saved: bool = False
    conflict: bool = False  # another window changed this page: shown again with both versions, nothing saved
    frozen: bool = False  # already sent: nothing saved
    theirs: dict = field(default_factory=dict)
    blocked: bool = False  # Next with invalid input: shown again with the messages (the valid answers are saved)
    blank: list = field(default_factory=list)  # expected questions left blank: shown again once with the notice
    safety_signal: bool = False  # item 9 above 0 or thoughts today: the next page shows the crisis box
    support_step: bool = False  # thoughts today: yes: the next page is the support step
    ends_visit: bool = False  # "Save and finish later": the patient's session ends
    next_url: str = ""

    @property
    def stays(self):
        return self.conflict or self.blocked or bool(self.blank)


def section_save(*, response, steps, section, post):
    """Save what was posted on a section page (Next, Back, Save and finish later, add or remove a row).

    Valid answers are always saved, whatever else on the page is blank or invalid; what failed its checks is kept
    as typed (pending input) and shown again. Only invalid input stops Next; blank expected questions stop it once,
    unless the page already showed the notice (the form then carries `blank_ack`).
    """
    action = journey.Action.from_post(post)
    page = steps.page(section, data=action.data(post))
    result = response_save_page(
        response=response,
        page=page,
        revision=post.get("revision"),
        digest=post.get("digest"),
        pending=journey.pending_from_post(post, page) if page.has_errors() else None,
        declined_offers=still_taking.declined_on(page, response.answers),
    )
    outcome = SectionSaveOutcome(
        page=page,
        response=result.response,
        saved=result.saved,
        conflict=result.conflict,
        frozen=result.frozen,
        theirs=result.theirs,
    )
    if not result.saved:
        return outcome
    outcome.safety_signal = journey.reports_safety_signal(page)
    outcome.support_step = journey.wants_support_step(page)
    if action.name == "next" and not outcome.support_step:  # after "thoughts today: yes", help comes before nagging
        outcome.blocked = page.has_errors()
        outcome.blank = [] if outcome.blocked or post.get(BLANK_ACKNOWLEDGED) else page.blank
    if not outcome.stays:
        outcome.ends_visit = action.name == "save"
        outcome.next_url = action.target(steps, section)
        if journey.returns_to_review(post):
            outcome.next_url = return_to_review_target(action, outcome.next_url)
    return outcome


def return_to_review_target(action, target):
    """A page opened with "Change": Next goes back to the review page, a row added or removed stays on the page
    with the way back kept; Back and "Save and finish later" go where they always go."""
    if action.name == "next":
        return reverse("visits:review")
    if action.name in ("add_row", "remove_row"):
        return journey.with_return_to_review(target)
    return target


def appointment_may_be_invited(response):
    """False when the caller's copy of the appointment is already past "invited" (a status never goes back to it)."""
    if Response._meta.get_field("appointment").is_cached(response):
        return response.appointment.status == Appointment.Status.INVITED
    return True


def first_invalid_section(response):
    """The first section whose saved answers fail a field check (rare: invalid input is never saved), or None.

    Blank answers never stop a patient from sending: what they did answer reaches the clinic.
    """
    questions = response.questionnaire.ordered_questions()
    for section in response.questionnaire.ordered_sections():
        page = SectionPage(section, questions, response.answers, data=answers_as_data(section, questions, response.answers))
        if page.has_errors():
            return section
    return None


def response_submit(*, response, flags=()):
    """Freeze the response. Returns (submitted response, section to fix or None). A second submit changes nothing."""
    with transaction.atomic():
        current = (
            Response.objects.select_for_update(of=("self", "appointment"))  # never the shared questionnaire row
            .select_related("appointment", "questionnaire", "last_submission")
            .get(pk=response.pk)
        )
        if current.is_submitted:
            return current, None
        invalid = first_invalid_section(current)
        if invalid is not None:
            return current, invalid
        current.submitted_at = timezone.now()
        current.pending_input = {}
        current.flags = list(flags(current)) if callable(flags) else list(flags)
        current.urgent = any(flag["level"] == "urgent" for flag in current.flags)
        current.revision += 1
        current.last_submission = Submission.objects.create(
            response=current,
            number=current.last_submission.number + 1 if current.last_submission else 1,
            submitted_at=current.submitted_at,
            answers=current.answers,
            flags=current.flags,
            urgent=current.urgent,
        )
        current.save(
            update_fields=[
                "submitted_at", "pending_input", "flags", "urgent", "revision", "last_submission", "updated_at"
            ]
        )
        Appointment.objects.filter(pk=current.appointment_id).update(status=Appointment.Status.SUBMITTED)
    return current, None


@transaction.atomic
def patients_merge(*, keep, others):
    """Merge `others` into `keep`: their appointments move to it, it gains an email or record number it lacked, and
    they are deleted; their ids (and those merged into them before) are kept as former ids of `keep`. Returns the
    number of appointments moved."""
    others = [patient for patient in others if patient.pk != keep.pk]
    moved = Appointment.objects.filter(patient__in=others).update(patient=keep)
    FormerPatientId.objects.filter(patient__in=others).update(patient=keep)
    FormerPatientId.objects.bulk_create([FormerPatientId(former_pk=patient.pk, patient=keep) for patient in others])
    email = next((patient.email for patient in others if patient.email), "")
    number = next((patient.record_number for patient in others if patient.record_number), "")
    Patient.objects.filter(pk__in=[patient.pk for patient in others]).delete()
    patient_complete(keep, email=email, record_number=number or "")
    return moved
