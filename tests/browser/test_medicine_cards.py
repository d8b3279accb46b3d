"""Medicines one card at a time at 390 × 844: three past and four current medicines, measured in screen heights.

A past medicine marked "I still take it" comes back pre-filled on the current-medicines page, marked to check.
"""

import datetime

import pytest
from django.utils import timezone

from prep.visits.models import Response
from prep.visits.services import appointment_create
from tests.browser.conftest import look
from tests.browser.patient_walk import BIRTH_DATE, fill_row, open_and_confirm, press_next
from tests.browser.test_choice_controls import measured_choices

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
MAX_SCREEN_HEIGHTS = 8
PAST = [
    {"drug": "Zoloft", "highest_daily_dose_mg": "100", "weeks_at_that_dose": "10", "in_current_episode": "yes",
     "taken_as_prescribed": "always", "helped": "a_little", "side_effects": "Nausea", "why_stopped": "did_not_help",
     "role": "main"},
    {"drug": "Effexor XR", "highest_daily_dose_mg": "150", "weeks_at_that_dose": "3",
     "weeks_at_that_dose_unit": "months", "in_current_episode": "no", "taken_as_prescribed": "sometimes_missed",
     "helped": "somewhat", "why_stopped": "side_effects", "role": "main"},
    {"drug": "Wellbutrin XL", "highest_daily_dose_mg": "300", "weeks_at_that_dose": "8", "in_current_episode": "yes",
     "taken_as_prescribed": "always", "helped": "not_sure", "why_stopped": "still_taking", "role": "added"},
]
CURRENT = [
    {"how_often": "Every morning", "what_for": "Depression", "prescribed": "yes"},  # the card carried over
    {"name": "Lisinopril", "dose": "10 mg", "how_often": "Daily", "what_for": "Blood pressure", "prescribed": "yes"},
    {"name": "Ibuprofen", "dose": "400 mg", "how_often": "When needed", "what_for": "Back pain", "prescribed": "no"},
    {"name": "Vitamin D", "dose": "1000 units", "how_often": "Daily", "prescribed": "no"},
]


@pytest.fixture
def token(default_questionnaire, reference_data):
    _appointment, token = appointment_create(
        patient_name="Jane Doe", date_of_birth=BIRTH_DATE,
        starts_at=timezone.now() + datetime.timedelta(days=1), clinician="Dr Lee",
    )
    return token


def page_height(page):
    return page.evaluate("document.documentElement.scrollHeight")


def height_with_every_entry_open(page):
    """For the record: the same page with no entry folded, as the patient scrolled it while typing."""
    page.evaluate("document.querySelectorAll('details[data-row]:not([open])').forEach(e => { e.dataset.wasFolded = 1; })")
    page.evaluate("document.querySelectorAll('details[data-row]').forEach(e => { e.open = true; })")
    height = page_height(page)
    page.evaluate("document.querySelectorAll('details[data-was-folded]').forEach(e => { e.open = false; })")
    return height


def assert_choices_can_be_seen_and_hit(page):
    """Point 2 of issue 15 inside the cards too: 24 px controls, a 3:1 border, 44 px rows (weeks · months included)."""
    for choice in measured_choices(page):
        assert choice["width"] >= 24 and choice["height"] >= 24, choice
        assert choice["border"] >= 3, choice
        assert choice["row"] >= 44 and choice["label"] >= 44, choice


def enter(page, group, rows, first_index=0):
    for index, row in enumerate(rows, start=first_index):
        if index > 0 and page.locator(f'[name="{group}-{index}-DELETE"]').count() == 0:
            page.locator(f"#group-{group} [data-add-row]").click()
        fill_row(page, group, index, row)


def test_three_past_and_four_current_medicines_fit_in_eight_phone_screens(browser, live_server, token):
    page = browser.new_context(viewport=PHONE, locale="en-US").new_page()
    open_and_confirm(page, live_server.url, token, BIRTH_DATE)
    page.goto(f"{live_server.url}/visit/section/medicines_tried/")
    assert page.locator("#group-past_medications .entry-title").first.inner_text() == "Medicine 1"
    assert page.locator("#group-past_medications select").count() == 0
    look(page, "medicines-past-empty")
    assert_choices_can_be_seen_and_hit(page)

    enter(page, "past_medications", PAST)
    assert page.get_by_role("button", name="Add another medicine").is_visible()
    folded = page.locator("#group-past_medications details[data-row]:not([open]) [data-gist]")
    assert folded.all_inner_texts() == ["Zoloft · 100 mg · 10 weeks", "Effexor XR · 150 mg · 3 months"]
    past_height = page_height(page)
    past_open_height = height_with_every_entry_open(page)
    look(page, "medicines-past-three")
    page.set_viewport_size(PHONE)
    press_next(page)

    page.goto(f"{live_server.url}/visit/section/medicines_now/")
    carried = page.locator("#group-current_medications [data-row]").first
    assert "From your past medicines — check it." in carried.inner_text()
    assert page.locator('[name="current_medications-0-name"]').input_value() == "Wellbutrin XL"
    assert page.locator('[name="current_medications-0-dose"]').input_value() == "300 mg a day"
    assert_choices_can_be_seen_and_hit(page)
    enter(page, "current_medications", CURRENT)
    current_height = page_height(page)
    current_open_height = height_with_every_entry_open(page)
    look(page, "medicines-current-four")
    page.set_viewport_size(PHONE)
    press_next(page)

    screens = (past_height + current_height) / PHONE["height"]
    every_entry_open = (past_open_height + current_open_height) / PHONE["height"]
    print(f"\nmedicines at 390x844: past {past_height}px + current {current_height}px = {screens:.2f} screen heights"
          f" (every entry open: {every_entry_open:.2f})")
    assert screens <= MAX_SCREEN_HEIGHTS
    answers = Response.objects.get().answers
    assert [row["drug"] for row in answers["past_medications"]] == ["Zoloft", "Effexor XR", "Wellbutrin XL"]
    assert answers["past_medications"][1]["weeks_at_that_dose_unit"] == "months"
    assert answers["current_medications"][0] == {
        "name": "Wellbutrin XL", "dose": "300 mg a day", "how_often": "Every morning", "what_for": "Depression",
        "prescribed": "yes",
    }
    assert len(answers["current_medications"]) == 4
    page.context.close()


def test_a_wrong_dose_shows_its_message_in_the_card_and_keeps_what_was_typed(browser, live_server, token):
    page = browser.new_context(viewport=PHONE, locale="en-US").new_page()
    open_and_confirm(page, live_server.url, token, BIRTH_DATE)
    page.goto(f"{live_server.url}/visit/section/medicines_tried/")
    enter(page, "past_medications", [PAST[0], {"drug": "Prozac", "highest_daily_dose_mg": "-20"}])
    press_next(page)
    assert page.locator("#error-summary").is_visible()
    assert "Medicine 2: Highest dose per day (mg)" in page.locator("#error-summary").inner_text()
    card = page.locator("#group-past_medications [data-row]").nth(1)
    assert "Enter a number of mg from 0 to 10000" in card.inner_text()
    assert page.locator('[name="past_medications-1-drug"]').input_value() == "Prozac"
    look(page, "medicines-past-error")
    page.context.close()
