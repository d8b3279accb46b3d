"""Every page a patient can see, in one Chromium tab, each measured at 390x844 and 1280x800 by
conftest.check_patient_page: axe-core without a violation of any impact, no sideways scrolling, radios and
checkboxes big enough, a title that names no health matter. Prints how many screens the typical walk takes."""

import datetime

import pytest
from django.utils import timezone

from prep.visits.models import Response
from prep.visits.services import appointment_create
from tests.browser import patient_walk
from tests.browser.conftest import VIEWPORTS, check_patient_page
from tests.browser.patient_walk import BIRTH_DATE, PHQ9, choose, heading, press_next
from tests.personas import TYPICAL, make_submitted_response

pytestmark = pytest.mark.django_db(transaction=True)
WRONG_BIRTH_DATE = datetime.date(1999, 1, 1)


def invite(name):
    _appointment, token = appointment_create(
        patient_name=name, date_of_birth=BIRTH_DATE,
        starts_at=timezone.now() + datetime.timedelta(days=3), clinician="Dr Lee",
    )
    return token


def type_birth_date(page, month, day, year):
    page.fill("#id_month", str(month))
    page.fill("#id_day", str(day))
    page.fill("#id_year", str(year))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_load_state("domcontentloaded")


def error_next_to(page, field_id):
    """The error message inside the field's own block, which the field names in aria-describedby."""
    described_by = page.locator(f"#{field_id}").get_attribute("aria-describedby") or ""
    messages = [page.locator(f"#{one}").inner_text() for one in described_by.split() if one.endswith("error")]
    return " ".join(messages)


def pages_of_a_link_that_gets_paused(page, base):
    page.goto(f"{base}/p/{invite('Pat Paused')}/")  # the page itself is measured in the typical walk
    type_birth_date(page, "13", "4th", "80")
    assert [page.input_value(f"#id_{name}") for name in ("month", "day", "year")] == ["13", "4th", "80"]
    assert "from 1 to 12" in error_next_to(page, "id_month")
    assert "from 1 to 31" in error_next_to(page, "id_day")
    assert "four digits" in error_next_to(page, "id_year")
    check_patient_page(page, "p02-date-of-birth-bad-input")
    for _ in range(3):
        type_birth_date(page, WRONG_BIRTH_DATE.month, WRONG_BIRTH_DATE.day, WRONG_BIRTH_DATE.year)
    assert "You have 2 more tries" in page.locator("#error-summary").inner_text()
    check_patient_page(page, "p03-date-of-birth-tries-left")
    for _ in range(2):
        type_birth_date(page, WRONG_BIRTH_DATE.month, WRONG_BIRTH_DATE.day, WRONG_BIRTH_DATE.year)
    assert heading(page) == "This link is paused"
    check_patient_page(page, "p04-link-paused")


def pages_after_thoughts_today_and_blanks(page, base):
    """The support step, the blank-answers notice and the page after "Save and finish later"."""
    page.goto(f"{base}/p/{invite('Sam Support')}/")
    type_birth_date(page, BIRTH_DATE.month, BIRTH_DATE.day, BIRTH_DATE.year)
    page.get_by_role("link", name="Start").click()
    page.fill("#id_visit_goals", "Feel less flat.")
    press_next(page)
    for key in PHQ9:
        choose(page, key, "1")
    choose(page, "44260-8", "2")
    choose(page, "thoughts_today", "yes")
    press_next(page)
    assert "do not have to wait" in heading(page)
    check_patient_page(page, "p05-support-step")
    page.get_by_role("link", name="Continue with the form").click()
    press_next(page)  # nothing answered on GAD-7
    assert page.locator("#blank-notice").is_visible()
    check_patient_page(page, "p06-blank-answers-notice")
    page.get_by_role("button", name="Continue without answering").click()
    page.wait_for_load_state("domcontentloaded")
    page.get_by_role("button", name="Save and finish later").click()
    page.wait_for_load_state("domcontentloaded")
    assert "Your answers are saved" in heading(page)
    check_patient_page(page, "p07-saved")


def bad_answers_keep_what_was_typed(page, base):
    """Point 8 of issue 15: words in a number box and a number out of range, next to valid changes on the same page."""
    page.goto(f"{base}/visit/section/depression_history/")
    page.fill("#id_first_episode_age", "150")
    page.fill("#id_current_episode_months", "about 2 years")
    choose(page, "episode_count", "two")
    choose(page, "hospitalised", "yes")
    page.fill("#id_hospitalised_detail", "Two weeks in 2019.")
    press_next(page)
    assert page.url.endswith("/visit/section/depression_history/")
    assert page.evaluate("document.activeElement.id") == "error-summary"
    assert "from 0 to 120" in error_next_to(page, "id_first_episode_age")
    assert "whole number of months" in error_next_to(page, "id_current_episode_months")
    assert page.input_value("#id_first_episode_age") == "150"
    assert page.input_value("#id_current_episode_months") == "about 2 years"
    assert page.is_checked('input[name="episode_count"][value="two"]')
    assert page.is_checked('input[name="hospitalised"][value="yes"]')
    assert page.input_value("#id_hospitalised_detail") == "Two weeks in 2019."
    check_patient_page(page, "p08-section-bad-input")
    page.fill("#id_first_episode_age", "24")
    page.fill("#id_current_episode_months", "24")
    press_next(page)
    assert page.url.endswith("/visit/section/medicines_tried/")


