"""Medicines as cards, one at a time: radios instead of dropdowns, add and remove without JavaScript, saved entries
folded to one line, and past medicines the patient still takes offered on the current-medicines page to check."""

import re

import pytest

from prep.visits.models import Response
from tests.visits.helpers import group_data, open_page, post_page

ZOLOFT = {"drug": "Zoloft", "highest_daily_dose_mg": "100", "weeks_at_that_dose": "10",
          "weeks_at_that_dose_unit": "weeks", "helped": "a_little", "why_stopped": "did_not_help"}
WELLBUTRIN = {"drug": "Wellbutrin XL", "highest_daily_dose_mg": "300", "weeks_at_that_dose": "3",
              "weeks_at_that_dose_unit": "months", "why_stopped": "still_taking"}


def saved(response):
    return Response.objects.get(pk=response.pk).answers


def save_past(client, rows):
    assert post_page(client, "medicines_tried", group_data("past_medications", rows)).status_code == 302


def entries(html):
    """Each entry of the page's groups: (open or folded, its title, its folded line)."""
    pattern = r'<details class="group-row[^"]*" data-row( open)?>\s*<summary class="entry-summary">\s*' \
              r'<span class="entry-title">(.*?) <span data-number>(\d+)</span></span>\s*' \
              r'<span class="entry-gist" data-gist>(.*?)</span>'
    return [(bool(opened), f"{title} {number}", gist) for opened, title, number, gist in re.findall(pattern, html)]


def test_an_empty_medicines_page_shows_one_open_card_with_radios_and_no_dropdown(patient_client, response):
    html = open_page(patient_client, "medicines_tried").content.decode()
    assert entries(html) == [(True, "Medicine 1", "")]
    assert "<select" not in html
    assert 'type="radio" class="form-check-input" name="past_medications-0-helped" value="a_little"' in html
    assert ">Add another medicine</button>" in html
    assert "Remove<span class=\"visually-hidden\"> medicine <span data-number>1</span>" in html


def test_the_unit_is_chosen_beside_the_number_and_weeks_is_the_default(patient_client, response):
    html = open_page(patient_client, "medicines_tried").content.decode()
    unit = re.search(r'<div id="div_id_past_medications-0-weeks_at_that_dose" class="mb-3 number-with-unit">.*?</fieldset>',
                     html, re.S).group(0)
    assert '<legend class="visually-hidden">Weeks or months</legend>' in unit
    assert 'value="weeks" id="id_past_medications-0-weeks_at_that_dose_unit_0" checked' in unit


def test_add_another_without_javascript_folds_the_saved_medicine_and_opens_a_new_card(patient_client, response):
    data = group_data("past_medications", [WELLBUTRIN])
    result = post_page(patient_client, "medicines_tried", data, action="add_row:past_medications")
    html = patient_client.get(result["Location"]).content.decode()
    assert entries(html) == [(False, "Medicine 1", "Wellbutrin XL · 300 mg · 3 months"), (True, "Medicine 2", "")]
    assert saved(response)["past_medications"] == [{
        "drug": "Wellbutrin XL", "highest_daily_dose_mg": 300, "weeks_at_that_dose": 3,
        "weeks_at_that_dose_unit": "months", "why_stopped": "still_taking",
    }]


def test_remove_without_javascript_keeps_the_other_medicines_and_what_was_typed(patient_client, response):
    rows = [ZOLOFT, WELLBUTRIN]
    post_page(patient_client, "medicines_tried", group_data("past_medications", rows), action="remove_row:past_medications:0")
    assert [row["drug"] for row in saved(response)["past_medications"]] == ["Wellbutrin XL"]


def test_a_card_left_blank_is_not_saved_although_weeks_is_ticked(patient_client, response):
    blank = {"weeks_at_that_dose_unit": "weeks"}
    save_past(patient_client, [ZOLOFT, blank])
    assert len(saved(response)["past_medications"]) == 1


