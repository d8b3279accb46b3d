"""The invitation token is cut out of what every logger writes, django.security.csrf included: the filter sits on
the configured handlers, which see the records propagated from every logger."""

import datetime
import io
import logging

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from prep.visits.services import appointment_create


@pytest.fixture
def console_output():
    """What the configured console handler writes (the one production logs go through)."""
    handler = next(handler for handler in logging.getLogger().handlers if handler.get_name() == "console")
    stream = io.StringIO()
    previous = handler.setStream(stream)
    yield stream
    handler.setStream(previous)


def test_a_csrf_failure_on_a_patient_link_logs_the_path_without_the_token(default_questionnaire, console_output):
    _appointment, token = appointment_create(
        patient_name="Jane Doe", date_of_birth=datetime.date(1980, 4, 2),
        starts_at=timezone.now() + datetime.timedelta(days=1), clinician="",
    )
    refused = Client(enforce_csrf_checks=True).post(f"/p/{token}/", {"anything": "1"})
    assert refused.status_code == 403
    written = console_output.getvalue()
    assert "django.security.csrf" in written and "/p/[token]" in written
    assert token not in written


@pytest.mark.parametrize("name", ["django.security.csrf", "django.security.DisallowedHost", "django.request", "prep",
                                  "some.library"])
def test_every_loggers_record_reaches_the_console_without_the_token(name, console_output):
    logging.getLogger(name).warning("Forbidden: %s", "/p/s3cr3t-token-value/")
    written = console_output.getvalue()
    assert "/p/[token]" in written
    assert "s3cr3t-token-value" not in written


def test_the_token_filter_is_on_every_configured_handler():
    assert all("no_tokens" in handler.get("filters", []) for handler in settings.LOGGING["handlers"].values())
