"""The day print for paper: a cover list, each patient from an odd page with their own numbering, "No answers
received" for forms not sent, stored summaries joined rather than laid out again, one audit event per patient."""

import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from pypdf import PdfReader

from prep.summaries.models import StoredSummary
from prep.summaries.printing import day_print
from prep.summaries.reference import load_reference_data
from tests.conftest import insert_default_questionnaire
from tests.personas import MAXIMAL, MINIMAL, TYPICAL, make_submitted_response

DAY = datetime.date(2030, 3, 4)


def at(hour, minute=0, day=DAY):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def pages_text(pdf):
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def make_day(questionnaire, *, long_forms=True):
    """Four sent forms (with long_forms, a typical one and a long one), one started and not sent, one never opened,
    and one on the next day."""
    typical, maximal = (TYPICAL, MAXIMAL) if long_forms else (MINIMAL, MINIMAL)
    for name, answers, hour in (("Carla Late", MINIMAL, 15), ("Anna Early", typical, 8), ("Bert Middle", maximal, 11),
                                ("Dan Dusk", MINIMAL, 16)):
        make_submitted_response(answers, name=name, starts_at=at(hour), questionnaire=questionnaire)
    make_submitted_response({"visit_goals": "Sleep better", "44260-8": "1"}, name="Stella Started",
                            starts_at=at(9), questionnaire=questionnaire, submitted=False)
    from prep.visits.models import Appointment, Patient

    Appointment.objects.create(patient=Patient.objects.create(name="Nora Never", date_of_birth=datetime.date(1990, 5, 6)),
                               patient_name="Nora Never", date_of_birth=datetime.date(1990, 5, 6), starts_at=at(10))
    make_submitted_response(MINIMAL, name="Tom Tomorrow", starts_at=at(9, day=DAY + datetime.timedelta(days=1)),
                            questionnaire=questionnaire)
    return DAY


@pytest.fixture
def day(default_questionnaire, reference_data):
    """The day in the database, with short forms: laying out the long ones again adds nothing to these tests."""
    return make_day(default_questionnaire, long_forms=False)


