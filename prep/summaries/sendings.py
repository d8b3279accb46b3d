"""The summary staff read of a response: which answers it shows (a sending, or those saved so far) and where they stand.

A response sent at least once is summarised from its last sending, also while the patient revises it after a
reopen, so that what the clinic was sent never disappears; before the first sending, from the answers saved so far,
marked as not sent.
"""

from django.utils import dateformat, timezone
from django.utils.translation import gettext as _

from prep.summaries.reference import Knowledge
from prep.summaries.summary import Notice, build_summary
from prep.summaries.trends import earlier_visits, trend_of, visits_for_summary
from prep.summaries.visit_changes import visit_changes


def when(moment):
    return dateformat.format(timezone.localtime(moment), "D j M Y, H:i")


def sending_notices(response, sent):
    """Where the shown sending stands: revised by the patient since, an earlier one, reviewed (and the note)."""
    notices = []
    if sent.pk != response.last_submission_id:
        text = _("An earlier sending (number %(number)d), sent %(when)s. The latest is on the appointment page.")
        notices.append(Notice(text % {"number": sent.number, "when": when(sent.submitted_at)}, "warning"))
    elif response.is_revising:
        text = _(
            "The patient is revising their answers since %(since)s. This is what they sent on %(sent)s; it stands "
            "until they send again."
        )
        notices.append(Notice(text % {"since": when(sent.reopened_at), "sent": when(sent.submitted_at)}, "warning"))
    if sent.is_reviewed:
        reviewer = sent.reviewed_by.get_username() if sent.reviewed_by else _("a former staff member")
        text = _("Reviewed by %(who)s, %(when)s.") % {"who": reviewer, "when": when(sent.reviewed_at)}
        notices.append(Notice(f"{text} {sent.review_note}".strip()))
    return notices


def summary_for_staff(response, sending=None, knowledge=None):
    """The summary of a sending (the last one by default), or of the answers saved so far before the first; for a
    returning patient, with the trend of their scores and what changed since their last visit."""
    knowledge = knowledge or Knowledge.load()
    sent = sending or response.last_submission
    if sent is None:
        summary = build_summary(response, knowledge)
        text = _("Not sent by the patient: answers may still change. Last saved %(when)s.")
        summary.notices = [Notice(text % {"when": when(response.updated_at)}, "warning")]
    else:
        sent.response = response
        summary = build_summary(sent, knowledge)
        summary.notices = sending_notices(response, sent)
    return with_history(summary, response, (sent or response).answers or {}, knowledge)


def with_history(summary, response, answers, knowledge):
    """The summary with the trend and the changes since the last visit, when the patient has earlier visits."""
    appointment = response.appointment
    earlier = earlier_visits(appointment)
    if not earlier:
        return summary
    summary.trend = trend_of(visits_for_summary(summary, appointment, earlier))
    previous = earlier[-1]
    summary.changes = visit_changes(
        previous.last_submission.answers or {},
        answers,
        previous_day=timezone.localtime(previous.appointment.starts_at).date(),
        questions=response.questionnaire.ordered_questions(),
        knowledge=knowledge,
        confirmed_keys=response.confirmed_unchanged(answers),
    )
    return summary

