"""Sending queues the summary's build for the task worker, so the patient's request never renders a PDF."""

import pytest
from django.core.management import call_command
from django.test import Client, override_settings
from django_tasks_db.models import DBTaskResult

from prep.summaries.models import StoredSummary
from tests.visits.helpers import post_page

QUEUED = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# The worker closes the database connection when it stops (as a process of its own would): run its tests outside the
# test's transaction, which PostgreSQL would otherwise lose with the connection.
RUNS_THE_WORKER = pytest.mark.django_db(transaction=True)


@pytest.fixture
def queued_tasks():
    with override_settings(TASKS=QUEUED):
        yield


def send(patient_client):
    post_page(patient_client, "about_visit", {"visit_goals": "Sleep better"})
    assert patient_client.post("/visit/review/")["Location"] == "/visit/submitted/"


@RUNS_THE_WORKER
def test_sending_queues_the_summary_and_the_worker_builds_it(queued_tasks, patient_client, response):
    send(patient_client)
    assert not StoredSummary.objects.exists(), "the patient's request does not build it"
    assert DBTaskResult.objects.filter(task_path__endswith="summary_build", status="READY").count() == 1

    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)

    response.refresh_from_db()
    stored = StoredSummary.objects.get(submission=response.last_submission)
    assert stored.pdf and stored.html
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_without_a_worker_staff_opening_the_summary_builds_it(queued_tasks, patient_client, response, staff_user):
    send(patient_client)
    staff = Client()
    staff.force_login(staff_user)
    page = staff.get(f"/clinic/appointments/{response.appointment_id}/")
    assert page.status_code == 200 and "Sleep better" in page.content.decode()
    response.refresh_from_db()
    assert StoredSummary.objects.filter(submission=response.last_submission).exists()


@RUNS_THE_WORKER
def test_a_queued_build_for_a_response_gone_since_does_nothing(queued_tasks, patient_client, response):
    send(patient_client)
    response.appointment.delete()
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    assert not StoredSummary.objects.exists()
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
