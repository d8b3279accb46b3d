"""Backups: `backup --out FILE` copies the live SQLite database consistently and checks it; a restore drill opens
the copy and finds every submitted response with its answers. On PostgreSQL the command points to pg_dump."""

import datetime
import json
import sqlite3

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from prep.visits.journey import flag_codes
from prep.visits.models import Response
from prep.visits.services import appointment_create, response_submit
from tests.personas import MAXIMAL, MINIMAL, TYPICAL

pytestmark = pytest.mark.django_db(transaction=True)
on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="the pg_dump hint is for PostgreSQL")
on_sqlite = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="backup copies SQLite; PostgreSQL is backed up with pg_dump (README)"
)


@pytest.fixture
def submitted(default_questionnaire, reference_data):
    """Three submitted responses and one still in progress."""
    responses = []
    for index, answers in enumerate((TYPICAL, MINIMAL, MAXIMAL, {"visit_goals": "not finished"})):
        appointment, _token = appointment_create(
            patient_name=f"Patient {index}", date_of_birth=datetime.date(1980, 1, 1 + index),
            starts_at=timezone.now() + datetime.timedelta(days=1),
        )
        response = Response.objects.create(appointment=appointment, questionnaire=default_questionnaire, answers=answers)
        if index < 3:
            response, incomplete = response_submit(response=response, flags=flag_codes)
            assert incomplete is None
        responses.append(response)
    return responses


@on_sqlite
def test_restore_drill_finds_every_submitted_response_with_its_answers(submitted, tmp_path):
    copy = tmp_path / "backups" / "prep-backup.sqlite3"
    call_command("backup", out=copy)
    restored = sqlite3.connect(copy)
    try:
        assert restored.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        rows = dict(restored.execute(
            "SELECT id, answers FROM visits_response WHERE submitted_at IS NOT NULL"
        ).fetchall())
        unfinished = restored.execute("SELECT answers FROM visits_response WHERE submitted_at IS NULL").fetchall()
    finally:
        restored.close()
    expected = {response.pk: response.answers for response in submitted if response.is_submitted}
    assert len(expected) == 3
    assert {pk: json.loads(answers) for pk, answers in rows.items()} == expected
    assert [json.loads(answers) for (answers,) in unfinished] == [{"visit_goals": "not finished"}]


@on_sqlite
def test_backup_refuses_to_overwrite_an_existing_file(db, tmp_path):
    existing = tmp_path / "existing.sqlite3"
    existing.write_bytes(b"keep me")
    with pytest.raises(CommandError, match="exists already"):
        call_command("backup", out=existing)
    assert existing.read_bytes() == b"keep me"


@on_postgresql
def test_backup_on_postgresql_refuses_and_points_to_pg_dump(db, tmp_path):
    with pytest.raises(CommandError, match="pg_dump"):
        call_command("backup", out=tmp_path / "b.sqlite3")
    assert not (tmp_path / "b.sqlite3").exists()
