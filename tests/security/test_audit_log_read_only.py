"""The audit log cannot be changed through the app: the admin shows it read-only to a superuser.

tests/clinic/test_audit_log.py tries add, change (POST), delete and bulk delete; this adds what a superuser sees."""

import pytest

from prep.clinic.models import AuditEvent


@pytest.fixture
def event(staff_client, submitted_appointment):
    staff_client.get(f"/clinic/appointments/{submitted_appointment.pk}/")
    return AuditEvent.objects.get()


def test_a_superuser_sees_an_audit_event_read_only_with_no_save_or_delete(admin_client, event):
    page = admin_client.get(f"/admin/clinic/auditevent/{event.pk}/change/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Viewed summary" in text
    assert 'name="_save"' not in text and 'name="_continue"' not in text and 'name="_addanother"' not in text
    assert 'name="action"' not in text and 'name="ip"' not in text and 'name="detail"' not in text
    assert f"/admin/clinic/auditevent/{event.pk}/delete/" not in text
    assert page.context["has_change_permission"] is False and page.context["has_delete_permission"] is False


def test_the_list_offers_no_add_button_and_no_bulk_delete(admin_client, event):
    listing = admin_client.get("/admin/clinic/auditevent/")
    text = listing.content.decode()
    assert "/admin/clinic/auditevent/add/" not in text
    assert "delete_selected" not in text
    assert listing.context["cl"].result_count == 1


def test_history_and_every_write_leave_the_record_as_it_was(admin_client, event):
    before = AuditEvent.objects.values().get(pk=event.pk)
    admin_client.post(f"/admin/clinic/auditevent/{event.pk}/change/", {
        "action": "reviewed", "ip": "10.0.0.1", "detail": "changed", "at_0": "2000-01-01", "at_1": "00:00:00",
        "_save": "Save",
    })
    admin_client.post(f"/admin/clinic/auditevent/{event.pk}/delete/", {"post": "yes"})
    admin_client.post("/admin/clinic/auditevent/", {"action": "delete_selected", "_selected_action": [event.pk],
                                                     "post": "yes"})
    admin_client.post("/admin/clinic/auditevent/add/", {"action": "reviewed"})
    assert AuditEvent.objects.count() == 1
    assert AuditEvent.objects.values().get(pk=event.pk) == before
    assert admin_client.get(f"/admin/clinic/auditevent/{event.pk}/history/").status_code == 200
