"""A response as FHIR R4, in the shape US Core gives these resources: the `Patient`, the `QuestionnaireResponse`
(subject, author and source the patient, `authored`) and one `Observation` per scored instrument total (PHQ-9
44261-6, GAD-7 70274-6, AUDIT-C 75626-2) with its interpretation, `derivedFrom` the response.

Answers are typed as the Questionnaire export types their items (prep/questionnaires/fhir.py): choices as the same
Coding the Questionnaire offers (LOINC LA codes for the instruments), yes/no as valueBoolean, and so on.
References are relative (`Patient/<id>`); a Bundle's `fullUrl`s are absolute under `base`, so they resolve in it.
"""

import copy
import re

from django.conf import settings
from django.db.models import Q

from prep.questionnaires import conditions
from prep.questionnaires.fhir import answer_coding, canonical_url, link_id_of
from prep.questionnaires.instruments import AUDIT_C, GAD7, LOINC, PHQ9
from prep.questionnaires.models import Kind
from prep.summaries import scoring
from prep.summaries.scoring import PREFER_NOT

SCORED_INSTRUMENTS = ((PHQ9, scoring.score_phq9), (GAD7, scoring.score_gad7), (AUDIT_C, scoring.score_audit_c))
INTERPRETATION = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation"
IDENTIFIER_TYPE = "http://terminology.hl7.org/CodeSystem/v2-0203"


def patient_id_system():
    """Identifier system of the app's own patient id (today one per appointment)."""
    return f"{settings.FHIR_CANONICAL_BASE}/sid/patient"


def record_number_system():
    """Identifier system of the clinic's record number (MR)."""
    return f"{settings.FHIR_CANONICAL_BASE}/sid/record-number"


# --- Patient identity: the one place that knows who the patient of an appointment is -------------------------------
# Today an appointment carries its patient's name and date of birth, so the Patient resource is one per appointment
# (id `appointment-<pk>`). When Appointment.patient (prep/clinic Patient: name, date_of_birth, record_number) lands,
# rewire these three functions to it; the API and the Bundle only call them.


def patient_id_of(appointment):
    return f"appointment-{appointment.pk}"


def fhir_patient_of(appointment):
    patient = getattr(appointment, "patient", None)
    record_number = getattr(patient, "record_number", "") if patient is not None else ""
    identifiers = [{"use": "secondary", "system": patient_id_system(), "value": patient_id_of(appointment)}]
    if record_number:
        identifiers.insert(
            0,
            {
                "use": "usual",
                "type": {"coding": [{"system": IDENTIFIER_TYPE, "code": "MR", "display": "Medical record number"}]},
                "system": record_number_system(),
                "value": record_number,
            },
        )
    full_name = getattr(patient, "name", None) or appointment.patient_name
    birth_date = getattr(patient, "date_of_birth", None) or appointment.date_of_birth
    resource = {
        "resourceType": "Patient",
        "id": patient_id_of(appointment),
        "identifier": identifiers,
        "name": [human_name(full_name)],
        "gender": "unknown",  # the app does not ask for gender; US Core requires the element
    }
    if birth_date:
        resource["birthDate"] = birth_date.isoformat()
    return resource


def appointments_with_patient_identifier(token):
    """A Q on Appointment for a FHIR token search `[system|]value` on the patient's identifier."""
    system, _, value = token.rpartition("|") if "|" in token else ("", "", token)
    match = Q(pk__in=[])
    if system in ("", patient_id_system()):
        pk = re.fullmatch(r"appointment-(\d{1,18})", value)
        if pk:
            match |= Q(pk=int(pk.group(1)))
    if system in ("", record_number_system()) and value and appointment_has_patient():
        match |= Q(patient__record_number=value)
    return match


def appointments_with_patient_id(patient_id):
    """A Q on Appointment for a reference search `patient=<id>` or `Patient/<id>`."""
    return appointments_with_patient_identifier(f"{patient_id_system()}|{patient_id.removeprefix('Patient/')}")


def appointment_has_patient():
    from prep.visits.models import Appointment

    return any(field.name == "patient" for field in Appointment._meta.get_fields())


def human_name(full_name):
    """US Core wants family and/or given; the app stores one name, so its last word is taken as the family name."""
    words = full_name.split()
    name = {"use": "official", "text": full_name}
    if words:
        name["family"] = words[-1]
    if len(words) > 1:
        name["given"] = words[:-1]
    return name


# --- QuestionnaireResponse -----------------------------------------------------------------------------------------


def questionnaire_response_id(response):
    return f"appointment-{response.appointment_id}"


def observation_id(response, instrument):
    return f"appointment-{response.appointment_id}-{instrument.code.replace('_', '-')}"


def answer_values(question, value):
    """The FHIR `answer` list for one stored answer ([] when it cannot be expressed)."""
    items = value if isinstance(value, list) else [value]
    if question.kind == Kind.YES_NO:
        return [{"valueBoolean": str(value) == "yes"}]
    if question.takes_choices:
        return [{"valueCoding": answer_coding(question, item)} for item in items if conditions.is_answered(item)]
    if question.kind in (Kind.INTEGER, Kind.DECIMAL) and value == PREFER_NOT:
        return []  # "Prefer not to say" to a number: no value to send (the item is left unanswered)
    if question.kind == Kind.INTEGER:
        return [{"valueInteger": int(value)}]
    if question.kind == Kind.DECIMAL:
        number = float(value)
        return [{"valueDecimal": int(number) if number.is_integer() else number}]
    if question.kind == Kind.DATE:
        return [{"valueDate": str(value)}]
    return [{"valueString": str(value)}]


