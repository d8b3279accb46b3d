"""A response as FHIR R4: a `Bundle` (collection) holding the `QuestionnaireResponse` and `Observation`s for the
PHQ-9 and GAD-7 totals. Answers are typed as the Questionnaire export types their items (prep/questionnaires/fhir.py):
choices as valueCoding (code = stored value, display = label), yes/no as valueBoolean, and so on.
"""

import uuid

from django.conf import settings

from prep.questionnaires import conditions
from prep.questionnaires.fhir import canonical_url
from prep.questionnaires.instruments import GAD7, LOINC, PHQ9
from prep.questionnaires.models import Kind
from prep.summaries import scoring
from prep.summaries.scoring import PREFER_NOT


def resource_id(kind, appointment_id):
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"{settings.FHIR_CANONICAL_BASE}/{kind}/{appointment_id}"))


def answer_values(question, value):
    """The FHIR `answer` list for one stored answer ([] when it cannot be expressed)."""
    items = value if isinstance(value, list) else [value]
    if question.kind == Kind.YES_NO:
        return [{"valueBoolean": str(value) == "yes"}]
    if question.takes_choices:
        return [
            {"valueCoding": {"code": str(item), "display": str(question.label_for(str(item)))}}
            for item in items
            if conditions.is_answered(item)
        ]
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
                {"linkId": column.key, "text": column.text, "answer": answer_values(column, row[column.key])}
                for column in columns
                if conditions.is_answered(row.get(column.key))
            ]
            if nested:
                rows.append({"linkId": question.key, "text": question.text, "item": nested})
        return rows
    answer = answer_values(question, value)
    return [{"linkId": question.key, "text": question.text, "answer": answer}] if answer else []


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
            section_items.append({"linkId": section.key, "text": section.title, "item": items})
    resource = {
        "resourceType": "QuestionnaireResponse",
        "id": resource_id("QuestionnaireResponse", response.appointment_id),
        "questionnaire": f"{canonical_url(questionnaire.slug)}|{questionnaire.version}",
        "status": "completed" if response.submitted_at else "in-progress",
        "subject": {"display": response.appointment.patient_name},
        "item": section_items,
    }
    if response.submitted_at:
        resource["authored"] = response.submitted_at.isoformat()
    return resource


def score_observation(response, score, instrument, questionnaire_response_url):
    observation = {
        "resourceType": "Observation",
        "id": resource_id(f"Observation/{instrument.code}", response.appointment_id),
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
        "code": {
            "coding": [{"system": LOINC, "code": instrument.total_loinc, "display": f"{instrument.name} total score"}],
            "text": f"{instrument.name} total score",
        },
        "subject": {"display": response.appointment.patient_name},
        "valueQuantity": {
            "value": score.total,
            "unit": "{score}",
            "system": "http://unitsofmeasure.org",
            "code": "{score}",
        },
        "interpretation": [{"text": score.band}],
        "derivedFrom": [{"reference": questionnaire_response_url}],
    }
    if response.submitted_at:
        observation["effectiveDateTime"] = response.submitted_at.isoformat()
    return observation


def response_bundle(response):
    """The response and its PHQ-9 / GAD-7 totals (when complete) as a FHIR R4 Bundle of type collection."""
    qr = questionnaire_response(response)
    qr_url = f"urn:uuid:{qr['id']}"
    entries = [{"fullUrl": qr_url, "resource": qr}]
    questions = response.questionnaire.ordered_questions()
    answers = response.answers or {}
    shown = conditions.visible_keys(questions, answers)
    for instrument, scorer in ((PHQ9, scoring.score_phq9), (GAD7, scoring.score_gad7)):
        score = scorer(answers, shown)
        if score.is_scored:
            observation = score_observation(response, score, instrument, qr_url)
            entries.append({"fullUrl": f"urn:uuid:{observation['id']}", "resource": observation})
    bundle = {
        "resourceType": "Bundle",
        "id": resource_id("Bundle", response.appointment_id),
        "type": "collection",
        "entry": entries,
    }
    if response.submitted_at:
        bundle["timestamp"] = response.submitted_at.isoformat()
    return bundle
