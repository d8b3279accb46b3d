"""One settings module, configured by environment variables with safe local defaults.

Local development: `DEBUG=1` (the Makefile's run command sets it). Production: `DEBUG=0` (the default), with
`SECRET_KEY`, `ALLOWED_HOSTS` and `DATABASE_URL` set; see README "Deployment".
"""

import datetime
import json
import os
import secrets
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name, default):
    value = os.environ.get(name, "")
    return int(value) if value.strip() else default


def env_list(name, default):
    value = os.environ.get(name, "")
    return [item.strip() for item in value.split(",") if item.strip()] if value.strip() else default


def development_secret_key():
    """A random key kept in a git-ignored file, so patient sessions survive a restart of the dev server."""
    key_file = BASE_DIR / ".dev-secret-key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
    return key_file.read_text().strip()


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set SECRET_KEY in the environment, or DEBUG=1 for local development."
        )
    SECRET_KEY = development_secret_key()

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_tasks",
    "django_tasks_db",
    "oauth2_provider",
    "prep.apps.PrepConfig",
    "prep.questionnaires",
    "prep.visits",
    "prep.summaries",
    "prep.clinic",
    "prep.fhir_api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "prep.middleware.no_store",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "prep.middleware.staff_session_limits",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "prep.urls"
WSGI_APPLICATION = "prep.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "prep.context_processors.clinic",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------------------------
DATABASES = {"default": dj_database_url.config(default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
on_postgres = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
# PostgreSQL: each gunicorn thread keeps its connection for CONN_MAX_AGE seconds (opening one per request took the
# load test's p95 from 69-98 ms to 384 ms), checked before reuse so a restarted database costs no request. SQLite
# opens a file: nothing to keep.
DATABASES["default"]["CONN_MAX_AGE"] = env_int("CONN_MAX_AGE", 60 if on_postgres else 0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = env_bool("CONN_HEALTH_CHECKS", True)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while one writer writes; IMMEDIATE takes the write lock at the start of a transaction,
    # so concurrent writers queue on the busy timeout instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": env_int("SQLITE_BUSY_TIMEOUT_SECONDS", 20),
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Background work (the summary built after a patient sends): queued in the database, run by `manage.py db_worker`.
# TASKS_BACKEND=django_tasks.backends.immediate.ImmediateBackend runs it in the request instead (the tests do).
TASKS = {"default": {"BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}

# --- Auth and sessions ----------------------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# django-axes: a username from one IP address is locked out for 15 minutes after 5 failed sign-ins.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# Two-step sign-in (TOTP) for staff and admins: optional per user, required for everyone when REQUIRE_2FA=1.
REQUIRE_2FA = env_bool("REQUIRE_2FA", not DEBUG)
OTP_TOTP_ISSUER = os.environ.get("CLINIC_NAME", "Appointment prep")
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "clinic:dashboard"
LOGOUT_REDIRECT_URL = "login"
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Staff: signed out after STAFF_IDLE_SECONDS without a request, and STAFF_SESSION_MAX_SECONDS after signing in.
STAFF_IDLE_SECONDS = env_int("STAFF_IDLE_SECONDS", 15 * 60)
STAFF_SESSION_MAX_SECONDS = env_int("STAFF_SESSION_MAX_SECONDS", 12 * 60 * 60)
SESSION_COOKIE_AGE = STAFF_SESSION_MAX_SECONDS

# --- Internationalisation -------------------------------------------------------------------------------------
LANGUAGE_CODE = "en-us"
LANGUAGES = [("en", _("English"))]
TIME_ZONE = os.environ.get("TIME_ZONE", "America/New_York")
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

# --- Static files ---------------------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
# Production serves hashed, compressed files collected by `collectstatic`; development and tests serve them
# straight from static/ (STATIC_MANIFEST=0).
STATIC_MANIFEST = env_bool("STATIC_MANIFEST", not DEBUG)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if STATIC_MANIFEST
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not STATIC_MANIFEST
WHITENOISE_AUTOREFRESH = not STATIC_MANIFEST

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Email ----------------------------------------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "appointments@clinic.example")

# --- Security headers ------------------------------------------------------------------------------------------
# HTTPS=1 (the default when DEBUG is off) turns on HSTS, the redirect to HTTPS and secure cookies. Behind a proxy
# that terminates TLS, set SECURE_PROXY_SSL_HEADER_NAME (e.g. HTTP_X_FORWARDED_PROTO).
HTTPS = env_bool("HTTPS", not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = 365 * 24 * 60 * 60 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
CSRF_COOKIE_HTTPONLY = True
if os.environ.get("SECURE_PROXY_SSL_HEADER_NAME"):
    SECURE_PROXY_SSL_HEADER = (os.environ["SECURE_PROXY_SSL_HEADER_NAME"], "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],  # Django admin sets a few style attributes; scripts stay strict
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
    }
}

# --- Logging: never health information; the app logs events and ids only --------------------------------------
# Tokens are cut out of logged paths, and the template engine's DEBUG records (which dump the context) are dropped.
# The token filter sits on the handlers, not on loggers: a logger's filter does not see records that propagate from
# its children (django.security.csrf, django.security.DisallowedHost ...), a handler's sees every record it writes.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "no_tokens": {"()": "prep.log_filters.RedactInvitationTokens"},
        "no_template_context": {"()": "prep.log_filters.DropTemplateContext"},
    },
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "django.server": {"()": "django.utils.log.ServerFormatter", "format": "[{server_time}] {message}", "style": "{"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["no_tokens"]},
        "django.server": {
            "class": "logging.StreamHandler", "formatter": "django.server", "level": "INFO", "filters": ["no_tokens"],
        },
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
        "django.template": {"level": "INFO", "filters": ["no_template_context"]},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# --- The clinic -----------------------------------------------------------------------------------------------
CLINIC_NAME = os.environ.get("CLINIC_NAME", "Riverside Health Clinic")
# The name patients see for the form (welcome heading, browser tab): neutral, so a shared screen names no diagnosis.
PATIENT_FORM_TITLE = os.environ.get("PATIENT_FORM_TITLE", "Before your visit")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
DEFAULT_QUESTIONNAIRE_SLUG = "trd-previsit"
FHIR_CANONICAL_BASE = os.environ.get("FHIR_CANONICAL_BASE", "https://appointment-prep.example/fhir")

# The FHIR API (/fhir/): an EHR gets a token by OAuth 2.0 client credentials (an Application registered in the admin,
# grant type "Client credentials") with one read scope per resource type.
OAUTH2_PROVIDER = {
    "SCOPES": {
        "system/Patient.read": "Read patients",
        "system/Questionnaire.read": "Read questionnaires",
        "system/QuestionnaireResponse.read": "Read questionnaire responses",
        "system/Observation.read": "Read score observations",
    },
    "DEFAULT_SCOPES": [],
    "ACCESS_TOKEN_EXPIRE_SECONDS": env_int("FHIR_TOKEN_SECONDS", 3600),
    # RFC 9700 (OAuth 2.0 Security Best Current Practice): the compliant behaviour django-oauth-toolkit offers.
    "COMPLIANT_BCP_RFC9700_IMPLICIT_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PASSWORD_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PKCE_METHOD": True,
    "COMPLIANT_BCP_RFC9700_ACCESS_TOKEN_TRANSPORT": True,
    "COMPLIANT_BCP_RFC9700_AUTHZ_RESPONSE_ISS": True,
    "COMPLIANT_BCP_RFC9700_TOKEN_STORAGE": True,
    "COMPLIANT_BCP_RFC9700_REFRESH_TOKEN": True,
    "REFRESH_TOKEN_REUSE_PROTECTION": True,
    "COMPLIANT_BCP_RFC9700_REDIRECT_URI_SCHEME": True,
    "ALLOWED_REDIRECT_URI_SCHEMES": ["https"],
}

# How long after the appointment an invitation link keeps working.
INVITATION_VALID_HOURS_AFTER_APPOINTMENT = env_int("INVITATION_VALID_HOURS_AFTER_APPOINTMENT", 24)
INVITATION_MAX_FAILED_CHECKS = 5
INVITATION_LOCK_MINUTES = 15
# A patient who confirmed their date of birth stays signed in to their form this long without a request.
PATIENT_IDLE_SECONDS = env_int("PATIENT_IDLE_SECONDS", 60 * 60)

# The clinic's own number and when someone answers it: on the crisis box, the support step, the locked-link page and
# the page after sending. The defaults are a fictional demo number (555-01xx) and hours: set both for a real clinic.
CLINIC_PHONE = os.environ.get("CLINIC_PHONE", "555-0100")
CLINIC_HOURS = os.environ.get("CLINIC_HOURS", "Monday to Friday, 9 am to 5 pm")

# Crisis contacts shown to every patient; a clinic outside the US sets CRISIS_CONTACTS to a JSON list.
CRISIS_CONTACTS = json.loads(os.environ.get("CRISIS_CONTACTS", "null")) or [
    {"label": "Call 988", "detail": "Suicide & Crisis Lifeline (US), 24 hours", "href": "tel:988"},
    {"label": "Text 988", "detail": "Suicide & Crisis Lifeline by text, 24 hours", "href": "sms:988"},
    {"label": "Call 911", "detail": "If you are in immediate danger", "href": "tel:911"},
    {"label": "Text HOME to 741741", "detail": "Crisis Text Line", "href": "sms:741741?&body=HOME"},
]

# Antidepressant trial adequacy: minimum weeks at or above the minimum dose.
ADEQUATE_TRIAL_WEEKS = env_int("ADEQUATE_TRIAL_WEEKS", 6)
PDF_PAGE_SIZE = os.environ.get("PDF_PAGE_SIZE", "Letter")  # "Letter" or "A4"
# Processes (per web or task worker) that lay out PDFs, so that a PDF never holds the worker's other threads
# (prep/summaries/pdf_process.py); 0 lays them out in the worker itself.
PDF_PROCESSES = env_int("PDF_PROCESSES", 1)
