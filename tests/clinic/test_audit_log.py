"""Every staff view, download and print of a summary is recorded; nobody can change the record through the app."""

import datetime

from django.utils import timezone

from prep.clinic.models import AuditEvent
from prep.visits.services import appointment_create


def actions(appointment=None):
    events = AuditEvent.objects.all()
    if appointment is not None:
        events = events.filter(appointment=appointment)
    return list(events.order_by("pk").values_list("action", flat=True))


def test_viewing_downloading_reviewing_reopening_and_printing_are_recorded(
    staff_client, staff_user, submitted_appointment
):
    pk = submitted_appointment.pk
    staff_client.get(f"/clinic/appointments/{pk}/")
    staff_client.get(f"/clinic/appointments/{pk}/summary.pdf")
    sending = submitted_appointment.response.last_submission_id
    staff_client.post(f"/clinic/appointments/{pk}/review/", {"submission": sending, "note": "Called, safe"})
    staff_client.post(f"/clinic/appointments/{pk}/reopen/", {"submission": sending, "reason": "Add a medicine"})
    staff_client.get("/clinic/print/", {"date": "2000-01-01"})
    assert actions(submitted_appointment) == ["summary_viewed", "pdf_downloaded", "reviewed", "reopened"]
    reviewed, reopened = AuditEvent.objects.filter(action__in=["reviewed", "reopened"]).order_by("pk")
    assert (reviewed.detail, reviewed.note) == ("sending 1", "Called, safe")
    assert (reopened.detail, reopened.note) == ("sending 1", "Add a medicine")
    event = AuditEvent.objects.filter(appointment=submitted_appointment).first()
    assert event.user == staff_user and event.ip == "127.0.0.1" and event.at is not None


def test_opening_an_appointment_without_answers_is_recorded(staff_client, staff_user, default_questionnaire):
    appointment, _token = appointment_create(
        patient_name="Sam Roe", date_of_birth=datetime.date(1990, 5, 1),
        starts_at=timezone.now() + datetime.timedelta(days=1),
    )
    page = staff_client.get(f"/clinic/appointments/{appointment.pk}/")
    assert page.status_code == 200 and "Sam Roe" in page.content.decode()
    event = AuditEvent.objects.get(appointment=appointment)
    assert (event.action, event.detail, event.user) == ("appointment_viewed", "no answers saved", staff_user)


def test_printing_a_day_is_recorded(staff_client, submitted_appointment):
    day = timezone.localtime(submitted_appointment.starts_at).date()
    response = staff_client.get("/clinic/print/", {"date": day.isoformat()})
    assert response["Content-Type"] == "application/pdf"
    assert actions() == ["day_printed", "printed_in_day"]
    printed, patient = AuditEvent.objects.order_by("pk")
    assert patient.appointment == submitted_appointment and patient.detail == f"day print {printed.pk} of {day}"


def test_the_audit_log_is_read_only_in_admin(admin_client, staff_client, submitted_appointment):
    staff_client.get(f"/clinic/appointments/{submitted_appointment.pk}/")
    event = AuditEvent.objects.get()
    listing = admin_client.get("/admin/clinic/auditevent/")
    assert listing.status_code == 200 and "Viewed summary" in listing.content.decode()
    assert admin_client.get("/admin/clinic/auditevent/add/").status_code == 403
    change = admin_client.post(f"/admin/clinic/auditevent/{event.pk}/change/", {"action": "reviewed"})
    assert change.status_code in (200, 403)
    assert admin_client.post(f"/admin/clinic/auditevent/{event.pk}/delete/", {"post": "yes"}).status_code == 403
    bulk = admin_client.post("/admin/clinic/auditevent/", {"action": "delete_selected", "_selected_action": [event.pk]})
    assert bulk.status_code in (200, 302)
    event.refresh_from_db()
    assert event.action == "summary_viewed"
    assert AuditEvent.objects.count() == 1


def test_the_audit_log_can_be_filtered_by_user_action_and_date(admin_client, staff_client, submitted_appointment):
    staff_client.get(f"/clinic/appointments/{submitted_appointment.pk}/")
    def count(**filters):
        return admin_client.get("/admin/clinic/auditevent/", filters).context["cl"].result_count

    assert count(action__exact="summary_viewed") == 1
    assert count(action__exact="reviewed") == 0
    assert count(user__id__exact=str(AuditEvent.objects.get().user_id)) == 1
    assert count(at__year="2000") == 0
