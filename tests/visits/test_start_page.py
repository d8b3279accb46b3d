"""`/` is a plain start page: patients are sent to their invitation link, staff to sign in; never a 404."""

import re


def test_the_start_page_tells_patients_to_open_their_link_and_staff_to_sign_in(client, db):
    page = client.get("/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Open the link from your invitation" in html
    assert 'href="/clinic/"' in html and "Staff sign-in" in html
    assert "Page not found" not in html


def test_the_start_page_says_nothing_about_health(client, db):
    html = client.get("/").content.decode().lower()
    text = re.sub(r"<[^>]+>", " ", html)
    for word in ("psychiatr", "depress", "mental", "antidepressant", "suicid", "mood"):
        assert word not in text


def test_the_staff_sign_in_link_leads_to_the_sign_in_page(client, db):
    assert client.get("/clinic/")["Location"].startswith("/accounts/login/")
