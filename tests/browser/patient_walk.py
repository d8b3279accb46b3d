"""A patient walking the whole default questionnaire in a real browser, with realistic answers."""

import datetime

from tests.browser.conftest import look

PHQ9 = ["44250-9", "44255-8", "44259-0", "44254-1", "44251-7", "44258-2", "44252-5", "44253-3"]
GAD7 = ["69725-0", "68509-9", "69733-4", "69734-2", "69735-9", "69689-8", "69736-7"]
PAST_MEDICINES = [
    {"drug": "Zoloft 100mg", "highest_daily_dose_mg": "100", "weeks_at_that_dose": "10", "in_current_episode": "yes",
     "taken_as_prescribed": "always", "helped": "a_little", "why_stopped": "did_not_help", "role": "main"},
    {"drug": "escitalopram", "highest_daily_dose_mg": "20", "weeks_at_that_dose": "8", "in_current_episode": "yes",
     "taken_as_prescribed": "always", "helped": "somewhat", "side_effects": "Tired", "why_stopped": "did_not_help",
     "role": "main"},
    {"drug": "Wellbutrin XL", "highest_daily_dose_mg": "300", "weeks_at_that_dose": "4", "in_current_episode": "yes",
     "taken_as_prescribed": "sometimes_missed", "helped": "not_sure", "why_stopped": "still_taking", "role": "added"},
]
CURRENT_MEDICINES = [
    {"name": "Wellbutrin XL", "dose": "300 mg", "how_often": "Every morning", "what_for": "Depression", "prescribed": "yes"},
    {"name": "Lisinopril", "dose": "10 mg", "how_often": "Daily", "what_for": "Blood pressure", "prescribed": "yes"},
    {"name": "Ibuprofen", "dose": "400 mg", "how_often": "When needed", "what_for": "Back pain", "prescribed": "no"},
    {"name": "St John's wort", "dose": "300 mg", "how_often": "Twice a day", "what_for": "Mood", "prescribed": "no"},
]


def choose(page, name, value):
    page.check(f'input[name="{name}"][value="{value}"]')


def fill_row(page, group, index, row):
    """One entry's card: boxes filled, answers chosen among its radios."""
    for key, value in row.items():
        name = f"{group}-{index}-{key}"
        field = page.locator(f'[name="{name}"]')
        if field.first.get_attribute("type") == "radio":
            choose(page, name, value)
        else:
            field.fill(value)


def fill_rows(page, group, rows):
    for index, row in enumerate(rows):
        if index > 0:
            page.locator(f"#group-{group} [data-add-row]").click()
        fill_row(page, group, index, row)


def press_next(page):
    page.locator("form#section-form .nav-buttons button[value=next]").click()
    page.wait_for_load_state("domcontentloaded")


def heading(page):
    return page.locator("h1").inner_text()


def open_and_confirm(page, base_url, token, birth_date):
    page.goto(f"{base_url}/p/{token}/")
    assert "/p/" not in page.url
    look(page, "01-confirm-date-of-birth")
    page.fill("#id_month", str(birth_date.month))
    page.fill("#id_day", str(birth_date.day))
    page.fill("#id_year", str(birth_date.year))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_load_state("domcontentloaded")


def walk_first_half(page):
    """Welcome page to the antidepressants page, including a safety answer on PHQ-9 item 9."""
    assert "15 to 20 minutes" in page.content()
    look(page, "02-welcome")
    page.get_by_role("link", name="Start").click()
    page.fill("#id_visit_goals", "I have tried several medicines and still feel flat. I want to know what is next.")
    look(page, "03-about-visit")
    press_next(page)
    for key in PHQ9:
        choose(page, key, "2")
    assert page.locator("#question-thoughts_today").is_hidden()
    choose(page, "44260-8", "1")
    assert page.locator("#question-thoughts_today").is_visible()
    choose(page, "thoughts_today", "no")
    choose(page, "69722-7", "very")
    look(page, "04-phq9")
    press_next(page)
    assert page.locator("#crisis-box").is_visible()
    assert page.locator('#crisis-box a[href="tel:988"]').count() == 1
    for key in GAD7:
        choose(page, key, "1")
    look(page, "05-gad7-with-crisis-box")
    press_next(page)
    page.check('input[name="stressors"][value="work_school"]')
    page.check('input[name="stressors"][value="money"]')
    page.fill("#id_stressors_detail", "Reduced hours at work since spring.")
    choose(page, "support", "one_or_two")
    choose(page, "childhood_adversity", "prefer_not")
    look(page, "06-life-situations")
    press_next(page)
    page.fill("#id_first_episode_age", "24")
    choose(page, "episode_count", "three_to_five")
    page.fill("#id_current_episode_months", "18")
    assert page.locator("#question-hospitalised_detail").is_hidden()
    choose(page, "hospitalised", "no")
    look(page, "07-depression-history")
    press_next(page)
    fill_rows(page, "past_medications", PAST_MEDICINES)
    look(page, "08-past-medications")


def walk_second_half(page):
    """From the antidepressants page (already filled) to the review page."""
    press_next(page)
    fill_rows(page, "psychotherapy", [{"therapy_type": "cbt", "therapy_sessions": "12", "therapy_helped": "a_little",
                                       "therapy_when": "2023"}])
    choose(page, "pharmacogenetic_test", "no")
    look(page, "09-other-treatments")
    press_next(page)
    fill_rows(page, "current_medications", CURRENT_MEDICINES)
    page.check('input[name="supplements_checklist"][value="st_johns_wort"]')
    look(page, "10-current-medications")
    press_next(page)
    choose(page, "missed_doses_2wk", "one_two")
    page.check('input[name="adherence_reasons"][value="forget"]')
    choose(page, "changed_dose_self", "no")
    choose(page, "therapy_attendance", "not_in_therapy")
    look(page, "11-adherence")
    press_next(page)
    choose(page, "sex_at_birth", "female")
    choose(page, "audit_c_1", "2")
    choose(page, "audit_c_2", "0")
    choose(page, "audit_c_3", "1")
    look(page, "12-alcohol")
    press_next(page)
    page.fill("#id_drug_use_count", "0")
    assert page.locator("#question-drugs_used").is_hidden()
    choose(page, "tobacco", "never")
    page.fill("#id_caffeine_per_day", "3")
    look(page, "13-drugs-tobacco")
    press_next(page)
    page.check('input[name="conditions"][value="chronic_pain"]')
    page.check('input[name="conditions"][value="high_blood_pressure"]')
    choose(page, "pregnancy", "none")
    choose(page, "thyroid_test_last_year", "not_sure")
    page.fill("#id_sleep_hours", "5.5")
    choose(page, "sleep_quality", "poor")
    page.fill("#id_exercise_days_per_week", "1")
    choose(page, "weight_change", "gained")
    look(page, "14-physical-health")
    press_next(page)
    choose(page, "bipolar_diagnosed", "no")
    choose(page, "high_energy_periods", "not_sure")
    page.check('input[name="family_history"][value="depression"]')
    choose(page, "past_self_harm", "no")
    choose(page, "past_suicide_attempt", "prefer_not")
    look(page, "15-mental-health-history")
    press_next(page)


BIRTH_DATE = datetime.date(1980, 4, 2)
