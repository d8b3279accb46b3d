"""Staff open a patient's record: every visit with its summary, the trend; the view is audit-logged. The summary
page, the patient page and the dashboard ask the same number of queries for 1 visit as for 5."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from prep.clinic.models import AuditEvent
from prep.visits.models import Patient
from tests.personas import TYPICAL, gad7, make_submitted_response, phq9

BUDGET = {"summary": 13, "patient": 12, "dashboard": 12}


def at(days):
    return timezone.now() + datetime.timedelta(days=days)


def patient_with_visits(questionnaire, count, name="Jane Doe"):
    """`count` sent visits a month apart, the last one tomorrow; PHQ-9 falling 2 points a visit."""
    patient = Patient.objects.create(name=name, date_of_birth=datetime.date(1980, 4, 2))
    responses = [
        make_submitted_response({**TYPICAL, **phq9(*[2] * 8, 0), **gad7(*[1] * 7)} if n % 2 else TYPICAL,
                                name=name, starts_at=at(1 - 30 * (count - 1 - n)), questionnaire=questionnaire,
                                patient=patient)
        for n in range(count)
    ]
    return patient, responses[-1]


def queries(client, url):
    client.get(url)  # warm: the session's first view, the stored summary built
    with CaptureQueriesContext(connection) as captured:
        page = client.get(url)
    assert page.status_code == 200
    return len(captured)


def test_the_patient_page_lists_every_visit_with_its_summary_and_the_trend(staff_client, default_questionnaire,
                                                                            reference_data):
    patient, last = patient_with_visits(default_questionnaire, 3)
    html = staff_client.get(f"/clinic/patients/{patient.pk}/").content.decode()
    assert "3 visits" in html and "Scores across visits" in html and "<svg" in html
    for appointment in patient.appointments.all():
        assert f'href="/clinic/appointments/{appointment.pk}/"' in html
    assert "Jane" not in html[html.index("<title>"):html.index("</title>")]
    event = AuditEvent.objects.get(action=AuditEvent.Action.PATIENT_VIEWED)
    assert event.patient == patient and event.detail == f"patient {patient.pk}: 3 appointments"


def test_the_appointment_page_links_to_the_patients_record(staff_client, default_questionnaire, reference_data):
    patient, last = patient_with_visits(default_questionnaire, 1)
    html = staff_client.get(f"/clinic/appointments/{last.appointment_id}/").content.decode()
    assert f'href="/clinic/patients/{patient.pk}/"' in html


def test_the_patient_page_needs_clinic_staff(client, plain_user_client, default_questionnaire, db):
    patient = Patient.objects.create(name="Jane Doe", date_of_birth=datetime.date(1980, 4, 2))
    assert plain_user_client.get(f"/clinic/patients/{patient.pk}/").status_code == 403
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.PATIENT_VIEWED).exists()


@pytest.mark.parametrize("page", ["summary", "patient", "dashboard"])
def test_query_counts_do_not_grow_with_the_number_of_visits(staff_client, default_questionnaire, reference_data, page):
    counts = []
    for visits in (1, 5):
        patient, last = patient_with_visits(default_questionnaire, visits, name=f"Patient {visits}")
        url = {
            "summary": f"/clinic/appointments/{last.appointment_id}/",
            "patient": f"/clinic/patients/{patient.pk}/",
            "dashboard": f"/clinic/?q=Patient+{visits}",
        }[page]
        counts.append(queries(staff_client, url))
    assert counts[0] == counts[1] <= BUDGET[page], counts
