"""No health information and no invitation token in the logs.

A canary string goes into every text answer of the default questionnaire (found from the question bank) and into
the patient's name; the whole flow runs with every logger at DEBUG: invite, open the link, confirm, every section,
review, submit, staff summary, PDF, review, print the day, response_export; then a link that was locked and
re-issued is opened again (those requests answer 404 and 405, which Django logs with their path).
"""

import copy
import datetime
import io
import logging
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.utils import timezone

from prep.questionnaires.models import Kind
from prep.visits.models import Invitation, Response
from prep.visits.services import answers_as_data
from tests.personas import MAXIMAL
from tests.visits.helpers import page_tokens

CANARY = "CANARY-7f3a9c"
NAME_CANARY = "Canaryname Zq"
ROOT = Path(__file__).resolve().parents[2]
TEXT_KINDS = (Kind.SHORT_TEXT, Kind.LONG_TEXT)


class Everything(logging.Handler):
    """Keeps every record any logger emits, formatted as a production handler would."""

    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self.records = []
        self.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))

    def emit(self, record):
        text = self.format(record)
        if record.exc_info:
            text += self.formatter.formatException(record.exc_info)
        self.records.append((record.name, text, repr(record.args), repr(getattr(record, "request", ""))))


@pytest.fixture
def every_logger_at_debug():
    handler = Everything()
    loggers = [logging.getLogger()] + [
        logging.getLogger(name) for name in list(logging.root.manager.loggerDict)
        if isinstance(logging.root.manager.loggerDict[name], logging.Logger)
    ]
    saved = [(logger, logger.level, logger.disabled) for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.DEBUG)
        logger.disabled = False
    logging.getLogger("django.db.backends").setLevel(logging.DEBUG)
    logging.getLogger().addHandler(handler)
    yield handler
    logging.getLogger().removeHandler(handler)
    for logger, level, disabled in saved:
        logger.setLevel(level)
        logger.disabled = disabled


def canary_answers(questionnaire):
    """MAXIMAL (every section answered) with the canary in every text answer, top-level and in group columns."""
    answers = copy.deepcopy(MAXIMAL)
    questions = questionnaire.ordered_questions()
    by_pk = {question.pk: question for question in questions}
    text_keys = []
    for question in questions:
        if question.kind not in TEXT_KINDS:
            continue
        value = f"{CANARY} {question.key}"
        if question.parent_id is None:
            answers[question.key] = value
        else:
            group = by_pk[question.parent_id].key
            rows = answers.get(group) or [{}]
            answers[group] = [{**row, question.key: value} for row in rows]
        text_keys.append(question.key)
    return answers, text_keys


def walk(patient, questionnaire, answers):
    questions = questionnaire.ordered_questions()
    for section in questionnaire.ordered_sections():
        url = f"/visit/section/{section.key}/"
        shown = patient.get(url).content.decode()
        if 'id="section-form"' not in shown:  # the support step after "thoughts today: yes", shown once
            shown = patient.get(url).content.decode()
        tokens = page_tokens(shown)
        data = answers_as_data(section, questions, answers)
        posted = patient.post(url, {**{name: data.getlist(name) for name in data}, **tokens, "action": "next"})
        assert posted.status_code == 302, (section.key, posted.content.decode()[:2000])
    assert CANARY in patient.get("/visit/review/").content.decode()
    assert patient.post("/visit/review/")["Location"] == "/visit/submitted/"


def test_canary_answers_and_the_token_never_reach_a_log_record(
    every_logger_at_debug, staff_client, default_questionnaire, reference_data, capfd
):
    assert not settings.DEBUG
    answers, text_keys = canary_answers(default_questionnaire)
    assert len(text_keys) >= 10, text_keys

    day = timezone.localdate() + datetime.timedelta(days=1)
    created = staff_client.post("/clinic/appointments/new/", {
        "patient_name": NAME_CANARY, "date_of_birth": "1980-04-02", "appointment_date": day.isoformat(),
        "appointment_time": "09:30", "clinician": "Dr Lee",
    }, follow=True)
    link = re.search(r'id="invitation-link" type="text" value="([^"]+)"', created.content.decode()).group(1)
    token = link.rstrip("/").rsplit("/", 1)[-1]

    patient = Client()
    assert patient.get(f"/p/{token}/")["Location"] == "/visit/"
    assert patient.post("/visit/", {"month": 4, "day": 2, "year": 1980}).status_code == 302
    walk(patient, default_questionnaire, answers)
    response = Response.objects.get()
    assert response.is_submitted
    stored = str(response.answers)
    assert all(f"{CANARY} {key}" in stored for key in text_keys), "every text answer carries the canary"

    pk = response.appointment_id
    assert CANARY in staff_client.get(f"/clinic/appointments/{pk}/").content.decode()
    assert staff_client.get(f"/clinic/appointments/{pk}/summary.pdf")["Content-Type"] == "application/pdf"
    staff_client.post(f"/clinic/appointments/{pk}/review/")
    assert staff_client.get("/clinic/print/", {"date": day.isoformat()})["Content-Type"] == "application/pdf"
    staff_client.get("/clinic/", {"q": NAME_CANARY})
    export = io.StringIO()
    call_command("response_export", appointment=pk, stdout=export)
    assert CANARY in export.getvalue()

    # the link itself in requests that Django answers with an error status (and logs): locked, wrong method
    Invitation.objects.update(locked_until=timezone.now() + datetime.timedelta(minutes=15))
    assert patient.get(f"/p/{token}/").status_code == 404
    assert patient.post(f"/p/{token}/").status_code == 405
    staff_client.post(f"/clinic/appointments/{pk}/reissue/")
    assert Client().get(f"/p/{token}/").status_code == 404

    records = every_logger_at_debug.records
    assert len(records) > 10, "the handler saw the flow's log records"
    logged_link_errors = [text for name, text, _args, _request in records if "/p/[token]" in text]
    assert any("Not Found" in text for text in logged_link_errors), "the 404 of the locked link was logged, redacted"
    assert any("Method Not Allowed" in text for text in logged_link_errors)
    for name, text, args, request in records:
        for secret in (CANARY, NAME_CANARY, token):
            assert secret not in text and secret not in args and secret not in request, (secret, name, text)
    out, err = capfd.readouterr()
    for secret in (CANARY, NAME_CANARY, token):
        assert secret not in out and secret not in err, secret


def test_nothing_in_the_logging_configuration_prints_sql_in_production():
    """Django logs SQL with its parameters at DEBUG only when settings.DEBUG is on; production keeps both off."""
    assert not settings.DEBUG and not connection.force_debug_cursor
    configured = settings.LOGGING["loggers"]["django.db.backends"]["level"]
    assert logging.getLevelName(configured) > logging.DEBUG
    for handler in settings.LOGGING["handlers"].values():
        assert "django.db" not in str(handler)


def test_sql_parameters_stay_out_of_the_log_even_with_log_level_debug(tmp_path):
    environment = {key: value for key, value in os.environ.items() if key not in ("DEBUG", "HTTPS", "REQUIRE_2FA")}
    environment.update(
        DEBUG="0", LOG_LEVEL="DEBUG", SECRET_KEY="x" * 50, DATABASE_URL=f"sqlite:///{tmp_path / 'log.sqlite3'}"
    )
    code = (
        "import logging; from django.db import connection; logging.getLogger('prep').debug('logging works'); "
        f"connection.cursor().execute('SELECT %s', ['{CANARY}'])"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "logging works" in result.stderr
    assert CANARY not in result.stdout + result.stderr
