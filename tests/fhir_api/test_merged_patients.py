"""Two records of one person merged: the id the EHR kept for the record that went still leads to the person. A read
answers with that id marked inactive and replaced by the kept record, and the kept record names the ids it replaces;
a search by it finds the kept record's responses; merges in a row lead to the last record."""

import datetime

from fhir.resources.R4B.patient import Patient as FhirPatient

from prep.clinic.models import AuditEvent
from prep.visits.services import patient_create, patients_merge
from tests.fhir_api.test_search import PATIENT_ID, bundle_of, ids, sent

BIRTH = datetime.date(1980, 4, 2)


def two_records_of_jane(default_questionnaire):
    kept = patient_create(name="Jane Doe", date_of_birth=BIRTH, record_number="MRN-0042")
    duplicate = patient_create(name="Jane  Doe", date_of_birth=BIRTH)
    visits = [sent(default_questionnaire, patient=kept), sent(default_questionnaire, patient=duplicate)]
    sent(default_questionnaire, name="John Roe")
    return kept, duplicate, [f"appointment-{visit.appointment_id}" for visit in visits]


def test_reading_a_merged_records_id_gives_it_inactive_and_replaced_by_the_kept_record(ehr, default_questionnaire):
    kept, duplicate, _visits = two_records_of_jane(default_questionnaire)
    patients_merge(keep=kept, others=[duplicate])
    read = ehr.get(f"/fhir/Patient/patient-{duplicate.pk}")
    assert read.status_code == 200
    resource = read.json()
    FhirPatient.model_validate(resource)
    assert resource["id"] == f"patient-{duplicate.pk}" and resource["active"] is False
    assert resource["link"] == [{"other": {"reference": f"Patient/patient-{kept.pk}"}, "type": "replaced-by"}]
    assert resource["birthDate"] == "1980-04-02"
    kept_resource = ehr.get(f"/fhir/Patient/patient-{kept.pk}").json()
    FhirPatient.model_validate(kept_resource)
    assert "active" not in kept_resource
    assert kept_resource["link"] == [{"other": {"reference": f"Patient/patient-{duplicate.pk}"}, "type": "replaces"}]
    assert AuditEvent.objects.filter(action="fhir_read", patient=kept).exists()


def test_a_search_by_the_merged_id_finds_every_response_of_the_person(ehr, default_questionnaire):
    kept, duplicate, visits = two_records_of_jane(default_questionnaire)
    patients_merge(keep=kept, others=[duplicate])
    by_reference = bundle_of(ehr.get("/fhir/QuestionnaireResponse", {"patient": f"Patient/patient-{duplicate.pk}"}))
    assert ids(by_reference) == visits
    by_identifier = bundle_of(ehr.get("/fhir/Patient", {"identifier": f"{PATIENT_ID}|patient-{duplicate.pk}"}))
    assert ids(by_identifier) == [f"patient-{kept.pk}"]
    assert bundle_of(ehr.get("/fhir/Patient", {"_id": f"patient-{duplicate.pk}"}))["entry"] == []


def test_merges_in_a_row_lead_to_the_last_record_and_unknown_ids_stay_404(ehr, default_questionnaire):
    kept, duplicate, _visits = two_records_of_jane(default_questionnaire)
    third = patient_create(name="J. Doe", date_of_birth=BIRTH)
    sent(default_questionnaire, patient=third)
    patients_merge(keep=duplicate, others=[third])
    patients_merge(keep=kept, others=[duplicate])
    for former in (third, duplicate):
        link = ehr.get(f"/fhir/Patient/patient-{former.pk}").json()["link"]
        assert link == [{"other": {"reference": f"Patient/patient-{kept.pk}"}, "type": "replaced-by"}]
    replaces = bundle_of(ehr.get("/fhir/Patient", {"_id": f"patient-{kept.pk}"}))["entry"][0]["resource"]["link"]
    assert replaces == [{"other": {"reference": f"Patient/patient-{pk}"}, "type": "replaces"}
                        for pk in sorted((duplicate.pk, third.pk))]
    assert ehr.get(f"/fhir/Patient/patient-{third.pk + 1000}").status_code == 404
