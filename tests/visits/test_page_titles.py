"""Page titles show in the browser tab, its history and bookmarks, to whoever holds the phone: a section page's
title is its step and the form's neutral title, never the section's name (depression, medicines, alcohol...)."""

import re

from tests.visits.helpers import open_page, post_page


def title_of(result):
    return re.search(r"<title>(.*?)</title>", result.content.decode(), flags=re.S).group(1)


def test_every_section_page_is_titled_by_its_step_not_its_subject(patient_client, response):
    sections = list(response.questionnaire.sections.order_by("order"))
    for number, section in enumerate(sections, start=1):
        title = title_of(open_page(patient_client, section.key))
        assert title == f"Step {number} of {len(sections) + 1} · Before your visit · Riverside Health Clinic"
        assert section.title not in title


def test_a_page_sent_back_with_a_problem_says_error_first_in_its_title(patient_client, response):
    result = post_page(patient_client, "depression_history", {"first_episode_age": "about twenty"})
    assert title_of(result) == "Error: Step 5 of 14 · Before your visit · Riverside Health Clinic"


def test_a_wrong_date_of_birth_says_error_first_in_the_title(client, invitation):
    _appointment, token = invitation
    client.get(f"/p/{token}/")
    result = client.post("/visit/", {"month": "13", "day": "1", "year": "1980"})
    assert title_of(result) == "Error: Confirm it is you · Riverside Health Clinic"
