"""The antidepressant trial table: every `past_medications` row with a verdict and why, the counts, and a
Thase–Rush stage estimate. Information for the clinician, to be confirmed with records — never a diagnosis.

An adequate trial: a known antidepressant at or above its minimum daily dose for at least
settings.ADEQUATE_TRIAL_WEEKS weeks, not "often missed". Non-response: helped not at all / a little / somewhat
(under 50% better; Brown et al., Depress Anxiety 2021;38:456).
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.conf import settings

# The keys the trial table reads: the `past_medications` group and its columns, and two columns of `procedures`
# (ECT without response, for stage V). prep/summaries/reads.py says which summary features use which.
PAST_MEDICATIONS = "past_medications"
DRUG = "drug"
HIGHEST_DAILY_DOSE_MG = "highest_daily_dose_mg"
WEEKS_AT_THAT_DOSE = "weeks_at_that_dose"
WEEKS_AT_THAT_DOSE_UNIT = "weeks_at_that_dose_unit"  # weeks or months; absent (older versions) means weeks
IN_CURRENT_EPISODE = "in_current_episode"
TAKEN_AS_PRESCRIBED = "taken_as_prescribed"
HELPED = "helped"
SIDE_EFFECTS = "side_effects"
WHY_STOPPED = "why_stopped"
ROLE = "role"
PROCEDURE_TYPE = "procedure_type"
PROCEDURE_HELPED = "procedure_helped"

WEEKS_PER_UNIT = {"weeks": Decimal(1), "months": Decimal(52) / Decimal(12)}

STILL_TAKING = "still_taking"

NON_RESPONSE = {"not_at_all", "a_little", "somewhat"}
RESPONSE = {"a_lot", "completely"}

ADEQUATE_NON_RESPONSE = "adequate_non_response"
ADEQUATE_RESPONSE = "adequate_response"
BELOW_MINIMUM_DOSE = "below_minimum_dose"
TOO_SHORT = "too_short"
OFTEN_MISSED = "often_missed"
UNCLEAR = "unclear"
AUGMENTATION = "augmentation"
NOT_ANTIDEPRESSANT = "not_antidepressant"
NOT_RECOGNISED = "not_recognised"

# Rows that are no antidepressant trial: staging needs none of them.
NOT_ANTIDEPRESSANT_TRIALS = {AUGMENTATION, NOT_ANTIDEPRESSANT, NOT_RECOGNISED}

VERDICT_LABELS = {
    ADEQUATE_NON_RESPONSE: "Adequate, non-response",
    ADEQUATE_RESPONSE: "Adequate, with response",
    BELOW_MINIMUM_DOSE: "Below minimum dose",
    TOO_SHORT: "Too short",
    OFTEN_MISSED: "Not adequate: often missed",
    UNCLEAR: "Unclear",
    AUGMENTATION: "Augmentation agent",
    NOT_ANTIDEPRESSANT: "Not an antidepressant",
    NOT_RECOGNISED: "Not recognised",
}

STAGE_NAMES = {0: "not staged", 1: "I", 2: "II", 3: "III", 4: "IV", 5: "V"}
STAGE_SOURCE = "Thase & Rush, J Clin Psychiatry 1997;58 suppl 13:23"
DEFINITION_SOURCE = "Gaynes et al., Depress Anxiety 2020;37:134"
UNDERCOUNT_SOURCE = "Chandler et al., CNS Neurosci Ther 2010;16:322"


@dataclass
class Trial:
    typed: str
    drug: str  # generic (brand as typed), or the name as typed when not recognised
    recognised: bool
    drug_class: str = ""
    trial_class: str = ""
    dose_mg: Decimal | None = None
    dose_from_name: bool = False
    weeks: int | None = None
    duration_as_given: str = ""  # "2 months" when the patient did not answer in weeks
    in_current_episode: str = ""  # the stored value: yes / no / not_sure / ""
    in_current_episode_words: str = ""
    adherence: str = ""
    adherence_words: str = ""
    helped: str = ""
    helped_words: str = ""
    side_effects: str = ""
    why_stopped_words: str = ""
    still_taking: bool = False
    role: str = ""
    role_words: str = ""
    min_dose_mg: Decimal | None = None
    verdict: str = UNCLEAR
    reasons: list = field(default_factory=list)
    shortfalls: list = field(default_factory=list)  # every reason it is not adequate: below dose, too short, ...
    brand: str = ""
    generic: str = ""

    @property
    def verdict_label(self):
        return VERDICT_LABELS[self.verdict]

    @property
    def why(self):
        return "; ".join(self.reasons)

    @property
    def typed_differs(self):
        """True when the name as typed says more than the generic and brand shown (e.g. "Zoloft 100mg")."""
        return self.recognised and self.typed.strip().lower() not in {self.generic.lower(), self.brand.lower()}

    @property
    def is_adequate(self):
        return self.verdict in (ADEQUATE_NON_RESPONSE, ADEQUATE_RESPONSE)

    @property
    def failed(self):
        return self.verdict == ADEQUATE_NON_RESPONSE

    @property
    def is_antidepressant_trial(self):
        return self.verdict not in NOT_ANTIDEPRESSANT_TRIALS

    @property
    def in_current(self):
        return self.in_current_episode == "yes"

    @property
    def dose_words(self):
        if self.dose_mg is None:
            return ""
        return f"{plain_number(self.dose_mg)}{' (from name)' if self.dose_from_name else ''}"


@dataclass
class TrialTable:
    trials: list
    minimum_weeks: int
    failed_all: int = 0
    failed_current: int = 0
    meets_common_definition: bool = False
    definition_sentence: str = ""
    stage: int = 0
    stage_sentence: str = ""
    ect_failed: bool = False

    @property
    def stage_name(self):
        return STAGE_NAMES[self.stage]

    @property
    def count_sentence(self):
        return (
            f"{self.failed_all} adequate trial{'s' if self.failed_all != 1 else ''} without response reported "
            f"({self.failed_current} in the current episode)."
        )


def plain_number(value):
    """100 rather than 100.000; 0.5 stays 0.5."""
    if value is None:
        return ""
    text = format(Decimal(value).normalize(), "f")
    return text


def as_decimal(value):
    if value in (None, "") or isinstance(value, bool):
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def weeks_taken(row):
    """How long at that dose in whole weeks, the one place a number of months becomes weeks (a month is 52/12
    weeks, rounded to the nearest week). No unit saved means weeks, as the question read before it offered months;
    an unknown unit gives None, shown as not given rather than guessed."""
    number = as_decimal(row.get(WEEKS_AT_THAT_DOSE))
    factor = WEEKS_PER_UNIT.get(row.get(WEEKS_AT_THAT_DOSE_UNIT) or "weeks")
    if number is None or factor is None:
        return None
    return int((number * factor).to_integral_value(rounding=ROUND_HALF_UP))


def duration_words(row):
    """What the patient said, when it was not in weeks: "2 months", for the trial table next to the weeks."""
    unit = row.get(WEEKS_AT_THAT_DOSE_UNIT)
    number = as_decimal(row.get(WEEKS_AT_THAT_DOSE))
    if number is None or unit in (None, "", "weeks") or unit not in WEEKS_PER_UNIT:
        return ""
    return f"{plain_number(number)} {'month' if number == 1 else 'months'}"


def judge(trial, medicine, minimum_weeks):
    """Set the trial's verdict and reasons, in the order the rules are checked."""
    if medicine is None:
        trial.verdict = NOT_RECOGNISED
        trial.reasons.append("name not in the medicine list: check the name")
        return
    if medicine.is_augmentation:
        trial.verdict = AUGMENTATION
        trial.reasons.append("recognised add-on medicine; not counted as an antidepressant trial")
        if trial.role == "main":
            trial.reasons.append("the patient marked it as their main antidepressant: check its role")
        return
    if not medicine.is_antidepressant:
        trial.verdict = NOT_ANTIDEPRESSANT
        trial.reasons.append(f"{medicine.generic_name} is not on the antidepressant list")
        return
    trial.min_dose_mg = medicine.min_daily_dose_mg
    gaps = []
    if trial.dose_mg is None:
        gaps.append("dose not given")
    if trial.weeks is None:
        gaps.append("weeks not given")
    if medicine.min_daily_dose_mg is None:
        gaps.append("no minimum dose in the table")
    shortfalls = []
    if trial.dose_mg is not None and medicine.min_daily_dose_mg is not None:
        if trial.dose_mg < medicine.min_daily_dose_mg:
            shortfalls.append(
                (BELOW_MINIMUM_DOSE, f"{plain_number(trial.dose_mg)} mg/day is below the minimum "
                                     f"{plain_number(medicine.min_daily_dose_mg)} mg/day")
            )
    if trial.weeks is not None and trial.weeks < minimum_weeks:
        shortfalls.append((TOO_SHORT, f"{trial.weeks} weeks is under {minimum_weeks} weeks"))
    if trial.adherence == "often_missed":
        shortfalls.append((OFTEN_MISSED, "doses often missed"))
    trial.shortfalls = [verdict for verdict, _words in shortfalls]
    if shortfalls:
        trial.verdict = shortfalls[0][0]
        trial.reasons += [words for _verdict, words in shortfalls] + gaps
    elif gaps:
        trial.verdict = UNCLEAR
        trial.reasons += gaps
    elif trial.helped in NON_RESPONSE:
        trial.verdict = ADEQUATE_NON_RESPONSE
        trial.reasons.append(f"≥{plain_number(medicine.min_daily_dose_mg)} mg/day for ≥{minimum_weeks} weeks; "
                             "under half better")
    elif trial.helped in RESPONSE:
        trial.verdict = ADEQUATE_RESPONSE
        trial.reasons.append(f"≥{plain_number(medicine.min_daily_dose_mg)} mg/day for ≥{minimum_weeks} weeks; "
                             "more than half better")
    else:
        trial.verdict = UNCLEAR
        trial.reasons.append("response not sure" if trial.helped == "not_sure" else "response not given")
    if trial.dose_from_name:
        trial.reasons.append("dose read from the name typed (dose column empty)")
    if medicine.dose_needs_clinic_confirmation and medicine.min_daily_dose_mg is not None:
        trial.reasons.append("minimum dose is a clinic default to confirm")


