"""In Chromium: an URGENT answer reaches staff before the patient sends, and a reopen, a second sending and a stale
"Mark reviewed" never hide what was sent."""

import datetime

import pytest
from django.utils import timezone

from prep.visits.models import Response
from prep.visits.services import appointment_create
from tests.browser.conftest import look
from tests.browser.patient_walk import BIRTH_DATE, choose, open_and_confirm, press_next
from tests.conftest import clinic_staff_group
from tests.personas import TYPICAL

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "a-long-staff-password-2026"


@pytest.fixture
def visit(django_user_model, default_questionnaire, reference_data):
    """(appointment, token) tomorrow, and a clinic staff member."""
    django_user_model.objects.create_user("alice", password=PASSWORD).groups.add(clinic_staff_group())
    return appointment_create(
        patient_name="Jane Doe", date_of_birth=BIRTH_DATE,
        starts_at=timezone.now() + datetime.timedelta(days=1), clinician="Dr Lee",
    )


def signed_in_staff(browser, base_url):
    page = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    page.goto(f"{base_url}/accounts/login/?next=/clinic/")
    page.fill("#id_username", "alice")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/clinic/")
    return page


def patient_browser(browser, base_url, token):
    page = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    open_and_confirm(page, base_url, token, BIRTH_DATE)
    return page


def test_item_9_saved_without_sending_shows_urgent_not_sent_yet_on_the_dashboard(browser, live_server, visit):
    appointment, token = visit
    patient = patient_browser(browser, live_server.url, token)
    patient.goto(f"{live_server.url}/visit/section/phq9/")
    choose(patient, "44260-8", "1")
    patient.get_by_role("button", name="Save and finish later").click()
    patient.wait_for_load_state("domcontentloaded")
    patient.context.close()  # the patient leaves without sending

    staff = signed_in_staff(browser, live_server.url)
    panel = staff.locator(".urgent-panel").inner_text()
    assert "Jane Doe" in panel and "URGENT — not sent yet" in panel
    look(staff, "safety-01-dashboard-urgent-not-sent")
    staff.locator(".urgent-panel").get_by_role("link", name="Jane Doe").click()
    page = staff.locator("main").inner_text()
    assert "Not sent by the patient: answers may still change" in page and "URGENT" in page
    look(staff, "safety-02-partial-summary")
    staff.context.close()


def test_reopen_send_again_and_a_stale_mark_reviewed(browser, live_server, visit, default_questionnaire):
    appointment, token = visit
    Response.objects.create(appointment=appointment, questionnaire=default_questionnaire, answers=dict(TYPICAL))
    patient = patient_browser(browser, live_server.url, token)
    patient.goto(f"{live_server.url}/visit/review/")
    patient.get_by_role("button", name="Send my answers").click()
    patient.wait_for_url("**/visit/submitted/")

    staff = signed_in_staff(browser, live_server.url)
    staff.goto(f"{live_server.url}/clinic/appointments/{appointment.pk}/")
    stale_tab = staff.context.new_page()  # a second tab, left open on the first sending
    stale_tab.goto(staff.url)

    staff.get_by_role("link", name="Reopen for the patient").click()
    look(staff, "safety-03-reopen-asks-a-reason")
    staff.get_by_label("Why reopen the form?").fill("Patient called to add a medicine")
    staff.get_by_role("button", name="Reopen the form").click()
    revising = staff.locator("main").inner_text()
    assert "The patient is revising their answers since" in revising and "URGENT" in revising
    look(staff, "safety-04-revising")

    patient.goto(f"{live_server.url}/visit/section/phq9/")
    choose(patient, "44260-8", "0")
    press_next(patient)
    patient.goto(f"{live_server.url}/visit/review/")
    patient.get_by_role("button", name="Send my answers").click()
    patient.wait_for_url("**/visit/submitted/")

    stale_tab.get_by_label("What was done").fill("Called the patient, safe, seen today")
    stale_tab.get_by_role("button", name="Mark sending 1 reviewed").click()
    page = stale_tab.locator("main").inner_text()
    assert "This summary changed since you opened it" in page
    assert "What changed in sending 2 since sending 1" in page
    assert not Response.objects.get(appointment=appointment).submissions.filter(reviewed_at__isnull=False).exists()
    look(stale_tab, "safety-05-stale-review-refused")
    stale_tab.get_by_role("button", name="Mark sending 2 reviewed").click()
    assert "Marked as reviewed." in stale_tab.locator("main").inner_text()
    assert Response.objects.get(appointment=appointment).last_submission.reviewed_at is not None
    staff.context.close()
    patient.context.close()