def the_same_page_saved_in_another_window(page, base):
    other = page.context.new_page()
    other.goto(f"{base}/visit/section/about_visit/")
    page.goto(f"{base}/visit/section/about_visit/")
    page.fill("#id_visit_goals", "Sleep again.")
    press_next(page)
    other.fill("#id_visit_goals", "Feel less flat.")
    press_next(other)
    assert "Sleep again." in other.locator("#other-window").inner_text()
    assert other.input_value("#id_visit_goals") == "Feel less flat."
    check_patient_page(other, "p12-changed-in-another-window")
    other.close()


def the_welcome_back_page(page, base, questionnaire):
    """A returning patient's welcome: what was filled in from the last visit."""
    earlier = make_submitted_response(TYPICAL, name="Ray Return", dob=BIRTH_DATE, questionnaire=questionnaire,
                                      starts_at=timezone.now() - datetime.timedelta(days=30))
    _appointment, token = appointment_create(
        patient=earlier.appointment.patient, patient_name="Ray Return", date_of_birth=BIRTH_DATE,
        starts_at=timezone.now() + datetime.timedelta(days=3), clinician="Dr Lee",
    )
    page.goto(f"{base}/p/{token}/")
    type_birth_date(page, BIRTH_DATE.month, BIRTH_DATE.day, BIRTH_DATE.year)
    assert page.locator(".welcome-carried-forward").is_visible()
    page.set_viewport_size(VIEWPORTS["phone"])
    start = page.get_by_role("link", name="Start", exact=True)
    assert start.evaluate("element => element.getBoundingClientRect().bottom") <= VIEWPORTS["phone"]["height"]
    check_patient_page(page, "p14-welcome-back")
    page.set_viewport_size(VIEWPORTS["laptop"])


def test_every_patient_page_passes_axe_fits_both_sizes_and_has_big_enough_choices(
    page, live_server, default_questionnaire, reference_data, monkeypatch, capsys
):
    base = live_server.url
    page.goto(f"{base}/p/not-a-link-we-sent/")
    check_patient_page(page, "p00-link-not-valid")
    pages_of_a_link_that_gets_paused(page, base)
    pages_after_thoughts_today_and_blanks(page, base)
    page.goto(f"{base}/visit/signed-out/")
    check_patient_page(page, "p09-signed-out")
    the_welcome_back_page(page, base, default_questionnaire)

    walk_screens = {}
    def check_and_keep_its_height(page, name):
        walk_screens[name] = check_patient_page(page, name)

    monkeypatch.setattr(patient_walk, "look", check_and_keep_its_height)
    patient_walk.open_and_confirm(page, base, invite("Jane Doe"), BIRTH_DATE)
    patient_walk.walk_first_half(page)
    patient_walk.walk_second_half(page)
    assert "Check your answers" in heading(page)
    walk_screens["16-review"] = check_patient_page(page, "16-review")
    bad_answers_keep_what_was_typed(page, base)
    the_same_page_saved_in_another_window(page, base)
    page.goto(f"{base}/visit/section/not-a-section/")
    check_patient_page(page, "p13-page-not-found")
    page.goto(f"{base}/visit/welcome/")
    assert page.get_by_role("link", name="Continue where you left off").is_visible()
    check_patient_page(page, "p10-welcome-to-continue")
    page.goto(f"{base}/visit/review/")
    page.get_by_role("button", name="Send my answers").click()
    page.wait_for_load_state("domcontentloaded")
    assert "your answers were sent" in heading(page)
    walk_screens["17-submitted"] = check_patient_page(page, "17-submitted")
    page.get_by_role("link", name="See and print a copy of your answers").click()
    page.wait_for_load_state("domcontentloaded")
    check_patient_page(page, "p11-answers-to-print")
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state("domcontentloaded")
    assert Response.objects.get(appointment__patient_name="Jane Doe").is_submitted

    with capsys.disabled():
        print(f"\nThe typical walk, {len(walk_screens)} pages from the date of birth to the page after sending:")
        for size in ("phone", "laptop"):
            print(f"  {size}: {sum(screens[size] for screens in walk_screens.values()):.1f} screen heights "
                  f"({', '.join(f'{name[:2]} {screens[size]:.1f}' for name, screens in walk_screens.items())})")
