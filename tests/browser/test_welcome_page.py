"""The welcome page on a phone: the Start button is on the first screen, under the compact crisis contacts."""

import datetime

import pytest
from django.utils import timezone

from prep.visits.services import appointment_create
from tests.browser.conftest import VIEWPORTS, look
from tests.browser.patient_walk import BIRTH_DATE, open_and_confirm

pytestmark = pytest.mark.django_db(transaction=True)
PHONE = VIEWPORTS["phone"]  # 390 x 844


@pytest.fixture
def token(default_questionnaire):
    _appointment, token = appointment_create(
        patient_name="Jane Doe", date_of_birth=BIRTH_DATE,
        starts_at=timezone.now() + datetime.timedelta(days=1), clinician="Dr Lee",
    )
    return token


def bottom_of(page, locator):
    return page.evaluate("element => element.getBoundingClientRect().bottom", locator.element_handle())


def test_start_and_the_crisis_contacts_are_visible_without_scrolling_on_a_phone(browser, live_server, token):
    page = browser.new_context(viewport=PHONE).new_page()
    open_and_confirm(page, live_server.url, token, BIRTH_DATE)  # its screenshots leave the page at laptop size
    page.set_viewport_size(PHONE)
    assert page.title().startswith("Before your visit")
    start = page.get_by_role("link", name="Start", exact=True)
    assert bottom_of(page, start) <= PHONE["height"]
    assert bottom_of(page, page.locator(".crisis-line")) <= PHONE["height"]
    look(page, "welcome-phone")
    page.context.close()
