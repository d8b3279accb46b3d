"""An admin changes the questions in Chromium: new draft, reword, add a choice and a show-if, preview, publish.
A new invitation shows the change; a summary submitted before keeps the old wording."""

import datetime

import pytest
from django.utils import timezone

from prep.questionnaires.models import Question, Questionnaire
from prep.visits.models import Response
from prep.visits.services import appointment_create
from tests.browser.conftest import look, screenshot
from tests.browser.patient_walk import BIRTH_DATE, open_and_confirm
from tests.personas import TYPICAL, make_submitted_response

pytestmark = pytest.mark.django_db(transaction=True)
# Django's own admin pages are screenshotted, not held to axe: its tabular inlines lack per-cell labels upstream.
# The patient preview and the staff summary are ours and are checked.
OLD_WORDING = "What do you most want help with at this visit?"
NEW_WORDING = "What would you most like help with at this visit?"


@pytest.fixture
def admin_page(browser, live_server, django_user_model, default_questionnaire, reference_data):
    django_user_model.objects.create_superuser("root", password="a-long-admin-password-2026")
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "root")
    page.fill("#id_password", "a-long-admin-password-2026")
    page.locator("input[type=submit]").click()
    page.wait_for_url("**/admin/")
    yield page
    page.context.close()


def run_action(page, live_server, version, action):
    page.goto(f"{live_server.url}/admin/questionnaires/questionnaire/")
    row = page.locator("#result_list tbody tr").filter(has=page.locator(f".field-version:text-is('{version}')"))
    row.locator("input.action-select").check()
    page.select_option("select[name=action]", action)
    page.locator("button[name=index]").click()
    page.wait_for_load_state("domcontentloaded")


def test_an_admin_edits_previews_and_publishes_without_touching_old_summaries(admin_page, live_server, browser):
    page = admin_page
    old_summary_response = make_submitted_response(TYPICAL, name="Earlier Patient")

    run_action(page, live_server, 1, "create_new_draft")
    draft = Questionnaire.objects.get(version=2)
    screenshot(page, "admin-01-versions")

    goal = draft.questions.get(key="visit_goals")
    page.goto(f"{live_server.url}/admin/questionnaires/question/{goal.pk}/change/")
    page.fill("#id_text", NEW_WORDING)
    page.locator("input[name=_save]").click()
    page.wait_for_load_state("domcontentloaded")
    assert "was changed successfully" in page.content()

    support = draft.questions.get(key="support")
    page.goto(f"{live_server.url}/admin/questionnaires/question/{support.pk}/change/")
    page.locator("#choices-group .add-row a").click()
    rows = page.locator("tr.dynamic-choices")
    rows.last.locator("input[name$='-value']").fill("many")
    rows.last.locator("input[name$='-label']").fill("Many people")
    rows.last.locator("input[name$='-order']").fill("9")
    page.locator("input[name=_save]").click()
    page.wait_for_load_state("domcontentloaded")
    assert "was changed successfully" in page.content(), page.locator(".errorlist").all_inner_texts()

    living = draft.questions.get(key="living_situation")
    page.goto(f"{live_server.url}/admin/questionnaires/question/{living.pk}/change/")
    page.select_option("#id_show_if_question", "support")
    page.select_option("#id_show_if_op", "ne")
    page.fill("#id_show_if_value", "none")
    screenshot(page, "admin-02-show-if")
    page.locator("input[name=_save]").click()
    page.wait_for_load_state("domcontentloaded")
    assert Question.objects.get(pk=living.pk).show_if == {"question": "support", "op": "ne", "value": "none"}

    page.goto(f"{live_server.url}/admin/questionnaires/questionnaire/{draft.pk}/preview/")
    assert NEW_WORDING in page.content()
    screenshot(page, "admin-03-preview")
    page.goto(f"{live_server.url}/admin/questionnaires/questionnaire/{draft.pk}/preview/life_situations/")
    assert "Many people" in page.content()
    assert Response.objects.count() == 1

    run_action(page, live_server, 2, "publish_draft")
    draft.refresh_from_db()
    assert draft.status == Questionnaire.Status.PUBLISHED

    _appointment, token = appointment_create(
        patient_name="New Patient", date_of_birth=BIRTH_DATE,
        starts_at=timezone.now() + datetime.timedelta(days=2),
    )
    patient = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    open_and_confirm(patient, live_server.url, token, BIRTH_DATE)
    patient.get_by_role("link", name="Start").click()
    assert NEW_WORDING in patient.content()
    patient.context.close()

    page.goto(f"{live_server.url}/clinic/appointments/{old_summary_response.appointment_id}/")
    earlier = page.locator(".summary-screen").inner_text()
    assert OLD_WORDING in earlier and NEW_WORDING not in earlier
    look(page, "admin-04-old-summary-keeps-old-wording")
