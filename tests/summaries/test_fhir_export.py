"""response_export: the response as a FHIR R4 Bundle in US Core shape (Patient, QuestionnaireResponse, Observations
of the instrument totals), validated with fhir.resources."""

import datetime
import io
import json

from django.core.management import call_command
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.patient import Patient as FhirPatient

from prep.visits.services import patient_create

from tests.personas import MINIMAL, TYPICAL, make_submitted_response


def export(response):
    output = io.StringIO()
    call_command("response_export", "--appointment", str(response.appointment_id), stdout=output)
    return json.loads(output.getvalue())


def items_by_link(items, found=None):
    found = {} if found is None else found
    for item in items:
        found.setdefault(item["linkId"], []).append(item)
        items_by_link(item.get("item", []), found)
    return found


def resources_of(data):
    return [entry["resource"] for entry in data["entry"]]


def test_export_is_a_valid_bundle_with_the_patient_response_and_score_observations(default_questionnaire):
    response = make_submitted_response(TYPICAL, questionnaire=default_questionnaire)
    data = export(response)
    Bundle.model_validate(data)
    assert data["type"] == "collection"
    patient, qr, *observations = resources_of(data)
    assert patient["resourceType"] == "Patient" and qr["resourceType"] == "QuestionnaireResponse"
    assert qr["status"] == "completed"
    assert qr["questionnaire"] == f"https://appointment-prep.example/fhir/Questionnaire/trd-previsit|{default_questionnaire.version}"
    codes = {obs["code"]["coding"][0]["code"]: obs["valueQuantity"]["value"] for obs in observations}
    assert codes == {"44261-6": 17, "70274-6": 10, "75626-2": 3}
    items = items_by_link(qr["item"])
    assert items["44260-8"][0]["answer"] == [
        {"valueCoding": {"system": "http://loinc.org", "code": "LA6569-3", "display": "Several days"}}
    ]
    assert items["69722-7"][0]["answer"] == [
        {"valueCoding": {"system": "http://loinc.org", "code": "LA6575-0", "display": "Very difficult"}}
    ]
    assert items["hospitalised"][0]["answer"] == [{"valueBoolean": False}]
    assert items["first_episode_age"][0]["answer"] == [{"valueInteger": 24}]
    assert items["sleep_hours"][0]["answer"] == [{"valueDecimal": 5.5}]
    assert len(items["stressors"][0]["answer"]) == 2
    section = next(item for item in qr["item"] if item["linkId"] == "medicines_tried")
    assert [row["linkId"] for row in section["item"]] == ["past_medications"] * 3  # one repeated item per row
    assert items["drug"][0]["answer"] == [{"valueString": "Zoloft 100mg"}]
    assert [item["linkId"] for item in qr["item"]][:2] == ["about_visit", "phq9"]


def test_response_names_the_patient_as_subject_author_and_source_with_the_time_it_was_sent(default_questionnaire):
    response = make_submitted_response(TYPICAL, questionnaire=default_questionnaire)
    data = export(response)
    patient, qr, *_observations = resources_of(data)
    reference = {"reference": f"Patient/{patient['id']}"}
    assert qr["subject"] == qr["author"] == qr["source"] == reference
    assert qr["authored"] == response.submitted_at.isoformat()
    full_urls = {entry["fullUrl"] for entry in data["entry"]}
    assert f"https://appointment-prep.example/fhir/Patient/{patient['id']}" in full_urls


def test_each_total_is_an_observation_derived_from_the_response_with_its_interpretation(default_questionnaire):
    response = make_submitted_response(TYPICAL, questionnaire=default_questionnaire)
    patient, qr, *observations = resources_of(export(response))
    by_code = {obs["code"]["coding"][0]["code"]: obs for obs in observations}
    for observation in observations:
        Observation.model_validate(observation)
        assert observation["subject"] == {"reference": f"Patient/{patient['id']}"}
        assert observation["derivedFrom"] == [{"reference": f"QuestionnaireResponse/{qr['id']}"}]
        assert observation["category"][0]["coding"][0]["code"] == "survey"
        assert observation["effectiveDateTime"] == response.submitted_at.isoformat()
    assert by_code["44261-6"]["interpretation"] == [{"text": "moderately severe (17 of 27)"}]
    assert by_code["70274-6"]["interpretation"] == [{"text": "moderate (10 of 21)"}]
    audit_c = by_code["75626-2"]["interpretation"][0]
    assert audit_c["coding"][0]["code"] == "POS"


def test_patient_carries_name_birth_date_and_an_identifier_the_api_can_search(default_questionnaire):
    response = make_submitted_response(TYPICAL, name="Jane Q Doe", questionnaire=default_questionnaire)
    patient = resources_of(export(response))[0]
    FhirPatient.model_validate(patient)
    assert patient["id"] == f"patient-{response.appointment.patient_id}"
    assert patient["name"] == [{"use": "official", "text": "Jane Q Doe", "family": "Doe", "given": ["Jane", "Q"]}]
    assert patient["birthDate"] == "1980-04-02"
    assert patient["identifier"] == [
        {
            "use": "secondary",
            "system": "https://appointment-prep.example/fhir/sid/patient",
            "value": f"patient-{response.appointment.patient_id}",
        }
    ]


def test_the_clinic_record_number_is_the_usual_identifier_of_a_patient_that_has_one(default_questionnaire):
    jane = patient_create(name="Jane Doe", date_of_birth=datetime.date(1980, 4, 2), record_number="MRN-0042")
    response = make_submitted_response(TYPICAL, questionnaire=default_questionnaire, patient=jane)
    patient = resources_of(export(response))[0]
    FhirPatient.model_validate(patient)
    record = patient["identifier"][0]
    assert (record["use"], record["system"], record["value"], record["type"]["coding"][0]["code"]) == (
        "usual",
        "https://appointment-prep.example/fhir/sid/record-number",
        "MRN-0042",
        "MR",
    )
    assert patient["identifier"][1]["value"] == f"patient-{jane.pk}"


def test_every_visit_of_a_patient_exports_the_same_patient(default_questionnaire):
    jane = patient_create(name="Jane Doe", date_of_birth=datetime.date(1980, 4, 2))
    first = make_submitted_response(TYPICAL, questionnaire=default_questionnaire, patient=jane)
    second = make_submitted_response(TYPICAL, questionnaire=default_questionnaire, patient=jane)
    first_patient, first_qr, *_ = resources_of(export(first))
    second_patient, second_qr, *_ = resources_of(export(second))
    assert first_patient == second_patient
    assert first_qr["subject"] == second_qr["subject"] == {"reference": f"Patient/patient-{jane.pk}"}
    assert first_qr["id"] != second_qr["id"]


def test_hidden_answers_are_not_exported_and_an_incomplete_score_gives_no_observation(default_questionnaire):
    answers = {**MINIMAL, "hospitalised": "no", "hospitalised_detail": "stale"}
    del answers["44250-9"]
    data = export(make_submitted_response(answers, questionnaire=default_questionnaire))
    Bundle.model_validate(data)
    resources = resources_of(data)
    assert "hospitalised_detail" not in items_by_link(resources[1]["item"])
    assert [obs["code"]["coding"][0]["code"] for obs in resources[2:]] == ["70274-6", "75626-2"]


def test_prefer_not_to_say_to_a_number_exports_without_a_value(default_questionnaire):
    data = export(make_submitted_response({**MINIMAL, "drug_use_count": "prefer_not"}, questionnaire=default_questionnaire))
    Bundle.model_validate(data)
    assert "drug_use_count" not in items_by_link(data["entry"][1]["resource"]["item"])
