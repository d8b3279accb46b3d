"""Creating appointments and links, re-issuing, the invitation email, the appointment page's title and link state."""

import datetime
import re

from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
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


class FailingEmailBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("mail server down")


def link_in(html):
    return re.search(r'id="invitation-link" type="text" value="([^"]+)"', html).group(1)


def create(client, data=VALID):
    """Post the form and follow the redirect to the appointment page, as the browser does."""
    return client.post("/clinic/appointments/new/", data, follow=True)


def test_creating_an_appointment_redirects_to_its_page_which_shows_the_link_once(staff_client, default_questionnaire):
    posted = staff_client.post("/clinic/appointments/new/", VALID)
    appointment = Appointment.objects.get()
    assert posted.status_code == 302 and posted["Location"] == f"/clinic/appointments/{appointment.pk}/"
    page = staff_client.get(posted["Location"]).content.decode()
    token = link_in(page).rstrip("/").rsplit("/", 1)[-1]
    assert appointment.invitation.token_hash == hash_token(token)
    assert timezone.localtime(appointment.starts_at).strftime("%H:%M") == "09:30"
    assert AuditEvent.objects.filter(action="invitation_created", appointment=appointment).exists()
    again = staff_client.get(posted["Location"]).content.decode()
    assert token not in again and 'id="invitation-link"' not in again
    assert Appointment.objects.count() == 1


def test_the_new_link_is_kept_in_the_session_only_until_shown(staff_client, default_questionnaire):
    posted = staff_client.post("/clinic/appointments/new/", VALID)
    assert "clinic_new_link" in staff_client.session and "/p/" not in posted["Location"]
    staff_client.get(posted["Location"])
    assert "clinic_new_link" not in staff_client.session


def test_a_second_appointment_for_the_same_person_within_a_day_asks_first(staff_client, default_questionnaire):
    create(staff_client)
    page = staff_client.post("/clinic/appointments/new/", {**VALID, "patient_name": "  jane DOE ", "appointment_time": "15:00"})
    html = page.content.decode()
    assert page.status_code == 200 and "already has an appointment" in html
    assert "Create it anyway" in html and 'value="  jane DOE "' in html
    assert Appointment.objects.count() == 1


def test_create_it_anyway_makes_the_second_appointment(staff_client, default_questionnaire):
    create(staff_client)
    first = Appointment.objects.get()
    page = create(staff_client, {**VALID, "appointment_time": "15:00", "confirm_duplicate": "on",
                                 "patient_choice": str(first.patient_id)})
    assert Appointment.objects.count() == 2
    assert 'id="invitation-link"' in page.content.decode()


def test_another_person_or_a_visit_made_long_ago_for_another_week_is_not_asked(staff_client, default_questionnaire):
    create(staff_client)
    create(staff_client, {**VALID, "date_of_birth": "1981-04-02"})
    Appointment.objects.update(created_at=timezone.now() - datetime.timedelta(days=3))
    next_week = (TOMORROW + datetime.timedelta(days=7)).isoformat()
    first = Appointment.objects.filter(date_of_birth=datetime.date(1980, 4, 2)).get()
    create(staff_client, {**VALID, "appointment_date": next_week, "patient_choice": str(first.patient_id)})
    assert Appointment.objects.count() == 3


def test_the_form_without_a_duplicate_never_shows_the_confirmation(staff_client, default_questionnaire):
    assert "Create it anyway" not in staff_client.get("/clinic/appointments/new/").content.decode()


def test_an_email_that_cannot_be_sent_still_shows_the_appointment_and_its_link(
    staff_client, default_questionnaire, settings, caplog
):
    settings.EMAIL_BACKEND = f"{__name__}.FailingEmailBackend"
    page = create(staff_client, {**VALID, "email": "jane@example.org"})
    html = page.content.decode()
    assert page.status_code == 200
    assert "The email could not be sent: copy the link" in html
    appointment = Appointment.objects.get()
    assert appointment.invitation.token_hash == hash_token(link_in(html).rstrip("/").rsplit("/", 1)[-1])
    logged = " ".join(record.getMessage() for record in caplog.records)
    assert f"appointment {appointment.pk} could not be sent" in logged
    assert "jane@example.org" not in logged and "Jane" not in logged


def test_a_sent_email_is_said_on_the_page(staff_client, default_questionnaire, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    html = create(staff_client, {**VALID, "email": "jane@example.org"}).content.decode()
    assert "An invitation email with this link was sent" in html and "could not be sent" not in html


def test_an_invitation_email_holds_the_link_and_the_clinic_name_only(staff_client, default_questionnaire, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    link = link_in(create(staff_client, {**VALID, "email": "jane@example.org"}).content.decode())
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
    create(staff_client)
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


def test_reissuing_a_link_stops_the_old_one_and_shows_the_new_one_once(staff_client, default_questionnaire):
    first = link_in(create(staff_client).content.decode())
    appointment = Appointment.objects.get()
    reissued = staff_client.post(f"/clinic/appointments/{appointment.pk}/reissue/")
    assert reissued.status_code == 302 and reissued["Location"] == f"/clinic/appointments/{appointment.pk}/"
    second = link_in(staff_client.get(reissued["Location"]).content.decode())
    assert 'id="invitation-link"' not in staff_client.get(reissued["Location"]).content.decode()
    assert first != second
    assert Invitation.objects.for_token(first.rsplit("/", 2)[-2]) is None
    assert Invitation.objects.for_token(second.rsplit("/", 2)[-2]) is not None
    assert AuditEvent.objects.filter(action="invitation_reissued").count() == 1


def test_the_appointment_page_says_when_the_link_was_last_opened(staff_client, default_questionnaire):
    create(staff_client)
    appointment = Appointment.objects.get()
    assert "Link not opened yet." in staff_client.get(f"/clinic/appointments/{appointment.pk}/").content.decode()
    Invitation.objects.update(last_opened_at=timezone.now())
    assert "Link last opened" in staff_client.get(f"/clinic/appointments/{appointment.pk}/").content.decode()


def test_a_sent_appointment_never_reads_link_not_opened(staff_client, submitted_appointment):
    Invitation.objects.update(last_opened_at=None)  # demo data, or a link re-issued after sending
    html = staff_client.get(f"/clinic/appointments/{submitted_appointment.pk}/").content.decode()
    assert "Link not opened yet." not in html and "Answers sent" in html


def test_the_appointment_page_title_names_the_appointment_not_the_patient(staff_client, submitted_appointment):
    html = staff_client.get(f"/clinic/appointments/{submitted_appointment.pk}/").content.decode()
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    assert f"Appointment {submitted_appointment.pk}" in title and "Jane" not in title and "Doe" not in title
    assert "Jane Doe" in html  # on the page itself, for staff


def test_the_summary_pdf_is_named_by_date_time_and_appointment_number(staff_client, submitted_appointment):
    pdf = staff_client.get(f"/clinic/appointments/{submitted_appointment.pk}/summary.pdf")
    local = timezone.localtime(submitted_appointment.starts_at)
    expected = f"summary-{local:%Y-%m-%d-%H%M}-appt-{submitted_appointment.pk}.pdf"
    assert pdf["Content-Disposition"] == f'attachment; filename="{expected}"'
