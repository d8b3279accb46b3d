"""One section per page: progress, Next/Back/Save, saving only the page's keys, two tabs, refresh."""

from prep.visits.models import Appointment, Response
from tests.visits.helpers import PHQ9_ALL_ZERO, group_data, open_page, page_tokens, post_page


def saved(response):
    return Response.objects.get(pk=response.pk)


def test_a_section_page_shows_title_progress_and_the_three_buttons(patient_client, response):
    html = open_page(patient_client, "phq9").content.decode()
    assert "How you have been feeling" in html
    assert "Step 2 of 14" in html and "<progress" in html
    for label in ("Back", "Next", "Save and finish later"):
        assert label in html
    assert "© Pfizer Inc." in html


def test_next_saves_the_page_and_goes_to_the_next_section(patient_client, response):
    result = post_page(patient_client, "about_visit", {"visit_goals": "Sleep better"})
    assert result["Location"] == "/visit/section/phq9/"
    stored = saved(response)
    assert stored.answers == {"visit_goals": "Sleep better"}
    assert stored.current_section == "about_visit"
    assert stored.appointment.status == Appointment.Status.STARTED


def test_next_with_an_invalid_answer_stays_and_says_what_to_enter(patient_client, response):
    result = post_page(patient_client, "drugs_tobacco", {"drug_use_count": "lots", "tobacco": "never"})
    html = result.content.decode()
    assert result.status_code == 200
    assert 'id="error-summary"' in html and 'href="#id_drug_use_count"' in html
    assert "Enter a whole number of times from 0 to 10000, for example 0 or 3." in html
    assert "Please answer this question." not in html
    assert 'value="lots"' in html
    assert saved(response).answers == {"tobacco": "never"}


def test_next_writes_only_this_pages_keys(patient_client, response):
    Response.objects.filter(pk=response.pk).update(answers={"visit_goals": "Keep me", "44250-9": "3"})
    post_page(patient_client, "phq9", PHQ9_ALL_ZERO)
    answers = saved(response).answers
    assert answers["visit_goals"] == "Keep me"
    assert answers["44250-9"] == "0"


def test_back_keeps_what_was_typed_even_when_part_of_it_is_not_valid(patient_client, response):
    result = post_page(
        patient_client, "depression_history", {"first_episode_age": "twenty", "current_episode_months": "8"}, "back"
    )
    assert result["Location"] == "/visit/section/life_situations/"
    stored = saved(response)
    assert stored.answers == {"current_episode_months": 8}
    html = open_page(patient_client, "depression_history").content.decode()
    assert 'value="twenty"' in html and 'value="8"' in html
    assert "Enter a whole number" in html


def test_save_and_finish_later_then_coming_back_resumes_where_the_patient_stopped(client, invitation, response):
    from tests.visits.conftest import confirm

    result = post_page(client, "life_situations", {"support": "several"}, "save")
    assert result["Location"] == "/visit/saved/"
    assert "Your answers are saved" in client.get("/visit/saved/").content.decode()
    client.cookies.clear()
    _appointment, token = invitation
    assert confirm(client, token)["Location"] == "/visit/section/life_situations/"
    html = open_page(client, "life_situations").content.decode()
    assert 'value="several"' in html and "checked" in html


def test_refreshing_after_a_post_neither_resubmits_nor_loses_answers(patient_client, response):
    result = post_page(patient_client, "about_visit", {"visit_goals": "Sleep better"})
    revision = saved(response).revision
    for _ in range(2):
        assert patient_client.get(result["Location"]).status_code == 200
    assert saved(response).revision == revision
    assert saved(response).answers == {"visit_goals": "Sleep better"}


def test_two_tabs_on_the_same_page_never_silently_overwrite(patient_client, response):
    tab_one = page_tokens(open_page(patient_client, "about_visit").content.decode())
    tab_two = dict(tab_one)
    post_page(patient_client, "about_visit", {"visit_goals": "From tab one"}, tokens=tab_one)
    late = post_page(patient_client, "about_visit", {"visit_goals": "From tab two"}, tokens=tab_two)
    html = late.content.decode()
    assert late.status_code == 200
    assert "This form changed in another window" in html
    assert "From tab one" in html and "From tab two" in html
    assert saved(response).answers["visit_goals"] == "From tab one"
    again = post_page(patient_client, "about_visit", {"visit_goals": "From tab two"}, tokens=page_tokens(html))
    assert again.status_code == 302
    assert saved(response).answers["visit_goals"] == "From tab two"


