"""Searching and reading through the FHIR API: by patient identifier and by date, paged with links, each read
audit-logged without health information, and a number of queries that does not grow with the results per page."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from fhir.resources.R4B.bundle import Bundle

from prep.clinic.models import AuditEvent
from prep.visits.models import Response, Submission
from prep.visits.services import patient_create
from tests.personas import TYPICAL, make_submitted_response

PATIENT_ID = "https://appointment-prep.example/fhir/sid/patient"
RECORD_NUMBER = "https://appointment-prep.example/fhir/sid/record-number"


def sent(default_questionnaire, name="Jane Doe", when=None, patient=None):
    response = make_submitted_response(TYPICAL, name=name, questionnaire=default_questionnaire, patient=patient)
    if when is not None:
        Response.objects.filter(pk=response.pk).update(submitted_at=when)
        Submission.objects.filter(pk=response.last_submission_id).update(submitted_at=when)
        response.refresh_from_db()
    return response


def bundle_of(response):
    assert response.status_code == 200, response.content
    data = response.json()
    Bundle.model_validate(data)
    return data


def ids(bundle):
    return [entry["resource"]["id"] for entry in bundle["entry"]]


def patient_id(response):
    return f"patient-{response.appointment.patient_id}"


def test_patients_are_found_by_identifier_and_nobody_else_is(ehr, default_questionnaire):
    jane, _john = sent(default_questionnaire), sent(default_questionnaire, name="John Roe")
    token = f"{PATIENT_ID}|{patient_id(jane)}"
    bundle = bundle_of(ehr.get("/fhir/Patient", {"identifier": token}))
    assert ids(bundle) == [patient_id(jane)]
    assert bundle["total"] == 1
    assert bundle["entry"][0]["fullUrl"] == f"http://testserver/fhir/Patient/{patient_id(jane)}"
    assert bundle_of(ehr.get("/fhir/Patient", {"identifier": f"other-system|{patient_id(jane)}"}))["entry"] == []
    assert ids(bundle_of(ehr.get("/fhir/Patient", {"_id": patient_id(jane)}))) == [patient_id(jane)]


def test_a_patient_is_found_by_the_clinic_record_number_with_or_without_its_system(ehr, default_questionnaire):
    jane = patient_create(name="Jane Doe", date_of_birth=datetime.date(1980, 4, 2), record_number="MRN-0042")
    sent(default_questionnaire, patient=jane), sent(default_questionnaire, name="John Roe")
    for token in (f"{RECORD_NUMBER}|MRN-0042", "MRN-0042"):
        assert ids(bundle_of(ehr.get("/fhir/Patient", {"identifier": token}))) == [f"patient-{jane.pk}"]
    assert bundle_of(ehr.get("/fhir/Patient", {"identifier": f"{PATIENT_ID}|MRN-0042"}))["entry"] == []
    assert bundle_of(ehr.get("/fhir/Patient", {"identifier": "MRN-0043"}))["entry"] == []


def test_two_visits_of_one_patient_are_one_fhir_patient_with_both_responses(ehr, default_questionnaire):
    jane = patient_create(name="Jane Doe", date_of_birth=datetime.date(1980, 4, 2), record_number="MRN-0042")
    first, second = sent(default_questionnaire, patient=jane), sent(default_questionnaire, patient=jane)
    sent(default_questionnaire, name="John Roe")
    patients = bundle_of(ehr.get("/fhir/Patient", {"identifier": "MRN-0042"}))
    assert patients["total"] == 1
    patient = patients["entry"][0]["resource"]
    assert patient["id"] == f"patient-{jane.pk}"
    assert [(identifier["system"], identifier["value"]) for identifier in patient["identifier"]] == [
        (RECORD_NUMBER, "MRN-0042"), (PATIENT_ID, f"patient-{jane.pk}")
    ]
    assert bundle_of(ehr.get("/fhir/Patient"))["total"] == 2  # Jane once, John once
    responses = bundle_of(ehr.get("/fhir/QuestionnaireResponse", {"patient.identifier": "MRN-0042"}))
    assert ids(responses) == [f"appointment-{first.appointment_id}", f"appointment-{second.appointment_id}"]
    assert {entry["resource"]["subject"]["reference"] for entry in responses["entry"]} == {f"Patient/patient-{jane.pk}"}
    phq9_totals = {"patient": f"Patient/patient-{jane.pk}", "code": "44261-6"}
    observations = bundle_of(ehr.get("/fhir/Observation", phq9_totals))
    assert ids(observations) == [f"appointment-{first.appointment_id}-phq9", f"appointment-{second.appointment_id}-phq9"]


def test_the_patient_resource_has_the_name_and_birth_date_of_the_patient_record(ehr, default_questionnaire):
    """An appointment keeps the name and date of birth as given for that visit; the FHIR Patient is the record's."""
    jane = patient_create(name="Jane Q Doe", date_of_birth=datetime.date(1980, 4, 2))
    response = sent(default_questionnaire, name="Jane Doe", patient=jane)
    patient = ehr.get(f"/fhir/Patient/{patient_id(response)}").json()
    assert patient["name"][0]["text"] == "Jane Q Doe" and patient["birthDate"] == "1980-04-02"