def question_items(question, value, columns):
    """One item per answer; a group gives one repeated item per row, its answered columns nested."""
    if question.is_group:
        rows = []
        for row in value if isinstance(value, list) else []:
            nested = [
                {"linkId": link_id_of(column), "text": column.text, "answer": answer_values(column, row[column.key])}
                for column in columns
                if conditions.is_answered(row.get(column.key))
            ]
            if nested:
                rows.append({"linkId": link_id_of(question), "text": question.text, "item": nested})
        return rows
    answer = answer_values(question, value)
    return [{"linkId": link_id_of(question), "text": question.text, "answer": answer}] if answer else []


def questionnaire_response(response):
    questionnaire = response.questionnaire
    questions = questionnaire.ordered_questions()
    answers = response.answers or {}
    shown = conditions.visible_keys(questions, answers)
    columns = {}
    for question in questions:
        if question.parent_id:
            columns.setdefault(question.parent_id, []).append(question)
    section_items = []
    for section in questionnaire.ordered_sections():
        items = []
        for question in questions:
            if question.section_id != section.pk or question.parent_id or question.key not in shown:
                continue
            if conditions.is_answered(answers.get(question.key)):
                items += question_items(question, answers[question.key], columns.get(question.pk, []))
        if items:
            section_items.append({"linkId": link_id_of(section), "text": section.title, "item": items})
    patient = {"reference": f"Patient/{patient_id_of(response.appointment)}"}
    return {
        "resourceType": "QuestionnaireResponse",
        "id": questionnaire_response_id(response),
        "questionnaire": f"{canonical_url(questionnaire.slug)}|{questionnaire.version}",
        "status": "completed" if response.submitted_at else "in-progress",
        "subject": patient,
        "authored": (response.submitted_at or response.updated_at).isoformat(),
        "author": patient,
        "source": patient,
        "item": section_items,
    }


# --- Observations of the instrument totals -------------------------------------------------------------------------


def instrument_scores(response):
    """[(instrument, score)] of the instruments this response scores in full."""
    questions = response.questionnaire.ordered_questions()
    answers = response.answers or {}
    shown = conditions.visible_keys(questions, answers)
    scored = []
    for instrument, scorer in SCORED_INSTRUMENTS:
        score = scorer(answers, shown)
        if score.is_scored:
            scored.append((instrument, score))
    return scored


def interpretation(score):
    if score.positive is not None:
        code, display = ("POS", "Positive") if score.positive else ("NEG", "Negative")
        return {
            "coding": [{"system": INTERPRETATION, "code": code, "display": display}],
            "text": f"{display.lower()} ({score.threshold})",
        }
    return {"text": f"{score.band} ({score.total} of {score.maximum})"}


def score_observation(response, score, instrument):
    patient = {"reference": f"Patient/{patient_id_of(response.appointment)}"}
    name = f"{instrument.name} total score"
    observation = {
        "resourceType": "Observation",
        "id": observation_id(response, instrument),
        "status": "final",
        "category": [
            {
                "coding": [
                    {
                        "system": "http://terminology.hl7.org/CodeSystem/observation-category",
                        "code": "survey",
                        "display": "Survey",
                    }
                ]
            }
        ],
        "code": {"coding": [{"system": LOINC, "code": instrument.total_loinc, "display": name}], "text": name},
        "subject": patient,
        "performer": [patient],
        "effectiveDateTime": (response.submitted_at or response.updated_at).isoformat(),
        "valueQuantity": {
            "value": score.total,
            "unit": "{score}",
            "system": "http://unitsofmeasure.org",
            "code": "{score}",
        },
        "interpretation": [interpretation(score)],
        "derivedFrom": [{"reference": f"QuestionnaireResponse/{questionnaire_response_id(response)}"}],
    }
    return observation


def score_observations(response):
    return [score_observation(response, score, instrument) for instrument, score in instrument_scores(response)]


def response_as_sent(response, sending):
    """The response with the answers and time of one of its sendings (a Submission), for a Bundle of that sending."""
    sent = copy.copy(response)
    sent.answers = sending.answers
    sent.submitted_at = sending.submitted_at
    return sent


# --- Bundle ---------------------------------------------------------------------------------------------------------


def entry(resource, base):
    return {"fullUrl": f"{base}/{resource['resourceType']}/{resource['id']}", "resource": resource}


def response_bundle(response, base=None):
    """The patient, the response and its instrument totals (when complete) as a FHIR R4 Bundle of type collection."""
    base = base or settings.FHIR_CANONICAL_BASE
    resources = [fhir_patient_of(response.appointment), questionnaire_response(response), *score_observations(response)]
    bundle = {
        "resourceType": "Bundle",
        "id": f"appointment-{response.appointment_id}",
        "type": "collection",
        "entry": [entry(resource, base) for resource in resources],
    }
    if response.submitted_at:
        bundle["timestamp"] = response.submitted_at.isoformat()
    return bundle
