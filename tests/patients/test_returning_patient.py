"""A patient with three visits: answers carried forward and changed, the trend of their scores on the summary and in
the PDF, and what changed since the last visit."""

import datetime
import io

import pytest
from django.utils import timezone
from pypdf import PdfReader

from prep.summaries.sendings import summary_for_staff
from prep.summaries.stored import stored_summary_of
from prep.visits.models import Patient, Response
from prep.visits.services import appointment_create, response_start, response_submit
from tests.personas import TYPICAL, gad7, make_submitted_response, now, past, phq9
from tests.visits.helpers import group_data, open_page, post_page

BORN = datetime.date(1980, 4, 2)


def days_from_today(days, hour=9):
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def answers(phq, gad, medicines, trials, conditions=("hypothyroid",)):
    return {**TYPICAL, **phq, **gad, "current_medications": medicines, "past_medications": trials,
            "conditions": list(conditions)}


@pytest.fixture
def two_earlier_visits(default_questionnaire, reference_data):
    """Visits 60 and 30 days ago: PHQ-9 20 then 14; GAD-7 12 then incomplete; Zoloft 50 mg at both."""
    patient = Patient.objects.create(name="Jane Doe", date_of_birth=BORN)
    zoloft = [now("Zoloft", "50 mg", "once a day", "depression"), now("ibuprofen", "400 mg", "when needed")]
    trials = [past("Zoloft", 50, 8)]
    make_submitted_response(answers(phq9(3, 3, 2, 2, 2, 2, 2, 2, 2), gad7(2, 2, 2, 2, 2, 1, 1), zoloft, trials),
                            starts_at=days_from_today(-60), questionnaire=default_questionnaire, patient=patient)
    incomplete_gad = {**gad7(2, 2, 2, 2, 2, 1), "69736-7": None}
    make_submitted_response(answers(phq9(2, 2, 2, 2, 2, 1, 1, 1, 1), incomplete_gad, zoloft, trials),
                            starts_at=days_from_today(-30), questionnaire=default_questionnaire, patient=patient)
    return patient


def third_visit(client, patient):
    appointment, token = appointment_create(patient=patient, patient_name="Jane Doe", date_of_birth=BORN,
                                            starts_at=days_from_today(1), clinician="Dr Lee")
    client.get(f"/p/{token}/")
    client.post("/visit/", {"month": BORN.month, "day": BORN.day, "year": BORN.year})
    return appointment


def test_a_returning_patient_is_offered_last_times_medicines_but_never_the_scales(client, two_earlier_visits):
    appointment = third_visit(client, two_earlier_visits)
    response = Response.objects.get(appointment=appointment)
    assert response.answers["current_medications"][0]["name"] == "Zoloft"
    assert response.answers["past_medications"][0]["drug"] == "Zoloft"
    assert response.answers["conditions"] == ["hypothyroid"]
    assert not {"44250-9", "69725-0", "thoughts_today", "visit_goals", "missed_doses_2wk"} & set(response.answers)
    page = open_page(client, "medicines_now").content.decode()
    assert "From your last visit: is this still right?" in page and 'value="Zoloft"' in page
    assert "From your last visit" not in open_page(client, "phq9").content.decode()


def test_a_returning_patient_is_welcomed_back_and_starts_at_the_first_step(client, two_earlier_visits):
    third_visit(client, two_earlier_visits)
    page = client.get("/visit/welcome/").content.decode()
    assert "Welcome back. We filled in your medicines" in page
    assert "Continue where you left off" not in page and ">Start<" in page


def send_third_visit(client, two_earlier_visits):
    """The patient changes the Zoloft dose (typing its generic name), stops ibuprofen, starts bupropion, adds a trial
    and a condition, leaves therapies as they were; PHQ-9 falls to 4."""
    appointment = third_visit(client, two_earlier_visits)
    medicines = [{"name": "sertraline", "dose": "100 mg", "how_often": "once a day", "prescribed": "yes"},
                 {"name": "bupropion", "dose": "150 mg", "how_often": "once a day", "prescribed": "yes"}]
    assert post_page(client, "medicines_now", group_data("current_medications", medicines)).status_code == 302
    response = Response.objects.get(appointment=appointment)
    response.answers |= {**phq9(1, 1, 0, 1, 0, 0, 1, 0, 0), **gad7(1, 1, 0, 1, 0, 0, 0), "visit_goals": "Keep going",
                         "past_medications": [*response.answers["past_medications"], past("mirtazapine", 30, 6)],
                         "conditions": ["hypothyroid", "migraine"]}
    response.save(update_fields=["answers"])
    response, invalid = response_submit(response=response)
    assert invalid is None
    return response