def test_a_patient_whose_response_is_not_sent_is_not_served(ehr, default_questionnaire):
    draft = make_submitted_response(TYPICAL, questionnaire=default_questionnaire, submitted=False)
    assert bundle_of(ehr.get("/fhir/Patient"))["entry"] == []
    assert ehr.get(f"/fhir/Patient/{patient_id(draft)}").status_code == 404


def test_a_response_reopened_for_the_patient_is_served_as_last_sent(ehr, default_questionnaire):
    response = sent(default_questionnaire)
    Response.objects.filter(pk=response.pk).update(
        submitted_at=None, answers={**response.answers, "visit_goals": "Still typing"}
    )
    served = ehr.get(f"/fhir/QuestionnaireResponse/appointment-{response.appointment_id}").json()
    assert served["status"] == "completed"
    assert served["authored"] == response.last_submission.submitted_at.isoformat()
    assert "Still typing" not in str(served)


def test_responses_and_observations_are_found_by_patient_identifier(ehr, default_questionnaire):
    jane, _john = sent(default_questionnaire), sent(default_questionnaire, name="John Roe")
    token = f"{PATIENT_ID}|{patient_id(jane)}"
    responses = bundle_of(ehr.get("/fhir/QuestionnaireResponse", {"patient.identifier": token}))
    assert ids(responses) == [f"appointment-{jane.appointment_id}"]
    assert bundle_of(ehr.get("/fhir/QuestionnaireResponse", {"patient": patient_id(jane)}))["total"] == 1
    observations = bundle_of(ehr.get("/fhir/Observation", {"patient": f"Patient/{patient_id(jane)}"}))
    assert {entry["resource"]["subject"]["reference"] for entry in observations["entry"]} == {
        f"Patient/{patient_id(jane)}"
    }
    assert [entry["resource"]["code"]["coding"][0]["code"] for entry in observations["entry"]] == [
        "44261-6", "70274-6", "75626-2"
    ]


def test_responses_and_observations_are_found_by_date_sent(ehr, default_questionnaire):
    march = timezone.make_aware(datetime.datetime(2026, 3, 10, 12, 0))
    april = timezone.make_aware(datetime.datetime(2026, 4, 2, 9, 30))
    early, late = sent(default_questionnaire, when=march), sent(default_questionnaire, when=april)
    in_march = bundle_of(ehr.get("/fhir/QuestionnaireResponse", {"authored": ["ge2026-03-01", "lt2026-04-01"]}))
    assert ids(in_march) == [f"appointment-{early.appointment_id}"]
    assert ids(bundle_of(ehr.get("/fhir/QuestionnaireResponse", {"authored": "2026-04-02"}))) == [
        f"appointment-{late.appointment_id}"
    ]
    observations = bundle_of(ehr.get("/fhir/Observation", {"date": "gt2026-03-31", "code": "44261-6"}))
    assert ids(observations) == [f"appointment-{late.appointment_id}-phq9"]


@pytest.mark.parametrize(
    "params, message",
    [
        ({"authored": "last tuesday"}, "The parameter authored needs a date such as 2026-03-01"),
        ({"authored": "2026-02-30"}, "The parameter authored is not a real date."),
        ({"_count": "1000"}, "The parameter _count must be a whole number from 0 to 100."),
        ({"name": "Jane"}, "The search parameter name is not supported for this resource type."),
    ],
)
def test_a_search_the_api_cannot_run_gets_400_naming_the_parameter_not_its_value(ehr, db, params, message):
    response = ehr.get("/fhir/QuestionnaireResponse", params)
    assert response.status_code == 400
    issue = response.json()["issue"][0]
    assert issue["diagnostics"].startswith(message)
    assert "Jane" not in issue["diagnostics"] and "tuesday" not in issue["diagnostics"]


def test_pages_link_to_the_next_and_previous_page(ehr, default_questionnaire):
    responses = [sent(default_questionnaire) for _ in range(3)]
    first = bundle_of(ehr.get("/fhir/QuestionnaireResponse", {"_count": 2}))
    assert ids(first) == [f"appointment-{response.appointment_id}" for response in responses[:2]]
    links = {link["relation"]: link["url"] for link in first["link"]}
    assert "previous" not in links and first["total"] == 3
    second = bundle_of(ehr.get(links["next"]))
    assert ids(second) == [f"appointment-{responses[2].appointment_id}"]
    links = {link["relation"]: link["url"] for link in second["link"]}
    assert "next" not in links and "_offset=0" in links["previous"]
    sizes, url = [], "/fhir/Observation?_count=4"
    while url:
        page = bundle_of(ehr.get(url))
        sizes.append(len(page["entry"]))
        url = {link["relation"]: link["url"] for link in page["link"]}.get("next")
    assert sizes == [4, 4, 1]  # 3 responses × 3 totals


