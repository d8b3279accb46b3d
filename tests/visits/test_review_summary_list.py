"""Check your answers: summary lists with a Change link per answer, one short list per group entry, and Change
brings the patient back to this page after saving."""

import re

from prep.visits.models import Response
from tests.personas import TYPICAL
from tests.visits.helpers import post_page


def with_typical_answers(response):
    Response.objects.filter(pk=response.pk).update(answers=TYPICAL, current_section="mental_health_history")


def test_every_answer_is_a_summary_row_with_question_answer_and_change(patient_client, response):
    with_typical_answers(response)
    html = patient_client.get("/visit/review/").content.decode()
    assert "<table" not in html
    rows = re.findall(r'<div class="summary-row">\s*<dt class="summary-question">(.*?)</dt>.*?'
                      r'<dd class="summary-change"><a href="([^"]+)">Change', html, flags=re.S)
    assert len(rows) > 10
    assert ("Little interest or pleasure in doing things", "/visit/section/phq9/?return=review#question-44250-9") in rows


def test_each_medicine_tried_is_its_own_short_list(patient_client, response):
    with_typical_answers(response)
    html = patient_client.get("/visit/review/").content.decode()
    entries = re.findall(r'<p class="summary-entry-title">Medicine (\d+)</p>', html)
    assert len(entries) >= len(TYPICAL["past_medications"])
    assert re.search(r"<dt>[^<]+</dt><dd>Zoloft 100mg</dd>", html)


def test_change_opens_the_section_with_a_way_back_to_review(patient_client, response):
    with_typical_answers(response)
    html = patient_client.get("/visit/section/about_visit/?return=review").content.decode()
    assert '<input type="hidden" name="return" value="review">' in html


def test_next_after_change_goes_back_to_review(patient_client, response):
    with_typical_answers(response)
    moved = post_page(patient_client, "about_visit", {"visit_goals": "Sleep", "return": "review"})
    assert moved["Location"] == "/visit/review/"
    assert Response.objects.get(pk=response.pk).answers["visit_goals"] == "Sleep"


def test_next_without_change_goes_on_to_the_next_section(patient_client, response):
    assert post_page(patient_client, "about_visit", {"visit_goals": "Sleep"})["Location"] == "/visit/section/phq9/"


def test_only_review_is_honoured_as_a_return_address(patient_client, response):
    for value in ("https://evil.example/", "//evil.example", "/visit/saved/", "REVIEW"):
        moved = post_page(patient_client, "about_visit", {"visit_goals": "Sleep", "return": value})
        assert moved["Location"] == "/visit/section/phq9/", value
        page = patient_client.get(f"/visit/section/about_visit/?return={value}").content.decode()
        assert 'name="return"' not in page


def test_back_after_change_still_goes_back_a_section(patient_client, response):
    assert post_page(patient_client, "phq9", {"return": "review"}, action="back")["Location"] == "/visit/section/about_visit/"


def test_adding_a_row_after_change_keeps_the_way_back_to_review(patient_client, response):
    with_typical_answers(response)
    added = post_page(patient_client, "medicines_tried", {"return": "review"}, action="add_row:past_medications")
    assert added["Location"] == "/visit/section/medicines_tried/?add=past_medications&return=review#group-past_medications"
    assert 'name="return" value="review"' in patient_client.get(added["Location"]).content.decode()
