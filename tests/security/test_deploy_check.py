"""`check --deploy` passes with the production defaults (DEBUG off, HTTPS on, 2FA required, hashed static files) and
the variables the README's Deployment section asks for; without an email server and a public SITE_URL it fails."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TEST_ONLY = (
    "HTTPS", "REQUIRE_2FA", "STATIC_MANIFEST", "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE",
    "EMAIL_BACKEND", "SITE_URL",
)
PRODUCTION = {"EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend", "SITE_URL": "https://prep.example.org"}


def check_deploy(**variables):
    environment = {key: value for key, value in os.environ.items() if key not in TEST_ONLY}
    environment.update(DEBUG="0", SECRET_KEY=secrets.token_urlsafe(50)[:50], ALLOWED_HOSTS="prep.example.org",
                       **variables)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120,
    )


def test_check_deploy_passes_with_production_settings():
    result = check_deploy(**PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues (0 silenced)" in result.stdout


def test_check_deploy_fails_on_the_development_email_backend_and_site_url():
    result = check_deploy()
    assert result.returncode != 0
    assert "prep.E001" in result.stderr and "console" in result.stderr
    assert "prep.E002" in result.stderr and "http://127.0.0.1:8000" in result.stderr
