"""Answers typed on a page survive a lapsed patient session."""

from prep.visits.access import LAST_SEEN
from prep.visits.models import Response
from tests.visits.helpers import open_page, page_tokens, post_page


def test_answers_posted_after_the_session_lapsed_are_saved_once_the_date_of_birth_is_confirmed(
    client, invitation, response
):
    tokens = page_tokens(open_page(client, "about_visit").content.decode())
    session = client.session
    session[LAST_SEEN] = 0
    session.save()
    lapsed = post_page(client, "about_visit", {"visit_goals": "Typed before the break"}, tokens=tokens)
    assert lapsed["Location"] == "/visit/"
    assert Response.objects.get(pk=response.pk).answers == {}
    _appointment, token = invitation
    after = client.post("/visit/", {"month": 4, "day": 2, "year": 1980})
    assert after["Location"] == "/visit/section/phq9/"
    assert Response.objects.get(pk=response.pk).answers == {"visit_goals": "Typed before the break"}
