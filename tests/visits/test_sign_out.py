"""The patient's session ends when they say so, and when the browser closes."""

from prep.visits.models import Response
from tests.visits.conftest import confirm
from tests.visits.helpers import open_page, post_page


def test_every_patient_page_offers_sign_out(patient_client, response):
    for path in ("/visit/welcome/", "/visit/section/phq9/", "/visit/review/"):
        html = patient_client.get(path).content.decode()
        assert 'action="/visit/sign-out/"' in html and "Sign out" in html and "csrfmiddlewaretoken" in html


def test_sign_out_ends_the_session_and_the_next_visit_asks_the_date_of_birth(client, invitation, response):
    result = client.post("/visit/sign-out/")
    assert result["Location"] == "/visit/signed-out/"
    html = client.get("/visit/signed-out/").content.decode()
    assert "You are signed out" in html and "open the link from your invitation again" in html
    assert 'action="/visit/sign-out/"' not in html
    assert open_page(client, "phq9").status_code == 404  # the neutral "link cannot be used" page
    _appointment, token = invitation
    client.get(f"/p/{token}/")
    assert client.get("/visit/section/phq9/")["Location"] == "/visit/"


def test_sign_out_is_a_post(patient_client, response):
    assert patient_client.get("/visit/sign-out/").status_code == 405
    assert patient_client.get("/visit/section/phq9/").status_code == 200


def test_save_and_finish_later_ends_the_session(client, invitation, response):
    result = post_page(client, "life_situations", {"support": "several"}, "save")
    assert result["Location"] == "/visit/saved/"
    html = client.get("/visit/saved/").content.decode()
    assert "Your answers are saved" in html and "You are signed out of your form" in html
    assert "several" not in html and "Jane" not in html
    assert open_page(client, "life_situations").status_code == 404
    _appointment, token = invitation
    assert confirm(client, token)["Location"] == "/visit/section/life_situations/"
    assert Response.objects.get(pk=response.pk).answers == {"support": "several"}


def test_the_patient_cookie_lasts_only_as_long_as_the_browser(client, invitation):
    _appointment, token = invitation
    confirm(client, token)
    cookie = client.cookies["sessionid"]
    assert cookie["expires"] == "" and cookie["max-age"] == ""


def test_a_staff_session_keeps_its_own_lifetime(staff_client):
    staff_client.get("/clinic/")
    assert staff_client.cookies["sessionid"]["max-age"] != ""
