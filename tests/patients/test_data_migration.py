"""The data migration that gives every existing appointment a patient record, run by Django's migration executor on a
database migrated back to before patients existed."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("visits", "0004_patients")]
AFTER = [("visits", "0005_appointments_into_patients")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def old_apps(transactional_db):
    apps = migrate(BEFORE)
    yield apps
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def book(apps, name, born, *, days, email=""):
    Appointment = apps.get_model("visits", "Appointment")
    return Appointment.objects.create(
        patient_name=name, date_of_birth=born, email=email,
        starts_at=timezone.now() + datetime.timedelta(days=days),
    )


def test_existing_appointments_are_grouped_into_one_record_per_name_and_birth_date(old_apps):
    born = datetime.date(1980, 4, 2)
    first = book(old_apps, "Jane Doe", born, days=-60, email="jane@example.org")
    second = book(old_apps, "  jane   DOE ", born, days=-30)
    latest = book(old_apps, "Jane Doe", born, days=1)
    namesake = book(old_apps, "Jane Doe", datetime.date(1991, 1, 1), days=2)
    other = book(old_apps, "Ann Other", born, days=3)

    new_apps = migrate(AFTER)

    Appointment = new_apps.get_model("visits", "Appointment")
    Patient = new_apps.get_model("visits", "Patient")
    patient_of = dict(Appointment.objects.values_list("pk", "patient_id"))
    assert patient_of[first.pk] == patient_of[second.pk] == patient_of[latest.pk]
    assert len({patient_of[first.pk], patient_of[namesake.pk], patient_of[other.pk]}) == 3
    assert Patient.objects.count() == 3
    jane = Patient.objects.get(pk=patient_of[first.pk])
    assert (jane.name, jane.name_key, jane.date_of_birth, jane.email) == ("Jane Doe", "jane doe", born, "jane@example.org")
    assert jane.record_number is None
    assert not Appointment.objects.filter(patient=None).exists()
