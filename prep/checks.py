"""Deployment checks (`check --deploy`): production settings that would leak or break patients' links.

With DEBUG off, an email backend that writes invitation emails (and the links in them) to the console or to files
puts patients' tokens in the server's logs or disk, and a SITE_URL on localhost sends patients a link that cannot
work. Both fall back to development defaults when their variable is unset, so they are checked here.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Tags, register

EMAIL_BACKENDS_THAT_DO_NOT_SEND = {
    "django.core.mail.backends.console.EmailBackend": "prints every email (and its link) to the console",
    "django.core.mail.backends.filebased.EmailBackend": "writes every email (and its link) to files",
    "django.core.mail.backends.locmem.EmailBackend": "keeps every email in memory and never sends it",
    "django.core.mail.backends.dummy.EmailBackend": "drops every email",
}
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "0.0.0.0"}


@register(Tags.security, deploy=True)
def email_backend_sends_mail(app_configs, **kwargs):
    reason = EMAIL_BACKENDS_THAT_DO_NOT_SEND.get(settings.EMAIL_BACKEND)
    if settings.DEBUG or reason is None:
        return []
    return [Error(
        f"EMAIL_BACKEND is {settings.EMAIL_BACKEND}, which {reason}.",
        hint="Set EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend and EMAIL_HOST (see README, Deployment).",
        id="prep.E001",
    )]


@register(Tags.security, deploy=True)
def site_url_is_public(app_configs, **kwargs):
    if settings.DEBUG:
        return []
    site_url = (getattr(settings, "SITE_URL", "") or "").strip()
    host = urlsplit(site_url).hostname if site_url else None
    if host and host not in LOCAL_HOSTS and not host.endswith(".localhost"):
        return []
    problem = "is not set" if not site_url else f"is {site_url!r}, which patients' devices cannot reach"
    return [Error(
        f"SITE_URL {problem}: invitation links are built from it.",
        hint="Set SITE_URL to the address patients open, e.g. https://prep.example.org (see README, Deployment).",
        id="prep.E002",
    )]
