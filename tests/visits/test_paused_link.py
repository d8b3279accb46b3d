"""Wrong dates of birth: from the third the page counts the tries left; the browser that paused the link is told
when it works again, while everyone else still gets the one neutral page."""

import datetime

from django.test import Client
from django.utils import timezone

from prep.visits.models import Invitation
from tests.visits.conftest import confirm

WRONG = datetime.date(1999, 1, 1)


def wrong_tries(client, token, count):
    return [confirm(client, token, birth_date=WRONG) for _ in range(count)][-1].content.decode()


def test_the_first_two_wrong_tries_do_not_count_down(client, invitation):
    _appointment, token = invitation
    assert "more tr" not in wrong_tries(client, token, 2)


def test_the_third_wrong_try_says_two_tries_are_left(client, invitation):
    _appointment, token = invitation
    html = wrong_tries(client, token, 3)
    assert "does not match our records" in html
    assert "You have 2 more tries before this link is paused for 15 minutes." in html


def test_the_fourth_wrong_try_says_one_try_is_left(client, invitation):
    _appointment, token = invitation
    assert "You have 1 more try before this link is paused for 15 minutes." in wrong_tries(client, token, 4)


def test_the_browser_that_paused_the_link_is_told_when_it_works_again_and_the_clinic_number(client, invitation):
    _appointment, token = invitation
    html = wrong_tries(client, token, 5)
    until = timezone.localtime(Invitation.objects.get().locked_until)
    assert "This link is paused" in html
    assert f"You can use the same link again after {until:%H:%M} (in about 1" in html  # 14 or 15 minutes
    assert 'href="tel:5550100"' in html


def test_the_paused_page_stays_on_reload_and_when_the_same_link_is_opened_again(client, invitation):
    _appointment, token = invitation
    wrong_tries(client, token, 5)
    assert "This link is paused" in client.get("/visit/").content.decode()
    reopened = client.get(f"/p/{token}/")
    assert reopened.status_code == 404 and "This link is paused" in reopened.content.decode()


def test_an_unknown_link_in_that_same_browser_gets_only_the_neutral_page(client, invitation):
    _appointment, token = invitation
    wrong_tries(client, token, 5)
    html = client.get("/p/not-a-real-token/").content.decode()
    assert "This link cannot be used" in html
    assert "You can use the same link again" not in html
    assert 'href="tel:5550100"' in html


def test_another_browser_opening_the_paused_link_gets_only_the_neutral_page(client, invitation):
    _appointment, token = invitation
    wrong_tries(client, token, 5)
    html = Client().get(f"/p/{token}/").content.decode()
    assert "This link cannot be used" in html
    assert "You can use the same link again" not in html


def test_the_paused_page_goes_once_the_pause_is_over(client, invitation):
    _appointment, token = invitation
    wrong_tries(client, token, 5)
    Invitation.objects.update(locked_until=timezone.now() - datetime.timedelta(seconds=1))
    assert client.get(f"/p/{token}/")["Location"] == "/visit/"
    assert "Confirm it is you" in client.get("/visit/").content.decode()
