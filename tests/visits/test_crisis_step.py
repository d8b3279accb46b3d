"""After "Are you having these thoughts today?" = yes: a step of its own with help now, then on with the form.

The step has no address of its own (it is shown once at the address the patient was going to), so nothing in the
browser's history or a server log tells that this patient answered "yes".
"""

from prep.visits.models import Response
from tests.visits.helpers import PHQ9_ALL_ZERO, post_page

THOUGHTS_TODAY = {**PHQ9_ALL_ZERO, "44260-8": "2", "thoughts_today": "yes"}


def test_thoughts_today_yes_leads_to_the_support_step_then_on_to_the_next_section(patient_client, response):
    result = post_page(patient_client, "phq9", THOUGHTS_TODAY)
    assert result["Location"] == "/visit/section/gad7/"
    html = patient_client.get(result["Location"]).content.decode()
    assert "You do not have to wait for your visit" in html
    for href in ('href="tel:988"', 'href="sms:988"', 'href="tel:911"', 'href="sms:741741?&amp;body=HOME"',
                 'href="tel:5550100"'):
        assert href in html
    assert "Monday to Friday, 9 am to 5 pm" in html
    assert '<a class="btn btn-primary btn-lg" href="/visit/section/gad7/">Continue with the form</a>' in html
    assert 'id="section-form"' not in html  # one thing on the page: help, then on
    assert Response.objects.get(pk=response.pk).answers["thoughts_today"] == "yes"
    continued = patient_client.get("/visit/section/gad7/").content.decode()
    assert 'id="section-form"' in continued and "Continue with the form" not in continued


def test_the_support_step_comes_first_even_with_blanks_on_the_page(patient_client, response):
    result = post_page(patient_client, "phq9", {"44260-8": "3", "thoughts_today": "yes"})
    assert result["Location"] == "/visit/section/gad7/"
    assert "Continue with the form" in patient_client.get(result["Location"]).content.decode()


def test_the_support_step_follows_back_too_and_continues_where_back_was_going(patient_client, response):
    result = post_page(patient_client, "phq9", THOUGHTS_TODAY, action="back")
    assert result["Location"] == "/visit/section/about_visit/"
    html = patient_client.get(result["Location"]).content.decode()
    assert 'href="/visit/section/about_visit/">Continue with the form' in html


def test_after_save_and_finish_later_the_support_step_still_shows_then_the_saved_page(patient_client, response):
    result = post_page(patient_client, "phq9", THOUGHTS_TODAY, action="save")
    assert result["Location"] == "/visit/saved/"
    html = patient_client.get(result["Location"]).content.decode()
    assert 'href="tel:988"' in html and 'href="/visit/saved/">Continue with the form' in html
    assert "Your answers are saved" in patient_client.get("/visit/saved/").content.decode()


def test_thoughts_today_no_shows_the_crisis_box_on_the_next_page_without_the_support_step(patient_client, response):
    result = post_page(patient_client, "phq9", {**THOUGHTS_TODAY, "thoughts_today": "no"})
    assert result["Location"] == "/visit/section/gad7/"
    html = patient_client.get(result["Location"]).content.decode()
    assert 'id="crisis-box"' in html and "Continue with the form" not in html


def test_the_crisis_box_promises_nothing_about_when_answers_are_seen(patient_client, response):
    post_page(patient_client, "phq9", {**THOUGHTS_TODAY, "thoughts_today": "no"})
    html = patient_client.get("/visit/section/gad7/").content.decode()
    box = html[html.index('id="crisis-box"'):html.index("</section>")]
    assert "will see your answers before" not in box
    assert "Nobody watches this form around the clock" in box
    assert "Your care team reads your answers to prepare for your visit." in box
    assert 'href="tel:5550100"' in box and "Monday to Friday, 9 am to 5 pm" in box


def test_the_clinic_phone_and_hours_are_settings(patient_client, response, settings):
    settings.CLINIC_PHONE = "+1 (617) 555-0199"
    settings.CLINIC_HOURS = "Every day, 8 am to 8 pm"
    post_page(patient_client, "phq9", THOUGHTS_TODAY)
    html = patient_client.get("/visit/section/gad7/").content.decode()
    assert 'href="tel:+16175550199"' in html and "Every day, 8 am to 8 pm" in html


def test_the_locked_link_page_shows_the_clinic_number_and_stays_neutral(client, db):
    html = client.get("/p/no-such-token/").content.decode()
    assert "This link cannot be used" in html
    assert 'href="tel:5550100"' in html and "Monday to Friday, 9 am to 5 pm" in html


def test_the_page_after_sending_shows_the_clinic_number(client, submitted_token):
    client.get(f"/p/{submitted_token}/")
    html = client.get("/visit/").content.decode()
    assert "your answers were sent" in html and 'href="tel:5550100"' in html
