"""In Chromium: a patient who skips the whole GAD-7 still sends; "thoughts today: yes" brings the support step."""

import datetime

import pytest
from django.utils import timezone

from prep.visits.models import Response
from prep.visits.services import appointment_create
from tests.browser.conftest import VIEWPORTS, look
from tests.browser.patient_walk import BIRTH_DATE, PHQ9, choose, heading, open_and_confirm, press_next

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def token(default_questionnaire, reference_data):
    _appointment, token = appointment_create(
        patient_name="Sam Skip", date_of_birth=BIRTH_DATE,
        starts_at=timezone.now() + datetime.timedelta(days=1), clinician="Dr Lee",
    )
    return token


def go_to_phq9(page, live_server, token):
    open_and_confirm(page, live_server.url, token, BIRTH_DATE)
    page.get_by_role("link", name="Start").click()
    page.fill("#id_visit_goals", "Feel less flat.")
    press_next(page)


def test_a_patient_skips_the_whole_gad7_and_still_sends(page, live_server, token):
    go_to_phq9(page, live_server, token)
    for key in PHQ9 + ["44260-8"]:
        choose(page, key, "0")
    press_next(page)
    assert "Worry" in heading(page) or "anxiety" in heading(page).lower()
    press_next(page)  # nothing answered on GAD-7
    notice = page.locator("#blank-notice")
    assert notice.is_visible() and "You left 7 questions blank" in notice.inner_text()
    look(page, "20-gad7-blank-notice")
    page.get_by_role("link", name="Answer them").click()
    assert page.evaluate("document.activeElement.id") == "id_69725-0_0"
    page.get_by_role("button", name="Continue without answering").click()
    page.wait_for_load_state("domcontentloaded")
    assert "/section/life_situations/" in page.url
    page.goto(f"{live_server.url}/visit/review/")
    assert "questions blank." in page.locator("#blank-summary").inner_text()  # GAD-7 and the pages not reached
    assert "Feeling nervous, anxious, or on edge" in page.locator("section[aria-labelledby=review-gad7]").inner_text()
    look(page, "21-review-with-blanks")
    page.get_by_role("button", name="Send my answers").click()
    page.wait_for_load_state("domcontentloaded")
    assert "your answers were sent" in heading(page)
    response = Response.objects.get()
    assert response.is_submitted and response.answers["44260-8"] == "0"
    assert not any(key in response.answers for key in ("69725-0", "69736-7"))


def test_thoughts_today_yes_shows_the_support_step_on_a_phone(browser, live_server, token):
    page = browser.new_context(viewport=VIEWPORTS["phone"], locale="en-US").new_page()
    go_to_phq9(page, live_server, token)
    for key in PHQ9:
        choose(page, key, "1")
    choose(page, "44260-8", "3")
    choose(page, "thoughts_today", "yes")
    press_next(page)
    assert page.url.endswith("/section/gad7/") and "do not have to wait" in heading(page)
    for href in ("tel:988", "sms:988", "sms:741741?&body=HOME", "tel:911", "tel:5550100"):
        button = page.locator(f'.support-actions a[href="{href}"]')
        assert button.is_visible()
        box = button.bounding_box()
        assert box["height"] >= 44 and box["width"] >= 300
    assert Response.objects.get().urgent
    look(page, "22-support-step")
    page.set_viewport_size(VIEWPORTS["phone"])
    page.get_by_role("link", name="Continue with the form").click()
    page.wait_for_load_state("domcontentloaded")
    assert page.url.endswith("/section/gad7/") and "Worry" in heading(page)
    page.context.close()
