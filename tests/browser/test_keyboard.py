"""A patient who uses only the keyboard can confirm who they are, answer choices and move on."""

import datetime

import pytest
from django.utils import timezone

from prep.visits.models import Response
from prep.visits.services import appointment_create
from tests.browser.patient_walk import BIRTH_DATE

pytestmark = pytest.mark.django_db(transaction=True)


def focused(page):
    return page.evaluate("document.activeElement.id || document.activeElement.textContent.trim()")


def test_keyboard_only_patient_confirms_answers_and_moves_on(page, live_server, default_questionnaire, reference_data):
    _appointment, token = appointment_create(
        patient_name="Kim Keys", date_of_birth=BIRTH_DATE, starts_at=timezone.now() + datetime.timedelta(days=1)
    )
    page.goto(f"{live_server.url}/p/{token}/")
    page.keyboard.press("Tab")  # skip link
    page.keyboard.press("Tab")
    assert focused(page) == "Sign out"  # in the header, before the page's own fields
    page.keyboard.press("Tab")
    assert focused(page) == "id_month"
    page.keyboard.type(str(BIRTH_DATE.month))
    page.keyboard.press("Tab")
    page.keyboard.type(str(BIRTH_DATE.day))
    page.keyboard.press("Tab")
    page.keyboard.type(str(BIRTH_DATE.year))
    page.keyboard.press("Enter")
    page.wait_for_url("**/visit/welcome/")

    page.locator("a", has_text="Start").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/section/about_visit/")
    page.locator("#id_visit_goals").focus()
    page.keyboard.type("Typed with the keyboard only")
    page.keyboard.press("Tab")  # the optional question
    page.keyboard.press("Tab")  # Back
    page.keyboard.press("Tab")  # Next
    assert focused(page) == "Next"
    page.keyboard.press("Enter")
    page.wait_for_url("**/section/phq9/")

    page.keyboard.press("Tab")  # skip link
    page.keyboard.press("Tab")  # Sign out, in the header
    assert focused(page) == "Sign out"
    page.keyboard.press("Tab")  # first radio of the first item
    assert focused(page) == "id_44250-9_0"
    page.keyboard.press("ArrowDown")  # arrow keys move and select within a radio group
    assert page.locator("#id_44250-9_1").is_checked()
    page.keyboard.press("Enter")  # Next with questions left blank: the notice naming them takes focus
    page.wait_for_selector("#blank-notice:focus")
    assert focused(page) == "blank-notice"
    answers = Response.objects.get().answers
    assert answers["visit_goals"] == "Typed with the keyboard only" and answers["44250-9"] == "1"
