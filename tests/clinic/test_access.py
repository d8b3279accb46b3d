"""Permission matrix: every clinic URL for anonymous, patient session, plain user, staff and admin."""

import pytest

from tests.visits.conftest import confirm

GET_URLS = [
    "/clinic/",
    "/clinic/appointments/new/",
    "/clinic/appointments/{pk}/",
    "/clinic/appointments/{pk}/summary.pdf",
    "/clinic/appointments/{pk}/summary.fhir.json",
    "/clinic/print/?date={day}",
    "/clinic/appointments/{pk}/reopen/",
]
POST_URLS = [
    "/clinic/appointments/new/",
    "/clinic/appointments/{pk}/reissue/",
    "/clinic/appointments/{pk}/review/",
    "/clinic/appointments/{pk}/reopen/",
]
ALL = [("get", url) for url in GET_URLS] + [("post", url) for url in POST_URLS]


@pytest.fixture
def target(submitted_appointment):
    return {
        "pk": submitted_appointment.pk,
        "day": submitted_appointment.starts_at.date().isoformat(),
        "sending": submitted_appointment.response.last_submission_id,
    }


def call(client, method, url, target):
    """POSTs carry the sending the page showed and what the form asks for, as the clinic's pages send them."""
    data = {"submission": target["sending"], "note": "Called the patient", "reason": "Add a medicine"}
    return getattr(client, method)(url.format(**target), *([data] if method == "post" else []))


@pytest.mark.parametrize("method, url", ALL)
def test_anonymous_users_are_sent_to_sign_in(client, target, method, url):
    response = call(client, method, url, target)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("method, url", ALL)
def test_a_patient_session_never_reaches_staff_pages(client, target, submitted_token, method, url):
    confirm(client, submitted_token)
    response = call(client, method, url, target)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("method, url", ALL)
def test_signed_in_users_without_the_clinic_permission_get_403(plain_user_client, target, method, url):
    assert call(plain_user_client, method, url, target).status_code == 403


@pytest.mark.parametrize("persona", ["staff_client", "admin_client"])
@pytest.mark.parametrize("method, url", ALL)
def test_clinic_staff_and_admins_get_in(request, target, method, url, persona):
    response = call(request.getfixturevalue(persona), method, url, target)
    assert response.status_code in (200, 302), (url, response.status_code)
    if response.status_code == 302:
        assert not response["Location"].startswith("/accounts/login/")


def test_staff_asking_for_a_missing_appointment_get_a_plain_404(staff_client, db):
    response = staff_client.get("/clinic/appointments/999999/")
    assert response.status_code == 404
