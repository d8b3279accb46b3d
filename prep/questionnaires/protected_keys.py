"""Question keys the summary's clinical rules read, and which summary features stop working without them.

Source: shared/clinical-content.md, "Rules the summary applies", and the scoring, flags and trial code in
prep/summaries. When a rule starts reading a new key, add the key here so the question editor warns about it.
"""

from prep.questionnaires.instruments import AUDIT_C, GAD7, PHQ9, PHQ9_ITEM_9

TRIALS = ["antidepressant trial table", "adequate-trial count", "treatment-resistance criterion", "Thase–Rush stage"]
CURRENT = ["current medicines list", "medication combinations to review", "dose checks (below minimum, citalopram limit)"]
CONTRIBUTORS = "possible contributors to poor response"
BIPOLAR = ["bipolar features flag"]
TREATMENT_HISTORY = "treatment history"
BUPROPION_DRINKING = "bupropion with heavy drinking"
BUPROPION_EATING_DISORDER = "bupropion with an eating disorder"

FEATURES = {
    "past_medications": TRIALS,
    "drug": TRIALS,
    "highest_daily_dose_mg": ["adequate-trial verdicts (dose)", "Thase–Rush stage", f"{CONTRIBUTORS} (low doses)"],
    "weeks_at_that_dose": ["adequate-trial verdicts (duration)", "Thase–Rush stage"],
    "in_current_episode": ["adequate trials in the current episode", "treatment-resistance criterion"],
    "taken_as_prescribed": ["adequate-trial verdicts (“often missed”)"],
    "helped": ["adequate-trial verdicts (response)", "treatment-resistance criterion", "Thase–Rush stage"],
    "role": ["antidepressant trial table (main or added)"],
    "why_stopped": ["antidepressant trial table"],
    "side_effects": ["antidepressant trial table"],
    "current_medications": CURRENT,
    "name": CURRENT,
    "dose": ["dose checks (below minimum, citalopram limit)", "current medicines list"],
    "how_often": ["dose checks (below minimum, citalopram limit)", "current medicines list"],
    "what_for": ["current medicines list"],
    "prescribed": ["current medicines list"],
    "supplements_checklist": [f"{CONTRIBUTORS} (interacting supplement)", "medication combinations to review"],
    "missed_doses_2wk": [f"{CONTRIBUTORS} (missed doses)"],
    "changed_dose_self": [f"{CONTRIBUTORS} (dose changed without the doctor)"],
    "sex_at_birth": ["AUDIT-C threshold (men ≥4, women ≥3)"],
    "drug_use_count": ["drug use score", f"{CONTRIBUTORS} (drug use)"],
    "conditions": [f"{CONTRIBUTORS} (thyroid, sleep apnoea, chronic pain)", "medication combinations to review"],
    "other_diagnoses": [BUPROPION_EATING_DISORDER],
    "thyroid_test_last_year": [f"{CONTRIBUTORS} (no thyroid test)"],
    "sleep_quality": [f"{CONTRIBUTORS} (poor sleep)"],
    "bipolar_diagnosed": BIPOLAR,
    "high_energy_periods": BIPOLAR,
    "family_history": BIPOLAR,
    "past_self_harm": ["safety history flag"],
    "past_suicide_attempt": ["safety history flag"],
    "thoughts_today": ["URGENT safety flag"],
    "psychotherapy": [TREATMENT_HISTORY],
    "therapy_type": [TREATMENT_HISTORY],
    "therapy_sessions": [TREATMENT_HISTORY],
    "therapy_helped": [TREATMENT_HISTORY],
    "therapy_when": [TREATMENT_HISTORY],
    "procedures": [TREATMENT_HISTORY, "Thase–Rush stage V (ECT)"],
    "procedure_type": [TREATMENT_HISTORY, "Thase–Rush stage V (ECT)"],
    "procedure_sessions": [TREATMENT_HISTORY],
    "procedure_helped": [TREATMENT_HISTORY, "Thase–Rush stage V (ECT)"],
    "procedure_side_effects": [TREATMENT_HISTORY],
    "procedure_when": [TREATMENT_HISTORY],
    **{key: ["PHQ-9 score and band"] for key in PHQ9.item_keys},
    PHQ9_ITEM_9: ["PHQ-9 score and band", "URGENT safety flag"],
    **{key: ["GAD-7 score and band"] for key in GAD7.item_keys},
    **{key: ["AUDIT-C score", f"{CONTRIBUTORS} (heavy drinking)", BUPROPION_DRINKING] for key in AUDIT_C.item_keys},
}

CONFIRM_LABEL = "I understand these summary features will stop working"


def features_for(key):
    return FEATURES.get(key, [])


def describe(keys):
    """“key → feature, feature” lines for the protected keys among these, in the given order."""
    return [f"{key} → {', '.join(features_for(key))}" for key in dict.fromkeys(keys) if key in FEATURES]


def keys_removed_with(question):
    """The question's key and, for a group, its columns' keys: what deleting it takes away."""
    keys = [question.key]
    if question.pk and question.is_group:
        keys += list(question.columns.values_list("key", flat=True))
    return keys
