"""The appointment form finds a returning patient's record: by record number exactly, or by name and date of birth
after asking; never a silent duplicate."""

import datetime

from django.utils import timezone

from prep.visits.models import Appointment, Patient
from prep.visits.services import appointment_create

NEXT_WEEK = timezone.localdate() + datetime.timedelta(days=7)
FORM = {
    "patient_name": "Jane Doe",
    "date_of_birth": "1980-04-02",
    "appointment_date": NEXT_WEEK.isoformat(),
    "appointment_time": "10:00",
    "clinician": "Dr Lee",
    "email": "",
    "record_number": "",
}


def earlier_visit(record_number=""):
    appointment, _token = appointment_create(
        patient_name="Jane Doe", date_of_birth=datetime.date(1980, 4, 2), record_number=record_number,
        starts_at=timezone.now() + datetime.timedelta(days=1),
    )
    Appointment.objects.filter(pk=appointment.pk).update(created_at=timezone.now() - datetime.timedelta(days=3))
    return appointment.patient


def new_appointment(client, **changes):
    return client.post("/clinic/appointments/new/", {**FORM, **changes})


def test_the_record_number_finds_the_patient_exactly_even_under_another_name(staff_client, default_questionnaire):
    patient = earlier_visit(record_number="MRN-0042")
    posted = new_appointment(staff_client, patient_name="Jane Smith", record_number="MRN-0042")
    assert posted.status_code == 302
    assert Patient.objects.get() == patient and patient.appointments.count() == 2


def test_a_record_number_with_another_birth_date_is_refused(staff_client, default_questionnaire):
    earlier_visit(record_number="MRN-0042")
    page = new_appointment(staff_client, date_of_birth="1981-04-02", record_number="MRN-0042")
    assert page.status_code == 200 and "belongs to a patient with another date of birth" in page.content.decode()
    assert Appointment.objects.count() == 1


def test_the_same_name_and_birth_date_asks_which_record_before_creating(staff_client, default_questionnaire):
    patient = earlier_visit()
    page = new_appointment(staff_client, patient_name="  jane   DOE ")
    html = page.content.decode()
    assert page.status_code == 200 and "already has a record" in html
    assert f'name="patient_choice" id="patient-{patient.pk}"' in html and "1 visit" in html
    assert Appointment.objects.count() == 1 and Patient.objects.count() == 1


def test_choosing_the_existing_record_joins_it(staff_client, default_questionnaire):
    patient = earlier_visit()
    posted = new_appointment(staff_client, patient_choice=str(patient.pk), email="jane@example.org")
    assert posted.status_code == 302
    assert Patient.objects.get() == patient and patient.appointments.count() == 2
    patient.refresh_from_db()
    assert patient.email == "jane@example.org"  # a record gains the email it lacked


def test_choosing_someone_else_makes_a_second_record(staff_client, default_questionnaire):
    earlier_visit()
    assert new_appointment(staff_client, patient_choice="new").status_code == 302
    assert Patient.objects.count() == 2


def test_a_new_patient_with_a_record_number_is_not_asked_and_keeps_the_number(staff_client, default_questionnaire):
    assert new_appointment(staff_client, patient_name="Ann Other", record_number=" MRN-7 ").status_code == 302
    assert Patient.objects.get().record_number == "MRN-7"


def test_a_record_number_given_for_a_record_without_one_is_added_to_it(staff_client, default_questionnaire):
    patient = earlier_visit()
    assert new_appointment(staff_client, record_number="MRN-9", patient_choice=str(patient.pk)).status_code == 302
    patient.refresh_from_db()
    assert patient.record_number == "MRN-9"
