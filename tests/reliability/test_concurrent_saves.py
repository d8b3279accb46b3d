"""Twenty threads save twenty different sections of one response at once: every key lands, the revision counts
every save, no "database is locked", no error. On a SQLite file database (in a subprocess, as production runs it)
and on PostgreSQL (in-process, when the suite runs with DATABASE_URL pointing at it)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from tests.reliability.concurrent_saves import check, prepare, save_all_at_once
from tests.sqlite_pass import OWN_SQLITE_FILE, on_the_sqlite_pass_only

ROOT = Path(__file__).resolve().parents[2]


def manage(*args, database_url):
    environment = {key: value for key, value in os.environ.items() if key not in ("DATABASE_URL",)}
    environment.update(DATABASE_URL=database_url, SECRET_KEY="x" * 50, DEBUG="0", HTTPS="0")
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=300
    )


@on_the_sqlite_pass_only(OWN_SQLITE_FILE)
def test_twenty_threads_save_twenty_sections_of_one_response_on_a_sqlite_file(tmp_path):
    database_url = f"sqlite:///{tmp_path / 'concurrent.sqlite3'}"
    migrated = manage("migrate", "--noinput", "-v0", database_url=database_url)
    assert migrated.returncode == 0, migrated.stderr
    run = manage("shell", "-c", "from tests.reliability.concurrent_saves import main; main()", database_url=database_url)
    assert run.returncode == 0, run.stderr
    assert "database is locked" not in run.stdout + run.stderr
    report = json.loads(run.stdout.strip().splitlines()[-1])
    assert report["vendor"] == "sqlite"
    assert check(report) == []


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="in-process threads need a server database; SQLite is covered by the file-database test above",
)
def test_twenty_threads_save_twenty_sections_of_one_response_on_postgresql():
    report = save_all_at_once(prepare())
    assert report["vendor"] == "postgresql"
    assert check(report) == []
