"""No question blocks Next or Send: blanks are noticed once, listed on review, and everything answered is sent."""

from prep.visits.models import Response
from tests.personas import MINIMAL
from tests.visits.helpers import GAD7_ALL_ONE, PHQ9_ALL_ZERO, open_page, page_tokens, post_page


def saved(response):
    return Response.objects.get(pk=response.pk)


def with_answers(response, answers):
    Response.objects.filter(pk=response.pk).update(answers=answers, current_section="mental_health_history")


def test_next_with_blank_expected_questions_saves_and_shows_the_notice_naming_them(patient_client, response):
    result = post_page(patient_client, "phq9", {"44250-9": "2", "44255-8": "1"})
    html = result.content.decode()
    assert result.status_code == 200
    assert saved(response).answers == {"44250-9": "2", "44255-8": "1"}
    assert 'id="blank-notice"' in html and "You left 7 questions blank" in html
    assert 'href="#id_44259-0_0"' in html and "Trouble falling or staying asleep" in html
    assert "Answer them" in html and "Continue without answering" in html
    assert 'name="blank_ack" value="1"' in html
    assert 'id="error-summary"' not in html and "Please answer this question." not in html


def test_continue_without_answering_goes_on_and_keeps_what_was_answered(patient_client, response):
    notice = post_page(patient_client, "phq9", {"44250-9": "2"}).content.decode()
    result = post_page(patient_client, "phq9", {"44250-9": "2", "blank_ack": "1"}, tokens=page_tokens(notice))
    assert result["Location"] == "/visit/section/gad7/"
    assert saved(response).answers == {"44250-9": "2"}


def test_a_page_with_nothing_expected_left_blank_goes_straight_on(patient_client, response):
    assert post_page(patient_client, "phq9", PHQ9_ALL_ZERO)["Location"] == "/visit/section/gad7/"


def test_optional_questions_left_blank_are_not_nagged_about(patient_client, response):
    result = post_page(patient_client, "about_visit", {"visit_goals": "Sleep better"})
    assert result["Location"] == "/visit/section/phq9/"


def test_back_and_save_never_show_the_blank_notice(patient_client, response):
    assert post_page(patient_client, "gad7", {}, "back")["Location"] == "/visit/section/phq9/"
    assert post_page(patient_client, "gad7", {"69725-0": "1"}, "save")["Location"] == "/visit/saved/"
    assert saved(response).answers == {"69725-0": "1"}


def test_invalid_input_still_blocks_next_before_any_blank_notice(patient_client, response):
    result = post_page(patient_client, "drugs_tobacco", {"drug_use_count": "-2"})
    html = result.content.decode()
    assert result.status_code == 200
    assert 'id="error-summary"' in html and 'id="blank-notice"' not in html
    assert "Enter a whole number of times from 0 to 10000, for example 0 or 3." in html
    assert 'value="-2"' in html
    assert "drug_use_count" not in saved(response).answers


def test_item_9_alone_raises_the_crisis_box_and_the_flag_whatever_else_is_blank(patient_client, response):
    result = post_page(patient_client, "phq9", {"44260-8": "2"})
    html = result.content.decode()
    assert 'id="crisis-box"' in html and 'id="blank-notice"' in html
    stored = saved(response)
    assert stored.answers == {"44260-8": "2"} and stored.urgent


def test_a_patient_who_skips_the_whole_gad7_can_still_send_everything_else(patient_client, response):
    answers = {key: value for key, value in MINIMAL.items() if key not in GAD7_ALL_ONE}
    answers.update({"44260-8": "1", "thoughts_today": "yes"})
    with_answers(response, answers)
    review = patient_client.get("/visit/review/").content.decode()
    assert "You left 7 questions blank." in review
    assert patient_client.post("/visit/review/")["Location"] == "/visit/submitted/"
    sent = saved(response)
    assert sent.is_submitted and sent.answers == answers
    assert sent.urgent and sent.answers["thoughts_today"] == "yes"


def test_the_review_page_lists_every_blank_question_by_section(patient_client, response):
    with_answers(response, {"visit_goals": "Sleep", **PHQ9_ALL_ZERO})
    html = patient_client.get("/visit/review/").content.decode()
    gad7 = html[html.index('id="review-gad7"'):html.index('id="review-life_situations"')]
    assert "Left blank:" in gad7 and "Feeling nervous, anxious, or on edge" in gad7
    about = html[html.index('id="review-about_visit"'):html.index('id="review-phq9"')]
    assert "Do you have any questions for the psychiatrist? (optional)" in about
    phq9 = html[html.index('id="review-phq9"'):html.index('id="review-gad7"')]
    assert "Are you having these thoughts today?" not in phq9  # hidden by its condition: not blank


def test_the_drug_use_count_offers_prefer_not_to_say(patient_client, response):
    html = open_page(patient_client, "drugs_tobacco").content.decode()
    assert 'type="checkbox" class="form-check-input" name="drug_use_count" value="prefer_not"' in html
    result = post_page(patient_client, "drugs_tobacco", {"drug_use_count": ["", "prefer_not"], "tobacco": "never"})
    assert result.status_code == 302
    assert saved(response).answers["drug_use_count"] == "prefer_not"
    again = open_page(patient_client, "drugs_tobacco").content.decode()
    assert 'value="prefer_not" id="id_drug_use_count_prefer_not" checked>' in again
    assert 'name="drug_use_count" value="prefer_not"' in again and 'name="drug_use_count" value=""' not in again
    review = patient_client.get("/visit/review/").content.decode()
    assert "Prefer not to say" in review


def test_prefer_not_to_say_wins_over_a_number_typed_with_it(patient_client, response):
    post_page(patient_client, "drugs_tobacco", {"drug_use_count": ["4", "prefer_not"], "drugs_used": ["cannabis"]})
    answers = saved(response).answers
    assert answers["drug_use_count"] == "prefer_not"


def test_drugs_used_offers_prefer_not_to_say_on_its_own(patient_client, response):
    result = post_page(patient_client, "drugs_tobacco", {"drug_use_count": "3", "drugs_used": ["cannabis", "prefer_not"]})
    assert "cannot be ticked together with other answers" in result.content.decode()
    post_page(patient_client, "drugs_tobacco", {"drug_use_count": "3", "drugs_used": ["prefer_not"]})
    assert saved(response).answers["drugs_used"] == ["prefer_not"]
