import datetime

import pytest
from django.utils import timezone

from prep.visits.services import appointment_create

BIRTH_DATE = datetime.date(1980, 4, 2)


@pytest.fixture
def invitation(default_questionnaire):
    """(appointment, token) for an appointment tomorrow."""
    starts_at = timezone.now() + datetime.timedelta(days=1)
    return appointment_create(
        patient_name="Jane Doe", date_of_birth=BIRTH_DATE, starts_at=starts_at, clinician="Dr Lee"
    )


def confirm(client, token, birth_date=BIRTH_DATE):
    client.get(f"/p/{token}/")
    return client.post(
        "/visit/", {"month": birth_date.month, "day": birth_date.day, "year": birth_date.year}
    )


@pytest.fixture
def patient_client(client, invitation):
    _appointment, token = invitation
    confirm(client, token)
    return client


@pytest.fixture
def response(patient_client, invitation):
    appointment, _token = invitation
    return appointment.response