def build_trials(rows, columns, knowledge, *, procedures=(), minimum_weeks=None):
    """The trial table from `past_medications` rows; `columns` maps column key → Question (for labels)."""
    minimum_weeks = settings.ADEQUATE_TRIAL_WEEKS if minimum_weeks is None else minimum_weeks

    def words(key, value):
        column = columns.get(key)
        if value in (None, ""):
            return ""
        return str(column.label_for(str(value))) if column is not None else str(value)

    trials = []
    for row in rows or []:
        match = knowledge.match(row.get(DRUG, ""))
        dose = as_decimal(row.get(HIGHEST_DAILY_DOSE_MG))
        dose_from_name = False
        if dose is None and match.dose_mg is not None:
            dose, dose_from_name = match.dose_mg, True
        medicine = match.medicine
        trial = Trial(
            typed=match.typed,
            drug=match.display,
            recognised=match.recognised,
            generic=medicine.generic_name if medicine else "",
            brand=match.brand,
            drug_class=medicine.class_label if medicine else "",
            trial_class=medicine.trial_class if medicine else "",
            dose_mg=dose,
            dose_from_name=dose_from_name,
            weeks=weeks_taken(row),
            duration_as_given=duration_words(row),
            in_current_episode=str(row.get(IN_CURRENT_EPISODE) or ""),
            in_current_episode_words=words(IN_CURRENT_EPISODE, row.get(IN_CURRENT_EPISODE)),
            adherence=str(row.get(TAKEN_AS_PRESCRIBED) or ""),
            adherence_words=words(TAKEN_AS_PRESCRIBED, row.get(TAKEN_AS_PRESCRIBED)),
            helped=str(row.get(HELPED) or ""),
            helped_words=words(HELPED, row.get(HELPED)),
            side_effects=str(row.get(SIDE_EFFECTS) or ""),
            why_stopped_words=words(WHY_STOPPED, row.get(WHY_STOPPED)),
            still_taking=row.get(WHY_STOPPED) == STILL_TAKING,
            role=str(row.get(ROLE) or ""),
            role_words=words(ROLE, row.get(ROLE)),
        )
        judge(trial, medicine, minimum_weeks)
        trials.append(trial)
    table = TrialTable(trials=trials, minimum_weeks=minimum_weeks)
    failed = [trial for trial in trials if trial.failed]
    table.failed_all = len(failed)
    table.failed_current = sum(1 for trial in failed if trial.in_current)
    table.meets_common_definition = table.failed_current >= 2
    table.definition_sentence = definition_sentence(table)
    table.ect_failed = any(
        row.get(PROCEDURE_TYPE) == "ect" and row.get(PROCEDURE_HELPED) in NON_RESPONSE for row in procedures or []
    )
    listed = any(trial.is_antidepressant_trial for trial in trials)
    table.stage, table.stage_sentence = thase_rush_stage(failed, table.ect_failed, listed=listed)
    return table


