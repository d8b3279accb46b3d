"""Scores of the validated instruments, from a response's shown answers.

An instrument with an unanswered item is "incomplete" and lists what is missing: a gap is never scored as zero.
Definitions (item keys, bands) come from prep/questionnaires/instruments.py.
"""

from dataclasses import dataclass, field

from prep.questionnaires.instruments import AUDIT_C, GAD7, PHQ9, PHQ9_ITEM_9

SCORED = "scored"
INCOMPLETE = "incomplete"
NOT_ANSWERED = "not_answered"
DECLINED = "declined"  # the patient chose "Prefer not to say"
PREFER_NOT = "prefer_not"

# AUDIT-C is positive at ≥4 for men and ≥3 for women (Bradley et al., Arch Intern Med 2003;163:821); where sex is
# not given the lower threshold is used, and the summary says so.
AUDIT_C_THRESHOLDS = {
    "male": (4, "≥4, the threshold for men"),
    "female": (3, "≥3, the threshold for women"),
}
AUDIT_C_THRESHOLD_UNKNOWN = (3, "≥3: sex at birth not given, so the lower (women's) threshold was used")
DRUG_USE_KEY = "drug_use_count"
SEX_AT_BIRTH = "sex_at_birth"


@dataclass
class Score:
    code: str
    name: str
    status: str
    maximum: int
    total: int | None = None
    band: str = ""
    positive: bool | None = None
    threshold: str = ""
    missing: list = field(default_factory=list)  # wording of unanswered items
    notes: list = field(default_factory=list)
    item9: int | None = None  # PHQ-9 only: item 9 on its own (a safety signal whatever the total)
    items: int = 0  # how many items the measure has

    @property
    def is_scored(self):
        return self.status == SCORED

    @property
    def result(self):
        """The score in words, for the first page."""
        if self.status == NOT_ANSWERED:
            return "Not answered"
        if self.status == DECLINED:
            return "Prefer not to say"
        if self.status == INCOMPLETE:
            return f"Incomplete ({self.items - len(self.missing)} of {self.items} answered): not scored"
        if self.code == "drug_use":
            times = "time" if self.total == 1 else "times"
            return f"{self.total} {times} in the past year · {'positive' if self.positive else 'negative'}"
        if self.band:
            return f"{self.total} of {self.maximum} · {self.band}"
        if self.positive is not None:
            return f"{self.total} of {self.maximum} · {'positive' if self.positive else 'negative'}"
        return f"{self.total} of {self.maximum}"


def item_value(answers, shown, key):
    """An item's numeric score, or None when it was not answered (or not shown)."""
    if key not in shown:
        return None
    value = answers.get(key)
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return None


def item_wording(questions_by_key, key, number):
    question = questions_by_key.get(key)
    return f"item {number}: {question.text}" if question is not None else f"item {number}"


def score_sum(instrument, answers, shown, questions_by_key, *, maximum):
    values = [item_value(answers, shown, key) for key in instrument.item_keys]
    missing = [
        item_wording(questions_by_key, key, number)
        for number, (key, value) in enumerate(zip(instrument.item_keys, values), 1)
        if value is None
    ]
    if len(missing) == len(values):
        return Score(instrument.code, instrument.name, NOT_ANSWERED, maximum)
    if missing:
        return Score(instrument.code, instrument.name, INCOMPLETE, maximum, missing=missing, items=len(values))
    total = sum(values)
    return Score(instrument.code, instrument.name, SCORED, maximum, total=total, band=instrument.band_for(total))


def score_phq9(answers, shown, questions_by_key=None):
    score = score_sum(PHQ9, answers, shown, questions_by_key or {}, maximum=27)
    score.item9 = item_value(answers, shown, PHQ9_ITEM_9)
    return score


def score_gad7(answers, shown, questions_by_key=None):
    return score_sum(GAD7, answers, shown, questions_by_key or {}, maximum=21)


def score_audit_c(answers, shown, questions_by_key=None):
    """AUDIT-C: if item 1 is Never, items 2 and 3 score 0; positive by the sex-specific threshold."""
    questions_by_key = questions_by_key or {}
    first = item_value(answers, shown, AUDIT_C.item_keys[0])
    if first is None:
        return Score(AUDIT_C.code, AUDIT_C.name, NOT_ANSWERED, 12)
    if first == 0:
        values = [0, 0, 0]
    else:
        values = [first] + [item_value(answers, shown, key) for key in AUDIT_C.item_keys[1:]]
    missing = [
        item_wording(questions_by_key, key, number)
        for number, (key, value) in enumerate(zip(AUDIT_C.item_keys, values), 1)
        if value is None
    ]
    if missing:
        return Score(AUDIT_C.code, AUDIT_C.name, INCOMPLETE, 12, missing=missing, items=len(values))
    total = sum(values)
    sex = answers.get(SEX_AT_BIRTH) if SEX_AT_BIRTH in shown else None
    limit, words = AUDIT_C_THRESHOLDS.get(sex, AUDIT_C_THRESHOLD_UNKNOWN)
    score = Score(AUDIT_C.code, AUDIT_C.name, SCORED, 12, total=total, positive=total >= limit, threshold=words)
    if first == 0:
        score.notes.append("Drinks never: items 2 and 3 score 0.")
    return score


def score_drug_use(answers, shown, questions_by_key=None):
    """The NIDA single question (Smith et al., Arch Intern Med 2010;170:1155): 1 or more times is positive."""
    count = item_value(answers, shown, DRUG_USE_KEY)
    if count is None:
        declined = DRUG_USE_KEY in shown and answers.get(DRUG_USE_KEY) == PREFER_NOT
        return Score("drug_use", "Drug use (single question)", DECLINED if declined else NOT_ANSWERED, 0)
    score = Score("drug_use", "Drug use (single question)", SCORED, 0, total=count, positive=count >= 1)
    score.threshold = "≥1 time in the past year"
    return score


def all_scores(answers, shown, questions_by_key=None):
    return [
        scorer(answers, shown, questions_by_key)
        for scorer in (score_phq9, score_gad7, score_audit_c, score_drug_use)
    ]