def test_the_summary_lists_the_changes_since_the_last_visit_by_generic_name(client, two_earlier_visits):
    response = send_third_visit(client, two_earlier_visits)
    changes = summary_for_staff(response).changes
    assert changes.started == ["bupropion 150 mg once a day"]
    assert changes.stopped == ["ibuprofen"]
    assert [(c.medicine, c.before, c.after) for c in changes.dose_changed] == [
        ("sertraline", "50 mg once a day", "100 mg once a day")]
    assert changes.new_trials == ["mirtazapine"]
    assert changes.new_conditions == ["Migraine"]
    assert "Talking therapies" in changes.confirmed  # offered and sent back as it was
    assert "What you take now" not in changes.confirmed  # changed
    assert not {"Medicines for depression, now or in the past"} & set(changes.confirmed)  # a trial was added


def test_the_trend_shows_every_visit_with_gaps_and_labels_response_and_remission(client, two_earlier_visits):
    response = send_third_visit(client, two_earlier_visits)
    trend = summary_for_staff(response).trend
    phq, gad = trend.measures
    assert phq.values == [20, 14, 4] and gad.values == [12, None, 3]
    assert (phq.since_previous, phq.since_first, phq.response, phq.remission) == (-10, -16, True, True)
    assert (gad.since_previous, gad.since_first) == (-9, -9)
    assert len(trend.chart.series[1].lines) == 2  # GAD-7's line is broken at the incomplete visit
    assert any("Kroenke" in source for source in trend.sources)


def test_the_pdf_page_one_has_the_trend_values_and_the_changes(client, two_earlier_visits):
    response = send_third_visit(client, two_earlier_visits)
    pdf = bytes(stored_summary_of(response).pdf)
    first_page = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    flat = " ".join(first_page.split())
    assert "Scores across visits" in flat and "Changes since the last visit" in flat
    for value in ("20", "14", "4 now", "-10 since the previous visit", "-16 since the first", "Response", "Remission"):
        assert value in flat, value
    assert "Stopped: ibuprofen" in flat and "sertraline, 50 mg once a day → 100 mg once a day" in flat


def test_the_page_and_the_pdf_draw_the_same_svg_chart(client, staff_client, two_earlier_visits):
    response = send_third_visit(client, two_earlier_visits)
    stored = stored_summary_of(response)
    page = staff_client.get(f"/clinic/appointments/{response.appointment_id}/").content.decode()
    chart = stored.html[stored.html.index("<svg"):stored.html.index("</svg>")]
    assert "<polyline" in chart and chart in page
    assert "<script" not in page[page.index("s-trend"):page.index("</svg>")]


def test_a_first_visit_has_no_trend_and_no_changes(default_questionnaire, reference_data):
    response = make_submitted_response(TYPICAL, questionnaire=default_questionnaire)
    summary = summary_for_staff(response)
    assert summary.trend is None and summary.changes is None


def test_a_carried_forward_key_the_new_version_no_longer_has_is_dropped(client, two_earlier_visits, mini_draft):
    from prep.questionnaires.models import Questionnaire, Question

    Question.objects.filter(questionnaire=mini_draft, key="medicines").update(carried_forward=True)
    mini_draft.status = Questionnaire.Status.PUBLISHED
    mini_draft.save(update_fields=["status"])
    earlier = Response.objects.filter(appointment__patient=two_earlier_visits).last()
    earlier.last_submission.answers |= {"medicines": [{"drug": "lithium", "dose_mg": "400", "gone_column": "x"}]}
    earlier.last_submission.save(update_fields=["answers"])
    appointment, _token = appointment_create(patient=two_earlier_visits, patient_name="Jane Doe", date_of_birth=BORN,
                                             starts_at=days_from_today(2))
    from prep.visits.services import carried_forward_answers

    carried = carried_forward_answers(appointment, mini_draft)
    assert carried == {"medicines": [{"drug": "lithium", "dose_mg": "400"}]}
