"""What the patient sent never disappears: answers not sent yet, reopening, sending again, and "Mark reviewed" naming
the sending the clinician read."""

import pytest
from django.test import Client

from prep.clinic.models import AuditEvent
from prep.visits.models import Appointment, Response
from tests.personas import TYPICAL
from tests.visits.conftest import confirm, invitation  # noqa: F401 (a fixture)
from tests.visits.helpers import post_page


@pytest.fixture
def patient(invitation):
    """A second browser: the patient's, beside the staff member's."""
    browser = Client()
    confirm(browser, invitation[1])
    return browser


@pytest.fixture
def appointment(invitation, patient, reference_data):
    return invitation[0]


def send(patient, answers=TYPICAL):
    Response.objects.filter(appointment__patient_name="Jane Doe").update(answers=dict(answers))
    assert patient.post("/visit/review/")["Location"] == "/visit/submitted/"


def page(client, appointment, **params):
    return client.get(f"/clinic/appointments/{appointment.pk}/", params).content.decode()


def sending_id(appointment):
    return Response.objects.get(appointment=appointment).last_submission_id


def reopen(client, appointment, reason="Patient called to add a medicine", submission=None):
    data = {"submission": submission or sending_id(appointment), "reason": reason}
    return client.post(f"/clinic/appointments/{appointment.pk}/reopen/", data)


def review(client, appointment, note="", submission=None):
    data = {"submission": submission or sending_id(appointment), "note": note}
    return client.post(f"/clinic/appointments/{appointment.pk}/review/", data)


def test_answers_saved_but_not_sent_open_as_a_partial_summary_that_is_audit_logged(staff_client, patient, appointment):
    assert post_page(patient, "phq9", {"44260-8": "2"}, action="save").status_code == 302
    html = page(staff_client, appointment)
    assert "Not sent by the patient: answers may still change" in html
    assert "Thoughts that you would be better off dead" in html
    event = AuditEvent.objects.get(appointment=appointment, action="summary_viewed")
    assert event.detail.startswith("not sent, revision ")
    pdf = staff_client.get(f"/clinic/appointments/{appointment.pk}/summary.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    assert AuditEvent.objects.filter(appointment=appointment, action="pdf_downloaded").exists()


def test_an_appointment_without_saved_answers_has_no_summary_to_download(staff_client, appointment):
    assert "has not saved any answers yet" in page(staff_client, appointment)
    assert staff_client.get(f"/clinic/appointments/{appointment.pk}/summary.pdf").status_code == 404


def test_reopening_asks_for_a_reason_and_changes_nothing_without_one(staff_client, patient, appointment):
    send(patient)
    form = staff_client.get(f"/clinic/appointments/{appointment.pk}/reopen/").content.decode()
    assert "Reopen the form for the patient?" in form and 'name="reason"' in form
    refused = reopen(staff_client, appointment, reason="  ")
    assert "Say why the form is reopened" in refused.content.decode()
    assert Response.objects.get(appointment=appointment).is_submitted


def test_a_reopened_sending_stays_visible_printable_and_flagged_until_the_patient_sends_again(
    staff_client, patient, appointment
):
    send(patient)
    sent = Response.objects.get(appointment=appointment)
    assert sent.urgent
    assert reopen(staff_client, appointment).status_code == 302
    html = page(staff_client, appointment)
    assert "The patient is revising their answers since" in html
    assert "URGENT" in html and "Revising" in html
    dashboard = staff_client.get("/clinic/").content.decode()
    assert "URGENT · Safety" in dashboard
    day = appointment.starts_at.astimezone().date().isoformat()
    assert staff_client.get("/clinic/print/", {"date": day})["Content-Type"] == "application/pdf"
    assert staff_client.get(f"/clinic/appointments/{appointment.pk}/summary.pdf").status_code == 200
    revising = Response.objects.get(appointment=appointment)
    assert revising.flags == sent.flags and revising.last_submission.reopen_reason == "Patient called to add a medicine"


def test_every_sending_is_kept_and_staff_see_what_changed_between_them(staff_client, patient, appointment):
    send(patient)
    reopen(staff_client, appointment)
    send(patient, {**TYPICAL, "44260-8": "0", "thoughts_today": None})
    response = Response.objects.get(appointment=appointment)
    first, second = response.submissions.all()
    assert (first.number, second.number) == (1, 2) and first.urgent and not second.urgent
    assert first.answers["44260-8"] == TYPICAL["44260-8"] and second.answers["44260-8"] == "0"
    html = page(staff_client, appointment)
    assert "What changed in sending 2 since sending 1" in html
    changes = html.split('class="table table-sm bg-white changes"')[1].split("</table>")[0]
    assert "Thoughts that you would be better off dead" in changes and "Not at all" in changes
    earlier = page(staff_client, appointment, sending=1)
    assert "An earlier sending (number 1)" in earlier and "Mark sending" not in earlier
    assert staff_client.get(f"/clinic/appointments/{appointment.pk}/", {"sending": 9}).status_code == 404


def test_mark_reviewed_is_refused_when_the_summary_changed_since_it_was_opened(staff_client, patient, appointment):
    send(patient)
    shown = sending_id(appointment)
    reopen(staff_client, appointment)  # a colleague, in another tab
    send(patient)
    refused = review(staff_client, appointment, note="Called the patient, safe", submission=shown)
    assert refused.status_code == 302
    followed = staff_client.get(refused["Location"]).content.decode()
    assert "This summary changed since you opened it" in followed
    response = Response.objects.get(appointment=appointment)
    assert not any(sending.reviewed_at for sending in response.submissions.all())
    assert not AuditEvent.objects.filter(action="reviewed").exists()


def test_mark_reviewed_is_refused_while_the_patient_revises(staff_client, patient, appointment):
    send(patient)
    shown = sending_id(appointment)
    reopen(staff_client, appointment)
    review(staff_client, appointment, note="Called", submission=shown)
    assert Response.objects.get(appointment=appointment).last_submission.reviewed_at is None


def test_an_urgent_sending_needs_a_note_of_what_was_done_which_shows_on_the_summary(
    staff_client, staff_user, patient, appointment
):
    send(patient)
    refused = review(staff_client, appointment, note=" ")
    assert refused.status_code == 400 and "Write what was done about the urgent answers" in refused.content.decode()
    assert Response.objects.get(appointment=appointment).last_submission.reviewed_at is None
    review(staff_client, appointment, note="Called the patient, safe, seen today")
    sending = Response.objects.get(appointment=appointment).last_submission
    assert sending.reviewed_by == staff_user and sending.review_note == "Called the patient, safe, seen today"
    assert Appointment.objects.get(pk=appointment.pk).status == Appointment.Status.REVIEWED
    html = page(staff_client, appointment)
    assert f"Reviewed by {staff_user.get_username()}" in html and "Called the patient, safe, seen today" in html
    event = AuditEvent.objects.get(action="reviewed")
    assert event.note == "Called the patient, safe, seen today" and event.detail == "sending 1"
    assert 'id="urgent-title"' not in staff_client.get("/clinic/").content.decode()


def test_a_sending_without_urgent_answers_is_reviewed_without_a_note(staff_client, patient, appointment):
    send(patient, {**TYPICAL, "44260-8": "0", "thoughts_today": None})
    assert review(staff_client, appointment).status_code == 302
    assert Response.objects.get(appointment=appointment).last_submission.reviewed_at is not None
