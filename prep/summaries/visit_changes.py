"""What changed since the patient's last visit: medicines started, stopped or changed in dose (by generic name, so
"Zoloft" and "sertraline" are one medicine), new antidepressant trials, new conditions and diagnoses."""

import datetime
from dataclasses import dataclass, field

from prep.summaries.medicines import clean_name, daily_dose_mg
from prep.summaries.summary import CURRENT_MEDICATIONS, MEDICINE_DOSE, MEDICINE_HOW_OFTEN, MEDICINE_NAME
from prep.summaries.trials import PAST_MEDICATIONS
from prep.summaries.trials import DRUG as TRIAL_DRUG

CONDITIONS = "conditions"
DIAGNOSES = "other_diagnoses"
NONE_OF_THESE = {"none", "not_sure"}


@dataclass
class DoseChange:
    medicine: str
    before: str
    after: str


@dataclass
class VisitChanges:
    previous_day: datetime.date
    started: list = field(default_factory=list)
    stopped: list = field(default_factory=list)
    dose_changed: list = field(default_factory=list)
    new_trials: list = field(default_factory=list)
    new_conditions: list = field(default_factory=list)
    confirmed: list = field(default_factory=list)  # wording of the carried-forward questions sent back unchanged

    @property
    def nothing_changed(self):
        return not (self.started or self.stopped or self.dose_changed or self.new_trials or self.new_conditions)


@dataclass
class Medicine:
    name: str
    dose_words: str
    daily_mg: object


def medicine_identity(typed, knowledge):
    """(the name that identifies the medicine, the name to show): its generic name when the list knows it."""
    match = knowledge.match(typed)
    if match.recognised:
        return match.medicine.generic_name, match.medicine.generic_name
    return clean_name(typed), str(typed).strip()


def medicines_by_identity(answers, knowledge):
    medicines = {}
    for row in rows_of(answers, CURRENT_MEDICATIONS):
        identity, name = medicine_identity(row.get(MEDICINE_NAME, ""), knowledge)
        if not identity:
            continue
        dose = str(row.get(MEDICINE_DOSE) or "").strip()
        how_often = str(row.get(MEDICINE_HOW_OFTEN) or "").strip()
        daily = daily_dose_mg(dose, how_often) if dose else knowledge.match(row.get(MEDICINE_NAME, "")).dose_mg
        medicines[identity] = Medicine(name, " ".join(part for part in (dose, how_often) if part), daily)
    return medicines


def rows_of(answers, key):
    value = answers.get(key)
    return [row for row in value if isinstance(row, dict)] if isinstance(value, list) else []


def dose_differs(before, after):
    if before.daily_mg is not None and after.daily_mg is not None:
        return before.daily_mg != after.daily_mg
    return clean_name(before.dose_words) != clean_name(after.dose_words)


def trial_names(answers, knowledge):
    return {medicine_identity(row.get(TRIAL_DRUG, ""), knowledge) for row in rows_of(answers, PAST_MEDICATIONS)}


def new_choices(before, after, key, by_key):
    question = by_key.get(key)
    old = set(before.get(key) or []) if isinstance(before.get(key), list) else set()
    now = after.get(key) if isinstance(after.get(key), list) else []
    return [str(question.label_for(value)) if question else value
            for value in now if value not in old and value not in NONE_OF_THESE]


def visit_changes(before, after, *, previous_day, questions, knowledge, confirmed_keys=()):
    """The changes from the answers sent at the previous visit (`before`) to this visit's (`after`)."""
    by_key = {question.key: question for question in questions}
    old, new = medicines_by_identity(before, knowledge), medicines_by_identity(after, knowledge)
    changes = VisitChanges(previous_day=previous_day)
    changes.started = [medicine.name + (f" {medicine.dose_words}" if medicine.dose_words else "")
                       for identity, medicine in new.items() if identity not in old]
    changes.stopped = [medicine.name for identity, medicine in old.items() if identity not in new]
    changes.dose_changed = [
        DoseChange(new[identity].name, old[identity].dose_words or "dose not given", new[identity].dose_words or "dose not given")
        for identity in new if identity in old and dose_differs(old[identity], new[identity])
    ]
    earlier_trials = {identity for identity, _name in trial_names(before, knowledge)}
    changes.new_trials = sorted(name for identity, name in trial_names(after, knowledge) if identity not in earlier_trials)
    changes.new_conditions = new_choices(before, after, CONDITIONS, by_key) + new_choices(before, after, DIAGNOSES, by_key)
    changes.confirmed = [by_key[key].text for key in confirmed_keys if key in by_key]
    return changes
