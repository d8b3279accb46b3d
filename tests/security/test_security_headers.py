"""Every page that can show health information carries the security headers: CSP, no-store, no framing, no sniffing,
same-origin referrers; with HTTPS on, HSTS for a year and cookies that are Secure and HttpOnly.

The headers seen are printed (run with -s to see them): the issue's report copies them.
"""

import pytest

from tests.visits.conftest import confirm

HEADERS = ("Content-Security-Policy", "Cache-Control", "Pragma", "X-Frame-Options", "Referrer-Policy",
           "X-Content-Type-Options", "Cross-Origin-Opener-Policy", "Strict-Transport-Security", "Content-Type")


def csp_directives(response):
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in (p.strip() for p in policy.split(";")) if part}


def show(label, response):
    print(f"\n--- {label}: {response.status_code}")
    for name in HEADERS:
        if response.has_header(name):
            print(f"{name}: {response[name]}")


def assert_protected(response):
    directives = csp_directives(response)
    assert directives["default-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in directives["script-src"] and "'unsafe-eval'" not in directives["script-src"]
    assert "no-store" in response["Cache-Control"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.fixture
def pages(client, django_user_model, submitted_appointment, invitation):
    """label -> a function that fetches the page (each with the right person signed in)."""
    from django.test import Client


    _appointment, token = invitation
    patient = Client()
    confirm(patient, token)
    from django.contrib.auth.models import Group

    alice = django_user_model.objects.create_user("alice", password="alice-password-1")
    alice.groups.add(Group.objects.get(name="Clinic staff"))
    staff = Client()
    staff.force_login(alice)
    admin = Client()
    admin.force_login(django_user_model.objects.create_superuser("root", password="root-password-1"))
    pk = submitted_appointment.pk
    return {
        "patient page /visit/section/about_visit/": lambda **kw: patient.get("/visit/section/about_visit/", **kw),
        "patient review /visit/review/": lambda **kw: patient.get("/visit/review/", **kw),
        "clinic dashboard /clinic/": lambda **kw: staff.get("/clinic/", **kw),
        f"clinic summary /clinic/appointments/{pk}/": lambda **kw: staff.get(f"/clinic/appointments/{pk}/", **kw),
        f"summary PDF /clinic/appointments/{pk}/summary.pdf": lambda **kw: staff.get(
            f"/clinic/appointments/{pk}/summary.pdf", **kw
        ),
        "admin /admin/": lambda **kw: admin.get("/admin/", **kw),
        "admin audit log /admin/clinic/auditevent/": lambda **kw: admin.get("/admin/clinic/auditevent/", **kw),
        "sign-in /accounts/login/": lambda **kw: Client().get("/accounts/login/", **kw),
        "error 404 /clinic/appointments/999999/": lambda **kw: staff.get("/clinic/appointments/999999/", **kw),
    }


@pytest.fixture
def invitation(default_questionnaire):
    import datetime

    from django.utils import timezone

    from prep.visits.services import appointment_create

    return appointment_create(
        patient_name="Sam Roe", date_of_birth=datetime.date(1980, 4, 2),
        starts_at=timezone.now() + datetime.timedelta(days=1),
    )


def test_patient_clinic_pdf_admin_and_error_pages_carry_the_security_headers(pages):
    for label, fetch in pages.items():
        response = fetch()
        show(label, response)
        assert response.status_code in (200, 404), label
        assert_protected(response)
    pdf = pages[next(label for label in pages if label.startswith("summary PDF"))]()
    assert pdf["Content-Type"] == "application/pdf"


@pytest.fixture
def https_on(settings):
    """What HTTPS=1 (the production default) sets."""
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 365 * 24 * 60 * 60
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True


def hsts_max_age(response):
    parts = dict(
        (part.strip().split("=") + [""])[:2] for part in response["Strict-Transport-Security"].split(";")
    )
    return int(parts["max-age"])


def test_with_https_on_every_page_sends_hsts_for_a_year_and_plain_http_is_redirected(https_on, pages):
    for label, fetch in pages.items():
        response = fetch(secure=True)
        show(f"HTTPS {label}", response)
        assert hsts_max_age(response) >= 31536000, label
        assert_protected(response)
        plain = fetch()
        assert plain.status_code == 301 and plain["Location"].startswith("https://"), label


def test_with_https_on_session_and_csrf_cookies_are_secure_and_http_only(https_on, client, invitation, staff_user):
    _appointment, token = invitation
    opened = client.get(f"/p/{token}/", secure=True)
    identity = client.get("/visit/", secure=True)
    confirmed = client.post("/visit/", {"month": 4, "day": 2, "year": 1980}, secure=True)
    assert confirmed.status_code == 302
    from django.test import Client

    staff = Client()
    sign_in_form = staff.get("/accounts/login/", secure=True)
    signed_in = staff.post(
        "/accounts/login/", {"username": "alice", "password": "alice-password-1"}, secure=True
    )
    assert signed_in.status_code == 302 and signed_in["Location"] == "/clinic/"
    cookies = [
        ("patient session", opened.cookies["sessionid"]),
        ("patient session after confirming", confirmed.cookies["sessionid"]),
        ("patient csrf", identity.cookies["csrftoken"]),
        ("staff csrf", sign_in_form.cookies["csrftoken"]),
        ("staff session", signed_in.cookies["sessionid"]),
    ]
    for label, cookie in cookies:
        print(f"\n{label}: {cookie.output()}")
        assert cookie["secure"] is True, label
        assert cookie["httponly"] is True, label
        assert cookie["samesite"] == "Lax", label
