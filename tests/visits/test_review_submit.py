"""The review page, submitting (re-validated, exactly once, then frozen) and reopening by the clinic."""

from prep.clinic.services import submission_reopen
from prep.visits.models import Appointment, Response
from tests.personas import MINIMAL, PHQ9_KEYS, TYPICAL
from tests.visits.helpers import open_page, page_tokens, post_page


def with_answers(response, answers):
    Response.objects.filter(pk=response.pk).update(answers=answers, current_section="mental_health_history")


def test_the_review_page_lists_answers_by_section_with_change_links(patient_client, response):
    with_answers(response, TYPICAL)
    html = patient_client.get("/visit/review/").content.decode()
    assert "Check your answers before you send them" in html
    assert 'href="/visit/section/phq9/?return=review#question-' in html and "Change<span" in html
    assert "Zoloft 100mg" in html
    assert "Step 14 of 14" in html


def test_answers_of_hidden_questions_are_not_shown_on_review(patient_client, response):
    with_answers(response, {**MINIMAL, "hospitalised": "no", "hospitalised_detail": "Stale answer"})
    assert "Stale answer" not in patient_client.get("/visit/review/").content.decode()


def test_submit_with_a_blank_answer_sends_everything_that_was_answered(patient_client, response):
    answers = dict(MINIMAL)
    del answers["44252-5"]
    with_answers(response, answers)
    assert patient_client.post("/visit/review/")["Location"] == "/visit/submitted/"
    sent = Response.objects.get(pk=response.pk)
    assert sent.is_submitted and sent.answers == answers


def test_submit_rechecks_every_section_and_sends_the_patient_to_invalid_saved_input(patient_client, response):
    with_answers(response, {**MINIMAL, "44252-5": "7"})
    result = patient_client.post("/visit/review/")
    assert result["Location"] == "/visit/section/phq9/?check=1"
    page = patient_client.get(result["Location"]).content.decode()
    assert 'id="error-summary"' in page and "Choose one of the answers shown." in page
    assert not Response.objects.get(pk=response.pk).is_submitted


def test_a_double_submit_makes_exactly_one_submission(patient_client, response):
    with_answers(response, TYPICAL)
    first = patient_client.post("/visit/review/")
    stored = Response.objects.get(pk=response.pk)
    second = patient_client.post("/visit/review/")
    assert first["Location"] == second["Location"] == "/visit/submitted/"
    again = Response.objects.get(pk=response.pk)
    assert again.submitted_at == stored.submitted_at and again.revision == stored.revision
    assert again.appointment.status == Appointment.Status.SUBMITTED
    assert again.urgent and again.flags[0]["level"] == "urgent"


def test_after_submitting_the_link_shows_the_confirmation_and_answers_are_frozen(client, invitation, response):
    with_answers(response, TYPICAL)
    stale_tokens = page_tokens(open_page(client, "phq9").content.decode())
    client.post("/visit/review/")
    late = post_page(client, "phq9", {"44250-9": "3"}, tokens=stale_tokens)
    assert late["Location"] == "/visit/submitted/"
    assert Response.objects.get(pk=response.pk).answers["44250-9"] == TYPICAL["44250-9"]
    _appointment, token = invitation
    client.cookies.clear()
    client.get(f"/p/{token}/")
    confirmation = client.get("/visit/").content.decode()
    assert "your answers were sent" in confirmation and "can no longer be changed online" in confirmation
    assert client.get("/visit/section/phq9/")["Location"] == "/visit/"


def test_reopened_by_the_clinic_the_patient_edits_and_resubmits_with_flags_recomputed(
    patient_client, response, staff_user
):
    with_answers(response, TYPICAL)
    patient_client.post("/visit/review/")
    sent = Response.objects.get(pk=response.pk)
    submission_reopen(response=sent, submission_id=sent.last_submission_id, user=staff_user, reason="Add a medicine")
    reopened = Response.objects.get(pk=response.pk)
    assert not reopened.is_submitted and reopened.is_revising and reopened.answers == TYPICAL
    assert reopened.flags == sent.flags and reopened.urgent, "the sent flags stay until the patient sends again"
    phq9_without_item_9 = {key: TYPICAL[key] for key in PHQ9_KEYS[:8]}
    assert post_page(patient_client, "phq9", {**phq9_without_item_9, "44260-8": "0"}).status_code == 302
    patient_client.post("/visit/review/")
    resubmitted = Response.objects.get(pk=response.pk)
    assert resubmitted.is_submitted and not resubmitted.urgent
    assert all(flag["level"] != "urgent" for flag in resubmitted.flags)
    assert [s.number for s in resubmitted.submissions.all()] == [1, 2]
    assert resubmitted.last_submission.number == 2 and resubmitted.submissions.get(number=1).urgent


def test_sending_builds_the_stored_summary_once_the_reply_is_out(patient_client, response, reference_data):
    from prep.summaries.models import StoredSummary

    with_answers(response, TYPICAL)
    assert patient_client.post("/visit/review/")["Location"] == "/visit/submitted/"
    sent = Response.objects.get(pk=response.pk)
    stored = StoredSummary.objects.get(submission=sent.last_submission)
    assert stored.pages >= 1 and stored.flags == sent.flags
    patient_client.post("/visit/review/")  # a double submit finds it built
    assert StoredSummary.objects.get(pk=stored.pk).built_at == stored.built_at