def test_search_by_post_keeps_the_identifier_out_of_the_url(ehr, default_questionnaire):
    jane = sent(default_questionnaire)
    response = ehr.post("/fhir/Patient/_search", {"identifier": patient_id(jane)})
    assert ids(bundle_of(response)) == [patient_id(jane)]


def test_each_type_reads_by_id_and_a_missing_id_is_a_404_outcome(ehr, default_questionnaire):
    response = sent(default_questionnaire)
    pk = response.appointment_id
    for path, resource_type in (
        (f"Patient/{patient_id(response)}", "Patient"),
        (f"QuestionnaireResponse/appointment-{pk}", "QuestionnaireResponse"),
        (f"Observation/appointment-{pk}-audit-c", "Observation"),
        (f"Questionnaire/trd-previsit-v{default_questionnaire.version}", "Questionnaire"),
    ):
        read = ehr.get(f"/fhir/{path}")
        assert read.status_code == 200, path
        assert read.json()["resourceType"] == resource_type
    missing = ehr.get(f"/fhir/QuestionnaireResponse/appointment-{pk + 1000}")
    assert missing.status_code == 404 and missing.json()["issue"][0]["code"] == "not-found"


def test_questionnaires_are_found_by_canonical_url_and_drafts_are_not_served(ehr, default_questionnaire):
    default_questionnaire.create_draft()
    url = "https://appointment-prep.example/fhir/Questionnaire/trd-previsit"
    bundle = bundle_of(ehr.get("/fhir/Questionnaire", {"url": url}))
    assert ids(bundle) == ["trd-previsit-v1"]
    assert bundle["entry"][0]["resource"]["url"] == url
    assert ehr.get("/fhir/Questionnaire/trd-previsit-v2").status_code == 404


def test_every_read_is_audit_logged_per_patient_without_health_information(ehr, ehr_application, default_questionnaire):
    jane, john = sent(default_questionnaire), sent(default_questionnaire, name="John Roe")
    bundle_of(ehr.get("/fhir/QuestionnaireResponse"))
    ehr.get(f"/fhir/Observation/appointment-{jane.appointment_id}-phq9")
    bundle_of(ehr.get("/fhir/Patient"))
    events = AuditEvent.objects.filter(action=AuditEvent.Action.FHIR_READ)
    per_appointment = events.exclude(appointment=None)
    assert sorted(per_appointment.values_list("appointment_id", flat=True)) == sorted(
        [jane.appointment_id, john.appointment_id, jane.appointment_id]
    )
    per_patient_record = events.exclude(patient=None)
    assert sorted(per_patient_record.values_list("patient_id", flat=True)) == sorted(
        [jane.appointment.patient_id, john.appointment.patient_id]
    )
    assert events.filter(appointment=None, patient=None).count() == 3  # one per search or read
    for event in events:
        assert f"client {ehr_application.pk}" in event.detail
        assert "Jane" not in event.detail and "Doe" not in event.detail


def queries_for(client, path, params):
    with CaptureQueriesContext(connection) as context:
        assert client.get(path, params).status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("type_name", ["Patient", "QuestionnaireResponse", "Observation"])
def test_queries_do_not_grow_with_the_results_per_page(ehr, default_questionnaire, django_assert_max_num_queries, type_name):
    for _ in range(10):
        sent(default_questionnaire)
    path = f"/fhir/{type_name}"
    ehr.get(path, {"_count": 1})  # the published questionnaire's structure is read once per process
    one = queries_for(ehr, path, {"_count": 1})
    with django_assert_max_num_queries(one):
        bundle = bundle_of(ehr.get(path, {"_count": 10}))
    assert len(bundle["entry"]) == 10


def published_questionnaires(number):
    from prep.questionnaires.loader import questionnaire_create_draft

    for n in range(number):
        section = {"key": "s", "title": "S", "questions": [{"key": "q", "kind": "yes_no", "text": "Q?"}]}
        questionnaire_create_draft(data={"slug": f"form-{n}", "title": f"Form {n}", "sections": [section]}).publish()


def test_questionnaire_queries_do_not_grow_with_the_results_per_page(ehr, db, django_assert_max_num_queries):
    """Each version's structure is read once per process; a page reads all of its versions' at once."""
    published_questionnaires(20)
    one = queries_for(ehr, "/fhir/Questionnaire", {"_count": 1})
    with django_assert_max_num_queries(one):
        bundle = bundle_of(ehr.get("/fhir/Questionnaire", {"_count": 10, "_offset": 10}))
    assert len(bundle["entry"]) == 10
