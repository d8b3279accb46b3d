"""The default questionnaire: every key the clinical content lists, the instruments exact, loaded idempotently."""

import pytest
from django.core.management import call_command

from prep.questionnaires.instruments import AUDIT_C, GAD7, PHQ9
from prep.questionnaires.models import Kind, Question, Questionnaire

# Every key named in shared/clinical-content.md (columns of the therapy and procedure groups carry a prefix,
# because a FHIR linkId must be unique in the whole questionnaire).
CLINICAL_CONTENT_KEYS = {
    "visit_goals", "visit_questions",
    *PHQ9.item_keys, "69722-7", "thoughts_today",
    *GAD7.item_keys,
    "stressors", "stressors_detail", "support", "childhood_adversity", "living_situation",
    "first_episode_age", "episode_count", "current_episode_months", "hospitalised", "hospitalised_detail",
    "past_medications", "drug", "highest_daily_dose_mg", "weeks_at_that_dose", "weeks_at_that_dose_unit",
    "in_current_episode", "taken_as_prescribed", "helped", "side_effects", "why_stopped", "role",
    "psychotherapy", "therapy_type", "therapy_sessions", "therapy_helped", "therapy_when",
    "procedures", "procedure_type", "procedure_sessions", "procedure_helped", "procedure_side_effects",
    "procedure_when", "pharmacogenetic_test", "pharmacogenetic_detail",
    "current_medications", "name", "dose", "how_often", "what_for", "prescribed", "supplements_checklist",
    "missed_doses_2wk", "adherence_reasons", "changed_dose_self", "therapy_attendance",
    *AUDIT_C.item_keys, "sex_at_birth", "drug_use_count", "drugs_used", "tobacco", "caffeine_per_day",
    "want_help_substances",
    "conditions", "conditions_detail", "pregnancy", "thyroid_test_last_year", "last_checkup", "sleep_hours",
    "sleep_quality", "exercise_days_per_week", "weight_change",
    "bipolar_diagnosed", "high_energy_periods", "family_history", "other_diagnoses", "past_self_harm",
    "past_suicide_attempt",
}
FOUR_POINT = [("0", "Not at all"), ("1", "Several days"), ("2", "More than half the days"), ("3", "Nearly every day")]


def test_loads_published_with_every_key_of_the_clinical_content(default_questionnaire):
    assert default_questionnaire.status == Questionnaire.Status.PUBLISHED
    keys = set(default_questionnaire.questions.values_list("key", flat=True))
    assert CLINICAL_CONTENT_KEYS <= keys, sorted(CLINICAL_CONTENT_KEYS - keys)


def test_loading_twice_creates_nothing_new(default_questionnaire):
    call_command("load_default_questionnaire")
    assert Questionnaire.objects.count() == 1
    assert Question.objects.count() == default_questionnaire.questions.count()


@pytest.mark.parametrize("instrument", [PHQ9, GAD7, AUDIT_C])
def test_instrument_sections_are_tagged_and_carry_their_items(default_questionnaire, instrument):
    section = default_questionnaire.sections.get(instrument=instrument.code)
    keys = set(section.questions.values_list("key", flat=True))
    assert set(instrument.item_keys) <= keys
    assert section.copyright


def test_phq9_and_gad7_carry_the_pfizer_notice_and_exact_answers(default_questionnaire):
    for code in ("phq9", "gad7"):
        section = default_questionnaire.sections.get(instrument=code)
        assert "© Pfizer Inc." in section.copyright
    for key in PHQ9.item_keys + GAD7.item_keys:
        question = default_questionnaire.questions.get(key=key)
        assert question.required and question.choice_pairs() == FOUR_POINT
    phq = default_questionnaire.sections.get(instrument="phq9")
    assert phq.intro == "Over the last 2 weeks, how often have you been bothered by any of the following problems?"
    item9 = default_questionnaire.questions.get(key="44260-8")
    assert item9.text == "Thoughts that you would be better off dead or of hurting yourself in some way"


def test_audit_c_has_exact_scores_and_skips_items_2_and_3_after_never(default_questionnaire):
    first = default_questionnaire.questions.get(key="audit_c_1")
    assert first.choice_pairs() == [
        ("0", "Never"), ("1", "Monthly or less"), ("2", "2–4 times a month"), ("3", "2–3 times a week"),
        ("4", "4 or more times a week"),
    ]
    for key in ("audit_c_2", "audit_c_3"):
        assert default_questionnaire.questions.get(key=key).show_if == {"question": "audit_c_1", "op": "ne", "value": "0"}


def test_safety_follow_up_appears_when_item_9_is_above_zero(default_questionnaire):
    follow_up = default_questionnaire.questions.get(key="thoughts_today")
    assert follow_up.show_if == {"question": "44260-8", "op": "gt", "value": 0}
    assert "prefer_not" in dict(follow_up.choice_pairs())


def test_past_medications_is_a_group_with_the_columns_the_rules_use(default_questionnaire):
    group = default_questionnaire.questions.get(key="past_medications")
    assert group.kind == Kind.GROUP
    assert list(group.columns.values_list("key", flat=True)) == [
        "drug", "highest_daily_dose_mg", "weeks_at_that_dose", "weeks_at_that_dose_unit", "in_current_episode",
        "taken_as_prescribed", "helped", "side_effects", "why_stopped", "role",
    ]
    assert group.columns.get(key="drug").suggestions == "medicines"


def test_a_medicine_taken_for_months_reads_so_on_review_and_in_the_summary(default_questionnaire):
    from prep.questionnaires.display import answers_by_section

    answers = {"past_medications": [
        {"drug": "Zoloft", "weeks_at_that_dose": 3, "weeks_at_that_dose_unit": "months"},
        {"drug": "Prozac", "weeks_at_that_dose": 8},
    ]}
    entry = next(entry for _section, entries in answers_by_section(default_questionnaire, answers) for entry in entries)
    assert "Weeks or months" not in entry.columns
    assert entry.labelled_rows == [
        [("Medicine name", "Zoloft"), ("About how long at that dose?", "3 months")],
        [("Medicine name", "Prozac"), ("About how long at that dose?", "8 weeks")],
    ]
