"""A returning patient's summary: the summary (with its trend and changes) and PDF of a patient's 20th visit against
those of a first visit, in the same process. Target: the 20th visit within 1.5× the first visit (medians).

    .venv/bin/python bench/returning_patient.py [--rounds 12]
"""

import argparse
import datetime
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (  # noqa: E402
    TIMING_COLUMNS,
    all_met,
    format_table,
    measure_interleaved,
    rows_against_floor,
    setup_django,
    sqlite_url,
    write_results,
)

VISITS = 20
TARGETS = {f"visit {VISITS} of a patient": 1.5}
FLOOR = "first visit"


def summary_cases():
    from django.utils import timezone

    from prep.summaries.documents import render_pdf
    from prep.summaries.reference import Knowledge
    from prep.summaries.sendings import summary_for_staff
    from prep.summaries.stored import code_version
    from prep.visits.models import Patient, Response
    from tests.personas import TYPICAL, gad7, make_submitted_response, phq9

    def visit(patient, n, count):
        scores = {**phq9(*[max(0, 3 - n // 6)] * 8, 0), **gad7(*[max(0, 2 - n // 8)] * 7)}
        starts_at = timezone.now() + datetime.timedelta(days=1 - 28 * (count - 1 - n))
        return make_submitted_response({**TYPICAL, **scores}, name=patient.name, starts_at=starts_at, patient=patient)

    first = Patient.objects.create(name="First Visit", date_of_birth=datetime.date(1980, 4, 2))
    returning = Patient.objects.create(name="Returning Patient", date_of_birth=datetime.date(1975, 1, 9))
    responses = {FLOOR: visit(first, 0, 1).pk}
    responses[f"visit {VISITS} of a patient"] = [visit(returning, n, VISITS) for n in range(VISITS)][-1].pk
    code_version()
    knowledge = Knowledge.load()

    def case(name):
        def run():
            response = Response.objects.select_related("appointment", "questionnaire", "last_submission").get(
                pk=responses[name])
            render_pdf([summary_for_staff(response, knowledge=knowledge)])

        return run

    return {name: case(name) for name in responses}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=12)
    args = parser.parse_args(argv)
    setup_django(sqlite_url("returning-patient"))
    cases = summary_cases()
    samples = measure_interleaved(cases, rounds=args.rounds, warmup=1)
    rows = rows_against_floor(samples, FLOOR, TARGETS)
    table = format_table(
        f"Returning patient: summary + PDF of visit {VISITS} (trend, changes) against a first visit", rows,
        TIMING_COLUMNS)
    write_results("returning_patient", {"targets": TARGETS, "rows": rows, "met": all_met(rows)}, table)
    return 0 if all_met(rows) else 1


if __name__ == "__main__":
    sys.exit(main())
