"""What a patient typed is kept without validation (pending input, a post stashed while the session lapsed), so it
is bounded before it is stored: each field's own limits, 64 kB for a stashed post, no control characters in names."""

import datetime

from django.http import QueryDict

from prep.questionnaires.forms import MAX_GROUP_ROWS, TEXT_LIMITS, SectionPage
from prep.questionnaires.models import Kind
from prep.visits import hostile
from prep.visits.access import LAST_SEEN, STASHED_POST
from prep.visits.journey import pending_from_post
from prep.visits.models import Invitation, Response
from tests.visits.helpers import open_page, page_tokens, post_page

LONG_TEXT_LIMIT = TEXT_LIMITS[Kind.LONG_TEXT]


def page_of(questionnaire, section_key):
    section = questionnaire.sections.get(key=section_key)
    return SectionPage(section, questionnaire.ordered_questions(), {})


def posted(data):
    post = QueryDict(mutable=True)
    for name, values in data.items():
        post.setlist(name, values if isinstance(values, list) else [values])
    return post


def lapse(client):
    session = client.session
    session[LAST_SEEN] = 0
    session.save()


def test_invalid_text_kept_for_the_patient_is_cut_at_the_fields_own_length(patient_client, response):
    post_page(patient_client, "about_visit", {"visit_goals": "x" * 100_000, "visit_questions": ["a", "b", "c"]})
    pending = Response.objects.get(pk=response.pk).pending_input["about_visit"]
    assert pending["visit_goals"] == ["x" * LONG_TEXT_LIMIT]
    assert pending["visit_questions"] == ["a"]


def test_pending_input_keeps_only_the_pages_fields_within_their_limits(default_questionnaire):
    page = page_of(default_questionnaire, "depression_history")
    pending = pending_from_post(posted({
        "first_episode_age": "9" * 10_000, "not_on_this_page": "x", "csrfmiddlewaretoken": "t",
    }), page)
    assert pending == {"first_episode_age": ["9" * hostile.VALUE_LIMIT]}


def test_pending_rows_of_a_group_stop_at_the_formsets_absolute_maximum(default_questionnaire):
    page = page_of(default_questionnaire, "medicines_tried")
    rows = {f"past_medications-{index}-drug": "sertraline" for index in range(1000)}
    pending = pending_from_post(posted({"past_medications-TOTAL_FORMS": "1000", **rows,
                                        "past_medications-0-DELETE": "on", "past_medications-0-nope": "x"}), page)
    kept_rows = {name.split("-")[1] for name in pending if name.endswith("-drug")}
    assert kept_rows == {str(index) for index in range(MAX_GROUP_ROWS + 5)}
    assert pending["past_medications-TOTAL_FORMS"] == ["1000"]
    assert pending["past_medications-0-DELETE"] == ["on"]
    assert "past_medications-0-nope" not in pending


def test_field_names_with_nul_or_control_characters_are_dropped_and_nul_is_cut_from_values(default_questionnaire):
    page = page_of(default_questionnaire, "medicines_tried")
    pending = pending_from_post(posted({
        "past_medications-0-drug": "ser\x00traline", "past_medications-\x00-drug": "x",
        "past_medications-0\x1b-drug": "x", "past_medications-0-drug\x00": "x",
    }), page)
    assert pending == {"past_medications-0-drug": ["sertraline"]}


def test_a_post_stashed_while_the_session_lapsed_drops_control_character_names_and_nul(client, patient_client):
    tokens = page_tokens(open_page(client, "about_visit").content.decode())
    lapse(client)
    post_page(client, "about_visit", {"visit_goals": "kept\x00", "bad\x00name": "x", "tab\tname": "x"},
              tokens=tokens)
    data = client.session[STASHED_POST]["data"]
    assert data["visit_goals"] == ["kept"]
    assert not [name for name in data if not hostile.is_safe_name(name)]


def test_a_post_larger_than_64_kb_while_the_session_lapsed_is_not_stashed(client, patient_client):
    tokens = page_tokens(open_page(client, "about_visit").content.decode())
    lapse(client)
    lapsed = post_page(client, "about_visit", {"visit_goals": "x" * (64 * 1024)}, tokens=tokens)
    assert lapsed["Location"] == "/visit/"
    assert STASHED_POST not in client.session


def test_a_post_for_a_link_that_no_longer_works_is_not_stashed(client, patient_client, invitation):
    appointment, _token = invitation
    tokens = page_tokens(open_page(client, "about_visit").content.decode())
    lapse(client)
    Invitation.objects.filter(appointment=appointment).update(
        expires_at=datetime.datetime(2000, 1, 1, tzinfo=datetime.timezone.utc))
    refused = post_page(client, "about_visit", {"visit_goals": "typed"}, tokens=tokens)
    assert refused.status_code == 404
    assert STASHED_POST not in client.session
