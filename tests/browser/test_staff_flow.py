"""Clinic staff in Chromium: sign in, create an appointment, copy the link, see the patient's submission flagged,
open the summary, download the PDF, mark reviewed, print the day."""

import datetime
import io

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from prep.visits.models import Appointment
from tests.browser.conftest import look
from tests.conftest import clinic_staff_group
from tests.browser.patient_walk import BIRTH_DATE, open_and_confirm, walk_first_half, walk_second_half

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "a-long-staff-password-2026"


@pytest.fixture
def alice(django_user_model, default_questionnaire, reference_data):
    user = django_user_model.objects.create_user("alice", password=PASSWORD)
    user.groups.add(clinic_staff_group())
    return user


def pdf_text(download):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(open(download.path(), "rb").read())).pages)


def test_staff_run_the_day_from_invitation_to_printed_summary(browser, live_server, alice):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, accept_downloads=True)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    staff = context.new_page()
    staff.goto(f"{live_server.url}/clinic/")
    assert "/accounts/login/" in staff.url
    look(staff, "staff-01-sign-in")
    staff.fill("#id_username", "alice")
    staff.fill("#id_password", PASSWORD)
    staff.get_by_role("button", name="Sign in").click()
    staff.wait_for_url("**/clinic/")
    look(staff, "staff-02-dashboard-empty")

    staff.get_by_role("link", name="New appointment").first.click()
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    staff.fill("#id_patient_name", "Jane Doe")
    staff.fill("#id_date_of_birth", BIRTH_DATE.isoformat())
    staff.fill("#id_appointment_date", tomorrow.isoformat())
    staff.fill("#id_appointment_time", "09:30")
    staff.fill("#id_clinician", "Dr Lee")
    look(staff, "staff-03-new-appointment")
    staff.get_by_role("button", name="Create and get the link").click()
    appointment = Appointment.objects.get()
    staff.wait_for_url(f"**/clinic/appointments/{appointment.pk}/")  # its page, so a refresh creates nothing
    assert "Jane" not in staff.title()
    staff.get_by_role("button", name="Copy").click()
    expect(staff.locator(".copy-status")).to_have_text("Copied.")  # the clipboard answers asynchronously
    link = staff.evaluate("navigator.clipboard.readText()")
    assert link == staff.locator("#invitation-link").input_value() and "/p/" in link
    look(staff, "staff-04-invitation-link")
    staff.reload()
    assert staff.locator("#invitation-link").count() == 0 and Appointment.objects.count() == 1

    patient = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    token = link.rstrip("/").rsplit("/", 1)[-1]
    open_and_confirm(patient, live_server.url, token, BIRTH_DATE)
    walk_first_half(patient)
    walk_second_half(patient)
    patient.get_by_role("button", name="Send my answers").click()
    patient.wait_for_load_state("domcontentloaded")
    patient.context.close()

    staff.goto(f"{live_server.url}/clinic/")
    row = staff.locator("table.appointments tr", has_text="Jane Doe")
    assert "Submitted" in row.inner_text() and "URGENT" in row.inner_text()
    assert "Jane Doe" in staff.locator(".urgent-panel").inner_text()
    assert "2 Apr 1980" in row.inner_text()  # the date of birth, to tell two patients of one name apart
    look(staff, "staff-05-dashboard-urgent")

    staff.locator("table.appointments").get_by_role("link", name="Jane Doe").click()
    summary = staff.locator(".summary-screen").inner_text()
    assert "URGENT" in summary and "PHQ-9" in summary and "sertraline (Zoloft)" in summary
    look(staff, "staff-06-summary")

    with staff.expect_download() as download:
        staff.get_by_role("link", name="Download PDF").click()
    assert download.value.suggested_filename == (
        f"summary-{timezone.localtime(appointment.starts_at):%Y-%m-%d-%H%M}-appt-{appointment.pk}.pdf")
    text = pdf_text(download.value)
    assert "Jane Doe" in text and "URGENT" in text and "PHQ-9" in text

    staff.get_by_label("What was done").fill("Called the patient, safe, seen today")
    staff.get_by_role("button", name="Mark sending 1 reviewed").click()
    assert "Marked as reviewed." in staff.content()
    assert Appointment.objects.get().status == Appointment.Status.REVIEWED

    staff.goto(f"{live_server.url}/clinic/?date_from={tomorrow.isoformat()}&date_to={tomorrow.isoformat()}")
    assert staff.locator(".urgent-panel").count() == 0
    with staff.expect_download() as day:
        staff.get_by_role("button", name="Print the day").click()
    day_text = pdf_text(day.value)
    assert "Jane Doe" in day_text and "Page 1 of" in day_text
    context.close()
