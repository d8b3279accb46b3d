"""Named patients for summary tests: plain answer dicts using the default questionnaire's real keys and values.

TYPICAL   three past antidepressants (one typed "Zoloft 100mg"), four current medicines incl. St John's wort,
          PHQ-9 item 9 "1", most sections answered.
MINIMAL   only the required items.
MAXIMAL   15 past and 15 current medicines, every section, long free text.
"""

import datetime

from django.utils import timezone

PHQ9_KEYS = ("44250-9", "44255-8", "44259-0", "44254-1", "44251-7", "44258-2", "44252-5", "44253-3", "44260-8")
GAD7_KEYS = ("69725-0", "68509-9", "69733-4", "69734-2", "69735-9", "69689-8", "69736-7")


def phq9(*scores):
    return {key: str(score) for key, score in zip(PHQ9_KEYS, scores)}


def gad7(*scores):
    return {key: str(score) for key, score in zip(GAD7_KEYS, scores)}


def past(drug, dose=None, weeks=None, current="yes", taken="always", helped="not_at_all", **extra):
    row = {"drug": drug, "in_current_episode": current, "taken_as_prescribed": taken, "helped": helped}
    if dose is not None:
        row["highest_daily_dose_mg"] = dose
    if weeks is not None:
        row["weeks_at_that_dose"] = weeks
    row.update(extra)
    return row


def now(name, dose="", how_often="", what_for="", prescribed="yes"):
    row = {"name": name, "prescribed": prescribed}
    row.update({key: value for key, value in (("dose", dose), ("how_often", how_often), ("what_for", what_for)) if value})
    return row


MINIMAL = {
    "visit_goals": "Feel better.",
    **phq9(0, 0, 0, 0, 0, 0, 0, 0, 0),
    **gad7(0, 0, 0, 0, 0, 0, 0),
    "audit_c_1": "0",
    "drug_use_count": 0,
}

TYPICAL = {
    "visit_goals": "My mood has not lifted after three medicines. I want to know what else I can try.",
    "visit_questions": "Is it safe to keep taking St John's wort with my prescription?",
    **phq9(2, 3, 2, 3, 1, 2, 2, 1, 1),
    "69722-7": "very",
    "thoughts_today": "no",
    **gad7(2, 2, 1, 1, 1, 2, 1),
    "stressors": ["work_school", "money"],
    "stressors_detail": "Long hours at work; behind on rent since the spring.",
    "support": "one_or_two",
    "childhood_adversity": "prefer_not",
    "living_situation": "With my partner",
    "first_episode_age": 24,
    "episode_count": "three_to_five",
    "current_episode_months": 18,
    "hospitalised": "no",
    "past_medications": [
        past("Zoloft 100mg", weeks=10, helped="a_little", why_stopped="did_not_help", role="main",
             side_effects="Nausea for the first weeks"),
        past("escitalopram", 10, 8, helped="somewhat", why_stopped="still_taking", role="main"),
        past("Wellbutrin XL", 150, 4, taken="sometimes_missed", helped="not_sure", why_stopped="side_effects",
             role="added", side_effects="Felt jittery"),
    ],
    "psychotherapy": [
        {"therapy_type": "cbt", "therapy_sessions": 12, "therapy_helped": "a_little", "therapy_when": "2022"},
    ],
    "pharmacogenetic_test": "no",
    "current_medications": [
        now("Lexapro", "10 mg", "once a day", "depression"),
        now("St John's wort", "300 mg", "twice a day", "mood", prescribed="no"),
        now("ibuprofen", "400 mg", "when needed", "back pain", prescribed="no"),
        now("Vitamin D", "1000 IU", "once a day", "", prescribed="no"),
    ],
    "supplements_checklist": ["st_johns_wort", "vitamin_d"],
    "missed_doses_2wk": "one_two",
    "changed_dose_self": "no",
    "therapy_attendance": "not_in_therapy",
    "sex_at_birth": "female",
    "audit_c_1": "2",
    "audit_c_2": "0",
    "audit_c_3": "1",
    "drug_use_count": 0,
    "tobacco": "never",
    "caffeine_per_day": 3,
    "want_help_substances": "no",
    "conditions": ["chronic_pain", "migraine"],
    "conditions_detail": "Lower back pain since a fall in 2019.",
    "pregnancy": "none",
    "thyroid_test_last_year": "yes",
    "sleep_hours": 5.5,
    "sleep_quality": "poor",
    "exercise_days_per_week": 1,
    "weight_change": "gained",
    "bipolar_diagnosed": "no",
    "high_energy_periods": "not_sure",
    "family_history": ["depression"],
    "other_diagnoses": ["anxiety"],
    "past_self_harm": "no",
    "past_suicide_attempt": "no",
}

