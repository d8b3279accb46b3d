"""Radios and checkboxes a tired patient can see and hit: measured in Chromium, on a phone."""

import datetime

import pytest
from django.utils import timezone

from prep.visits.services import appointment_create
from tests.browser.conftest import VIEWPORTS, look
from tests.browser.patient_walk import BIRTH_DATE, open_and_confirm

pytestmark = pytest.mark.django_db(transaction=True)

# Every radio and checkbox: its size, its border's contrast against what is behind it, the height of its row and
# label, and the contrast of its label's text. WCAG relative luminance; transparent backgrounds are looked up.
MEASURE_CHOICES = """() => {
  const rgb = c => (c.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => [r, g, b].map(v => { v /= 255; return v <= .03928 ? v / 12.92 : ((v + .055) / 1.055) ** 2.4; })
      .reduce((sum, v, i) => sum + v * [.2126, .7152, .0722][i], 0);
  const contrast = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + .05) / (y + .05); };
  const background = el => { for (; el; el = el.parentElement) { const c = rgb(getComputedStyle(el).backgroundColor);
      if (c.length === 3 || c[3] > 0) return c.slice(0, 3); } return [255, 255, 255]; };
  return [...document.querySelectorAll('.form-check-input')].filter(i => i.offsetParent).map(input => {
    const box = input.getBoundingClientRect(), row = input.closest('.form-check');
    const label = row.querySelector('.form-check-label'), style = getComputedStyle(input);
    return {id: input.id, width: box.width, height: box.height,
      border: contrast(rgb(style.borderTopColor).slice(0, 3), background(row)),
      borderWidth: parseFloat(style.borderTopWidth),
      row: row.getBoundingClientRect().height, label: label.getBoundingClientRect().height,
      text: contrast(rgb(getComputedStyle(label).color).slice(0, 3), background(label))};
  });
}"""


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
