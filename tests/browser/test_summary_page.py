"""In Chromium: the staff summary page shows the same blocks as page 1 of the PDF, in the same order, on a desk and a
phone (it shares the summary's template and print.css)."""

import pytest

from tests.browser.conftest import look
from tests.browser.test_safety_answers_reach_staff import PASSWORD, signed_in_staff
from tests.conftest import clinic_staff_group
from tests.personas import MINIMAL, TYPICAL, make_submitted_response
from tests.summaries.test_first_page import PAGE_1_BLOCKS

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def staff(browser, live_server, django_user_model, default_questionnaire, reference_data):
    django_user_model.objects.create_user("alice", password=PASSWORD).groups.add(clinic_staff_group())
    page = signed_in_staff(browser, live_server.url)
    yield page
    page.context.close()


@pytest.mark.parametrize("persona, name", [(TYPICAL, "typical"), (MINIMAL, "minimal")])
def test_the_summary_page_shows_the_first_page_blocks_in_order(staff, live_server, default_questionnaire, persona,
                                                                name):
    response = make_submitted_response(persona, questionnaire=default_questionnaire, name="Pat Summary")
    staff.goto(f"{live_server.url}/clinic/appointments/{response.appointment_id}/")
    headings = staff.locator(".summary h2").all_inner_texts()
    assert [heading for heading in headings if heading in PAGE_1_BLOCKS] == list(PAGE_1_BLOCKS)
    assert headings.index("Other flags") < headings.index("All answers, by section")
    look(staff, f"summary-page-{name}")
