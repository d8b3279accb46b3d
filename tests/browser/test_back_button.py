"""After signing out, or once a session has lapsed, the browser's Back button shows no health information:
every page is sent with Cache-Control: no-store, so Chromium asks the server again and lands on sign-in."""

import datetime

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.sessions.backends.db import SessionStore
from django.utils import timezone

from prep.visits.access import LAST_SEEN
from prep.visits.models import Response
from prep.visits.services import appointment_create, response_submit
from prep.visits.journey import flag_codes
from tests.personas import TYPICAL

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "a-long-staff-password-2026"
BIRTH_DATE = datetime.date(1980, 4, 2)
SECRET_GOAL = "Back-button canary: my private goal"


@pytest.fixture
def alice(django_user_model, default_questionnaire, reference_data):
    user = django_user_model.objects.create_user("alice", password=PASSWORD)
    group = Group.objects.get_or_create(name="Clinic staff")[0]
    # a transactional test before this one flushed the group's permission (it comes from a data migration)
    group.permissions.add(Permission.objects.get(codename="use_clinic"))
    user.groups.add(group)
    return user


@pytest.fixture
def submitted(default_questionnaire, reference_data):
    appointment, _token = appointment_create(
        patient_name="Bea Backbutton", date_of_birth=BIRTH_DATE, starts_at=timezone.now() + datetime.timedelta(days=1)
    )
    response = Response.objects.create(
        appointment=appointment, questionnaire=default_questionnaire, answers={**TYPICAL, "visit_goals": SECRET_GOAL}
    )
    response_submit(response=response, flags=flag_codes)
    return appointment


def test_back_after_staff_sign_out_shows_the_sign_in_page_not_the_summary(browser, live_server, alice, submitted):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "alice")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/clinic/")
    page.goto(f"{live_server.url}/clinic/appointments/{submitted.pk}/")
    assert "Bea Backbutton" in page.content() and SECRET_GOAL in page.content()

    page.get_by_role("button", name="Sign out alice").click()
    page.wait_for_url("**/accounts/login/")
    page.go_back()
    page.wait_for_load_state("domcontentloaded")
    assert "/accounts/login/" in page.url
    shown = page.content()
    assert "Bea Backbutton" not in shown and SECRET_GOAL not in shown and "PHQ-9" not in shown
    page.go_back()  # and further back, the dashboard
    page.wait_for_load_state("domcontentloaded")
    assert "Bea Backbutton" not in page.content()
    context.close()


def test_back_after_staff_session_expiry_shows_the_sign_in_page(browser, live_server, alice, submitted, settings):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "alice")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/clinic/")
    page.goto(f"{live_server.url}/clinic/appointments/{submitted.pk}/")
    assert SECRET_GOAL in page.content()
    page.goto(f"{live_server.url}/healthz")
    settings.STAFF_IDLE_SECONDS = -1  # the next request finds the session idle for too long
    page.go_back()
    page.wait_for_load_state("domcontentloaded")
    assert "/accounts/login/" in page.url
    assert SECRET_GOAL not in page.content() and "Bea Backbutton" not in page.content()
    context.close()


def test_back_after_the_patient_session_lapsed_asks_for_the_date_of_birth_again(browser, live_server, default_questionnaire):
    _appointment, token = appointment_create(
        patient_name="Pat Lapse", date_of_birth=BIRTH_DATE, starts_at=timezone.now() + datetime.timedelta(days=1)
    )
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"{live_server.url}/p/{token}/")
    page.fill("#id_month", "4")
    page.fill("#id_day", "2")
    page.fill("#id_year", "1980")
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/visit/welcome/")
    page.goto(f"{live_server.url}/visit/section/about_visit/")
    page.locator("[name=visit_goals]").fill(SECRET_GOAL)
    page.get_by_role("button", name="Next").click()
    page.wait_for_url("**/visit/section/phq9/")
    page.goto(f"{live_server.url}/visit/section/about_visit/")
    assert SECRET_GOAL in page.content()
    page.goto(f"{live_server.url}/visit/section/phq9/")

    cookie = next(c for c in context.cookies() if c["name"] == "sessionid")
    session = SessionStore(session_key=cookie["value"])
    session[LAST_SEEN] = 0  # the patient walked away for longer than PATIENT_IDLE_SECONDS
    session.save()

    page.go_back()
    page.wait_for_load_state("domcontentloaded")
    assert page.url.endswith("/visit/")
    shown = page.content()
    assert SECRET_GOAL not in shown and "Pat Lapse" not in shown
    assert page.locator("#id_month").count() == 1
    context.close()
