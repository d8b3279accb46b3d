"""A response as FHIR R4, in the shape US Core gives these resources: the `Patient`, the `QuestionnaireResponse`
(subject, author and source the patient, `authored`) and one `Observation` per scored instrument total (PHQ-9
44261-6, GAD-7 70274-6, AUDIT-C 75626-2) with its interpretation, `derivedFrom` the response.

Answers are typed as the Questionnaire export types their items (prep/questionnaires/fhir.py): choices as the same
Coding the Questionnaire offers (LOINC LA codes for the instruments), yes/no as valueBoolean, and so on.
The Patient is the person's record (`patient-<pk>`), shared by all their visits' responses.
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
from prep.visits.models import FormerPatientId

SCORED_INSTRUMENTS = ((PHQ9, scoring.score_phq9), (GAD7, scoring.score_gad7), (AUDIT_C, scoring.score_audit_c))
INTERPRETATION = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation"
IDENTIFIER_TYPE = "http://terminology.hl7.org/CodeSystem/v2-0203"


def patient_id_system():
    """Identifier system of the app's own patient id (`patient-<pk>` of the Patient record)."""
    return f"{settings.FHIR_CANONICAL_BASE}/sid/patient"


def record_number_system():
    """Identifier system of the clinic's record number (MR)."""
    return f"{settings.FHIR_CANONICAL_BASE}/sid/record-number"


# --- Patient: one per Patient record, shared by all of that person's visits ----------------------------------------

PATIENT_ID = re.compile(r"patient-(\d{1,18})")


def patient_id_of(patient_pk):
    return f"patient-{patient_pk}"


def patient_reference(appointment):
    return {"reference": f"Patient/{patient_id_of(appointment.patient_id)}"}


def fhir_patient(patient):
    """The Patient resource of a Patient record: the clinic's record number (when it has one) and the app's own id as
    identifiers; name and birth date as the record has them; a `replaces` link to each record merged into it."""
    identity = patient.identity()
    identifiers = [{"use": "secondary", "system": patient_id_system(), "value": patient_id_of(patient.pk)}]
    if identity["record_number"]:
        identifiers.insert(
            0,
            {
                "use": "usual",
                "type": {"coding": [{"system": IDENTIFIER_TYPE, "code": "MR", "display": "Medical record number"}]},
                "system": record_number_system(),
                "value": identity["record_number"],
            },
        )
    resource = {
        "resourceType": "Patient",
        "id": patient_id_of(patient.pk),
        "identifier": identifiers,
        "name": [human_name(identity["name"])],
        "gender": "unknown",  # the app does not ask for gender; US Core requires the element
        "birthDate": identity["date_of_birth"].isoformat(),
    }
    former_pks = sorted(former.former_pk for former in patient.former_ids.all())
    if former_pks:
        resource["link"] = [
            {"other": {"reference": f"Patient/{patient_id_of(pk)}"}, "type": "replaces"} for pk in former_pks
        ]
    return resource


def patient_pk_in(patient_id):
    """The Patient pk of a FHIR id `patient-<pk>` (or a reference `Patient/patient-<pk>`), else None."""
    match = PATIENT_ID.fullmatch((patient_id or "").removeprefix("Patient/"))
    return int(match.group(1)) if match else None


def patients_with_identifier(token):
    """A Q on Patient for a FHIR token search `[system|]value` on the patient's identifier."""
    system, _, value = token.rpartition("|") if "|" in token else ("", "", token)
    match = Q(pk__in=[])
    if system in ("", patient_id_system()) and patient_pk_in(value) is not None:
        match |= patient_or_merged_into(patient_pk_in(value))
    if system in ("", record_number_system()) and value:
        match |= Q(record_number=value)
    return match


def patients_with_id(patient_id):
    """A Q on Patient for a reference search `patient=<id>` or `Patient/<id>`: that record, or the one it was merged
    into."""
    pk = patient_pk_in(patient_id)
    return patient_or_merged_into(pk) if pk is not None else Q(pk__in=[])


def patient_or_merged_into(pk):
    return Q(pk=pk) | Q(pk__in=FormerPatientId.objects.filter(former_pk=pk).values("patient_id"))


def fhir_merged_patient(former_pk, patient):
    """What the id of a record merged into `patient` reads as: the person, marked inactive, with a link to the record
    that replaced it (FHIR's Patient.link, type replaced-by)."""
    return {
        **fhir_patient(patient),
        "id": patient_id_of(former_pk),
        "active": False,
        "link": [{"other": {"reference": f"Patient/{patient_id_of(patient.pk)}"}, "type": "replaced-by"}],
    }


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
    patient = patient_reference(response.appointment)
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
    patient = patient_reference(response.appointment)
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
    patient = fhir_patient(response.appointment.patient)
    resources = [patient, questionnaire_response(response), *score_observations(response)]
    bundle = {
        "resourceType": "Bundle",
        "id": f"appointment-{response.appointment_id}",
        "type": "collection",
        "entry": [entry(resource, base) for resource in resources],
    }
    if response.submitted_at:
        bundle["timestamp"] = response.submitted_at.isoformat()
    return bundle
