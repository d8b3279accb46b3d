"""An appointment date outside a sensible range (the past, or more than two years ahead) is a form error."""

import datetime

import pytest
from django.utils import timezone

from prep.visits.models import Appointment

TODAY = timezone.localdate()
FORM = {"patient_name": "Jane Doe", "date_of_birth": "1980-04-02", "appointment_time": "09:30", "clinician": "",
        "email": ""}


@pytest.mark.parametrize("day", ["9999-12-31", "3000-01-01", (TODAY + datetime.timedelta(days=800)).isoformat()])
def test_an_appointment_date_years_ahead_is_a_form_error_not_a_server_error(staff_client, default_questionnaire, day):
    page = staff_client.post("/clinic/appointments/new/", {**FORM, "appointment_date": day})
    assert page.status_code == 200
    assert "up to two years ahead" in page.content.decode()
    assert not Appointment.objects.exists()


@pytest.mark.parametrize("day", ["0001-01-01", "1899-12-31"])
def test_an_appointment_date_long_past_is_a_form_error_not_a_server_error(staff_client, default_questionnaire, day):
    page = staff_client.post("/clinic/appointments/new/", {**FORM, "appointment_date": day})
    assert page.status_code == 200
    assert "The appointment is in the past." in page.content.decode()
    assert not Appointment.objects.exists()


def test_an_appointment_a_year_ahead_is_made(staff_client, default_questionnaire):
    day = TODAY + datetime.timedelta(days=365)
    staff_client.post("/clinic/appointments/new/", {**FORM, "appointment_date": day.isoformat()})
    assert Appointment.objects.get().starts_at.date() == day
