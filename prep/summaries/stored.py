"""Stored summaries: each sending's summary built once (when the patient sends), then read by every staff view.

What a summary is built from is named in its fingerprint. A read compares it with what is current, and builds the
summary again when they differ and the visit is still ahead; a visit that has happened keeps what was shown then.
"""

import dataclasses
import hashlib
import json
import logging
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from prep.summaries.documents import page_size, render_summary_body, render_summary_pdf
from prep.summaries.flags import saved_answer_flags
from prep.summaries.models import ReferenceStamp, StoredSummary
from prep.summaries.sendings import sending_notices, summary_for_staff
from prep.summaries.summary import summary_flag_codes
from prep.summaries.trends import earlier_sending_ids
from prep.visits.models import Response, Submission

logger = logging.getLogger(__name__)
# The code and templates a summary is made with: a change to any of them makes stored summaries out of date.
SUMMARY_SOURCES = (
    "prep/summaries/*.py",
    "prep/summaries/data/*.yaml",
    "prep/questionnaires/display.py",
    "prep/questionnaires/conditions.py",
    "prep/questionnaires/instruments.py",
    "templates/summaries/**/*.html",
    "static/css/print.css",
)


@lru_cache(maxsize=1)
def code_version():
    """A digest of the summary's code, templates and stylesheet, read once per process."""
    digest = hashlib.sha256()
    base = Path(settings.BASE_DIR)
    for pattern in SUMMARY_SOURCES:
        for path in sorted(base.glob(pattern)):
            digest.update(path.relative_to(base).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def fingerprint(response, submission, reference_version, earlier_ids=None):
    """What the stored summary was built from, including the patient's earlier sendings its trend and changes read
    (`earlier_ids` when the caller has read them already, for many appointments at once)."""
    notices = [notice.text for notice in sending_notices(response, submission)]
    earlier = earlier_sending_ids(response.appointment) if earlier_ids is None else list(earlier_ids)
    parts = [submission.pk, response.questionnaire_id, reference_version, code_version(), page_size(), notices,
             earlier]
    return hashlib.sha256(json.dumps(parts, default=str).encode()).hexdigest()


def summary_data(summary):
    """The summary as plain JSON data, for the record."""
    return json.loads(json.dumps(dataclasses.asdict(summary), cls=DjangoJSONEncoder, default=str))


def summary_store(response, submission=None, *, knowledge=None, reference_version=None, stored=None,
                  earlier_ids=None):
    """Build a sending's summary (the last sending by default) and keep it, with the flags its badges show.

    `stored` is the sending's stored summary when the caller has it already (to be built again).
    """
    submission = submission or response.last_submission
    reference_version = ReferenceStamp.current() if reference_version is None else reference_version
    summary = summary_for_staff(response, submission, knowledge)
    pdf, pages = render_summary_pdf(summary)
    notices, summary.notices = summary.notices, []
    html = render_summary_body(summary)
    summary.notices = notices
    flags = summary_flag_codes(summary)
    stored = stored or StoredSummary(submission=submission)
    stored.fingerprint = fingerprint(response, submission, reference_version, earlier_ids)
    stored.data, stored.html, stored.pdf, stored.pages = summary_data(summary), html, pdf, pages
    stored.flags, stored.built_at = flags, timezone.now()
    stored.reference_version, stored.code_version = reference_version, code_version()
    with transaction.atomic():
        stored.save()
        flags_follow(response, submission, flags)
    submission.stored_summary = stored
    return stored


def flags_follow(response, submission, flags):
    """The sending's and the dashboard's flags become the stored summary's, so badges and summary agree."""
    if submission.flags != flags:
        submission.flags, submission.urgent = flags, any(flag["level"] == "urgent" for flag in flags)
        Submission.objects.filter(pk=submission.pk).update(flags=submission.flags, urgent=submission.urgent)
    if submission.pk != response.last_submission_id:
        return
    if response.is_submitted:
        shown = flags
    else:  # revising: what was sent, with any URGENT answer saved since
        response.last_submission = submission
        shown = response.flags_to_show(saved_answer_flags(response.questionnaire, response.answers))
    if response.flags != shown:
        response.flags, response.urgent = shown, any(flag["level"] == "urgent" for flag in shown)
        Response.objects.filter(pk=response.pk).update(flags=response.flags, urgent=response.urgent)


def stored_summary_of(response, submission=None, *, reference_version=None, knowledge=None, earlier_ids=None):
    """A sending's stored summary, built first if it has none, or built again if it is out of date and the visit
    is still ahead."""
    submission = submission or response.last_submission
    if is_loaded(submission):
        stored = getattr(submission, "stored_summary", None)
    else:
        stored = StoredSummary.objects.filter(submission=submission).first()
    reference_version = ReferenceStamp.current() if reference_version is None else reference_version
    if stored is None or (
        stored.fingerprint != fingerprint(response, submission, reference_version, earlier_ids)
        and not visit_happened(response.appointment)
    ):
        stored = summary_store(
            response, submission, knowledge=knowledge, reference_version=reference_version, stored=stored,
            earlier_ids=earlier_ids,
        )
    return stored


def is_loaded(submission):
    """True when the query that fetched the sending also fetched its stored summary (or found none)."""
    return Submission.stored_summary.is_cached(submission)


def visit_happened(appointment):
    return appointment.starts_at <= timezone.now()


def summary_store_after_sending(response):
    """Called once the patient has sent (again, on a double submit: then it finds the summary built already).

    A failure here never fails the sending; the next read builds it.
    """
    try:
        return stored_summary_of(response)
    except Exception as error:  # noqa: BLE001 (any failure: the sending stands, the summary waits)
        logger.error(
            "The summary of submission %s could not be built (%s); it will be built when staff open it.",
            response.last_submission_id,
            type(error).__name__,
        )
        return None
