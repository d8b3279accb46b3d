"""Which question keys each summary feature reads: the one declaration of the keys the summary relies on.

The rule modules name the keys where they read them (scoring.py, trials.py, flags.py, summary.py) and the answer
flags carry theirs in their triggers; this module says which feature reads which, from those same names. The question
editor protects exactly these keys (prep/questionnaires/protected_keys.py), and tests/summaries/test_reads.py records
every key the rules read for the test personas and checks that it is declared here.

Keys read through another feature are declared by both: the contributors flag reads the AUDIT-C items because it
uses the AUDIT-C result. Choice values are not declared here: the answer flags' values are data in their rules, and
the combination rules' conditions and diagnoses are rows an admin edits (prep/summaries/data/interaction_rules.yaml).
"""

from dataclasses import dataclass

from prep.questionnaires.instruments import AUDIT_C, GAD7, PHQ9
from prep.summaries import flags, scoring, summary, trials


@dataclass(frozen=True)
class Reads:
    """A summary feature and the question keys (group columns included) it reads."""

    feature: str
    keys: tuple


def trigger_keys(triggers):
    """The keys of ((question key, values that raise it), ...), as in AnswerRule.triggers."""
    return tuple(key for key, _values in triggers)


# Positive or not needs the sex-specific threshold.
AUDIT_C_RESULT = (*AUDIT_C.item_keys, scoring.SEX_AT_BIRTH)
TRIAL_VERDICT = (
    trials.PAST_MEDICATIONS,
    trials.DRUG,
    trials.HIGHEST_DAILY_DOSE_MG,
    trials.WEEKS_AT_THAT_DOSE,
    trials.WEEKS_AT_THAT_DOSE_UNIT,
    trials.TAKEN_AS_PRESCRIBED,
    trials.HELPED,
)
# The facts of current medicines and ticked supplements (classes, tags such as "interacting_supplement").
MEDICINE_FACTS = (summary.CURRENT_MEDICATIONS, summary.MEDICINE_NAME, flags.SUPPLEMENTS_CHECKLIST)

READS = (
    Reads("PHQ-9 score and band", PHQ9.item_keys),
    Reads("GAD-7 score and band", GAD7.item_keys),
    Reads("AUDIT-C score", AUDIT_C_RESULT),
    Reads("drug use score", (scoring.DRUG_USE_KEY,)),
    Reads(
        "antidepressant trial table",
        (*TRIAL_VERDICT, trials.IN_CURRENT_EPISODE, trials.ROLE, trials.WHY_STOPPED, trials.SIDE_EFFECTS),
    ),
    Reads("adequate-trial count and treatment-resistance criterion", (*TRIAL_VERDICT, trials.IN_CURRENT_EPISODE)),
    Reads("Thase–Rush stage", (*TRIAL_VERDICT, summary.PROCEDURES, trials.PROCEDURE_TYPE, trials.PROCEDURE_HELPED)),
    Reads(
        "current medicines list",
        (
            summary.CURRENT_MEDICATIONS,
            summary.MEDICINE_NAME,
            summary.MEDICINE_DOSE,
            summary.MEDICINE_HOW_OFTEN,
            summary.MEDICINE_WHAT_FOR,
            summary.MEDICINE_PRESCRIBED,
        ),
    ),
    Reads(
        "treatment history",
        (
            summary.PSYCHOTHERAPY,
            *summary.THERAPY_COLUMNS.values(),
            summary.PROCEDURES,
            *summary.PROCEDURE_COLUMNS.values(),
        ),
    ),
    Reads("supplements list", (flags.SUPPLEMENTS_CHECKLIST,)),
    Reads("URGENT safety flag", trigger_keys(flags.URGENT_SAFETY.triggers)),
    Reads("safety history flag", trigger_keys(flags.SAFETY_HISTORY.triggers)),
    Reads("bipolar features flag", trigger_keys(flags.BIPOLAR_FEATURES.triggers)),
    Reads(
        flags.CONTRIBUTORS_TITLE.lower(),
        (
            *trigger_keys(flags.CONTRIBUTOR_ANSWERS),
            # below the minimum dose, or often missed
            trials.PAST_MEDICATIONS,
            trials.DRUG,
            trials.HIGHEST_DAILY_DOSE_MG,
            trials.TAKEN_AS_PRESCRIBED,
            *AUDIT_C_RESULT,
            scoring.DRUG_USE_KEY,
            *MEDICINE_FACTS,
        ),
    ),
    Reads(
        "medication combinations to review",
        (
            *MEDICINE_FACTS,
            summary.MEDICINE_DOSE,
            summary.MEDICINE_HOW_OFTEN,
            *(key for key, _prefix in flags.FACT_ANSWERS),
            *AUDIT_C_RESULT,
        ),
    ),
)


def features_by_key():
    """{question key: [features that read it]}, in the order declared above."""
    features = {}
    for reads in READS:
        for key in reads.keys:
            features.setdefault(key, [])
            if reads.feature not in features[key]:
                features[key].append(reads.feature)
    return features
