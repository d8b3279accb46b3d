"""Admins merge two records of the same person into one: the appointments move, and the merge is audit-logged."""

import datetime

from django.utils import timezone

from prep.clinic.models import AuditEvent
from prep.visits.models import Patient
from prep.visits.services import appointment_create


def visit(name, days, record_number=""):
    appointment, _token = appointment_create(
        patient_name=name, date_of_birth=datetime.date(1980, 4, 2), record_number=record_number,
        starts_at=timezone.now() + datetime.timedelta(days=days),
    )
    return appointment.patient


def merge(admin_client, *patients):
    return admin_client.post("/admin/visits/patient/", {
        "action": "merge_records", "_selected_action": [str(patient.pk) for patient in patients],
    }, follow=True)


def test_merging_moves_the_appointments_to_the_record_with_the_number_and_logs_it(admin_client, db):
    first = visit("Jane Doe", 1)
    numbered = visit("Jane Doe", 2, record_number="MRN-1")
    third = visit("Jane  doe", 3)
    page = merge(admin_client, first, numbered, third)
    assert "Merged 3 records into one; 2 appointments moved." in page.content.decode()
    assert list(Patient.objects.all()) == [numbered] and numbered.appointments.count() == 3
    event = AuditEvent.objects.get(action=AuditEvent.Action.PATIENTS_MERGED)
    assert event.patient == numbered and str(first.pk) in event.detail and str(third.pk) in event.detail


def test_records_with_different_numbers_are_not_merged(admin_client, db):
    one, other = visit("Jane Doe", 1, "MRN-1"), visit("Jane Doe", 2, "MRN-2")
    page = merge(admin_client, one, other)
    assert "different record numbers" in page.content.decode()
    assert Patient.objects.count() == 2 and not AuditEvent.objects.filter(action="patients_merged").exists()
