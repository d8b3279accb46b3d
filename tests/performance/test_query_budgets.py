"""Query budgets: every patient page, the review page, the staff summary page and the download of a stored summary's
PDF ask the database a small, fixed number of questions, whatever the number of questions, group rows or
appointments. (The dashboard's budget is in tests/clinic/test_dashboard.py, the day print's in
tests/summaries/test_day_print.py.) Counts, never times: timings live in bench/ (`make bench`).

The question bank of a published version is read once per process (Questionnaire.frozen_structure), so each test
warms it first: the first request of a process for a version costs three more queries (sections, questions, choices).
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from prep.summaries.stored import summary_store
from prep.visits.models import Response
from prep.visits.services import answers_as_data, appointment_create
from tests.personas import MAXIMAL, MAXIMAL_PAST, MINIMAL, TYPICAL, make_submitted_response
from tests.visits.helpers import page_tokens

PATIENT_PAGE_BUDGET = 10
SENDING_BUDGET = 12  # the sending, its flags, and the summary's build queued for the worker (as in production)
QUEUED_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
SUMMARY_PAGE_BUDGET = 12
STORED_PDF_BUDGET = 9  # session, user, 2 permissions, second factor; the appointment, the reference version, the
# patient's earlier sendings (the trend's part of the fingerprint), audit
BIRTH_DATE = datetime.date(1980, 4, 2)


def confirmed_patient(client, questionnaire, answers=None):
    """A patient who opened the link and confirmed the date of birth, on this questionnaire version."""
    appointment, token = appointment_create(
        patient_name="Jane Doe", date_of_birth=BIRTH_DATE,
        starts_at=timezone.now() + datetime.timedelta(days=1), clinician="Dr Lee",
    )
    Response.objects.create(appointment=appointment, questionnaire=questionnaire, answers=dict(answers or {}))
    client.get(f"/p/{token}/")
    reply = client.post("/visit/", {"month": BIRTH_DATE.month, "day": BIRTH_DATE.day, "year": BIRTH_DATE.year})
    assert reply.status_code == 302
    questionnaire.ordered_questions()  # warm the per-process question bank
    return appointment


def post_data(section, questionnaire, answers, page_html):
    data = answers_as_data(section, questionnaire.ordered_questions(), answers)
    return {**{key: data.getlist(key) for key in data}, **page_tokens(page_html), "action": "next"}


def count(fn):
    with CaptureQueriesContext(connection) as captured:
        result = fn()
    return len(captured), result


@pytest.fixture
def walk(client, default_questionnaire, reference_data, settings):
    """{(method, page): queries} for a patient answering like `answers` through every section, review and submit."""
    settings.TASKS = QUEUED_TASKS

    def run(answers):
        appointment = confirmed_patient(client, default_questionnaire)
        counts = {}
        for section in default_questionnaire.ordered_sections():
            url = f"/visit/section/{section.key}/"
            counts["GET", section.key], page = count(lambda: client.get(url))
            assert page.status_code == 200
            data = post_data(section, default_questionnaire, answers, page.content.decode())
            counts["POST", section.key], reply = count(lambda: client.post(url, data))
            assert reply.status_code == 302, (section.key, reply.status_code)
        counts["GET", "review"], page = count(lambda: client.get("/visit/review/"))
        assert page.status_code == 200
        counts["POST", "review"], reply = count(lambda: client.post("/visit/review/"))
        assert reply.status_code == 302 and reply["Location"] == "/visit/submitted/"
        assert Response.objects.get(appointment=appointment).is_submitted
        return counts

    return run


def test_every_patient_page_and_the_review_page_stay_within_the_budget(walk):
    counts = walk(TYPICAL)
    sending = counts.pop(("POST", "review"))
    over = {page: n for page, n in counts.items() if n > PATIENT_PAGE_BUDGET}
    assert not over, f"over {PATIENT_PAGE_BUDGET} queries: {over}"
    assert sending <= SENDING_BUDGET, sending


def test_patient_pages_do_not_grow_with_group_rows(walk, client):
    few = walk({**TYPICAL, "past_medications": MAXIMAL_PAST[:1], "current_medications": MAXIMAL["current_medications"][:1]})
    client.cookies.clear()
    many = walk({**TYPICAL, "past_medications": MAXIMAL_PAST, "current_medications": MAXIMAL["current_medications"]})
    assert len(MAXIMAL_PAST) == 15
    for page in (("GET", "medicines_tried"), ("POST", "medicines_tried"), ("GET", "medicines_now"),
                 ("POST", "medicines_now"), ("GET", "review"), ("POST", "review")):
        assert many[page] == few[page], (page, few[page], many[page])
        assert many[page] <= (SENDING_BUDGET if page == ("POST", "review") else PATIENT_PAGE_BUDGET)


def test_patient_pages_do_not_grow_with_the_number_of_questions(client, default_questionnaire, mini_published):
    """A 2-question section of the mini questionnaire and the 11-question PHQ-9 page cost the same."""
    pages = {}
    for questionnaire, key in ((mini_published, "first"), (default_questionnaire, "phq9")):
        client.cookies.clear()
        confirmed_patient(client, questionnaire)
        pages[key] = count(lambda: client.get(f"/visit/section/{key}/"))[0]
    assert pages["first"] == pages["phq9"] <= PATIENT_PAGE_BUDGET


@pytest.mark.parametrize("persona", ["typical", "maximal"])
@pytest.mark.parametrize("other_appointments", [0, 30])
def test_the_staff_summary_page_stays_within_its_budget(staff_client, default_questionnaire, reference_data,
                                                       persona, other_appointments):
    answers = {"typical": TYPICAL, "maximal": MAXIMAL}[persona]
    for n in range(other_appointments):
        make_submitted_response(TYPICAL, name=f"Other {n}", questionnaire=default_questionnaire)
    response = make_submitted_response(answers, questionnaire=default_questionnaire)
    default_questionnaire.ordered_questions()
    url = f"/clinic/appointments/{response.appointment_id}/"
    staff_client.get(url)  # the first view of a session notes the staff member's activity
    queries, page = count(lambda: staff_client.get(url))
    assert page.status_code == 200
    assert queries <= SUMMARY_PAGE_BUDGET, queries


def test_the_staff_summary_page_does_not_grow_with_group_rows(staff_client, default_questionnaire, reference_data):
    counts = []
    for rows in (MAXIMAL_PAST[:1], MAXIMAL_PAST):
        response = make_submitted_response({**TYPICAL, "past_medications": rows}, questionnaire=default_questionnaire)
        url = f"/clinic/appointments/{response.appointment_id}/"
        staff_client.get(url)
        counts.append(count(lambda: staff_client.get(url))[0])
    assert counts[0] == counts[1] <= SUMMARY_PAGE_BUDGET


def test_downloading_a_stored_summary_pdf_does_not_grow_with_appointments(staff_client, default_questionnaire,
                                                                         reference_data):
    counts = []
    for more_others in (2, 18):  # 2 other sent appointments, then 20 (and the first download's)
        for n in range(more_others):
            make_submitted_response(MINIMAL, name=f"Other {len(counts)} {n}", questionnaire=default_questionnaire)
        response = make_submitted_response(TYPICAL, questionnaire=default_questionnaire)
        stored = summary_store(response)
        url = f"/clinic/appointments/{response.appointment_id}/summary.pdf"
        staff_client.get(url)  # the first view of a session notes the staff member's activity
        queries, pdf = count(lambda: staff_client.get(url))
        assert pdf.status_code == 200 and pdf.content == bytes(stored.pdf)
        counts.append(queries)
    assert counts[0] == counts[1] <= STORED_PDF_BUDGET, counts
