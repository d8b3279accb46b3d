"""The medicine list, dose table and interaction rules in Django admin: searchable, with their sources shown."""

from prep.summaries.models import Medicine
from prep.summaries.summary import build_summary
from tests.personas import MINIMAL, make_submitted_response, past


def test_medicines_can_be_searched_by_brand_and_show_their_source(admin_client, reference_data):
    page = admin_client.get("/admin/summaries/medicine/", {"q": "Zoloft"})
    html = page.content.decode()
    assert page.status_code == 200
    assert "sertraline" in html and "CANMAT 2016" in html
    assert page.context["cl"].result_count == 1


def test_interaction_rules_list_shows_each_source(admin_client, reference_data):
    page = admin_client.get("/admin/summaries/interactionrule/", {"q": "citalopram"})
    html = page.content.decode()
    assert "FDA Drug Safety Communication" in html
    assert page.context["cl"].result_count >= 1


def test_an_admin_edit_of_a_minimum_dose_changes_the_verdicts(admin_client, default_questionnaire, reference_data):
    answers = {**MINIMAL, "past_medications": [past("Zoloft", 100, 8)]}
    response = make_submitted_response(answers)
    assert build_summary(response).trials.trials[0].verdict == "adequate_non_response"
    sertraline = Medicine.objects.get(generic_name="sertraline")
    page = admin_client.get(f"/admin/summaries/medicine/{sertraline.pk}/change/")
    assert page.status_code == 200
    Medicine.objects.filter(pk=sertraline.pk).update(min_daily_dose_mg=150)
    assert build_summary(response).trials.trials[0].verdict == "below_minimum_dose"