def definition_sentence(table):
    common = (
        f"the common research definition of treatment-resistant depression (≥2 adequate trials without response in "
        f"the current episode; {DEFINITION_SOURCE})"
    )
    confirm = f"To be confirmed with records: self-report under-counts failed trials ({UNDERCOUNT_SOURCE})."
    if table.meets_common_definition:
        return f"From what the patient reported, {common} appears to be met. {confirm}"
    return f"From what the patient reported, {common} does not appear to be met. {confirm}"


def thase_rush_stage(failed, ect_failed, *, listed=True):
    """Stage I–V from adequate trials without response (any episode) and ECT without response; 0 if none.

    `listed`: whether any antidepressant trial was listed at all (without one there is nothing to stage).
    """
    classes = {trial.trial_class for trial in failed}
    stage, why = 0, "no adequate trial without response reported"
    if failed:
        stage, why = 1, "at least one adequate trial without response"
    if stage == 1 and len(classes) >= 2:
        stage, why = 2, "adequate trials without response in two or more different classes"
    if stage == 2 and "tca" in classes:
        stage, why = 3, "stage II plus a tricyclic without response"
    if stage == 3 and "maoi" in classes:
        stage, why = 4, "stage III plus an MAOI without response"
    if stage == 4 and ect_failed:
        stage, why = 5, "stage IV plus ECT without response"
    if not stage and not listed:
        return stage, "Not staged: no antidepressant trials listed."
    lead = f"Thase–Rush stage {STAGE_NAMES[stage]} (estimate)" if stage else "Thase–Rush: not staged (estimate)"
    return stage, f"{lead}: {why}, from all reported episodes ({STAGE_SOURCE})."