def test_two_tabs_on_different_pages_both_save(patient_client, response):
    tab_one = page_tokens(open_page(patient_client, "about_visit").content.decode())
    tab_two = page_tokens(open_page(patient_client, "life_situations").content.decode())
    post_page(patient_client, "about_visit", {"visit_goals": "Goal"}, tokens=tab_one)
    second = post_page(patient_client, "life_situations", {"support": "none"}, tokens=tab_two)
    assert second.status_code == 302
    assert saved(response).answers == {"visit_goals": "Goal", "support": "none"}


def test_back_from_the_first_section_goes_to_the_welcome_page(patient_client, response):
    assert post_page(patient_client, "about_visit", {}, "back")["Location"] == "/visit/welcome/"


def test_dependent_questions_say_their_condition_in_words_for_pages_without_javascript(patient_client, response):
    html = open_page(patient_client, "depression_history").content.decode()
    assert "data-show-if=" in html
    assert "If you answered “Yes” to" in html


def test_a_hidden_question_is_not_required(patient_client, response):
    data = {**PHQ9_ALL_ZERO}
    assert post_page(patient_client, "phq9", data).status_code == 302
    assert "thoughts_today" not in saved(response).answers


def test_item_9_above_zero_shows_the_crisis_box_on_the_very_next_page(patient_client, response):
    html = open_page(patient_client, "gad7").content.decode()
    assert 'id="crisis-box"' not in html
    result = post_page(patient_client, "phq9", {**PHQ9_ALL_ZERO, "44260-8": "1"})
    assert result["Location"] == "/visit/section/gad7/"
    next_page = patient_client.get(result["Location"]).content.decode()
    assert 'id="crisis-box"' in next_page
    assert 'href="tel:988"' in next_page and 'href="tel:911"' in next_page
    assert "You can keep going with the form" in next_page


def test_the_safety_follow_up_is_shown_when_item_9_is_above_zero(patient_client, response):
    result = post_page(patient_client, "phq9", {**PHQ9_ALL_ZERO, "44260-8": "2", "thoughts_today": "yes"})
    assert result.status_code == 302
    assert saved(response).answers["thoughts_today"] == "yes"


MEDICINE = {"drug": "Zoloft", "highest_daily_dose_mg": "100", "weeks_at_that_dose": "8", "helped": "a_little"}


def test_fifteen_medicines_can_be_entered(patient_client, response):
    rows = [{**MEDICINE, "drug": f"Medicine {n}"} for n in range(15)]
    assert post_page(patient_client, "medicines_tried", group_data("past_medications", rows)).status_code == 302
    stored = saved(response).answers["past_medications"]
    assert len(stored) == 15
    assert stored[0] == {"drug": "Medicine 0", "highest_daily_dose_mg": 100, "weeks_at_that_dose": 8,
                         "helped": "a_little"}


def test_add_another_without_javascript_saves_and_shows_one_more_row(patient_client, response):
    data = group_data("past_medications", [MEDICINE])
    result = post_page(patient_client, "medicines_tried", data, action="add_row:past_medications")
    assert result["Location"] == "/visit/section/medicines_tried/?add=past_medications#group-past_medications"
    html = patient_client.get(result["Location"]).content.decode()
    assert 'name="past_medications-TOTAL_FORMS" value="2"' in html
    assert saved(response).answers["past_medications"][0]["drug"] == "Zoloft"


def test_remove_without_javascript_drops_the_row(patient_client, response):
    rows = [MEDICINE, {**MEDICINE, "drug": "Prozac"}]
    post_page(patient_client, "medicines_tried", group_data("past_medications", rows))
    result = post_page(
        patient_client, "medicines_tried", group_data("past_medications", rows), action="remove_row:past_medications:0"
    )
    assert result.status_code == 302
    assert [row["drug"] for row in saved(response).answers["past_medications"]] == ["Prozac"]


def test_medicine_names_are_suggested(patient_client, response, reference_data):
    html = open_page(patient_client, "medicines_tried").content.decode()
    assert '<datalist id="suggestions-medicines">' in html
    assert 'value="sertraline"' in html.lower() or 'value="Sertraline"' in html


def test_an_unknown_section_is_not_found(patient_client, response):
    assert open_page(patient_client, "no-such-section").status_code == 404


def test_a_page_that_is_not_there_offers_the_way_back_to_the_form(patient_client, response, client):
    html = patient_client.get("/visit/section/not-a-section/").content.decode()
    assert "Page not found" in html and 'href="/visit/welcome/"' in html
    client.cookies.clear()
    html = client.get("/visit/nothing-here/").content.decode()
    assert "Page not found" in html
    assert 'href="/visit/welcome/"' not in html and 'href="tel:5550100"' in html
