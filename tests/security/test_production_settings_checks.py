"""`check --deploy` refuses production settings that would leak tokens or send patients a dead link."""

import pytest
from django.core.checks import run_checks
from django.test import override_settings

PUBLIC = {"DEBUG": False, "SITE_URL": "https://prep.example.org",
          "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend"}


def deploy_errors(**settings):
    with override_settings(**{**PUBLIC, **settings}):
        return {message.id: message.msg for message in run_checks(include_deployment_checks=True)
                if message.id.startswith("prep.")}


def test_production_settings_with_smtp_and_a_public_site_url_pass():
    assert deploy_errors() == {}


@pytest.mark.parametrize("backend", ["console", "filebased", "locmem"])
def test_an_email_backend_that_does_not_send_fails_the_deploy_check(backend):
    errors = deploy_errors(EMAIL_BACKEND=f"django.core.mail.backends.{backend}.EmailBackend")
    assert list(errors) == ["prep.E001"]
    assert "EMAIL_BACKEND" in errors["prep.E001"]


@pytest.mark.parametrize("site_url", ["", "http://127.0.0.1:8000", "http://localhost", "https://[::1]:8443"])
def test_a_site_url_unset_or_on_localhost_fails_the_deploy_check(site_url):
    errors = deploy_errors(SITE_URL=site_url)
    assert list(errors) == ["prep.E002"]
    assert errors["prep.E002"].startswith("SITE_URL ")


def test_development_settings_are_not_held_to_production_rules():
    assert deploy_errors(DEBUG=True, SITE_URL="http://127.0.0.1:8000",
                         EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend") == {}
