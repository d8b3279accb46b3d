import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


def run_django_check(**env):
    environment = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG")}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=60
    )


def test_debug_off_without_secret_key_refuses_to_start():
    result = run_django_check(DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_debug_off_with_secret_key_starts():
    result = run_django_check(DEBUG="0", SECRET_KEY="x" * 50)
    assert result.returncode == 0, result.stderr


def test_sqlite_runs_in_wal_mode_with_immediate_transactions_and_a_busy_timeout():
    if connection.vendor != "sqlite":
        return
    options = settings.DATABASES["default"]["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 5
    assert "journal_mode=WAL" in options["init_command"]


def test_healthz_answers_ok_with_no_data(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Content-Type"].startswith("text/plain")


def database_settings(**env):
    """The default database's CONN_MAX_AGE and CONN_HEALTH_CHECKS as a fresh process reads them from `env`."""
    environment = {k: v for k, v in os.environ.items() if k not in ("CONN_MAX_AGE", "CONN_HEALTH_CHECKS")}
    environment.update({"DEBUG": "1", "DJANGO_SETTINGS_MODULE": "prep.settings", **env})
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "d = settings.DATABASES['default']; print(d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_postgres_keeps_connections_a_minute_with_health_checks_by_default():
    assert database_settings(DATABASE_URL="postgres://prep:prep@db.example:5432/prep") == ["60", "True"]


def test_sqlite_opens_a_connection_per_request_with_health_checks_by_default():
    assert database_settings(DATABASE_URL="sqlite:////tmp/prep-settings-test.sqlite3") == ["0", "True"]


def test_connection_age_and_health_checks_follow_the_environment():
    chosen = database_settings(
        DATABASE_URL="postgres://prep:prep@db.example:5432/prep", CONN_MAX_AGE="300", CONN_HEALTH_CHECKS="0"
    )
    assert chosen == ["300", "False"]
