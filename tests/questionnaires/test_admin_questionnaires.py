"""The questionnaire versions in Django admin: list, actions, read-only versions and instruments, preview, export."""

import datetime
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from prep.questionnaires.models import Questionnaire
from prep.visits.models import Appointment, Patient, Response

LIST_URL = "/admin/questionnaires/questionnaire/"
PUBLISHED_BANNER = "Published versions cannot be edited — create a new draft"


def give_response(questionnaire):
    patient = Patient.objects.create(name="Test Patient", date_of_birth=datetime.date(1980, 1, 1))
    appointment = Appointment.objects.create(
        patient=patient, patient_name="Test Patient", date_of_birth=datetime.date(1980, 1, 1), starts_at=timezone.now()
    )
    return Response.objects.create(appointment=appointment, questionnaire=questionnaire)


def url(questionnaire, page="change"):
    return f"{LIST_URL}{questionnaire.pk}/{page}/"


@pytest.fixture
def draft(default_questionnaire):
    return default_questionnaire.create_draft()


def test_list_shows_slug_version_status_responses_and_published_date(admin_client, default_questionnaire):
    give_response(default_questionnaire)
    give_response(default_questionnaire)
    default_questionnaire.create_draft()
    response = admin_client.get(LIST_URL)
    assert response.status_code == 200
    rows = {row.version: row for row in response.context["cl"].result_list}
    assert (rows[1].slug, rows[1].status, rows[1].response_count) == ("trd-previsit", "published", 2)
    assert (rows[2].status, rows[2].response_count, rows[2].published_at) == ("draft", 0, None)
    html = response.content.decode()
    assert "Import from FHIR" in html and "Preview as patient" in html
    assert "Responses" in html


def test_list_counts_responses_in_one_query_whatever_the_number_of_versions(admin_client, default_questionnaire):
    give_response(default_questionnaire)
    admin_client.get(LIST_URL)
    with CaptureQueriesContext(connection) as few:
        admin_client.get(LIST_URL)
    for _ in range(4):
        Questionnaire.latest_published("trd-previsit").create_draft()
    with CaptureQueriesContext(connection) as many:
        admin_client.get(LIST_URL)
    assert len(many) == len(few)


def test_create_new_draft_action(admin_client, default_questionnaire):
    response = admin_client.post(
        LIST_URL, {"action": "create_new_draft", "_selected_action": [default_questionnaire.pk]}, follow=True
    )
    draft = Questionnaire.objects.get(slug="trd-previsit", version=2)
    assert (draft.status, draft.created_from) == ("draft", default_questionnaire)
    assert draft.questions.count() == default_questionnaire.questions.count()
    assert "Created draft version 2 from version 1." in response.content.decode()


def test_publish_action_publishes_the_draft_and_retires_the_previous_version(admin_client, draft, default_questionnaire):
    response = admin_client.post(LIST_URL, {"action": "publish_draft", "_selected_action": [draft.pk]}, follow=True)
    assert "Published version 2." in response.content.decode()
    draft.refresh_from_db()
    default_questionnaire.refresh_from_db()
    assert (draft.status, default_questionnaire.status) == ("published", "retired")
    assert draft.published_at is not None


def test_publish_action_shows_what_is_wrong_instead_of_failing(admin_client, draft):
    support = draft.questions.get(key="support")
    support.choices.all().delete()
    response = admin_client.post(LIST_URL, {"action": "publish_draft", "_selected_action": [draft.pk]}, follow=True)
    assert response.status_code == 200
    message = "Version 2 was not published: “support”: a choice question needs at least one choice."
    assert message in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_publishing_a_published_version_says_so(admin_client, default_questionnaire):
    response = admin_client.post(
        LIST_URL, {"action": "publish_draft", "_selected_action": [default_questionnaire.pk]}, follow=True
    )
    assert "Version 1 was not published: Only a draft can be published." in response.content.decode()


def test_published_version_opens_read_only_with_banner_and_draft_button(admin_client, default_questionnaire):
    response = admin_client.get(url(default_questionnaire))
    html = response.content.decode()
    assert response.status_code == 200
    assert PUBLISHED_BANNER in html
    assert "Create new draft from this version" in html
    assert 'name="title"' not in html and 'name="sections-0-title"' not in html
    assert 'name="_save"' not in html


def test_posting_to_a_published_version_changes_nothing(admin_client, default_questionnaire):
    response = admin_client.post(url(default_questionnaire), {"title": "Changed"})
    assert response.status_code == 403
    default_questionnaire.refresh_from_db()
    assert default_questionnaire.title != "Changed"


def test_retired_version_is_read_only_too(admin_client, draft, default_questionnaire):
    draft.publish()
    html = admin_client.get(url(default_questionnaire)).content.decode()
    assert PUBLISHED_BANNER in html


def test_create_draft_button_makes_a_draft_and_opens_it(admin_client, default_questionnaire):
    response = admin_client.post(url(default_questionnaire, "create-draft"))
    draft = Questionnaire.objects.get(slug="trd-previsit", version=2)
    assert response.status_code == 302 and response["Location"] == url(draft)


def test_publish_button_on_a_draft(admin_client, draft):
    html = admin_client.get(url(draft)).content.decode()
    assert "Publish this draft" in html and PUBLISHED_BANNER not in html
    admin_client.post(url(draft, "publish"))
    draft.refresh_from_db()
    assert draft.status == "published"


def test_draft_page_edits_title_and_sections_with_keys_read_only(admin_client, draft):
    response = admin_client.get(url(draft))
    assert 'name="title"' in response.content.decode()
    formset = response.context["inline_admin_formsets"][0].formset
    assert [form.instance.key for form in formset.forms][:3] == ["about_visit", "phq9", "gad7"]
    assert all(form.fields["key"].disabled for form in formset.forms)