@pytest.fixture(scope="module")
def printed_day(django_db_setup, django_db_blocker, default_questionnaire_rows):
    """The day printed once for the tests that only read the print: (pdf, parts, each page's text). Laying out its
    four summaries took 10 s a test."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_reference_data()
        make_day(insert_default_questionnaire(default_questionnaire_rows))
        pdf, parts = day_print(DAY, printed_by="alice")
        transaction.set_rollback(True)
    return pdf, parts, pages_text(pdf)


def patient_of(text, names):
    return next((name for name in names if name in text), None)


def test_the_day_starts_with_a_cover_list_and_each_patient_starts_on_an_odd_page(printed_day):
    pdf, parts, texts = printed_day
    names = ["Anna Early", "Stella Started", "Nora Never", "Bert Middle", "Carla Late", "Dan Dusk"]
    assert [part.appointment.patient_name for part in parts] == names
    cover = texts[0]
    assert "Pre-visit summaries" in cover and "Tom Tomorrow" not in "".join(texts)
    for part, following in zip(parts, parts[1:] + [None]):
        row = cover.split(part.appointment.patient_name)[1]
        row = row.split(following.appointment.patient_name)[0] if following else row
        assert re.search(rf"(?<![\d:]){part.first_page}(?![\d:])", row), (part.first_page, row)
        assert part.first_page % 2 == 1, "each patient starts on the front of a sheet"
        first = texts[part.first_page - 1]
        assert part.appointment.patient_name in first and "Page 1 of" in first
        following = texts[part.first_page - 1: part.first_page - 1 + part.sheets_pages]
        assert all(patient_of(text, names) in (part.appointment.patient_name, None) for text in following)
        if part.pages % 2:
            assert "This page is intentionally blank" in texts[part.first_page - 1 + part.pages]
    assert len(texts) % 2 == 0
    assert "Riverside" not in (PdfReader(io.BytesIO(pdf)).metadata.title or "")
    assert PdfReader(io.BytesIO(pdf)).metadata.title == f"Pre-visit summaries — {DAY.isoformat()}"


def test_the_cover_lists_time_birth_date_clinician_status_and_flags(printed_day):
    _pdf, _parts, texts = printed_day
    cover = " ".join(texts[0].split())
    assert "2 Apr 1980" in cover and "Dr Lee" in cover and "6 May 1990" in cover
    assert "URGENT" in cover and "Sent" in cover and "Started, not sent" in cover and "No answers" in cover


def test_forms_not_sent_get_a_no_answers_page_with_saved_answers_marked_not_sent(printed_day):
    _pdf, parts, texts = printed_day
    stella = next(part for part in parts if part.appointment.patient_name == "Stella Started")
    nora = next(part for part in parts if part.appointment.patient_name == "Nora Never")
    assert "No answers received" in texts[stella.first_page - 1]
    assert "Not sent by the patient" in texts[stella.first_page]  # the saved answers follow
    assert nora.pages == 1 and "No answers received" in texts[nora.first_page - 1]
    assert "not saved any answers" in texts[nora.first_page - 1]


def test_each_patients_pages_are_numbered_on_their_own(printed_day):
    _pdf, parts, texts = printed_day
    bert = next(part for part in parts if part.appointment.patient_name == "Bert Middle")
    numbers = [re.search(r"Page (\d+) of (\d+)", text).groups()
               for text in texts[bert.first_page - 1: bert.first_page - 1 + bert.pages]]
    assert numbers == [(str(n), str(bert.pages)) for n in range(1, bert.pages + 1)]


def test_the_day_print_joins_stored_summaries_without_laying_them_out_again(day, django_assert_max_num_queries):
    day_print(day)
    built = {stored.pk: stored.built_at for stored in StoredSummary.objects.all()}
    assert len(built) == 4
    day_print(day)
    assert {stored.pk: stored.built_at for stored in StoredSummary.objects.all()} == built


def test_the_day_print_reads_a_constant_number_of_queries(default_questionnaire, reference_data,
                                                         django_assert_num_queries):
    counts = []
    for size in (2, 6):
        when = DAY + datetime.timedelta(days=10 * size)
        for n in range(size):
            make_submitted_response(MINIMAL, name=f"P{n}", starts_at=at(8, n, day=when),
                                    questionnaire=default_questionnaire)
        day_print(when)  # builds the stored summaries once
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            day_print(when)
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 4  # the appointments, the reference version, the patients' earlier sendings


def test_print_summaries_writes_the_day_print_and_says_when_there_is_nothing(day, tmp_path):
    output = io.StringIO()
    call_command("print_summaries", "--date", day.isoformat(), "--out", str(tmp_path / "day.pdf"), stdout=output)
    assert "Wrote 6 patients" in output.getvalue()
    assert "Nora Never" in "".join(pages_text((tmp_path / "day.pdf").read_bytes()))
    output = io.StringIO()
    call_command("print_summaries", "--date", "2031-01-01", "--out", str(tmp_path / "none.pdf"), stdout=output)
    assert "No appointments on 2031-01-01" in output.getvalue() and not (tmp_path / "none.pdf").exists()


def test_a_long_cover_list_still_points_at_the_right_pages(db):
    from prep.visits.models import Appointment, Patient

    when = DAY + datetime.timedelta(days=3)
    patient = Patient.objects.create(name="Quinn", date_of_birth=datetime.date(1970, 1, 1))
    Appointment.objects.bulk_create(
        Appointment(patient=patient, patient_name=f"Quinn {n:02d}", date_of_birth=datetime.date(1970, 1, 1), starts_at=at(7, n, day=when))
        for n in range(40)
    )
    pdf, parts = day_print(when)
    texts = pages_text(pdf)
    assert len(texts) % 2 == 0
    for part in parts:
        assert part.first_page % 2 == 1 and part.appointment.patient_name in texts[part.first_page - 1]
        assert "No answers received" in texts[part.first_page - 1]
