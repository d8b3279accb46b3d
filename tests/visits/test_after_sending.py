"""After sending: what happens next, the visit's date and time, the clinic's number and a copy to print."""

import pytest
from django.test import Client
from django.utils import timezone

from tests.visits.helpers import post_page


@pytest.fixture
def sent(patient_client, response):
    post_page(patient_client, "about_visit", {"visit_goals": "Sleep better"})
    assert patient_client.post("/visit/review/")["Location"] == "/visit/submitted/"
    return patient_client


def test_the_page_after_sending_says_what_happens_next_with_the_visit_time_and_clinic_number(sent, invitation):
    appointment, _token = invitation
    html = sent.get("/visit/submitted/").content.decode()
    visit = timezone.localtime(appointment.starts_at)
    assert "What happens next" in html
    assert f"Your visit: {visit:%a} {visit.day} {visit:%b %Y, %H:%M} with Dr Lee." in html
    assert 'href="tel:5550100"' in html
    assert 'href="/visit/submitted/answers/"' in html


def test_the_copy_to_print_shows_the_patients_own_answers_without_edit_links(sent):
    page = sent.get("/visit/submitted/answers/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Sleep better" in html and "Your answers" in html
    assert ">Edit<" not in html and "Change" not in html
    assert "data-print" in html and "Print menu" in html
    assert "no-store" in page["Cache-Control"]


def test_the_copy_to_print_waits_until_the_answers_are_sent(patient_client, response):
    assert patient_client.get("/visit/submitted/answers/")["Location"] == "/visit/welcome/"


def test_the_copy_to_print_is_not_shown_to_a_browser_without_the_confirmed_session(sent, invitation):
    _appointment, token = invitation
    stranger = Client()
    assert stranger.get("/visit/submitted/answers/").status_code == 404
    stranger.get(f"/p/{token}/")
    assert stranger.get("/visit/submitted/answers/")["Location"] == "/visit/"
    unconfirmed = stranger.get("/visit/").content.decode()
    assert "your answers were sent" in unconfirmed
    assert "Your visit:" not in unconfirmed and "/visit/submitted/answers/" not in unconfirmed
