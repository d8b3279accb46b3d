"""Radios and checkboxes a tired patient can see and hit: measured in Chromium, on a phone."""

import datetime

import pytest
from django.utils import timezone

from prep.visits.services import appointment_create
from tests.browser.conftest import MEASURE_CHOICES, VIEWPORTS, look
from tests.browser.patient_walk import BIRTH_DATE, open_and_confirm

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def phone(browser, live_server, default_questionnaire):
    _appointment, token = appointment_create(
        patient_name="Jane Doe", date_of_birth=BIRTH_DATE,
        starts_at=timezone.now() + datetime.timedelta(days=1), clinician="Dr Lee",
    )
    page = browser.new_context(viewport=VIEWPORTS["phone"]).new_page()
    open_and_confirm(page, live_server.url, token, BIRTH_DATE)
    yield page, live_server.url
    page.context.close()


def measured_choices(page):
    page.set_viewport_size(VIEWPORTS["phone"])
    choices = page.evaluate(MEASURE_CHOICES)
    assert choices, "no radios or checkboxes on the page"
    return choices


@pytest.mark.parametrize("section", ["phq9", "life_situations"])
def test_every_radio_and_checkbox_is_24px_with_a_3_to_1_border_on_a_44px_tap_row(phone, section):
    page, base = phone
    page.goto(f"{base}/visit/section/{section}/")
    for choice in measured_choices(page):
        assert choice["width"] >= 24 and choice["height"] >= 24, choice
        assert choice["border"] >= 3 and choice["borderWidth"] >= 1, choice
        assert choice["row"] >= 44 and choice["label"] >= 44, choice
    look(page, f"choices-{section}")


def test_labels_stay_dark_when_an_answer_is_marked_invalid(phone):
    page, base = phone
    page.goto(f"{base}/visit/section/life_situations/")
    page.evaluate("() => document.querySelectorAll('.form-check-input').forEach(i => i.classList.add('is-invalid'))")
    for choice in measured_choices(page):
        assert choice["text"] >= 7, choice  # the same near-black as the rest of the page, not the error red
        assert choice["border"] >= 3, choice


def test_a_hint_sits_under_its_question_before_the_options(phone):
    page, base = phone
    page.goto(f"{base}/visit/section/life_situations/")
    order = page.evaluate("""() => { const fieldset = document.querySelector('#div_id_stressors fieldset');
        return [...fieldset.children].map(e => e.tagName.toLowerCase() + '.' + e.className); }""")
    assert order[:3] == ["legend.form-label fs-6", "div.form-text", "div.choices"]