def test_a_card_with_a_wrong_answer_stays_open_with_its_message(patient_client, response):
    rows = [ZOLOFT, {"drug": "Prozac", "highest_daily_dose_mg": "-5"}]
    html = post_page(patient_client, "medicines_tried", group_data("past_medications", rows)).content.decode()
    assert entries(html) == [(False, "Medicine 1", "Zoloft · 100 mg · 10 weeks"), (True, "Medicine 2", "Prozac")]
    assert "Enter a number of mg from 0 to 10000" in html
    assert 'name="past_medications-1-highest_daily_dose_mg" value="-5"' in html


def test_a_past_medicine_still_taken_is_offered_on_the_current_medicines_page_to_check(patient_client, response):
    save_past(patient_client, [ZOLOFT, WELLBUTRIN])
    html = open_page(patient_client, "medicines_now").content.decode()
    assert entries(html) == [(True, "Medicine 1", "Wellbutrin XL · 300 mg a day")]
    assert "From your past medicines — check it." in html
    assert 'name="current_medications-0-name" value="Wellbutrin XL"' in html
    assert 'name="current_medications-0-dose" value="300 mg a day"' in html
    assert "current_medications" not in saved(response)


@pytest.mark.usefixtures("reference_data")
def test_a_medicine_already_listed_now_is_not_offered_again_even_by_another_name(patient_client, response):
    save_past(patient_client, [WELLBUTRIN])
    post_page(patient_client, "medicines_now", group_data("current_medications", [{"name": "bupropion 300mg"}]))
    html = open_page(patient_client, "medicines_now").content.decode()
    assert "From your past medicines" not in html
    assert [entry[2] for entry in entries(html)] == ["bupropion 300mg"]


def test_the_offered_medicine_is_saved_once_the_patient_goes_on(patient_client, response):
    save_past(patient_client, [WELLBUTRIN])
    confirmed = {"name": "Wellbutrin XL", "dose": "300 mg a day", "how_often": "Every morning"}
    post_page(patient_client, "medicines_now", group_data("current_medications", [confirmed]))
    assert saved(response)["current_medications"] == [confirmed]
    assert "From your past medicines" not in open_page(patient_client, "medicines_now").content.decode()


def test_an_offered_medicine_the_patient_removes_is_not_offered_again(patient_client, response):
    save_past(patient_client, [ZOLOFT, WELLBUTRIN])
    offered = {"name": "Wellbutrin XL", "dose": "300 mg a day"}
    data = {**group_data("current_medications", [offered, {"name": "Lisinopril"}]), "current_medications-INITIAL_FORMS": "1"}
    result = post_page(patient_client, "medicines_now", data, action="remove_row:current_medications:0")
    html = patient_client.get(result["Location"]).content.decode()
    assert "From your past medicines" not in html
    assert [entry[2] for entry in entries(html)] == ["Lisinopril"]
    assert Response.objects.get(pk=response.pk).declined_offers == ["bupropion"]


def test_removing_another_medicine_declines_nothing(patient_client, response):
    save_past(patient_client, [WELLBUTRIN])
    rows = [{"name": "Wellbutrin XL"}, {"name": "Lisinopril"}]
    post_page(patient_client, "medicines_now", group_data("current_medications", rows), action="remove_row:current_medications:1")
    assert Response.objects.get(pk=response.pk).declined_offers == []


def test_a_card_removed_in_the_browser_stays_hidden_when_the_page_comes_back_with_an_error(patient_client, response):
    rows = [ZOLOFT, {"drug": "Prozac", "highest_daily_dose_mg": "-5"}]
    html = post_page(patient_client, "medicines_tried", group_data("past_medications", rows, deleted=[0])).content.decode()
    assert re.search(r'<details class="group-row" data-row hidden>\s*<summary class="entry-summary">\s*'
                     r'<span class="entry-title">Medicine <span data-number>1</span></span>\s*'
                     r'<span class="entry-gist" data-gist>Zoloft', html)
