"""Flags on the first page: each rule raises its flag, lists the answers that raised it, URGENT first."""

import datetime

import pytest

from tests.personas import MINIMAL, now, past, phq9


def flags_of(summarise, extra, **kwargs):
    return {flag.code: flag for flag in summarise({**MINIMAL, **extra}, **kwargs).flags}


@pytest.mark.parametrize(
    "extra, code, reason_part",
    [
        (phq9(0, 0, 0, 0, 0, 0, 0, 0, 1), "urgent_safety", "better off dead"),
        ({**phq9(0, 0, 0, 0, 0, 0, 0, 0, 3), "thoughts_today": "prefer_not"}, "urgent_safety", "Nearly every day"),
        ({**phq9(0, 0, 0, 0, 0, 0, 0, 0, 1), "thoughts_today": "yes"}, "urgent_safety", "having these thoughts today"),
        ({"past_suicide_attempt": "yes"}, "safety_history", "tried to end your life"),
        ({"past_self_harm": "yes"}, "safety_history", "hurt yourself on purpose"),
        ({"bipolar_diagnosed": "not_sure"}, "bipolar_features", "Not sure"),
        ({"high_energy_periods": "yes"}, "bipolar_features", "much less sleep"),
        ({"family_history": ["depression", "bipolar"]}, "bipolar_features", "Bipolar disorder"),
        ({"missed_doses_2wk": "three_six"}, "possible_contributors", "3 to 6"),
        ({"changed_dose_self": "yes"}, "possible_contributors", "without the doctor"),
        ({"conditions": ["hypothyroid"]}, "possible_contributors", "Underactive thyroid"),
        ({"conditions": ["sleep_apnoea"]}, "possible_contributors", "Sleep apnoea"),
        ({"conditions": ["chronic_pain"]}, "possible_contributors", "chronic"),
        ({"thyroid_test_last_year": "no"}, "possible_contributors", "thyroid in the last year"),
        ({"sleep_quality": "poor"}, "possible_contributors", "Poor"),
        ({"supplements_checklist": ["same"]}, "possible_contributors", "SAMe"),
        ({"drug_use_count": 2}, "possible_contributors", "2 times in the past year"),
        ({"audit_c_1": "3", "audit_c_2": "1", "audit_c_3": "0", "sex_at_birth": "male"}, "possible_contributors",
         "AUDIT-C 4 of 12"),
        ({"past_medications": [past("Zoloft", 25, 8)]}, "possible_contributors", "below the minimum 50 mg/day"),
        ({"past_medications": [past("Zoloft", 100, 3, taken="often_missed")]}, "possible_contributors",
         "often missed"),
    ],
)
def test_each_answer_rule_raises_its_flag_with_the_answer_in_words(summarise, extra, code, reason_part):
    flags = flags_of(summarise, extra)
    assert code in flags, list(flags)
    assert any(reason_part in reason for reason in flags[code].reasons), flags[code].reasons


@pytest.mark.parametrize(
    "extra",
    [
        {"past_self_harm": "prefer_not", "past_suicide_attempt": "no"},
        {"bipolar_diagnosed": "no", "high_energy_periods": "not_sure", "family_history": ["depression"]},
        {"missed_doses_2wk": "one_two", "thyroid_test_last_year": "not_sure", "sleep_quality": "fair"},
        {"audit_c_1": "1", "audit_c_2": "1", "audit_c_3": "0", "sex_at_birth": "male"},
    ],
)
def test_answers_below_the_thresholds_raise_nothing(summarise, extra):
    assert flags_of(summarise, extra) == {}


def test_a_hidden_follow_up_answer_does_not_raise_urgent(summarise):
    # thoughts_today is shown only when item 9 > 0: a stale "yes" left after item 9 went back to 0 is ignored
    assert "urgent_safety" not in flags_of(summarise, {"thoughts_today": "yes"})


def test_item_9_or_thoughts_today_alone_raise_urgent_with_everything_else_blank(summarise):
    only_item_9 = summarise({"44260-8": "1"})
    assert [flag.code for flag in only_item_9.urgent_flags] == ["urgent_safety"]
    assert only_item_9.score("phq9").status == "incomplete"
    only_thoughts_today = summarise({"44260-8": "3", "thoughts_today": "yes"})
    assert len(only_thoughts_today.urgent_flags[0].reasons) == 2


def test_urgent_answers_saved_so_far_are_flagged_before_sending(default_questionnaire):
    from prep.summaries.flags import saved_answer_flags

    assert saved_answer_flags(default_questionnaire, {"44260-8": "2"})[0]["level"] == "urgent"
    assert saved_answer_flags(default_questionnaire, {"44260-8": "0", "thoughts_today": "yes"}) == []
    assert saved_answer_flags(default_questionnaire, {}) == []


