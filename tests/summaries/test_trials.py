"""The antidepressant trial table: verdicts, counts, the two-trial sentence and the Thase–Rush stage."""

from decimal import Decimal

import pytest
from django.test import override_settings

from prep.summaries import trials as t
from tests.personas import past


def table(knowledge, *rows, procedures=()):
    return t.build_trials(list(rows), {}, knowledge, procedures=procedures)


@pytest.mark.parametrize(
    "row, verdict",
    [
        (past("sertraline", 50, 6, helped="a_little"), t.ADEQUATE_NON_RESPONSE),  # dose exactly at the minimum
        (past("sertraline", 49.5, 6, helped="a_little"), t.BELOW_MINIMUM_DOSE),
        (past("sertraline", 100, 5, helped="a_little"), t.TOO_SHORT),  # 5 weeks: too short
        (past("sertraline", 100, 6, helped="not_at_all"), t.ADEQUATE_NON_RESPONSE),  # 6 weeks: long enough
        (past("sertraline", 100, 6, helped="somewhat"), t.ADEQUATE_NON_RESPONSE),
        (past("sertraline", 100, 6, helped="a_lot"), t.ADEQUATE_RESPONSE),
        (past("sertraline", 100, 6, helped="completely"), t.ADEQUATE_RESPONSE),
        (past("sertraline", 100, 6, helped="not_sure"), t.UNCLEAR),
        (past("sertraline", 100, 6, taken="often_missed"), t.OFTEN_MISSED),
        (past("sertraline", 100, 6, taken="sometimes_missed"), t.ADEQUATE_NON_RESPONSE),
        (past("sertraline", None, 8), t.UNCLEAR),
        (past("sertraline", 100, None), t.UNCLEAR),
        (past("Abilify", 10, 8), t.AUGMENTATION),
        (past("lithium", 900, 12), t.AUGMENTATION),
        (past("ibuprofen", 400, 8), t.NOT_ANTIDEPRESSANT),
        (past("Zapotex", 100, 8), t.NOT_RECOGNISED),
        (past("Nardil", 45, 6), t.ADEQUATE_NON_RESPONSE),
    ],
)
def test_each_row_gets_the_verdict_of_the_rules(knowledge, row, verdict):
    trial = table(knowledge, row).trials[0]
    assert trial.verdict == verdict, trial.reasons
    assert trial.why


def test_unclear_says_why(knowledge):
    assert table(knowledge, past("sertraline", None, 8)).trials[0].reasons == ["dose not given"]
    assert "response not sure" in table(knowledge, past("sertraline", 50, 8, helped="not_sure")).trials[0].why


def test_a_brand_with_the_dose_typed_in_uses_that_dose_when_the_dose_column_is_empty(knowledge):
    trial = table(knowledge, past("Zoloft 100mg", weeks=8, helped="a_little")).trials[0]
    assert trial.drug == "sertraline (Zoloft)"
    assert trial.typed == "Zoloft 100mg" and trial.typed_differs
    assert trial.dose_mg == Decimal("100") and trial.dose_from_name
    assert trial.verdict == t.ADEQUATE_NON_RESPONSE
    assert "dose read from the name typed" in trial.why


def test_the_dose_column_wins_over_a_dose_in_the_name(knowledge):
    trial = table(knowledge, past("Zoloft 100mg", 25, 8)).trials[0]
    assert trial.dose_mg == Decimal("25") and trial.verdict == t.BELOW_MINIMUM_DOSE


def test_unknown_names_are_kept_as_typed(knowledge):
    trial = table(knowledge, past("Happy-Calm herbal blend")).trials[0]
    assert (trial.drug, trial.recognised) == ("Happy-Calm herbal blend", False)


@override_settings(ADEQUATE_TRIAL_WEEKS=8)
def test_the_minimum_weeks_come_from_the_setting(knowledge):
    assert table(knowledge, past("sertraline", 100, 6)).trials[0].verdict == t.TOO_SHORT
    assert table(knowledge, past("sertraline", 100, 8)).trials[0].verdict == t.ADEQUATE_NON_RESPONSE


def test_counts_and_the_common_definition_sentence(knowledge):
    result = table(
        knowledge,
        past("sertraline", 100, 8),
        past("escitalopram", 10, 8, current="no"),
        past("venlafaxine", 150, 8),
        past("bupropion", 150, 3),
    )
    assert (result.failed_all, result.failed_current) == (3, 2)
    assert result.meets_common_definition
    assert "appears to be met" in result.definition_sentence
    assert "To be confirmed with records" in result.definition_sentence
    assert "Gaynes" in result.definition_sentence and "Chandler" in result.definition_sentence


