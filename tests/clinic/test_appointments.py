"""Creating appointments and links, re-issuing, the invitation email."""

import datetime
import re

from django.core import mail
from django.utils import timezone

from prep.clinic.models import AuditEvent
from prep.visits.models import Appointment, Invitation, hash_token

TOMORROW = timezone.localdate() + datetime.timedelta(days=1)
VALID = {
    "patient_name": "Jane Doe",
    "date_of_birth": "1980-04-02",
    "appointment_date": TOMORROW.isoformat(),
    "appointment_time": "09:30",
    "clinician": "Dr Lee",
    "email": "",
}
CLINICAL_WORDS = ("psychiatr", "depress", "mental", "antidepressant", "suicid", "mood", "Jane", "Doe")


def link_in(html):
    return re.search(r'id="invitation-link" type="text" value="([^"]+)"', html).group(1)


def test_staff_create_an_appointment_and_see_the_link_once(staff_client, default_questionnaire):
    page = staff_client.post("/clinic/appointments/new/", VALID)
    assert page.status_code == 200
    link = link_in(page.content.decode())
    token = link.rstrip("/").rsplit("/", 1)[-1]
    appointment = Appointment.objects.get()
    assert appointment.invitation.token_hash == hash_token(token)
    assert timezone.localtime(appointment.starts_at).strftime("%H:%M") == "09:30"
    assert AuditEvent.objects.filter(action="invitation_created", appointment=appointment).exists()
    detail = staff_client.get(f"/clinic/appointments/{appointment.pk}/").content.decode()
    assert token not in detail


def test_an_invitation_email_holds_the_link_and_the_clinic_name_only(staff_client, default_questionnaire, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    page = staff_client.post("/clinic/appointments/new/", {**VALID, "email": "jane@example.org"})
    link = link_in(page.content.decode())
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["jane@example.org"]
    assert link in message.body
    assert settings.CLINIC_NAME in message.body
    text = (message.subject + message.body).replace(settings.CLINIC_NAME, "").lower()
    for word in CLINICAL_WORDS:
        assert word.lower() not in text


def test_no_email_is_sent_without_an_address(staff_client, default_questionnaire, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    staff_client.post("/clinic/appointments/new/", VALID)
    assert mail.outbox == []


def test_bad_input_gets_a_message_next_to_the_field_and_keeps_what_was_typed(staff_client, default_questionnaire):
    yesterday = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    future_birth = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    page = staff_client.post(
        "/clinic/appointments/new/",
        {**VALID, "date_of_birth": future_birth, "appointment_date": yesterday, "email": "not-an-email"},
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert "The date of birth cannot be in the future." in html
    assert "The appointment is in the past." in html
    assert "Enter an email address like name@example.org." in html
    assert 'value="Jane Doe"' in html and 'value="not-an-email"' in html
    assert not Appointment.objects.exists()


def test_reissuing_a_link_stops_the_old_one(staff_client, default_questionnaire):
    first = link_in(staff_client.post("/clinic/appointments/new/", VALID).content.decode())
    appointment = Appointment.objects.get()
    second = link_in(staff_client.post(f"/clinic/appointments/{appointment.pk}/reissue/").content.decode())
    assert first != second
    assert Invitation.objects.for_token(first.rsplit("/", 2)[-2]) is None
    assert Invitation.objects.for_token(second.rsplit("/", 2)[-2]) is not None
    assert AuditEvent.objects.filter(action="invitation_reissued").count() == 1


def test_the_appointment_page_says_when_the_link_was_last_opened(staff_client, default_questionnaire):
    staff_client.post("/clinic/appointments/new/", VALID)
    appointment = Appointment.objects.get()
    assert "Link not opened yet." in staff_client.get(f"/clinic/appointments/{appointment.pk}/").content.decode()
    Invitation.objects.update(last_opened_at=timezone.now())
    assert "Link last opened" in staff_client.get(f"/clinic/appointments/{appointment.pk}/").content.decode()