@pytest.mark.parametrize(
    "current, checklist, extra, rule, severity_word",
    [
        (["sertraline"], ["st_johns_wort"], {}, "st-johns-wort-serotonergic", "Review"),
        (["St John's wort", "Imitrex"], [], {}, "st-johns-wort-serotonergic", "Review"),
        (["Nardil", "Zoloft"], [], {}, "maoi-combination", "Contraindicated"),
        (["Parnate", "Sudafed"], [], {}, "maoi-combination", "Contraindicated"),
        (["Emsam", "dextromethorphan"], [], {}, "maoi-combination", "Contraindicated"),
        (["phenelzine", "Demerol"], [], {}, "maoi-combination", "Contraindicated"),
        (["tramadol", "Cymbalta"], [], {}, "tramadol-ssri-snri", "Review"),
        (["Maxalt", "Lexapro"], [], {}, "triptan-ssri-snri", "Note"),
        (["lithium", "naproxen"], [], {}, "lithium-levels", "Review"),
        (["Lithobid", "Zestril"], [], {}, "lithium-levels", "Review"),
        (["lithium", "losartan"], [], {}, "lithium-levels", "Review"),
        (["lithium", "HCTZ"], [], {}, "lithium-levels", "Review"),
        (["Wellbutrin XL"], [], {"conditions": ["seizures"]}, "bupropion-seizure-risk", "Review"),
        (["Wellbutrin"], [], {"other_diagnoses": ["eating_disorder"]}, "bupropion-seizure-risk", "Review"),
        (["bupropion"], [], {"audit_c_1": "4", "audit_c_2": "2", "audit_c_3": "2", "sex_at_birth": "female"},
         "bupropion-seizure-risk", "Review"),
    ],
)
def test_each_combination_rule_fires_on_current_medicines_and_supplements(
    summarise, current, checklist, extra, rule, severity_word
):
    answers = {"current_medications": [now(name) for name in current], "supplements_checklist": checklist, **extra}
    flags = flags_of(summarise, answers)
    flag = flags[f"combination:{rule}"]
    assert flag.title.startswith(severity_word)
    assert flag.source and flag.reasons


@pytest.mark.parametrize(
    "current",
    [["sertraline", "ibuprofen"], ["Imitrex"], ["lithium"], ["bupropion"], ["Nardil"], ["Zoloft", "Prozac"]],
)
def test_medicines_that_do_not_interact_raise_no_combination(summarise, current):
    flags = flags_of(summarise, {"current_medications": [now(name) for name in current]})
    assert not [code for code in flags if code.startswith("combination:")]


@pytest.mark.parametrize(
    "dose, how_often, dob, fires",
    [
        ("40 mg", "once a day", datetime.date(1980, 1, 1), False),
        ("60 mg", "once a day", datetime.date(1980, 1, 1), True),
        ("20 mg", "twice a day", datetime.date(1980, 1, 1), False),
        ("30 mg", "once a day", datetime.date(1950, 1, 1), True),
        ("20 mg", "once a day", datetime.date(1950, 1, 1), False),
    ],
)
def test_citalopram_dose_limit_by_dose_and_age(summarise, dose, how_often, dob, fires):
    answers = {"current_medications": [now("Celexa", dose, how_often)]}
    flags = flags_of(summarise, answers, dob=dob)
    assert ("combination:citalopram-dose-limit" in flags) is fires


def test_an_inactive_rule_is_not_applied(summarise):
    from prep.summaries.models import InteractionRule

    InteractionRule.objects.filter(code="maoi-combination").update(active=False)
    from prep.summaries.reference import Knowledge

    from prep.summaries.summary import build_summary
    from tests.personas import make_submitted_response

    response = make_submitted_response({**MINIMAL, "current_medications": [now("Nardil"), now("Zoloft")]})
    codes = [flag.code for flag in build_summary(response, Knowledge.load()).flags]
    assert "combination:maoi-combination" not in codes


def test_flags_are_sorted_urgent_first_and_say_where_they_come_from(summarise):
    summary = summarise(
        {
            **MINIMAL,
            **phq9(0, 0, 0, 0, 0, 0, 0, 0, 2),
            "past_suicide_attempt": "yes",
            "current_medications": [now("Maxalt"), now("Lexapro"), now("Nardil")],
        }
    )
    levels = [flag.level for flag in summary.flags]
    assert levels[0] == "urgent"
    assert levels == sorted(levels, key=["urgent", "warning", "info"].index)
    assert summary.flags[1].code == "safety_history"
    assert summary.flags[2].code == "combination:maoi-combination"
