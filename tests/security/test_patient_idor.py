"""A patient session sees only its own response; staff asking for ids that do not exist get a plain 404; random
tokens open nothing and all get the same answer."""

import datetime
import logging
import secrets
import string

import pytest
from django.test import Client
from django.utils import timezone

from prep.visits.access import INVITATION, RESPONSE
from prep.visits.models import Invitation, Response
from prep.visits.services import appointment_create
from tests.visits.conftest import confirm
from tests.visits.helpers import post_page

ALICE_BIRTH = datetime.date(1980, 4, 2)
BOB_BIRTH = datetime.date(1975, 11, 30)
BOBS_SECRET = "Bob-private-canary-5521"
NEUTRAL = "This link cannot be used"


def patient(name, birth_date):
    appointment, token = appointment_create(
        patient_name=name, date_of_birth=birth_date, starts_at=timezone.now() + datetime.timedelta(days=1)
    )
    client = Client()
    confirm(client, token, birth_date)
    return appointment, client


@pytest.fixture
def alice_and_bob(default_questionnaire):
    alice, alice_client = patient("Alice Ames", ALICE_BIRTH)
    bob, bob_client = patient("Bob Bright", BOB_BIRTH)
    assert post_page(bob_client, "about_visit", {"visit_goals": BOBS_SECRET}).status_code == 302
    return alice, alice_client, bob, bob_client


def every_patient_url(questionnaire):
    urls = ["/visit/", "/visit/welcome/", "/visit/review/", "/visit/saved/", "/visit/submitted/"]
    return urls + [f"/visit/section/{section.key}/" for section in questionnaire.ordered_sections()]


def test_a_confirmed_patient_only_ever_sees_and_changes_their_own_response(alice_and_bob, default_questionnaire):
    alice, alice_client, bob, _bob_client = alice_and_bob
    bobs_before = Response.objects.get(appointment=bob)
    for url in every_patient_url(default_questionnaire):
        page = alice_client.get(url, follow=True)
        assert page.status_code == 200, url
        text = page.content.decode()
        assert BOBS_SECRET not in text and "Bob Bright" not in text, url
    post_page(alice_client, "about_visit", {"visit_goals": "Alice's own goal"})
    bobs_after = Response.objects.get(appointment=bob)
    assert bobs_after.answers == bobs_before.answers and bobs_after.revision == bobs_before.revision
    assert Response.objects.get(appointment=alice).answers == {"visit_goals": "Alice's own goal"}


def test_a_session_whose_response_id_is_swapped_for_another_is_sent_to_confirm_again(alice_and_bob):
    alice, alice_client, bob, _bob_client = alice_and_bob
    session = alice_client.session
    session[RESPONSE] = bob.response.pk
    session.save()
    for url in ("/visit/welcome/", "/visit/section/about_visit/", "/visit/review/"):
        response = alice_client.get(url)
        assert response.status_code == 302 and response["Location"] == "/visit/", url
    posted = alice_client.post("/visit/section/about_visit/", {"visit_goals": "overwrite", "action": "next"})
    assert posted["Location"] == "/visit/"
    assert Response.objects.get(appointment=bob).answers == {"visit_goals": BOBS_SECRET}
    assert BOBS_SECRET not in alice_client.get("/visit/").content.decode()
    # the date of birth of the session's own invitation leads back to Alice's response, never Bob's
    again = alice_client.post("/visit/", {"month": ALICE_BIRTH.month, "day": ALICE_BIRTH.day, "year": ALICE_BIRTH.year})
    assert again.status_code in (200, 302) and BOBS_SECRET not in again.content.decode()
    assert alice_client.session[RESPONSE] == alice.response.pk
    assert Response.objects.get(appointment=bob).answers == {"visit_goals": BOBS_SECRET}


def test_a_session_whose_invitation_is_swapped_for_another_opens_nothing(alice_and_bob):
    _alice, alice_client, bob, _bob_client = alice_and_bob
    session = alice_client.session
    session[INVITATION] = Invitation.objects.get(appointment=bob).pk
    session[RESPONSE] = bob.response.pk
    session.save()
    for url in ("/visit/welcome/", "/visit/section/about_visit/", "/visit/review/", "/visit/"):
        response = alice_client.get(url)
        assert response.status_code == 404, url
        text = response.content.decode()
        assert NEUTRAL in text and BOBS_SECRET not in text and "Bob Bright" not in text
    assert Response.objects.get(appointment=bob).answers == {"visit_goals": BOBS_SECRET}


MISSING = 987654


@pytest.mark.parametrize(
    "method, url",
    [
        ("get", f"/clinic/appointments/{MISSING}/"),
        ("get", f"/clinic/appointments/{MISSING}/summary.pdf"),
        ("post", f"/clinic/appointments/{MISSING}/review/"),
        ("post", f"/clinic/appointments/{MISSING}/reopen/"),
        ("post", f"/clinic/appointments/{MISSING}/reissue/"),
    ],
)
def test_staff_asking_for_a_missing_appointment_get_a_plain_404(staff_client, submitted_appointment, method, url):
    response = getattr(staff_client, method)(url)
    assert response.status_code == 404
    text = response.content.decode()
    assert "Page not found" in text
    for leak in ("Appointment", "matching query", str(MISSING), "Traceback", "Jane Doe", "prep."):
        assert leak not in text, leak


def test_staff_asking_for_the_pdf_review_or_reopen_of_an_unsubmitted_response_get_a_plain_404(staff_client, db):
    appointment, _token = appointment_create(
        patient_name="Not Yet", date_of_birth=BOB_BIRTH, starts_at=timezone.now() + datetime.timedelta(days=1)
    )
    for method, url in (("get", "summary.pdf"), ("post", "review/"), ("post", "reopen/")):
        response = getattr(staff_client, method)(f"/clinic/appointments/{appointment.pk}/{url}")
        assert response.status_code == 404 and "Not Yet" not in response.content.decode()


ALPHABET = string.ascii_letters + string.digits + "-_"


def random_tokens(count):
    """Mostly tokens shaped like real ones (token_urlsafe(32): 43 characters), some of other lengths."""
    for index in range(count):
        if index % 10 == 0:
            yield "".join(secrets.choice(ALPHABET) for _ in range(1 + secrets.randbelow(120)))
        else:
            yield secrets.token_urlsafe(32)


def test_two_thousand_random_tokens_open_nothing_and_all_get_the_same_page(client, submitted_token, caplog):
    """2,000 rather than 10,000 (a minute of the suite, twice in CI): against 256-bit tokens either count shows the
    same thing, that a guess opens nothing and learns nothing from the page it gets."""
    caplog.set_level(logging.ERROR, logger="django.request")  # 2,000 "Not Found" warnings are not the point here
    reference = client.get(f"/p/{secrets.token_urlsafe(32)}/")
    assert reference.status_code == 404 and NEUTRAL in reference.content.decode()
    hits = different = 0
    tried = 0
    for token in random_tokens(2_000):
        if token == submitted_token:
            continue
        response = client.get(f"/p/{token}/")
        tried += 1
        if response.status_code != 404:
            hits += 1
        if response.content != reference.content or response.status_code != reference.status_code:
            different += 1
    print(f"\nrandom tokens tried: {tried}; hits: {hits}; responses differing from the first: {different}")
    assert tried >= 1_999
    assert hits == 0 and different == 0
    assert INVITATION not in client.session
    assert Invitation.objects.get().failed_checks == 0
