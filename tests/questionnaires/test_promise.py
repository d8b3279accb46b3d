"""The versioning promise, driven through the patient pages and the admin.

After a draft is edited and published: (a) a patient who started on the old version finishes on it with their answers
intact, (b) answers given on the old version are shown with the old wording, (c) new invitations use the new version.
"""

import datetime

import pytest
from django.utils import timezone

from prep.questionnaires.display import answers_by_section
from prep.questionnaires.models import Questionnaire
from prep.visits.services import appointment_create
from tests.personas import MINIMAL
from tests.questionnaires.test_admin_editing import add_row, edit, row_of
from tests.visits.helpers import group_data, post_page

OLD_WORDING = "What do you most want help with at this visit?"
NEW_WORDING = "What would you like most from this visit?"
BIRTH_DATE = datetime.date(1980, 4, 2)


def invite_and_confirm(client, name="Jane Doe"):
    appointment, token = appointment_create(
        patient_name=name,
        date_of_birth=BIRTH_DATE,
        starts_at=timezone.now() + datetime.timedelta(days=1),
        clinician="Dr Lee",
    )
    client.get(f"/p/{token}/")
    client.post("/visit/", {"month": BIRTH_DATE.month, "day": BIRTH_DATE.day, "year": BIRTH_DATE.year})
    appointment.refresh_from_db()
    return appointment


def answer_sections(client, questionnaire, answers, skip=()):
    questions = questionnaire.ordered_questions()
    for section in questionnaire.ordered_sections():
        if section.key in skip:
            continue
        data = {}
        for question in questions:
            if question.section_id != section.pk or question.parent_id:
                continue
            if question.is_group:
                data.update(group_data(question.key, []))
            elif question.key in answers:
                data[question.key] = str(answers[question.key])
        response = post_page(client, section.key, data)
        assert response.status_code == 302, (section.key, response.content.decode()[:500])


def admin_rewords_adds_a_choice_and_publishes(admin_client, published):
    admin_client.post(f"/admin/questionnaires/questionnaire/{published.pk}/create-draft/")
    draft = Questionnaire.objects.get(slug=published.slug, status="draft")
    goals = draft.questions.get(key="visit_goals")
    assert edit(admin_client, goals, lambda data: data.update(text=NEW_WORDING)).status_code == 302

    def add_choice(data):
        add_row(data, "choices", order="4", value="many", label="Many people")
        data[f"choices-{row_of(data, 'choices', 'value', 'several')}-label"] = "Three or more people"

    assert edit(admin_client, draft.questions.get(key="support"), add_choice).status_code == 302
    admin_client.post(f"/admin/questionnaires/questionnaire/{draft.pk}/publish/")
    draft.refresh_from_db()
    assert draft.status == "published"
    return draft


@pytest.fixture
def old_version(default_questionnaire, reference_data):
    return default_questionnaire


def test_patient_who_started_on_the_old_version_finishes_on_it_with_answers_intact(client, admin_client, old_version):
    appointment = invite_and_confirm(client)
    first_page = {"visit_goals": "Sleep better", "visit_questions": "Is it my thyroid?"}
    assert post_page(client, "about_visit", first_page).status_code == 302
    post_page(client, "life_situations", {"support": "several"})

    new_version = admin_rewords_adds_a_choice_and_publishes(admin_client, old_version)

    page = client.get("/visit/section/about_visit/").content.decode()
    assert OLD_WORDING in page and NEW_WORDING not in page
    assert "Sleep better" in page
    support_page = client.get("/visit/section/life_situations/").content.decode()
    assert "Several people" in support_page and "Many people" not in support_page

    answer_sections(client, old_version, MINIMAL, skip=("about_visit", "life_situations"))
    review = client.get("/visit/review/").content.decode()
    assert OLD_WORDING in review and NEW_WORDING not in review and "Several people" in review
    assert client.post("/visit/review/").status_code == 302

    response = appointment.response
    response.refresh_from_db()
    assert response.is_submitted
    assert response.questionnaire == old_version != new_version
    assert response.answers["visit_goals"] == "Sleep better"
    assert response.answers["visit_questions"] == "Is it my thyroid?"
    assert response.answers["support"] == "several"


def test_answers_given_on_the_old_version_keep_the_old_wording(admin_client, submitted_appointment, old_version):
    response = submitted_appointment.response
    admin_rewords_adds_a_choice_and_publishes(admin_client, old_version)
    response.refresh_from_db()
    grouped = answers_by_section(response.questionnaire, response.answers)
    entries = {entry.key: entry for _section, section_entries in grouped for entry in section_entries}
    assert entries["visit_goals"].text == OLD_WORDING
    assert entries["support"].words == "One or two people"

    from prep.summaries.summary import build_summary

    summary = build_summary(response)
    wording = {entry.key: entry.question for section in summary.sections for entry in section.entries}
    assert wording["visit_goals"] == OLD_WORDING
    assert summary.header.questionnaire_version == 1


def test_new_invitations_use_the_new_version(client, admin_client, old_version):
    new_version = admin_rewords_adds_a_choice_and_publishes(admin_client, old_version)
    appointment = invite_and_confirm(client, name="John Roe")
    assert appointment.response.questionnaire == new_version
    page = client.get("/visit/section/about_visit/").content.decode()
    assert NEW_WORDING in page and OLD_WORDING not in page
    support_page = client.get("/visit/section/life_situations/").content.decode()
    assert "Many people" in support_page and "Three or more people" in support_page
