"""Patient pages through the full middleware stack: GET and POST of PHQ-9 and of the medicines-tried section with
15 rows, against two floors measured in the same rounds: a view that renders base.html with no queries, and a
confirmed patient's no-op page (what every patient page does first: the session, and the invitation with its
response in one query). Targets, against the session floor's median: GET PHQ-9 ≤ 3×, GET medicines (15 rows) ≤ 6×.

    .venv/bin/python bench/patient_page.py [--rounds 60] [--profile]
"""

import argparse
import datetime
import sys
from pathlib import Path
from urllib.parse import urlencode

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

FLOOR = "floor: base.html, no queries"
SESSION_FLOOR = "floor: confirmed patient, no-op page (session and one query)"
TARGETS = {"GET phq9": 3.0, "GET medicines_tried, 15 rows": 6.0}  # ratio of medians to the session floor
BIRTH_DATE = datetime.date(1980, 4, 2)


def stringify(row):
    return {key: str(value) for key, value in row.items()}


def patient_cases():
    """(cases {name: fn}, query counts {name: n}) for one confirmed patient whose answers are already saved."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from bench.floor import FLOOR_URL, PATIENT_FLOOR_URL
    from prep.visits.models import Response
    from prep.visits.services import appointment_create
    from tests.personas import MAXIMAL_PAST, PHQ9_KEYS, TYPICAL
    from tests.visits.helpers import group_data, page_tokens

    appointment, token = appointment_create(
        patient_name="Bench Patient", date_of_birth=BIRTH_DATE,
        starts_at=timezone.now() + datetime.timedelta(days=1), clinician="Dr Lee",
    )
    patient = Client()
    patient.get(f"/p/{token}/")
    confirmed = patient.post("/visit/", {"month": BIRTH_DATE.month, "day": BIRTH_DATE.day, "year": BIRTH_DATE.year})
    assert confirmed.status_code == 302, confirmed.status_code
    past_rows = [stringify(row) for row in MAXIMAL_PAST]
    assert len(past_rows) == 15
    Response.objects.filter(appointment=appointment).update(
        answers={**TYPICAL, "past_medications": [dict(row) for row in MAXIMAL_PAST]}
    )

    phq9_data = {key: TYPICAL[key] for key in (*PHQ9_KEYS, "69722-7", "thoughts_today")}
    medicines_data = group_data("past_medications", past_rows)
    phq9_url, medicines_url = "/visit/section/phq9/", "/visit/section/medicines_tried/"
    phq9_tokens = page_tokens(patient.get(phq9_url).content.decode())
    medicines_tokens = page_tokens(patient.get(medicines_url).content.decode())
    floor_client = Client()

    def floor():
        assert floor_client.get(FLOOR_URL).status_code == 200

    def session_floor():
        page = patient.get(PATIENT_FLOOR_URL)
        assert page.status_code == 200 and page.content == b"ok", page.status_code

    def get(url, expect):
        def run():
            page = patient.get(url)
            assert page.status_code == 200, page.status_code
            assert expect in page.content, expect

        return run

    def post(url, data, tokens, next_url):
        body = urlencode({**tokens, **data, "action": "next"})

        def run():
            # As a browser sends the page's form (it has no enctype): urlencoded, not the test client's multipart.
            page = patient.post(url, body, content_type="application/x-www-form-urlencoded")
            assert page.status_code == 302 and page["Location"] == next_url, (page.status_code, page.get("Location"))

        return run

    cases = {
        FLOOR: floor,
        SESSION_FLOOR: session_floor,
        "GET phq9": get(phq9_url, b"44260-8"),
        "POST phq9 (next)": post(phq9_url, phq9_data, phq9_tokens, "/visit/section/gad7/"),
        "GET medicines_tried, 15 rows": get(medicines_url, b"past_medications-14-drug"),
        "POST medicines_tried, 15 rows": post(
            medicines_url, medicines_data, medicines_tokens, "/visit/section/other_treatments/"
        ),
    }
    queries = {}
    for name, fn in cases.items():
        with CaptureQueriesContext(connection) as captured:
            fn()
        queries[name] = len(captured)
    assert queries[FLOOR] == 0 and queries[SESSION_FLOOR] == 2, queries
    saved = Response.objects.get(appointment=appointment).answers
    assert len(saved["past_medications"]) == 15 and saved["44260-8"] == TYPICAL["44260-8"], "answers not saved"
    return cases, queries


def profile(cases):
    from pyinstrument import Profiler

    for name, fn in cases.items():
        if name.startswith("floor"):
            continue
        profiler = Profiler(interval=0.0005)
        profiler.start()
        for _ in range(20):
            fn()
        profiler.stop()
        print(f"\n===== profile: {name} (20 runs)")
        print(profiler.output_text(unicode=True, color=False, show_all=False))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=60)
    parser.add_argument("--profile", action="store_true", help="print a pyinstrument profile of each case")
    args = parser.parse_args(argv)
    setup_django(sqlite_url("patient-page"))
    from django.test.utils import override_settings

    with override_settings(ROOT_URLCONF="bench.floor"):
        cases, queries = patient_cases()
        if args.profile:
            profile(cases)
            return 0
        samples = measure_interleaved(cases, rounds=args.rounds, warmup=3)
    rows = rows_against_floor(samples, FLOOR, extra={name: {"queries": count} for name, count in queries.items()})
    rows[0]["queries"] = queries[FLOOR]
    against_session_floor(rows)
    columns = TIMING_COLUMNS[:-2] + [
        ("median ×session floor", "session_x"), ("p95 ×session floor", "session_p95_x"), ("queries", "queries"),
    ] + TIMING_COLUMNS[-2:]
    table = format_table(
        "Patient pages (Django test Client, full middleware, SQLite file; ratios to the medians of both floors)",
        rows, columns,
    )
    targets = {name: f"median ≤ {target}× session floor" for name, target in TARGETS.items()}
    write_results("patient_page", {"targets": targets, "rows": rows, "met": all_met(rows)}, table)
    return 0 if all_met(rows) else 1


def against_session_floor(rows):
    """Every row's ratios to the session floor's median, and the targets (which are set against that floor)."""
    session_median = next(row["median_ms"] for row in rows if row["case"] == SESSION_FLOOR)
    for row in rows:
        row["session_x"] = round(row["median_ms"] / session_median, 2)
        row["session_p95_x"] = round(row["p95_ms"] / session_median, 2)
        target = TARGETS.get(row["case"])
        if row["case"] in (FLOOR, SESSION_FLOOR):
            row["target"], row["ok"] = "floor", None
        elif target is not None:
            row["target"], row["ok"] = f"median ≤ {target}× session floor", row["session_x"] <= target
        else:
            row["target"], row["ok"] = "", None

if __name__ == "__main__":
    sys.exit(main())
