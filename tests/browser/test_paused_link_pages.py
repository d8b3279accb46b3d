"""Wrong dates of birth in Chromium: the tries-left message and the paused page pass axe and fit a phone."""

import datetime

import pytest
from django.utils import timezone

from prep.visits.services import appointment_create
from tests.browser.conftest import look

pytestmark = pytest.mark.django_db(transaction=True)
WRONG = datetime.date(1999, 1, 1)


def type_birth_date(page, birth_date):
    page.fill("#id_month", str(birth_date.month))
    page.fill("#id_day", str(birth_date.day))
    page.fill("#id_year", str(birth_date.year))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_load_state("domcontentloaded")


def test_the_tries_left_and_the_paused_page_are_readable(page, live_server, default_questionnaire):
    _appointment, token = appointment_create(
        patient_name="Jane Doe", date_of_birth=datetime.date(1980, 4, 2),
        starts_at=timezone.now() + datetime.timedelta(days=1), clinician="Dr Lee",
    )
    page.goto(f"{live_server.url}/p/{token}/")
    for _ in range(3):
        type_birth_date(page, WRONG)
    assert "You have 2 more tries" in page.locator("#error-summary").inner_text()
    look(page, "dob-tries-left")
    for _ in range(2):
        type_birth_date(page, WRONG)
    assert page.locator("h1").inner_text() == "This link is paused"
    look(page, "dob-link-paused")
