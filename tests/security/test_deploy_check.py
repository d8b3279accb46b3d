"""`check --deploy` passes with the production defaults (DEBUG off, HTTPS on, 2FA required, hashed static files)."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TEST_ONLY = (
    "HTTPS", "REQUIRE_2FA", "STATIC_MANIFEST", "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE",
)


def test_check_deploy_passes_with_production_settings():
    environment = {key: value for key, value in os.environ.items() if key not in TEST_ONLY}
    environment.update(DEBUG="0", SECRET_KEY=secrets.token_urlsafe(50)[:50], ALLOWED_HOSTS="prep.example.org")
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues (0 silenced)" in result.stdout
