"""What each FHIR resource type of the API serves: its scope, its search parameters, and how a page of matches and a
single read are found. Only responses the patient has sent are served, as last sent (a response reopened for the
patient keeps serving its last sending until it is sent again), with the score Observations of each; a Patient is a
patient record with at least one sent response, one per person whatever the number of visits; Questionnaires are the
versions patients answer (published or retired, never a draft).

Each search reads a page of rows in one query (plus one to count them, and the questionnaires' frozen structures once
per process, all of a page's at once), so the number of queries does not grow with the number of results per page.
"""

import itertools
import re
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef

from prep.fhir_api.searching import SearchProblem, date_filter
from prep.questionnaires.fhir import canonical_url, questionnaire_to_fhir
from prep.questionnaires.models import Questionnaire
from prep.summaries.fhir import (
    fhir_merged_patient,
    fhir_patient,
    patient_pk_in,
    patients_with_id,
    patients_with_identifier,
    questionnaire_response,
    response_as_sent,
    score_observations,
)
from prep.visits.models import Patient, Response


@dataclass
class Page:
    matches: list  # [(resource, the Appointment or Patient whose data it is, or None)]
    total: int | None
    has_more: bool


@dataclass(frozen=True)
class ResourceType:
    name: str
    search_params: dict  # name: (FHIR type, documentation)
    search: object  # (params, offset, count) -> Page
    read: object  # (id) -> (resource, Appointment or Patient or None) | None
    interactions: tuple = ("read", "search-type")
    extra: dict = field(default_factory=dict)

    @property
    def scope(self):
        return f"system/{self.name}.read"


def refuse_unknown(params, known):
    unknown = sorted(set(params) - set(known) - {"_count", "_offset", "_format"})
    if unknown:
        raise SearchProblem(f"The search parameter {unknown[0]} is not supported for this resource type.")


def one_value(params, name):
    values = params.getlist(name)
    if len(values) > 1:
        raise SearchProblem(f"The parameter {name} may be given only once.")
    return values[0] if values else None


def sent_responses():
    return Response.objects.filter(last_submission__isnull=False).select_related(
        "appointment", "questionnaire", "last_submission"
    )


def as_sent(response):
    return response_as_sent(response, response.last_submission)


def sent_response_resource(response):
    return questionnaire_response(as_sent(response))


def sent_observations(response):
    return score_observations(as_sent(response))


def responses_for(params, date_param):
    responses = sent_responses()
    patient = one_value(params, "patient") or one_value(params, "subject")
    if patient:
        responses = responses.filter(appointment__patient__in=Patient.objects.filter(patients_with_id(patient)))
    identifier = one_value(params, "patient.identifier")
    if identifier:
        matching = Patient.objects.filter(patients_with_identifier(identifier))
        responses = responses.filter(appointment__patient__in=matching)
    if params.getlist(date_param):
        dates = params.getlist(date_param)
        responses = responses.filter(date_filter("last_submission__submitted_at", dates, date_param))
    return responses.order_by("last_submission__submitted_at", "pk")


def with_has_more(page, offset, count):
    page.has_more = page.total is not None and offset + count < page.total
    return page


# --- Patient --------------------------------------------------------------------------------------------------------

PATIENT_PARAMS = {
    "_id": ("token", "The Patient id."),
    "identifier": ("token", "A patient identifier, [system|]value (the clinic's record number or the app's id)."),
}


def patients_with_sent_responses():
    sent = Response.objects.filter(appointment__patient=OuterRef("pk"), last_submission__isnull=False)
    return Patient.objects.filter(Exists(sent))


def search_patients(params, offset, count):
    refuse_unknown(params, PATIENT_PARAMS)
    patients = patients_with_sent_responses()
    if one_value(params, "_id"):
        pk = patient_pk_in(one_value(params, "_id"))
        patients = patients.filter(pk=pk) if pk is not None else patients.none()
    if one_value(params, "identifier"):
        patients = patients.filter(patients_with_identifier(one_value(params, "identifier")))
    ordered = patients.order_by("pk")
    rows = list(ordered.prefetch_related("former_ids")[offset : offset + count])
    page = Page([(fhir_patient(patient), patient) for patient in rows], ordered.count(), None)
    return with_has_more(page, offset, count)


def read_patient(resource_id):
    """The record with this id; or, for the id of a record merged into another, that id marked as replaced."""
    pk = patient_pk_in(resource_id)
    matching = patients_with_sent_responses().filter(patients_with_id(resource_id))
    patient = matching.prefetch_related("former_ids").first()
    if patient is None:
        return None
    return (fhir_patient(patient) if patient.pk == pk else fhir_merged_patient(pk, patient)), patient


# --- QuestionnaireResponse ------------------------------------------------------------------------------------------

RESPONSE_PARAMS = {
    "_id": ("token", "The QuestionnaireResponse id."),
    "patient": ("reference", "The patient: Patient/<id> or <id>."),
    "subject": ("reference", "The same as patient."),
    "patient.identifier": ("token", "The patient's identifier, [system|]value."),
    "authored": ("date", "When the patient sent it: 2026-03-01, ge2026-03-01, lt2026-03-01T12:00:00Z …"),
}


def appointment_pk_in(resource_id, suffix=""):
    match = re.fullmatch(rf"appointment-(\d{{1,18}}){re.escape(suffix)}", resource_id or "")
    return int(match.group(1)) if match else None