LONG_TEXT = (
    "I have been struggling for a long time and it is hard to put into words. Most days start well enough but by "
    "the afternoon everything feels heavy, and I stop answering messages from friends. Work has become harder and "
    "I worry that I will lose my job if this goes on. I would like to understand why none of the medicines have "
    "worked for long, and whether there are treatments I have not heard of. "
) * 3

MAXIMAL_PAST = [
    past("Prozac", 20, 8, current="no", helped="a_lot", why_stopped="felt_better", role="main"),
    past("Zoloft 150 mg", weeks=12, helped="a_little", why_stopped="did_not_help", role="main",
         side_effects="Nausea, trouble sleeping, and a loss of interest in sex that lasted the whole time"),
    past("citalopram", 40, 10, helped="not_at_all", why_stopped="did_not_help", role="main"),
    past("Effexor XR", 225, 9, helped="somewhat", why_stopped="side_effects", role="main", side_effects="Sweating"),
    past("Cymbalta", 30, 6, helped="not_at_all", why_stopped="did_not_help", role="main"),
    past("Wellbutrin SR", 300, 5, taken="often_missed", helped="not_sure", why_stopped="other", role="added"),
    past("mirtazapine", 30, 7, helped="a_little", why_stopped="side_effects", role="main", side_effects="Weight gain"),
    past("Trintellix", 20, 8, current="not_sure", helped="somewhat", why_stopped="cost", role="main"),
    past("nortriptyline", 100, 8, helped="not_at_all", why_stopped="did_not_help", role="main"),
    past("Nardil", 60, 8, helped="a_little", why_stopped="did_not_help", role="main"),
    past("Abilify", 5, 10, helped="a_little", why_stopped="side_effects", role="added", side_effects="Restless"),
    past("lithium", 900, 12, helped="somewhat", why_stopped="still_taking", role="added"),
    past("Cytomel 25mcg", None, 6, helped="not_sure", why_stopped="other", role="added"),
    past("Seroquel XR", 150, 4, helped="a_little", why_stopped="side_effects", role="added"),
    past("Happy-Calm herbal blend", None, None, current="not_sure", taken="sometimes_missed", helped="not_sure",
         why_stopped="other"),
]

MAXIMAL_CURRENT = [
    now("Nardil", "15 mg", "three times a day", "depression"),
    now("sertraline", "50 mg", "once a day", "depression"),
    now("Lithobid", "300 mg", "three times a day", "mood"),
    now("Advil", "400 mg", "as needed", "headaches", prescribed="no"),
    now("lisinopril", "10 mg", "once a day", "blood pressure"),
    now("Imitrex", "50 mg", "as needed", "migraine"),
    now("tramadol", "50 mg", "twice a day", "back pain"),
    now("Celexa", "60 mg", "once a day", "depression"),
    now("Wellbutrin XL 300 mg", "", "once a day", "depression"),
    now("Sudafed", "60 mg", "as needed", "colds", prescribed="no"),
    now("St. John's Wort", "", "daily", "mood", prescribed="no"),
    now("5-HTP", "100 mg", "daily", "sleep", prescribed="no"),
    now("hydrochlorothiazide", "25 mg", "once a day", "blood pressure"),
    now("Levothyroxine", "75 mcg", "once a day", "thyroid"),
    now("Mystery sleep gummies", "2 gummies", "at night", "sleep", prescribed="no"),
]