def test_instrument_rows_on_the_version_page_keep_only_their_place_editable(admin_client, draft):
    formset = admin_client.get(url(draft)).context["inline_admin_formsets"][0].formset
    phq9 = next(form for form in formset.forms if form.instance.key == "phq9")
    assert phq9.fields["title"].disabled and phq9.fields["intro"].disabled
    assert not phq9.fields["order"].disabled


def test_instrument_section_is_read_only_in_a_draft_with_its_copyright(admin_client, draft):
    section = draft.sections.get(key="phq9")
    section_url = f"/admin/questionnaires/section/{section.pk}/change/"
    html = admin_client.get(section_url).content.decode()
    assert "PHQ-9 is a validated instrument" in html
    assert "PHQ-9 © Pfizer Inc." in html
    assert 'name="title"' not in html and 'name="questions-0-text"' not in html
    assert admin_client.post(section_url, {"title": "Mood"}).status_code == 403


def test_instrument_question_and_its_choices_are_read_only_in_a_draft(admin_client, draft):
    item9 = draft.questions.get(key="44260-8")
    question_url = f"/admin/questionnaires/question/{item9.pk}/change/"
    html = admin_client.get(question_url).content.decode()
    assert "PHQ-9 is a validated instrument" in html and "PHQ-9 © Pfizer Inc." in html
    assert 'name="text"' not in html and 'name="choices-0-label"' not in html
    assert admin_client.post(question_url, {"text": "Changed"}).status_code == 403
    assert admin_client.get(f"/admin/questionnaires/question/{item9.pk}/delete/").status_code == 403


def test_published_question_page_is_read_only(admin_client, default_questionnaire):
    question = default_questionnaire.questions.get(key="hospitalised_detail")
    html = admin_client.get(f"/admin/questionnaires/question/{question.pk}/change/").content.decode()
    assert PUBLISHED_BANNER in html
    assert "hospitalised is yes" in html
    assert 'name="show_if_question"' not in html


def test_preview_walks_the_draft_in_the_patient_layout_without_saving(admin_client, draft):
    steps = draft.sections.count() + 1
    first = admin_client.get(url(draft, "preview"))
    html = first.content.decode()
    assert first.status_code == 200
    assert "Nothing you enter here is saved" in html and f"Step 1 of {steps}" in html
    assert "What do you most want help with at this visit?" in html
    assert f'href="{url(draft, "preview")}phq9/"' in html
    second = admin_client.get(f"{url(draft, 'preview')}phq9/")
    html = second.content.decode()
    assert f"Step 2 of {steps}" in html and "Little interest or pleasure in doing things" in html
    assert f'href="{url(draft, "preview")}about_visit/"' in html
    assert Response.objects.count() == 0


def test_preview_shows_validation_of_what_was_posted_and_saves_nothing(admin_client, draft):
    answers_before = list(Response.objects.all())
    checked = admin_client.post(f"{url(draft, 'preview')}depression_history/", {"first_episode_age": "200"})
    html = checked.content.decode()
    assert "These answers would need a change" in html
    assert "Enter a whole number of years from 0 to 120, for example 0 or 3." in html
    assert 'value="200"' in html
    fine = admin_client.post(f"{url(draft, 'preview')}about_visit/", {"visit_goals": "Sleep better"})
    assert "These answers would be accepted." in fine.content.decode()
    assert list(Response.objects.all()) == answers_before == []
    assert Appointment.objects.count() == 0


def test_preview_adds_a_group_row_without_javascript(admin_client, draft):
    section = draft.questions.get(key="past_medications").section
    response = admin_client.post(
        f"{url(draft, 'preview')}{section.key}/",
        {"action": "add_row:past_medications", "past_medications-TOTAL_FORMS": "1", "past_medications-INITIAL_FORMS": "0"},
    )
    assert 'name="past_medications-1-drug"' in response.content.decode()


def test_preview_of_an_unknown_section_is_not_found(admin_client, draft):
    assert admin_client.get(f"{url(draft, 'preview')}nope/").status_code == 404


def test_admin_pages_need_a_staff_sign_in(client, plain_user_client, draft):
    for page in ("preview", "changes", "export", "change"):
        response = client.get(url(draft, page))
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert client.get(f"{LIST_URL}import/").status_code == 302
    response = plain_user_client.get(url(draft, "preview"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_staff_without_questionnaire_permission_cannot_preview(client, django_user_model, draft):
    user = django_user_model.objects.create_user("bob", password="bob-password-1", is_staff=True)
    client.force_login(user)
    assert client.get(url(draft, "preview")).status_code == 403
    assert client.post(url(draft, "publish")).status_code == 403


def test_export_downloads_the_fhir_json_of_any_version(admin_client, default_questionnaire):
    response = admin_client.get(url(default_questionnaire, "export"))
    assert response["Content-Disposition"] == 'attachment; filename="trd-previsit-v1.json"'
    resource = json.loads(response.content)
    assert (resource["resourceType"], resource["version"], resource["status"]) == ("Questionnaire", "1", "active")


def test_delete_page_of_a_draft_question_lists_the_features_that_would_stop(admin_client, draft):
    group = draft.questions.get(key="past_medications")
    html = admin_client.get(f"/admin/questionnaires/question/{group.pk}/delete/").content.decode()
    assert "These summary features will stop working if you delete this" in html
    assert "past_medications → antidepressant trial table" in html
    assert "Thase–Rush stage" in html
    assert "highest_daily_dose_mg → " in html
