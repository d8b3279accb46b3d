"""section_save: one call saves a page and says what the view does next; urgent answers are flagged on every save."""

import pytest

from prep.questionnaires.forms import as_query_dict
from prep.visits import journey
from prep.visits.models import Response
from prep.visits.services import page_digest, response_submit, section_save
from tests.personas import MINIMAL
from tests.visits.helpers import PHQ9_ALL_ZERO, open_page, page_tokens, post_page


def fresh(response):
    return Response.objects.select_related("questionnaire", "appointment").get(pk=response.pk)


def save(response, key, data, action="next"):
    response = fresh(response)
    steps = journey.Steps(response)
    section = steps.section_for(key)
    keys = [question.key for question in steps.page(section).questions]
    post = {"revision": str(response.revision), "digest": page_digest(response.answers, keys), "action": action, **data}
    return section_save(response=response, steps=steps, section=section, post=as_query_dict(post))


def test_a_complete_page_is_saved_and_says_where_to_go(response):
    outcome = save(response, "phq9", PHQ9_ALL_ZERO)
    assert outcome.saved and not outcome.stays and outcome.next_url == "/visit/section/gad7/"
    assert fresh(response).answers == PHQ9_ALL_ZERO


def test_blank_expected_questions_keep_the_patient_on_the_page_once(response):
    outcome = save(response, "phq9", {"44250-9": "1"})
    assert outcome.saved and outcome.stays and not outcome.blocked
    assert len(outcome.blank) == 8 and outcome.next_url == ""
    acknowledged = save(response, "phq9", {"44250-9": "1", "blank_ack": "1"})
    assert not acknowledged.stays and acknowledged.next_url == "/visit/section/gad7/"


def test_invalid_input_blocks_next_but_the_valid_answers_are_saved_and_the_typed_text_kept(response):
    outcome = save(response, "drugs_tobacco", {"drug_use_count": "many", "tobacco": "daily"})
    assert outcome.blocked and outcome.stays and outcome.blank == []
    stored = fresh(response)
    assert stored.answers == {"tobacco": "daily"}
    assert stored.pending_input["drugs_tobacco"]["drug_use_count"] == ["many"]


def test_back_with_invalid_input_goes_back_and_keeps_the_typed_text(response):
    outcome = save(response, "drugs_tobacco", {"drug_use_count": "many"}, action="back")
    assert not outcome.stays and outcome.next_url == "/visit/section/alcohol/"
    assert fresh(response).pending_input["drugs_tobacco"]["drug_use_count"] == ["many"]


def test_save_and_finish_later_ends_the_visit(response):
    outcome = save(response, "gad7", {"69725-0": "2"}, action="save")
    assert outcome.ends_visit and outcome.next_url == "/visit/saved/"


def test_a_stale_page_is_a_conflict_and_saves_nothing(response):
    save(response, "about_visit", {"visit_goals": "First"})
    stale = fresh(response)
    Response.objects.filter(pk=response.pk).update(answers={"visit_goals": "Other tab"}, revision=stale.revision + 1)
    steps = journey.Steps(stale)
    post = as_query_dict({"revision": "0", "digest": "stale", "visit_goals": "Mine", "action": "next"})
    outcome = section_save(response=stale, steps=steps, section=steps.section_for("about_visit"), post=post)
    assert outcome.conflict and outcome.stays and outcome.theirs == {"visit_goals": "Other tab", "visit_questions": None}
    assert fresh(response).answers == {"visit_goals": "Other tab"}


def test_a_sent_response_is_frozen(response):
    Response.objects.filter(pk=response.pk).update(answers=MINIMAL)
    response_submit(response=fresh(response))
    outcome = save(response, "phq9", {**PHQ9_ALL_ZERO, "44260-8": "3"})
    assert outcome.frozen and not outcome.saved
    assert fresh(response).answers["44260-8"] == "0"


@pytest.mark.parametrize("action", ["next", "back", "save"])
def test_every_save_flags_item_9_as_urgent_before_anything_is_sent(response, action):
    save(response, "phq9", {"44260-8": "1"}, action=action)
    stored = fresh(response)
    assert stored.urgent and not stored.is_submitted
    assert [flag["level"] for flag in stored.flags] == ["urgent"]


def test_changing_item_9_back_to_zero_clears_the_urgent_flag(response):
    save(response, "phq9", {**PHQ9_ALL_ZERO, "44260-8": "2"})
    assert fresh(response).urgent
    save(response, "phq9", PHQ9_ALL_ZERO)
    stored = fresh(response)
    assert not stored.urgent and stored.flags == []


def test_a_save_of_another_page_keeps_the_urgent_flag(response):
    save(response, "phq9", {"44260-8": "3", "thoughts_today": "yes"})
    save(response, "gad7", {"69725-0": "1"})
    assert fresh(response).urgent


def test_the_stashed_post_replayed_after_a_lapse_also_flags(client, invitation, response, settings):
    from tests.visits.conftest import confirm

    tokens = page_tokens(open_page(client, "phq9").content.decode())
    settings.PATIENT_IDLE_SECONDS = -1
    assert post_page(client, "phq9", {"44260-8": "2"}, tokens=tokens)["Location"] == "/visit/"
    settings.PATIENT_IDLE_SECONDS = 3600
    _appointment, token = invitation
    confirm(client, token)
    stored = fresh(response)
    assert stored.answers["44260-8"] == "2" and stored.urgent


def test_thoughts_today_yes_asks_for_the_support_step_before_any_blank_notice(response):
    outcome = save(response, "phq9", {"44260-8": "2", "thoughts_today": "yes"})
    assert outcome.support_step and outcome.safety_signal and outcome.blank == []
    assert outcome.next_url == "/visit/section/gad7/"
