"""The welcome page: a neutral title, how long it takes, compact crisis contacts, no sentence said twice."""

import re
from collections import Counter


def visible_text(html):
    body = re.sub(r"<(script|style|title)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))


def title_of(html):
    return re.search(r"<title>(.*?)</title>", html, flags=re.S).group(1)


def test_the_welcome_page_is_titled_before_your_visit_in_the_heading_and_the_tab(patient_client, response):
    html = patient_client.get("/visit/welcome/").content.decode()
    assert re.search(r"<h1[^>]*>Before your visit</h1>", html)
    assert title_of(html).startswith("Before your visit")


def test_the_heading_and_tab_name_no_diagnosis_or_specialty(patient_client, response):
    html = patient_client.get("/visit/welcome/").content.decode()
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", html, flags=re.S).group(1)
    for word in ("depress", "psychiatr"):
        assert word not in heading.lower() and word not in title_of(html).lower()


def test_the_clinic_can_set_its_own_form_title(patient_client, response, settings):
    settings.PATIENT_FORM_TITLE = "Getting ready for your appointment"
    html = patient_client.get("/visit/welcome/").content.decode()
    assert "Getting ready for your appointment</h1>" in html
    assert title_of(html).startswith("Getting ready for your appointment")


def test_the_welcome_page_says_how_long_it_takes_and_lists_every_crisis_contact(patient_client, response, settings):
    html = patient_client.get("/visit/welcome/").content.decode()
    assert "It takes about 15 to 20 minutes." in html
    for contact in settings.CRISIS_CONTACTS:
        assert f'href="{contact["href"]}"' in html.replace("&amp;", "&")
    assert 'href="tel:5550100"' in html


def test_no_sentence_on_the_welcome_page_is_said_twice(patient_client, response):
    text = visible_text(patient_client.get("/visit/welcome/").content.decode())
    sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if len(s.strip()) > 20]
    repeated = [s for s, count in Counter(sentences).items() if count > 1]
    assert repeated == []
