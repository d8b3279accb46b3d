"""Opening the link and confirming the date of birth."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from prep.visits.models import Invitation, Response, hash_token
from tests.visits.conftest import confirm

NEUTRAL = "This link cannot be used"


def test_the_link_is_exchanged_for_the_session_and_the_token_leaves_the_url(client, invitation):
    _appointment, token = invitation
    response = client.get(f"/p/{token}/")
    assert response.status_code == 302
    assert response["Location"] == "/visit/"
    assert token not in response["Location"]
    page = client.get("/visit/")
    assert page.status_code == 200
    assert token not in page.content.decode()
    assert page["Referrer-Policy"] == "same-origin"


def test_the_right_date_of_birth_opens_the_welcome_page(client, invitation):
    _appointment, token = invitation
    response = confirm(client, token)
    assert response["Location"] == "/visit/welcome/"
    page = client.get("/visit/welcome/").content.decode()
    assert "15 to 20 minutes" in page
    assert "Nobody watches this form around the clock" in page
    assert "988" in page and "911" in page


def test_a_wrong_date_of_birth_gets_a_clear_message(client, invitation):
    _appointment, token = invitation
    response = confirm(client, token, birth_date=datetime.date(1981, 4, 2))
    assert response.status_code == 200
    assert "does not match our records" in response.content.decode()
    assert Invitation.objects.get().failed_checks == 1


def test_an_impossible_date_gets_a_clear_message(client, invitation):
    _appointment, token = invitation
    client.get(f"/p/{token}/")
    response = client.post("/visit/", {"month": "2", "day": "31", "year": "1980"})
    assert "That date does not exist" in response.content.decode()
    assert Invitation.objects.get().failed_checks == 0


def test_five_wrong_tries_lock_the_link_for_fifteen_minutes_in_the_database(client, invitation):
    _appointment, token = invitation
    for _ in range(4):
        confirm(client, token, birth_date=datetime.date(1999, 1, 1))
    fifth = confirm(client, token, birth_date=datetime.date(1999, 1, 1))
    assert "This link is paused" in fifth.content.decode()
    locked = Invitation.objects.get()
    assert locked.locked_until - timezone.now() > datetime.timedelta(minutes=14)
    right = confirm(client, token)
    assert right.status_code == 404 and "This link is paused" in right.content.decode()


def test_unknown_expired_and_locked_links_get_the_same_neutral_page(client, invitation):
    appointment, token = invitation
    unknown = client.get("/p/not-a-real-token/")
    Invitation.objects.update(locked_until=timezone.now() + datetime.timedelta(minutes=5))
    locked = client.get(f"/p/{token}/")
    Invitation.objects.update(locked_until=None, expires_at=timezone.now() - datetime.timedelta(seconds=1))
    expired = client.get(f"/p/{token}/")
    assert unknown.status_code == locked.status_code == expired.status_code == 404
    assert unknown.content == locked.content == expired.content
    assert NEUTRAL in unknown.content.decode()


def test_links_expire_a_day_after_the_appointment_by_default(invitation):
    appointment, _token = invitation
    invitation = Invitation.objects.get()
    assert invitation.expires_at == appointment.starts_at + datetime.timedelta(days=1)


def test_a_reissued_link_stops_the_old_one_and_its_sessions(client, invitation):
    appointment, token = invitation
    confirm(client, token)
    _new, new_token = Invitation.issue(appointment)
    assert client.get("/visit/welcome/").status_code == 404
    assert client.get(f"/p/{token}/").status_code == 404
    assert confirm(client, new_token)["Location"] == "/visit/welcome/"


def test_only_the_token_hash_is_stored(invitation):
    _appointment, token = invitation
    stored = Invitation.objects.get()
    assert stored.token_hash == hash_token(token)
    assert token not in str(Invitation.objects.values().get())


def test_pages_need_a_confirmed_session(client, invitation):
    _appointment, token = invitation
    assert client.get("/visit/welcome/").status_code == 404
    client.get(f"/p/{token}/")
    assert client.get("/visit/welcome/")["Location"] == "/visit/"


def test_invite_command_prints_one_line_with_the_link(default_questionnaire, capsys):
    call_command("invite", "--name", "Jane Doe", "--dob", "1980-04-02", "--at", "2026-12-01 09:30",
                 "--clinician", "Dr Lee", "--email", "jane@example.org")
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 1 and "/p/" in lines[0]
    token = lines[0].rstrip("/").rsplit("/", 1)[-1]
    invitation = Invitation.objects.get(token_hash=hash_token(token))
    assert invitation.appointment.patient_name == "Jane Doe"
    assert timezone.localtime(invitation.appointment.starts_at).strftime("%Y-%m-%d %H:%M") == "2026-12-01 09:30"


@pytest.mark.django_db
def test_demo_prints_sign_in_and_a_working_link(client, capsys):
    call_command("demo")
    call_command("demo")
    out = capsys.readouterr().out
    link = [line for line in out.splitlines() if line.startswith("Invitation link:")][-1].split()[-1]
    assert "demo-admin" in out
    submitted = Response.objects.filter(submitted_at__isnull=False)
    assert submitted.count() == 2 and submitted.filter(urgent=True).count() == 1
    path = link.split("8000", 1)[1]
    assert client.get(path).status_code == 302
    assert confirm(client, path.rstrip("/").rsplit("/", 1)[-1])["Location"] == "/visit/welcome/"