def test_one_failed_trial_in_this_episode_does_not_meet_the_definition(knowledge):
    result = table(knowledge, past("sertraline", 100, 8), past("escitalopram", 10, 8, current="not_sure"))
    assert result.failed_current == 1
    assert "does not appear to be met" in result.definition_sentence


ECT_FAILED = [{"procedure_type": "ect", "procedure_helped": "not_at_all"}]


@pytest.mark.parametrize(
    "rows, procedures, stage",
    [
        ([past("sertraline", 100, 8, helped="a_lot")], (), 0),
        ([past("sertraline", 100, 8)], (), 1),
        ([past("sertraline", 100, 8), past("escitalopram", 10, 8)], (), 1),  # same class
        ([past("sertraline", 100, 8), past("venlafaxine", 150, 8)], (), 2),
        ([past("bupropion", 300, 8), past("mirtazapine", 30, 8)], (), 2),  # two different "other" antidepressants
        ([past("sertraline", 100, 8), past("venlafaxine", 150, 8), past("nortriptyline", 100, 8)], (), 3),
        ([past("sertraline", 100, 8), past("nortriptyline", 100, 8), past("phenelzine", 60, 8)], (), 4),
        ([past("sertraline", 100, 8), past("nortriptyline", 100, 8), past("phenelzine", 60, 8)], ECT_FAILED, 5),
        ([past("sertraline", 100, 8), past("phenelzine", 60, 8)], ECT_FAILED, 2),  # no TCA: stays at II
    ],
)
def test_thase_rush_stage_estimate(knowledge, rows, procedures, stage):
    result = table(knowledge, *rows, procedures=procedures)
    assert result.stage == stage
    assert "estimate" in result.stage_sentence
    assert t.STAGE_SOURCE in result.stage_sentence


def test_antidepressant_trials_without_an_adequate_failure_are_not_staged_with_the_reason_and_source(knowledge):
    result = table(knowledge, past("sertraline", 100, 8, helped="a_lot"), past("sertraline", 25, 8))
    assert result.stage_sentence.startswith("Thase–Rush: not staged (estimate): no adequate trial without response")
    assert "not reached" not in result.stage_sentence


@pytest.mark.parametrize(
    "rows",
    [[], [past("Abilify", 10, 8), past("ibuprofen", 400, 8), past("Zapotex", 100, 8)]],
    ids=["nothing listed", "only add-ons, other medicines and unknown names"],
)
def test_without_an_antidepressant_trial_the_stage_says_none_was_listed(knowledge, rows):
    result = table(knowledge, *rows)
    assert (result.stage, result.stage_sentence) == (0, "Not staged: no antidepressant trials listed.")


def test_the_table_uses_the_minimum_dose_in_the_database(knowledge):
    from prep.summaries.models import Medicine
    from prep.summaries.reference import Knowledge

    Medicine.objects.filter(generic_name="sertraline").update(min_daily_dose_mg=100)
    assert table(Knowledge.load(), past("sertraline", 50, 8)).trials[0].verdict == t.BELOW_MINIMUM_DOSE


@pytest.mark.parametrize(
    "weeks, unit, expected",
    [
        (10, None, 10),  # versions before the unit column: weeks
        (10, "weeks", 10),
        (1, "months", 4),  # 52/12 = 4.33 weeks: too short
        (2, "months", 9),  # 8.67 weeks, to the nearest week
        (12, "months", 52),
        (3, "fortnights", None),  # not a unit we know: not given, never guessed
    ],
)
def test_how_long_is_read_in_weeks_whatever_unit_the_patient_chose(weeks, unit, expected):
    row = past("sertraline", 100, weeks, weeks_at_that_dose_unit=unit) if unit else past("sertraline", 100, weeks)
    assert t.weeks_taken(row) == expected


def test_a_trial_given_in_months_is_judged_in_weeks_and_shows_what_the_patient_said(knowledge):
    short, long_enough = table(
        knowledge,
        past("sertraline", 100, 1, weeks_at_that_dose_unit="months", helped="a_little"),
        past("sertraline", 100, 2, weeks_at_that_dose_unit="months", helped="a_little"),
    ).trials
    assert (short.verdict, short.weeks, short.duration_as_given) == (t.TOO_SHORT, 4, "1 month")
    assert (long_enough.verdict, long_enough.weeks, long_enough.duration_as_given) == (t.ADEQUATE_NON_RESPONSE, 9, "2 months")


def test_a_medicine_still_taken_is_marked_so_rather_than_as_stopped(knowledge):
    still, stopped = table(knowledge, past("sertraline", 100, 8, why_stopped="still_taking"),
                           past("sertraline", 100, 8, why_stopped="did_not_help")).trials
    assert (still.still_taking, stopped.still_taking) == (True, False)
