"""The clinic dashboard: the day's appointments, filters, badges from stored flags, urgent first, constant queries."""

import datetime

import pytest
from django.utils import timezone

from prep.visits.models import Appointment, Invitation, Patient, Response, Submission
from tests.personas import mark_sent

URGENT = {"code": "urgent_safety", "title": "Safety", "level": "urgent"}
BIPOLAR = {"code": "bipolar_features", "title": "Bipolar features", "level": "warning"}


def at(days, hour):
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def make_appointments(questionnaire, count, *, days=0, clinician="Dr Lee", flags=(), submitted=True):
    patient = Patient.objects.create(name="Patient", date_of_birth=datetime.date(1970, 1, 1))
    appointments = Appointment.objects.bulk_create(
        Appointment(patient=patient, patient_name=f"Patient {n:04d}", date_of_birth=datetime.date(1970, 1, 1),
                    starts_at=at(days, 8) + datetime.timedelta(minutes=n), clinician=clinician,
                    status=Appointment.Status.SUBMITTED if submitted else Appointment.Status.INVITED)
        for n in range(count)
    )
    Invitation.objects.bulk_create(
        Invitation(appointment=a, token_hash=f"{a.pk:064d}", expires_at=a.starts_at + datetime.timedelta(days=1))
        for a in appointments
    )
    if submitted:
        responses = Response.objects.bulk_create(
            Response(appointment=a, questionnaire=questionnaire, submitted_at=timezone.now(), flags=list(flags),
                     urgent=any(f["level"] == "urgent" for f in flags))
            for a in appointments
        )
        mark_sent(responses)
    return appointments


@pytest.mark.parametrize("count", [10, 500])
def test_the_dashboard_uses_a_constant_number_of_queries(staff_client, default_questionnaire, count,
                                                        django_assert_max_num_queries):
    make_appointments(default_questionnaire, count, flags=[URGENT, BIPOLAR])
    staff_client.get("/clinic/")  # the first view of a session notes the staff member's activity
    with django_assert_max_num_queries(10):
        response = staff_client.get("/clinic/")
    assert response.status_code == 200
    assert "Patient 0000" in response.content.decode()


def test_the_dashboard_shows_today_and_the_next_days_with_status_and_badges(staff_client, default_questionnaire):
    make_appointments(default_questionnaire, 1, flags=[URGENT, BIPOLAR])
    later = make_appointments(default_questionnaire, 1, days=3, submitted=False)[0]
    Appointment.objects.filter(pk=later.pk).update(patient_name="Later Patient")
    far = make_appointments(default_questionnaire, 1, days=30, submitted=False)[0]
    Appointment.objects.filter(pk=far.pk).update(patient_name="Far Patient")
    html = staff_client.get("/clinic/").content.decode()
    assert "Patient 0000" in html and "Later Patient" in html and "Far Patient" not in html
    assert "URGENT · Safety" in html and "Bipolar features" in html
    assert html.index("URGENT · Safety") < html.index("Bipolar features")
    assert "Invited" in html and "Submitted" in html


def test_urgent_submissions_not_yet_reviewed_are_listed_at_the_top(staff_client, default_questionnaire):
    appointment = make_appointments(default_questionnaire, 1, days=5, flags=[URGENT])[0]
    html = staff_client.get("/clinic/").content.decode()
    panel = html.split('id="urgent-title"')[1].split("</section>")[0]
    assert "Patient 0000" in panel and "URGENT — not yet reviewed" in panel
    Submission.objects.filter(response__appointment=appointment).update(reviewed_at=timezone.now())
    assert 'id="urgent-title"' not in staff_client.get("/clinic/").content.decode()


def test_filters_by_clinician_status_name_and_dates(staff_client, default_questionnaire):
    make_appointments(default_questionnaire, 2, clinician="Dr Lee")
    others = make_appointments(default_questionnaire, 1, clinician="Dr Okafor", submitted=False)
    Appointment.objects.filter(pk=others[0].pk).update(patient_name="Maria Okoro")
    html = staff_client.get("/clinic/", {"clinician": "Dr Okafor"}).content.decode()
    assert "Maria Okoro" in html and "Patient 0000" not in html
    html = staff_client.get("/clinic/", {"status": "submitted"}).content.decode()
    assert "Maria Okoro" not in html and "Patient 0001" in html
    html = staff_client.get("/clinic/", {"q": "okoro"}).content.decode()
    assert "Maria Okoro" in html and "Patient 0000" not in html
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    html = staff_client.get("/clinic/", {"date_from": tomorrow, "date_to": tomorrow}).content.decode()
    assert "No appointments match." in html


def test_an_expired_invitation_shows_as_expired(staff_client, default_questionnaire):
    appointment = make_appointments(default_questionnaire, 1, submitted=False)[0]
    Invitation.objects.filter(appointment=appointment).update(expires_at=timezone.now() - datetime.timedelta(hours=1))
    html = staff_client.get("/clinic/", {"status": "expired"}).content.decode()
    assert "Patient 0000" in html and "Expired" in html


def test_a_bad_filter_value_gets_a_message_and_the_default_list(staff_client, default_questionnaire):
    make_appointments(default_questionnaire, 1)
    page = staff_client.get("/clinic/", {"date_from": "not-a-date"})
    assert page.status_code == 200
    assert "Patient 0000" in page.content.decode()


def test_the_list_is_paginated(staff_client, default_questionnaire):
    make_appointments(default_questionnaire, 60)
    first = staff_client.get("/clinic/").content.decode()
    assert "Page 1 of 2" in first and "Patient 0049" in first and "Patient 0050" not in first
    second = staff_client.get("/clinic/", {"page": 2}).content.decode()
    assert "Patient 0050" in second


def test_a_name_search_finds_appointments_on_any_date_and_says_so(staff_client, default_questionnaire):
    far = make_appointments(default_questionnaire, 1, days=40, submitted=False)[0]
    past = make_appointments(default_questionnaire, 1, days=-20, submitted=False)[0]
    Appointment.objects.filter(pk__in=[far.pk, past.pk]).update(patient_name="Robin Far")
    make_appointments(default_questionnaire, 1)
    html = staff_client.get("/clinic/", {"q": "robin"}).content.decode()
    assert html.count("Robin Far</a>") == 2 and "Patient 0000" not in html
    assert "Searching every date" in html
    assert "Searching every date" not in staff_client.get("/clinic/").content.decode()


def test_a_date_of_birth_search_finds_the_patient_on_any_date(staff_client, default_questionnaire):
    far = make_appointments(default_questionnaire, 1, days=60, submitted=False)[0]
    Appointment.objects.filter(pk=far.pk).update(patient_name="Kim Born", date_of_birth=datetime.date(1985, 7, 9))
    make_appointments(default_questionnaire, 1)
    html = staff_client.get("/clinic/", {"born": "1985-07-09"}).content.decode()
    assert "Kim Born" in html and "Patient 0000" not in html


def test_each_row_shows_the_date_of_birth(staff_client, default_questionnaire):
    make_appointments(default_questionnaire, 1)
    assert "1 Jan 1970" in staff_client.get("/clinic/").content.decode()


def test_the_day_to_print_is_chosen_on_the_page(staff_client, default_questionnaire):
    day = (timezone.localdate() + datetime.timedelta(days=2)).isoformat()
    html = staff_client.get("/clinic/", {"date_from": day}).content.decode()
    assert f'id="print-date" name="date" value="{day}"' in html
    searched = staff_client.get("/clinic/", {"q": "x"}).content.decode()
    assert f'id="print-date" name="date" value="{timezone.localdate().isoformat()}"' in searched
