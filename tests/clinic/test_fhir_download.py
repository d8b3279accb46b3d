"""Staff download a summary's FHIR Bundle from the summary page; each download is audit-logged."""

import json

from django.utils import timezone
from fhir.resources.R4B.bundle import Bundle

from prep.clinic.models import AuditEvent


def test_the_summary_page_offers_the_fhir_bundle(staff_client, submitted_appointment):
    html = staff_client.get(f"/clinic/appointments/{submitted_appointment.pk}/").content.decode()
    assert f'href="/clinic/appointments/{submitted_appointment.pk}/summary.fhir.json"' in html
    assert "Download FHIR Bundle" in html


def test_staff_download_a_valid_bundle_named_without_the_patient_and_it_is_audit_logged(staff_client, staff_user, submitted_appointment):
    download = staff_client.get(f"/clinic/appointments/{submitted_appointment.pk}/summary.fhir.json")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/fhir+json; charset=utf-8"
    local = timezone.localtime(submitted_appointment.starts_at)
    expected = f"summary-{local:%Y-%m-%d-%H%M}-appt-{submitted_appointment.pk}.fhir.json"
    assert download["Content-Disposition"] == f'attachment; filename="{expected}"'
    bundle = json.loads(download.content)
    Bundle.model_validate(bundle)
    types = [entry["resource"]["resourceType"] for entry in bundle["entry"]]
    assert types == ["Patient", "QuestionnaireResponse", "Observation", "Observation", "Observation"]
    event = AuditEvent.objects.get(action=AuditEvent.Action.FHIR_DOWNLOADED)
    assert (event.user, event.appointment, event.detail) == (staff_user, submitted_appointment, "sending 1")


def test_an_earlier_sending_downloads_the_answers_of_that_sending(staff_client, submitted_appointment):
    response = submitted_appointment.response
    first = response.last_submission
    response.answers = {**response.answers, "visit_goals": "Changed after sending"}
    response.save(update_fields=["answers"])
    download = staff_client.get(f"/clinic/appointments/{submitted_appointment.pk}/summary.fhir.json?sending={first.number}")
    assert "Changed after sending" not in download.content.decode()
    assert first.answers["visit_goals"] in json.loads(download.content)["entry"][1]["resource"]["item"][0]["item"][0]["answer"][0]["valueString"]
