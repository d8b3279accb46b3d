"""Scores of PHQ-9, GAD-7, AUDIT-C and the single drug-use question."""

import pytest

from prep.summaries import scoring
from tests.personas import GAD7_KEYS, PHQ9_KEYS, gad7, phq9

ALL_KEYS = set(PHQ9_KEYS) | set(GAD7_KEYS) | {"audit_c_1", "audit_c_2", "audit_c_3", "sex_at_birth", "drug_use_count"}


@pytest.mark.parametrize(
    "items, total, band",
    [
        ((0,) * 9, 0, "minimal"),
        ((1, 1, 1, 1, 0, 0, 0, 0, 0), 4, "minimal"),
        ((1, 1, 1, 1, 1, 0, 0, 0, 0), 5, "mild"),
        ((2, 2, 2, 2, 1, 0, 0, 0, 0), 9, "mild"),
        ((2, 2, 2, 2, 2, 0, 0, 0, 0), 10, "moderate"),
        ((3, 3, 3, 3, 2, 1, 0, 0, 0), 15, "moderately severe"),
        ((3, 3, 3, 3, 3, 3, 2, 0, 0), 20, "severe"),
        ((3,) * 9, 27, "severe"),
    ],
)
def test_phq9_total_and_band_at_each_edge(items, total, band):
    score = scoring.score_phq9(phq9(*items), ALL_KEYS)
    assert (score.status, score.total, score.band) == ("scored", total, band)


def test_phq9_item_9_is_reported_on_its_own():
    score = scoring.score_phq9(phq9(0, 0, 0, 0, 0, 0, 0, 0, 1), ALL_KEYS)
    assert score.total == 1 and score.item9 == 1


def test_phq9_with_a_missing_item_is_incomplete_and_never_scored_as_zero():
    answers = phq9(3, 3, 3, 3, 3, 3, 3, 3, 3)
    del answers["44259-0"]
    score = scoring.score_phq9(answers, ALL_KEYS)
    assert score.status == "incomplete"
    assert score.total is None and score.band == ""
    assert score.missing == ["item 3"]
    assert score.result == "Incomplete (8 of 9 answered): not scored"


def test_item_9_alone_raises_the_safety_signal_when_every_other_item_is_blank():
    score = scoring.score_phq9({"44260-8": "2"}, ALL_KEYS)
    assert score.result == "Incomplete (1 of 9 answered): not scored" and score.item9 == 2


def test_an_unanswered_instrument_says_not_answered():
    assert scoring.score_gad7({}, ALL_KEYS).result == "Not answered"


@pytest.mark.parametrize(
    "items, total, band",
    [((0,) * 7, 0, "minimal"), ((1, 1, 1, 1, 1, 0, 0), 5, "mild"), ((2, 2, 2, 2, 2, 0, 0), 10, "moderate"),
     ((3, 3, 3, 3, 3, 0, 0), 15, "severe")],
)
def test_gad7_total_and_band(items, total, band):
    score = scoring.score_gad7(gad7(*items), ALL_KEYS)
    assert (score.total, score.band) == (total, band)


@pytest.mark.parametrize(
    "sex, total, positive, threshold_words",
    [
        ("female", 3, True, "≥3, the threshold for women"),
        ("male", 3, False, "≥4, the threshold for men"),
        ("male", 4, True, "≥4, the threshold for men"),
        ("prefer_not", 3, True, "sex at birth not given"),
        (None, 3, True, "sex at birth not given"),
        ("female", 2, False, "≥3, the threshold for women"),
    ],
)
def test_audit_c_uses_the_sex_specific_threshold_and_says_which(sex, total, positive, threshold_words):
    answers = {"audit_c_1": "1", "audit_c_2": "1", "audit_c_3": str(total - 2)}
    if sex:
        answers["sex_at_birth"] = sex
    score = scoring.score_audit_c(answers, ALL_KEYS)
    assert score.total == total
    assert score.positive is positive
    assert threshold_words in score.threshold


def test_audit_c_items_2_and_3_score_zero_when_item_1_is_never():
    stale = {"audit_c_1": "0", "audit_c_2": "4", "audit_c_3": "4", "sex_at_birth": "female"}
    score = scoring.score_audit_c(stale, ALL_KEYS)
    assert (score.status, score.total, score.positive) == ("scored", 0, False)


def test_audit_c_with_item_2_missing_is_incomplete():
    score = scoring.score_audit_c({"audit_c_1": "3", "audit_c_3": "1"}, ALL_KEYS)
    assert score.status == "incomplete" and score.missing == ["item 2"]


@pytest.mark.parametrize("count, positive", [(0, False), (1, True), (12, True)])
def test_drug_use_question_is_positive_from_one_time(count, positive):
    score = scoring.score_drug_use({"drug_use_count": count}, ALL_KEYS)
    assert score.positive is positive


def test_hidden_items_are_not_scored():
    score = scoring.score_phq9(phq9(1, 1, 1, 1, 1, 1, 1, 1, 1), ALL_KEYS - {"44260-8"})
    assert score.status == "incomplete"


def test_a_drug_use_count_the_patient_preferred_not_to_give_says_so():
    score = scoring.score_drug_use({"drug_use_count": "prefer_not"}, ALL_KEYS | {"drug_use_count"})
    assert score.result == "Prefer not to say" and score.total is None and not score.is_scored
