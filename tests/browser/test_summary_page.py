"""In Chromium: the staff summary page shows the same blocks as page 1 of the PDF, in the same order, on a desk and a
phone (it shares the summary's template and print.css)."""

import pytest

from tests.browser.conftest import look
from tests.conftest import clinic_staff_group
from tests.personas import MINIMAL, TYPICAL, make_submitted_response

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "a-long-staff-password-2026"
BLOCKS = (
    "The patient's request for this visit",
    "Safety",
    "Scores",
    "Antidepressant trials",
    "Current medicines and supplements",
    "Other flags",
)


@pytest.fixture
def staff(browser, live_server, django_user_model, default_questionnaire, reference_data):
    user = django_user_model.objects.create_user("alice", password=PASSWORD)
    user.groups.add(clinic_staff_group())
    page = browser.new_context(viewport={"width": 1280, "height": 800}, locale="en-US").new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "alice")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/clinic/")
    yield page
    page.context.close()


@pytest.mark.parametrize("persona, name", [(TYPICAL, "typical"), (MINIMAL, "minimal")])
def test_the_summary_page_shows_the_first_page_blocks_in_order(staff, live_server, default_questionnaire, persona,
                                                                name):
    response = make_submitted_response(persona, questionnaire=default_questionnaire, name="Pat Summary")
    staff.goto(f"{live_server.url}/clinic/appointments/{response.appointment_id}/")
    headings = staff.locator(".summary h2").all_inner_texts()
    assert [heading for heading in headings if heading in BLOCKS] == list(BLOCKS)
    assert headings.index("Other flags") < headings.index("All answers, by section")
    look(staff, f"summary-page-{name}")
