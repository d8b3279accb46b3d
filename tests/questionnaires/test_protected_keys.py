"""Keys the clinical rules rely on: deleting them or changing their kind needs the admin to see what stops, and confirm."""

import pytest

from prep.questionnaires.instruments import INSTRUMENTS
from prep.questionnaires.protected_keys import CONFIRM_LABEL, FEATURES, describe
from tests.questionnaires.test_admin_editing import change_url, edit, row_of

RULE_KEYS = (
    "past_medications", "drug", "highest_daily_dose_mg", "weeks_at_that_dose", "in_current_episode",
    "taken_as_prescribed", "helped", "role", "current_medications", "name", "dose", "how_often",
    "supplements_checklist", "missed_doses_2wk", "changed_dose_self", "sex_at_birth",
    "drug_use_count", "conditions", "other_diagnoses", "thyroid_test_last_year", "sleep_quality", "bipolar_diagnosed",
    "high_energy_periods", "family_history", "past_self_harm", "past_suicide_attempt", "thoughts_today",
    "psychotherapy", "therapy_type", "procedures", "procedure_type", "procedure_helped",
)


@pytest.fixture
def draft(default_questionnaire):
    return default_questionnaire.create_draft()


def test_every_key_the_rules_read_is_protected_and_exists_in_the_default_questionnaire(default_questionnaire):
    instrument_items = [key for instrument in INSTRUMENTS.values() for key in instrument.item_keys]
    for key in (*RULE_KEYS, *instrument_items):
        assert FEATURES.get(key), key
    existing = set(default_questionnaire.questions.values_list("key", flat=True))
    assert set(FEATURES) <= existing


def test_features_are_described_per_key():
    assert describe(["visit_goals", "past_medications"]) == [
        "past_medications → antidepressant trial table, adequate-trial count, treatment-resistance criterion, "
        "Thase–Rush stage"
    ]


def delete_row(value, prefix="questions", field="key"):
    def change(data):
        data[f"{prefix}-{row_of(data, prefix, field, value)}-DELETE"] = "on"

    return change


def confirmed(change):
    """The same change, posted with the protected-keys confirmation ticked."""

    def change_and_confirm(data):
        change(data)
        data["confirm_protected"] = "on"

    return change_and_confirm


def test_deleting_a_protected_question_shows_the_features_and_needs_confirmation(admin_client, draft):
    section = draft.sections.get(key="adherence")
    response = edit(admin_client, section, delete_row("missed_doses_2wk"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "missed_doses_2wk → possible contributors to poor response (missed doses)" in html
    assert CONFIRM_LABEL in html
    assert draft.questions.filter(key="missed_doses_2wk").exists()

    assert edit(admin_client, section, confirmed(delete_row("missed_doses_2wk"))).status_code == 302
    assert not draft.questions.filter(key="missed_doses_2wk").exists()


def test_deleting_an_unprotected_question_needs_no_confirmation(admin_client, draft):
    section = draft.sections.get(key="adherence")
    assert edit(admin_client, section, delete_row("therapy_attendance")).status_code == 302
    assert not draft.questions.filter(key="therapy_attendance").exists()


def test_changing_the_kind_of_a_protected_question_needs_confirmation(admin_client, draft):
    sleep = draft.questions.get(key="sleep_quality")
    response = edit(admin_client, sleep, lambda data: data.update(kind="multiple_choice"))
    assert response.status_code == 200
    assert "sleep_quality → possible contributors to poor response (poor sleep)" in response.content.decode()
    assert response.context["adminform"].form.errors["kind"]
    sleep.refresh_from_db()
    assert sleep.kind == "single_choice"
    edit(admin_client, sleep, lambda data: data.update(kind="multiple_choice", confirm_protected="on"))
    sleep.refresh_from_db()
    assert sleep.kind == "multiple_choice"


def test_changing_the_kind_in_the_section_inline_needs_confirmation(admin_client, draft):
    section = draft.sections.get(key="physical_health")

    def to_short_text(data):
        data[f"questions-{row_of(data, 'questions', 'key', 'thyroid_test_last_year')}-kind"] = "short_text"

    response = edit(admin_client, section, to_short_text)
    message = "thyroid_test_last_year → possible contributors to poor response (no thyroid test)"
    assert message in response.content.decode()
    assert draft.questions.get(key="thyroid_test_last_year").kind == "single_choice"


def test_deleting_a_protected_column_needs_confirmation(admin_client, draft):
    group = draft.questions.get(key="past_medications")

    def delete_weeks(data):
        data[f"columns-{row_of(data, 'columns', 'key', 'weeks_at_that_dose')}-DELETE"] = "on"

    response = edit(admin_client, group, delete_weeks)
    assert "weeks_at_that_dose → adequate-trial verdicts (duration), Thase–Rush stage" in response.content.decode()
    assert draft.questions.filter(key="weeks_at_that_dose").exists()


def test_deleting_a_section_with_protected_questions_needs_confirmation(admin_client, draft):
    def delete_alcohol(data):
        data[f"sections-{row_of(data, 'sections', 'key', 'alcohol')}-DELETE"] = "on"

    response = edit(admin_client, draft, delete_alcohol)
    html = response.content.decode()
    assert "audit_c_1 → AUDIT-C score" in html and "sex_at_birth → AUDIT-C threshold" in html
    assert draft.sections.filter(key="alcohol").exists()


def test_delete_page_of_a_protected_question_is_the_confirmation_step(admin_client, draft):
    question = draft.questions.get(key="thoughts_today")
    response = admin_client.get(f"/admin/questionnaires/question/{question.pk}/delete/")
    assert response.status_code == 403  # in the PHQ-9 section: read-only like the instrument itself
    family = draft.questions.get(key="family_history")
    delete_url = f"/admin/questionnaires/question/{family.pk}/delete/"
    assert "family_history → bipolar features flag" in admin_client.get(delete_url).content.decode()
    admin_client.post(delete_url, {"post": "yes"})
    assert not draft.questions.filter(key="family_history").exists()
    assert admin_client.get(change_url(draft)).status_code == 200


def test_removing_a_choice_of_a_protected_question_needs_confirmation(admin_client, draft):
    """The rules compare answers with choice values: without “yes”, past self-harm would never be flagged."""
    self_harm = draft.questions.get(key="past_self_harm")
    delete_yes = delete_row("yes", prefix="choices", field="value")
    response = edit(admin_client, self_harm, delete_yes)
    assert response.status_code == 200
    assert "Removing a choice of this question stops these summary features: past_self_harm → safety history flag" in (
        response.content.decode()
    )
    assert self_harm.choices.filter(value="yes").exists()
    assert edit(admin_client, self_harm, confirmed(delete_yes)).status_code == 302
    assert not self_harm.choices.filter(value="yes").exists()
