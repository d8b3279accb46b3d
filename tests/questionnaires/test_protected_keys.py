"""Keys the clinical rules rely on: deleting them or changing their kind needs the admin to see what stops, and confirm."""

import pytest

from prep.questionnaires.instruments import INSTRUMENTS
from prep.questionnaires.protected_keys import CONFIRM_LABEL, describe, features_by_key, features_for
from prep.summaries.reads import READS
from tests.questionnaires.test_admin_editing import change_url, edit, row_of


def feature_line(key):
    """What the editor shows for a protected key: “key → feature, feature”, from the rules' declaration."""
    [line] = describe([key])
    return line


@pytest.fixture
def draft(default_questionnaire):
    return default_questionnaire.create_draft()


def test_the_protected_keys_are_the_keys_the_rules_declare_and_exist_in_the_default_questionnaire(
    default_questionnaire,
):
    declared = {key for reads in READS for key in reads.keys}
    instrument_items = {key for instrument in INSTRUMENTS.values() for key in instrument.item_keys}
    assert set(features_by_key()) == declared
    assert instrument_items <= declared
    existing = set(default_questionnaire.questions.values_list("key", flat=True))
    assert declared <= existing


def test_features_are_described_per_key():
    assert "antidepressant trial table" in features_for("past_medications")
    assert describe(["visit_goals", "past_medications", "past_medications"]) == [
        f"past_medications → {', '.join(features_for('past_medications'))}"
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
    assert feature_line("missed_doses_2wk") in html
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
    assert feature_line("sleep_quality") in response.content.decode()
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
    assert feature_line("thyroid_test_last_year") in response.content.decode()
    assert draft.questions.get(key="thyroid_test_last_year").kind == "single_choice"


def test_deleting_a_protected_column_needs_confirmation(admin_client, draft):
    group = draft.questions.get(key="past_medications")

    def delete_weeks(data):
        data[f"columns-{row_of(data, 'columns', 'key', 'weeks_at_that_dose')}-DELETE"] = "on"

    response = edit(admin_client, group, delete_weeks)
    assert feature_line("weeks_at_that_dose") in response.content.decode()
    assert draft.questions.filter(key="weeks_at_that_dose").exists()


def test_deleting_a_section_with_protected_questions_needs_confirmation(admin_client, draft):
    def delete_alcohol(data):
        data[f"sections-{row_of(data, 'sections', 'key', 'alcohol')}-DELETE"] = "on"

    response = edit(admin_client, draft, delete_alcohol)
    html = response.content.decode()
    assert feature_line("audit_c_1") in html and feature_line("sex_at_birth") in html
    assert draft.sections.filter(key="alcohol").exists()


def test_delete_page_of_a_protected_question_is_the_confirmation_step(admin_client, draft):
    question = draft.questions.get(key="thoughts_today")
    response = admin_client.get(f"/admin/questionnaires/question/{question.pk}/delete/")
    assert response.status_code == 403  # in the PHQ-9 section: read-only like the instrument itself
    family = draft.questions.get(key="family_history")
    delete_url = f"/admin/questionnaires/question/{family.pk}/delete/"
    assert feature_line("family_history") in admin_client.get(delete_url).content.decode()
    admin_client.post(delete_url, {"post": "yes"})
    assert not draft.questions.filter(key="family_history").exists()
    assert admin_client.get(change_url(draft)).status_code == 200


def test_removing_a_choice_of_a_protected_question_needs_confirmation(admin_client, draft):
    """The rules compare answers with choice values: without “yes”, past self-harm would never be flagged."""
    self_harm = draft.questions.get(key="past_self_harm")
    delete_yes = delete_row("yes", prefix="choices", field="value")
    response = edit(admin_client, self_harm, delete_yes)
    assert response.status_code == 200
    message = f"Removing a choice of this question stops these summary features: {feature_line('past_self_harm')}"
    assert message in response.content.decode()
    assert self_harm.choices.filter(value="yes").exists()
    assert edit(admin_client, self_harm, confirmed(delete_yes)).status_code == 302
    assert not self_harm.choices.filter(value="yes").exists()
