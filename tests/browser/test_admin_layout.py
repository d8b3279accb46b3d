"""The admin editor at 1280 px: no sideways scrolling on the version list, a draft and a section page; the
locked-instrument notice overlaps nothing; "Preview as patient" opens at the section being edited."""

import pytest

from prep.questionnaires.models import Questionnaire
from tests.browser.conftest import screenshot
from tests.browser.test_admin_editor import admin_page  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db(transaction=True)

OVERLAPPING = """(notice) => {
  const box = notice.getBoundingClientRect();
  const overlaps = (other) => {
    const r = other.getBoundingClientRect();
    return r.width > 1 && r.height > 1 && r.left < box.right && box.left < r.right && r.top < box.bottom && box.top < r.bottom;
  };
  return [...document.body.querySelectorAll("*")]
    .filter((el) => !el.contains(notice) && !notice.contains(el) && !el.closest(".visually-hidden") && getComputedStyle(el).visibility !== "hidden")
    .filter(overlaps).map((el) => el.outerHTML.slice(0, 120));
}"""


def scrolls_sideways(page):
    """Whether the page scrolls sideways, with the elements that stick out on the right (for the message)."""
    return page.evaluate("""() => {
      const width = document.documentElement.clientWidth;
      if (document.documentElement.scrollWidth <= width) return false;
      return [...document.body.querySelectorAll("*")].filter((el) => el.getBoundingClientRect().right > width + 1)
        .slice(-5).map((el) => `${el.tagName}.${el.className} ${Math.round(el.getBoundingClientRect().right)}`);
    }""")


@pytest.fixture
def draft(default_questionnaire):
    return default_questionnaire.create_draft()


def test_the_editor_pages_do_not_scroll_sideways_at_1280_px(admin_page, live_server, draft):  # noqa: F811
    phq9, medicines = draft.sections.get(key="phq9"), draft.sections.get(key="medicines_tried")
    for name, path in [("admin-layout-versions", "/admin/questionnaires/questionnaire/"),
                       ("admin-layout-draft", f"/admin/questionnaires/questionnaire/{draft.pk}/change/"),
                       ("admin-layout-section", f"/admin/questionnaires/section/{phq9.pk}/change/"),
                       ("admin-layout-editable-section", f"/admin/questionnaires/section/{medicines.pk}/change/")]:
        admin_page.goto(live_server.url + path)
        screenshot(admin_page, name)
        assert not scrolls_sideways(admin_page), name


def test_the_locked_instrument_notice_overlaps_nothing(admin_page, live_server, draft):  # noqa: F811
    phq9 = draft.sections.get(key="phq9")
    admin_page.goto(f"{live_server.url}/admin/questionnaires/section/{phq9.pk}/change/")
    notice = admin_page.locator("#lock-message")
    assert notice.is_visible()
    assert notice.evaluate(OVERLAPPING) == []


def test_preview_as_patient_opens_at_the_section_being_edited(admin_page, live_server, draft):  # noqa: F811
    gad7 = draft.sections.get(key="gad7")
    admin_page.goto(f"{live_server.url}/admin/questionnaires/section/{gad7.pk}/change/")
    admin_page.get_by_role("link", name="Preview as patient").click()
    admin_page.wait_for_load_state("domcontentloaded")
    assert admin_page.url.endswith(f"/admin/questionnaires/questionnaire/{draft.pk}/preview/gad7/")
    assert gad7.title in admin_page.content()
    assert Questionnaire.objects.filter(pk=draft.pk, status="draft").exists()