MAXIMAL = {
    "visit_goals": LONG_TEXT,
    "visit_questions": "Should I try ECT again? Could ketamine help? Is my thyroid part of this? " * 3,
    **phq9(3, 3, 3, 2, 2, 3, 3, 2, 2),
    "69722-7": "extremely",
    "thoughts_today": "yes",
    **gad7(3, 3, 2, 2, 2, 3, 2),
    "stressors": ["relationship_conflict", "separation_divorce", "bereavement", "work_school", "money", "housing",
                  "caring", "legal", "serious_illness", "loneliness", "other"],
    "stressors_detail": LONG_TEXT,
    "support": "none",
    "childhood_adversity": "yes",
    "living_situation": "Alone since the separation, in a rented flat above a shop",
    "first_episode_age": 16,
    "episode_count": "more_than_five",
    "current_episode_months": 40,
    "hospitalised": "yes",
    "hospitalised_detail": "Three weeks in 2019 and one week in 2022, both after a crisis.",
    "past_medications": MAXIMAL_PAST,
    "psychotherapy": [
        {"therapy_type": "cbt", "therapy_sessions": 20, "therapy_helped": "a_little", "therapy_when": "2018"},
        {"therapy_type": "dbt", "therapy_sessions": 40, "therapy_helped": "somewhat", "therapy_when": "2020 to 2021"},
        {"therapy_type": "behavioural_activation", "therapy_sessions": 8, "therapy_helped": "not_sure",
         "therapy_when": "last year"},
    ],
    "procedures": [
        {"procedure_type": "rtms", "procedure_sessions": 30, "procedure_helped": "a_little",
         "procedure_side_effects": "Headaches", "procedure_when": "2021"},
        {"procedure_type": "ect", "procedure_sessions": 12, "procedure_helped": "not_at_all",
         "procedure_side_effects": "Memory gaps for a few weeks", "procedure_when": "2022"},
        {"procedure_type": "esketamine", "procedure_sessions": 8, "procedure_helped": "somewhat",
         "procedure_when": "2023"},
    ],
    "pharmacogenetic_test": "yes",
    "pharmacogenetic_detail": "GeneSight in 2021: CYP2D6 poor metaboliser. I will bring the report.",
    "current_medications": MAXIMAL_CURRENT,
    "supplements_checklist": ["st_johns_wort", "same", "five_htp", "omega_3", "vitamin_d", "melatonin", "kava",
                              "kratom", "cbd"],
    "missed_doses_2wk": "more_than_six",
    "adherence_reasons": ["forget", "side_effects", "cost", "not_working", "refill_problems"],
    "changed_dose_self": "yes",
    "therapy_attendance": "stopped",
    "sex_at_birth": "male",
    "audit_c_1": "4",
    "audit_c_2": "3",
    "audit_c_3": "3",
    "drug_use_count": 12,
    "drugs_used": ["cannabis", "sedatives"],
    "tobacco": "daily",
    "caffeine_per_day": 6,
    "want_help_substances": "not_sure",
    "conditions": ["hypothyroid", "chronic_pain", "high_blood_pressure", "sleep_apnoea", "seizures", "migraine",
                   "head_injury"],
    "conditions_detail": LONG_TEXT,
    "thyroid_test_last_year": "no",
    "last_checkup": "About two years ago",
    "sleep_hours": 4,
    "sleep_quality": "poor",
    "exercise_days_per_week": 0,
    "weight_change": "lost",
    "bipolar_diagnosed": "not_sure",
    "high_energy_periods": "yes",
    "family_history": ["depression", "bipolar", "suicide", "substance"],
    "other_diagnoses": ["anxiety", "ptsd", "adhd", "persistent_low_mood"],
    "past_self_harm": "yes",
    "past_suicide_attempt": "prefer_not",
}


def make_submitted_response(
    answers,
    *,
    name="Jane Doe",
    dob=datetime.date(1980, 4, 2),
    starts_at=None,
    questionnaire=None,
    clinician="Dr Lee",
    submitted=True,
    patient=None,
):
    """An appointment (of `patient`, else of a new record) and its submitted response with these answers (default questionnaire unless given)."""
    from prep.questionnaires.loader import load_default_questionnaire
    from prep.visits.models import Appointment, Patient, Response, Submission

    if questionnaire is None:
        questionnaire, _created = load_default_questionnaire()
    if starts_at is None:
        starts_at = timezone.now() + datetime.timedelta(days=1)
    patient = patient or Patient.objects.create(name=name, date_of_birth=dob)
    appointment = Appointment.objects.create(
        patient=patient,
        patient_name=name,
        date_of_birth=dob,
        starts_at=starts_at,
        clinician=clinician,
        status=Appointment.Status.SUBMITTED if submitted else Appointment.Status.STARTED,
    )
    response = Response.objects.create(
        appointment=appointment,
        questionnaire=questionnaire,
        answers=dict(answers),
        submitted_at=timezone.now() if submitted else None,
    )
    if submitted:
        response.last_submission = Submission.objects.create(
            response=response, number=1, submitted_at=response.submitted_at, answers=response.answers
        )
        response.save(update_fields=["last_submission"])
    return response


def mark_sent(responses):
    """Record responses made with `submitted_at` (in bulk, for lists) as sent once, as `response_submit` does."""
    from prep.visits.models import Response, Submission

    sendings = Submission.objects.bulk_create(
        Submission(response=r, number=1, submitted_at=r.submitted_at, answers=r.answers, flags=r.flags, urgent=r.urgent)
        for r in responses
    )
    for response, sending in zip(responses, sendings):
        response.last_submission = sending
    Response.objects.bulk_update(responses, ["last_submission"])
