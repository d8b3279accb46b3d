"""One stored summary per sending: built when the patient sends, read by the page, the PDF and the badges, built
again when what it was built from changes while the visit is ahead, kept as shown once the visit has happened."""

import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.forms.models import model_to_dict
from django.utils import timezone

from prep.summaries import stored as stored_module
from prep.summaries.models import InteractionRule, StoredSummary
from prep.summaries.stored import stored_summary_of, summary_store, summary_store_after_sending
from prep.visits.models import Response
from tests.personas import TYPICAL, make_submitted_response

SJW_RULE = "st-johns-wort-serotonergic"
SJW_TITLE = "Review: St John's wort with a serotonergic medicine"


@pytest.fixture
def visits(default_questionnaire, reference_data):
    """The same answers sent for a visit tomorrow and for one last week, each with its summary stored."""
    upcoming = make_submitted_response(TYPICAL, name="Una Upcoming", questionnaire=default_questionnaire,
                                       starts_at=timezone.now() + datetime.timedelta(days=1))
    past = make_submitted_response(TYPICAL, name="Pat Past", questionnaire=default_questionnaire,
                                   starts_at=timezone.now() - datetime.timedelta(days=7))
    for response in (upcoming, past):
        summary_store(response)
    return upcoming, past


def titles(flags):
    return [flag["title"] for flag in flags]


def fresh(response):
    return Response.objects.select_related("appointment", "questionnaire", "last_submission").get(pk=response.pk)


def deactivate_in_admin(admin_client, code):
    rule = InteractionRule.objects.get(code=code)
    data = {**model_to_dict(rule), "requires": json.dumps(rule.requires), "active": ""}
    answer = admin_client.post(f"/admin/summaries/interactionrule/{rule.pk}/change/", data)
    assert answer.status_code == 302, answer.content.decode()[:2000]


def test_a_rule_edited_in_the_admin_changes_an_upcoming_summary_and_its_badges_not_a_past_one(
    visits, admin_client, staff_client
):
    upcoming, past = visits
    assert SJW_TITLE in titles(fresh(upcoming).flags) and SJW_TITLE in titles(fresh(past).flags)
    past_pdf = bytes(StoredSummary.objects.get(submission=past.last_submission).pdf)
    deactivate_in_admin(admin_client, SJW_RULE)

    page = staff_client.get(f"/clinic/appointments/{upcoming.appointment_id}/").content.decode()
    assert "St John&#x27;s wort with a serotonergic medicine" not in page.split("Summary built")[0]
    assert SJW_TITLE not in titles(fresh(upcoming).flags), "the dashboard badge follows the rebuilt summary"
    assert SJW_TITLE not in titles(fresh(upcoming).last_submission.flags)

    staff_client.get(f"/clinic/appointments/{past.appointment_id}/")
    assert SJW_TITLE in titles(fresh(past).flags), "a visit that happened keeps what was shown then"
    assert bytes(StoredSummary.objects.get(submission=past.last_submission).pdf) == past_pdf


def test_the_page_pdf_and_badges_read_one_stored_summary_that_says_when_it_was_built(visits, staff_client):
    upcoming, _past = visits
    stored = StoredSummary.objects.get(submission=upcoming.last_submission)
    page = staff_client.get(f"/clinic/appointments/{upcoming.appointment_id}/").content.decode()
    assert stored.html in page and "Summary built" in page
    pdf = staff_client.get(f"/clinic/appointments/{upcoming.appointment_id}/summary.pdf")
    assert pdf.content == bytes(stored.pdf)
    assert fresh(upcoming).flags == stored.flags
    assert StoredSummary.objects.get(pk=stored.pk).built_at == stored.built_at, "reading never builds it again"


def test_a_stored_summary_whose_code_version_changed_is_built_again(visits, monkeypatch):
    upcoming, _past = visits
    before = StoredSummary.objects.get(submission=upcoming.last_submission)
    monkeypatch.setattr(stored_module, "code_version", lambda: "a-new-release")
    after = stored_summary_of(fresh(upcoming))
    assert after.pk == before.pk and after.fingerprint != before.fingerprint and after.built_at > before.built_at


def test_refresh_summaries_builds_again_only_out_of_date_upcoming_summaries(visits, admin_client):
    upcoming, past = visits
    call_command("refresh_summaries", stdout=(quiet := io.StringIO()))
    assert "built 0 again" in quiet.getvalue()
    deactivate_in_admin(admin_client, SJW_RULE)
    call_command("refresh_summaries", stdout=(output := io.StringIO()))
    assert "Checked 1 upcoming summaries; built 1 again." in output.getvalue()
    assert SJW_TITLE not in titles(StoredSummary.objects.get(submission=upcoming.last_submission).flags)
    assert SJW_TITLE in titles(StoredSummary.objects.get(submission=past.last_submission).flags)


def test_a_summary_that_fails_to_build_at_sending_is_logged_without_health_information_and_built_on_next_read(
    default_questionnaire, reference_data, monkeypatch, caplog
):
    response = make_submitted_response(TYPICAL, name="Fay Failing", questionnaire=default_questionnaire)

    def broken(*args, **kwargs):
        raise ValueError("Fay Failing 1980-04-02 answers")

    monkeypatch.setattr(stored_module, "render_summary_pdf", broken)
    assert summary_store_after_sending(response) is None
    assert not StoredSummary.objects.exists()
    assert "could not be built (ValueError)" in caplog.text and "Fay" not in caplog.text
    monkeypatch.undo()
    assert stored_summary_of(fresh(response)).pages >= 1


def test_the_dashboard_says_when_a_summary_was_built_before_the_rules_changed(visits, admin_client, staff_client):
    upcoming, _past = visits
    day = timezone.localtime(upcoming.appointment.starts_at).date().isoformat()
    listing = {"date_from": day, "date_to": day}
    assert "the rules changed since" not in staff_client.get("/clinic/", listing).content.decode()
    deactivate_in_admin(admin_client, SJW_RULE)
    assert "the rules changed since" in staff_client.get("/clinic/", listing).content.decode()
    staff_client.get(f"/clinic/appointments/{upcoming.appointment_id}/")  # opening it builds it again
    assert "the rules changed since" not in staff_client.get("/clinic/", listing).content.decode()