def search_responses(params, offset, count):
    refuse_unknown(params, RESPONSE_PARAMS)
    responses = responses_for(params, "authored")
    if one_value(params, "_id") is not None:
        responses = responses.filter(appointment_id=appointment_pk_in(one_value(params, "_id")))
    rows = list(responses[offset : offset + count])
    Questionnaire.read_frozen_structures({row.questionnaire for row in rows})
    page = Page([(sent_response_resource(row), row.appointment) for row in rows], responses.count(), None)
    return with_has_more(page, offset, count)


def read_response(resource_id):
    pk = appointment_pk_in(resource_id)
    response = sent_responses().filter(appointment_id=pk).first() if pk else None
    return (sent_response_resource(response), response.appointment) if response else None


# --- Observation ----------------------------------------------------------------------------------------------------

OBSERVATION_PARAMS = {
    "patient": ("reference", "The patient: Patient/<id> or <id>."),
    "subject": ("reference", "The same as patient."),
    "patient.identifier": ("token", "The patient's identifier, [system|]value."),
    "date": ("date", "When the response it was scored from was sent."),
    "code": ("token", "The LOINC code of the total: 44261-6 (PHQ-9), 70274-6 (GAD-7), 75626-2 (AUDIT-C)."),
}
OBSERVATION_CHUNK = 200


def search_observations(params, offset, count):
    """Observations are computed from responses (0 to 3 each), so the page is cut from them as they are made; the
    responses are read in chunks of OBSERVATION_CHUNK, enough for any page of up to 100 without another query."""
    refuse_unknown(params, OBSERVATION_PARAMS)
    codes = {code.rpartition("|")[2] for value in params.getlist("code") for code in value.split(",")}
    responses = responses_for(params, "date")

    def observations():
        for response in responses.iterator(chunk_size=OBSERVATION_CHUNK):
            for observation in sent_observations(response):
                if not codes or observation["code"]["coding"][0]["code"] in codes:
                    yield observation, response.appointment

    found = list(itertools.islice(observations(), offset, offset + count + 1))
    return Page(found[:count], None, len(found) > count)


def read_observation(resource_id):
    match = re.fullmatch(r"appointment-(\d{1,18})-[a-z0-9-]+", resource_id or "")
    response = sent_responses().filter(appointment_id=int(match.group(1))).first() if match else None
    if response is None:
        return None
    found = [observation for observation in sent_observations(response) if observation["id"] == resource_id]
    return (found[0], response.appointment) if found else None


# --- Questionnaire --------------------------------------------------------------------------------------------------

QUESTIONNAIRE_PARAMS = {
    "_id": ("token", "The Questionnaire id: <slug>-v<version>."),
    "url": ("uri", "The canonical URL, optionally |version."),
    "status": ("token", "active or retired."),
}
STATUS_OF_FHIR = {"active": Questionnaire.Status.PUBLISHED, "retired": Questionnaire.Status.RETIRED}


def questionnaire_id(questionnaire):
    return f"{questionnaire.slug}-v{questionnaire.version}"


def served_questionnaires():
    return Questionnaire.objects.exclude(status=Questionnaire.Status.DRAFT)


def questionnaire_resource(questionnaire):
    return {"resourceType": "Questionnaire", "id": questionnaire_id(questionnaire), **questionnaire_to_fhir(questionnaire)}


def questionnaires_with_id(resource_id):
    slug, _, version = (resource_id or "").rpartition("-v")
    if not slug or not version.isdigit():
        return served_questionnaires().none()
    return served_questionnaires().filter(slug=slug, version=int(version))


def search_questionnaires(params, offset, count):
    refuse_unknown(params, QUESTIONNAIRE_PARAMS)
    questionnaires = served_questionnaires()
    if one_value(params, "_id"):
        questionnaires = questionnaires_with_id(one_value(params, "_id"))
    url = one_value(params, "url")
    if url:
        url, _, version = url.partition("|")
        slug = url.rsplit("/", 1)[-1]
        questionnaires = questionnaires.filter(slug=slug) if canonical_url(slug) == url else questionnaires.none()
        if version:
            questionnaires = questionnaires.filter(version=int(version)) if version.isdigit() else questionnaires.none()
    status = one_value(params, "status")
    if status:
        if status not in STATUS_OF_FHIR:
            raise SearchProblem("The parameter status must be active or retired.")
        questionnaires = questionnaires.filter(status=STATUS_OF_FHIR[status])
    ordered = questionnaires.order_by("slug", "version")
    rows = list(ordered[offset : offset + count])
    Questionnaire.read_frozen_structures(rows)
    page = Page([(questionnaire_resource(row), None) for row in rows], ordered.count(), None)
    return with_has_more(page, offset, count)


def read_questionnaire(resource_id):
    questionnaire = questionnaires_with_id(resource_id).first()
    return (questionnaire_resource(questionnaire), None) if questionnaire else None


RESOURCE_TYPES = {
    resource_type.name: resource_type
    for resource_type in (
        ResourceType("Patient", PATIENT_PARAMS, search_patients, read_patient),
        ResourceType("QuestionnaireResponse", RESPONSE_PARAMS, search_responses, read_response),
        ResourceType("Observation", OBSERVATION_PARAMS, search_observations, read_observation),
        ResourceType("Questionnaire", QUESTIONNAIRE_PARAMS, search_questionnaires, read_questionnaire),
    )
}
