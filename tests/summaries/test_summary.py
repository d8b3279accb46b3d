"""build_summary: plain data with the header, scores, medicines, trials, history and every section's answers."""

import datetime

import pytest
from django.utils import timezone

from prep.summaries.reference import Knowledge
from prep.summaries.summary import build_summary, summary_flag_codes
from tests.personas import MAXIMAL, MINIMAL, TYPICAL, make_submitted_response


def entry(summary, key):
    return next(e for section in summary.sections for e in section.entries if e.key == key)


def all_keys(summary):
    return [e.key for section in summary.sections for e in section.entries]


def test_header_has_the_age_at_the_appointment_and_the_visit(summarise):
    starts_at = timezone.make_aware(datetime.datetime(2026, 4, 2, 9, 30))
    summary = summarise(MINIMAL, name="Ann Example", dob=datetime.date(1980, 4, 2), starts_at=starts_at)
    header = summary.header
    assert (header.patient_name, header.age, header.clinician) == ("Ann Example", 46, "Dr Lee")
    assert header.appointment_at.hour == 9 and header.submitted_at is not None
    assert summarise(MINIMAL, dob=datetime.date(1980, 4, 3), starts_at=starts_at).header.age == 45


def test_typical_persona(summarise):
    summary = summarise(TYPICAL)
    assert [flag.code for flag in summary.flags] == [
        "urgent_safety",
        "possible_contributors",
        "combination:st-johns-wort-serotonergic",
    ]
    phq9 = summary.score("phq9")
    assert (phq9.total, phq9.band, phq9.item9) == (17, "moderately severe", 1)
    assert summary.score("audit_c").positive  # 3 for a woman
    assert [m.display for m in summary.current_medicines][:2] == ["escitalopram (Lexapro)", "St John's wort"]
    assert summary.current_medicines[3].recognised is False  # "Vitamin D": kept as typed
    assert [trial.drug for trial in summary.trials.trials] == [
        "sertraline (Zoloft)", "escitalopram", "bupropion (Wellbutrin)"
    ]
    assert summary.trials.failed_current == 2 and summary.trials.meets_common_definition
    assert summary.therapies[0].kind == "Cognitive behavioural therapy (CBT)"
    assert summary.therapies[0].helped == "A little — less than a quarter better"


def test_sections_come_in_order_with_the_wording_of_the_version_answered(summarise, default_questionnaire):
    summary = summarise(TYPICAL)
    assert [s.key for s in summary.sections] == [s.key for s in default_questionnaire.ordered_sections()]
    goals = entry(summary, "visit_goals")
    assert goals.question == "What do you most want help with at this visit?"
    assert entry(summary, "stressors").answer == "Problems at work or school; Money worries"
    assert entry(summary, "44250-9").answer == "More than half the days (2)"
    assert entry(summary, "sleep_hours").answer == "5.5"
    assert entry(summary, "past_medications").columns[0] == "Medicine name"


def test_a_new_version_s_wording_is_used_for_its_own_responses(default_questionnaire, knowledge):
    draft = default_questionnaire.create_draft()
    question = draft.questions.get(key="visit_goals")
    question.text = "What would make this visit worthwhile for you?"
    question.save()
    draft.publish()
    summary = build_summary(make_submitted_response(MINIMAL, questionnaire=draft), knowledge)
    assert entry(summary, "visit_goals").question == "What would make this visit worthwhile for you?"


def test_hidden_by_condition_answers_are_left_out_everywhere(summarise):
    stale = {
        **MINIMAL,
        "hospitalised": "no",
        "hospitalised_detail": "Left over from an earlier answer",
        "thoughts_today": "yes",
        "audit_c_2": "4",
        "audit_c_3": "4",
        "sex_at_birth": "male",
        "pregnancy": "pregnant",
        "drugs_used": ["cannabis"],
    }
    summary = summarise(stale)
    keys = all_keys(summary)
    for hidden in ("hospitalised_detail", "thoughts_today", "audit_c_2", "audit_c_3", "pregnancy", "drugs_used"):
        assert hidden not in keys
    assert summary.flags == []
    assert summary.score("audit_c").total == 0


def test_prefer_not_to_say_is_shown_as_such(summarise):
    summary = summarise({**MINIMAL, "childhood_adversity": "prefer_not", "past_suicide_attempt": "prefer_not"})
    assert entry(summary, "childhood_adversity").answer == "Prefer not to say"
    assert entry(summary, "past_suicide_attempt").answer == "Prefer not to say"


def test_minimal_persona_gets_a_clean_summary_with_not_answered(summarise):
    summary = summarise(MINIMAL)
    assert summary.flags == [] and summary.current_medicines == [] and summary.trials.trials == []
    assert summary.score("phq9").result == "0 of 27 · minimal"
    assert summary.score("audit_c").threshold.startswith("≥3: sex at birth not given")
    assert entry(summary, "visit_questions").answer == "Not answered"
    assert "Do you have any questions for the psychiatrist?" in summary.sections[0].unanswered
    assert summary.trials.stage == 0


def test_maximal_persona_keeps_every_row(summarise):
    summary = summarise(MAXIMAL)
    assert len(summary.trials.trials) == 15 and len(summary.current_medicines) == 15
    assert summary.flags[0].code == "urgent_safety"
    assert summary.trials.stage == 5
    codes = {flag.code for flag in summary.flags}
    assert {"combination:maoi-combination", "combination:lithium-levels", "combination:citalopram-dose-limit",
            "combination:bupropion-seizure-risk", "safety_history", "bipolar_features"} <= codes


def test_flag_codes_for_the_response_are_plain_dicts_urgent_first(summarise):
    stored = summary_flag_codes(summarise(TYPICAL))
    assert stored[0] == {"code": "urgent_safety", "title": "Safety: thoughts of death or self-harm", "level": "urgent"}
    assert all(set(item) == {"code", "title", "level"} for item in stored)


def test_reference_data_is_read_in_two_queries(reference_data, django_assert_num_queries):
    with django_assert_num_queries(2):
        Knowledge.load()


@pytest.mark.parametrize("persona", [MINIMAL, TYPICAL])
def test_build_summary_loads_the_reference_data_itself_when_not_given(default_questionnaire, reference_data, persona):
    summary = build_summary(make_submitted_response(persona, questionnaire=default_questionnaire))
    assert summary.header.patient_name == "Jane Doe"
