"""A patient completes the whole questionnaire in Chromium: confirm, every section, leave, resume, review, submit."""

import datetime

import pytest
from django.utils import timezone

from prep.visits.models import Response
from prep.visits.services import appointment_create
from tests.browser.conftest import look, save_screenshot
from tests.browser.patient_walk import (
    BIRTH_DATE,
    heading,
    open_and_confirm,
    press_next,
    walk_first_half,
    walk_second_half,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def token(default_questionnaire, reference_data):
    _appointment, token = appointment_create(
        patient_name="Jane Doe", date_of_birth=BIRTH_DATE,
        starts_at=timezone.now() + datetime.timedelta(days=1), clinician="Dr Lee",
    )
    return token


def test_a_patient_walks_the_whole_questionnaire_leaves_resumes_and_submits(browser, page, live_server, token):
    open_and_confirm(page, live_server.url, token, BIRTH_DATE)
    walk_first_half(page)
    page.get_by_role("button", name="Save and finish later").click()
    page.wait_for_load_state("domcontentloaded")
    assert "Your answers are saved" in heading(page)
    look(page, "08b-saved")
    page.context.close()

    resumed = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    open_and_confirm(resumed, live_server.url, token, BIRTH_DATE)
    assert resumed.url.endswith("/visit/section/medicines_tried/")
    assert resumed.locator('[name="past_medications-2-drug"]').input_value() == "Wellbutrin XL"
    walk_second_half(resumed)

    assert "Check your answers" in heading(resumed)
    review = resumed.content()
    for expected in ("Zoloft 100mg", "Wellbutrin XL", "St John's wort", "Prefer not to say", "Several days"):
        assert expected in review
    look(resumed, "16-review")
    resumed.locator('a[href^="/visit/section/about_visit/?return=review"]').first.click()
    resumed.fill("#id_visit_goals", "Something that works. And to sleep again.")
    press_next(resumed)
    assert resumed.url.endswith("/visit/review/")
    assert "And to sleep again." in resumed.content()
    resumed.get_by_role("button", name="Send my answers").click()
    resumed.wait_for_load_state("domcontentloaded")
    assert "your answers were sent" in heading(resumed)
    look(resumed, "17-submitted")
    resumed.get_by_role("link", name="See and print a copy of your answers").click()
    resumed.wait_for_load_state("domcontentloaded")
    assert resumed.get_by_role("button", name="Print").is_visible()
    assert "Zoloft 100mg" in resumed.content()
    look(resumed, "18-answers-to-print")
    resumed.emulate_media(media="print")
    assert resumed.get_by_role("button", name="Print").is_hidden()
    save_screenshot(resumed, "18-answers-to-print-as-printed.png")
    resumed.context.close()  # left open, its keep-alive connection outlives the live server at the end of the run

    response = Response.objects.get()
    assert response.is_submitted
    assert len(response.answers["past_medications"]) == 3
    assert len(response.answers["current_medications"]) == 4
    assert response.answers["44260-8"] == "1"
    assert response.urgent
    assert response.flags[0]["level"] == "urgent"
