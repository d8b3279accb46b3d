"""Downloading one stored summary's PDF (GET /clinic/appointments/<pk>/summary.pdf, staff signed in, full middleware)
against a staff no-op view in the same run (bench/floor.py: `staff_required` and a few bytes, so the session, the user
and the permission checks and no other query). Target: median ≤ 2 × the floor; query counts per case.

    .venv/bin/python bench/stored_pdf.py [--others 200] [--rounds 60] [--profile]
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

TARGET = 2.0
FLOOR = "floor: staff no-op view (session, user, permission)"
DOWNLOAD = "GET summary.pdf, stored (TYPICAL)"


def stored_typical(others):
    """(appointment pk, stored summary) of a TYPICAL patient who sent, among `others` sent appointments that day."""
    from django.utils import timezone

    from prep.summaries.stored import summary_store
    from tests.personas import TYPICAL, make_submitted_response

    first = timezone.now() + datetime.timedelta(days=1)
    for n in range(others):
        make_submitted_response(TYPICAL, name=f"Other {n:03d}", starts_at=first + datetime.timedelta(minutes=n))
    response = make_submitted_response(TYPICAL, name="Bench Patient", starts_at=first)
    return response.appointment_id, summary_store(response)


def staff_client():
    from django.contrib.auth.models import Group, User
    from django.test import Client

    staff = User.objects.create_user("bench-staff")
    staff.groups.add(Group.objects.get(name="Clinic staff"))
    client = Client()
    client.force_login(staff)
    return client


def download_cases(others):
    """({name: fn}, the stored summary) for one signed-in staff member: the floor view and the stored PDF."""
    from bench.floor import STAFF_FLOOR_URL

    pk, stored = stored_typical(others)
    client = staff_client()
    url = f"/clinic/appointments/{pk}/summary.pdf"

    def floor():
        reply = client.get(STAFF_FLOOR_URL)
        assert reply.status_code == 200 and reply.content == b"ok", reply.status_code

    def download():
        reply = client.get(url)
        assert reply.status_code == 200 and reply["Content-Type"] == "application/pdf", reply.status_code
        assert len(reply.content) == len(stored.pdf), "not the stored PDF"

    return {FLOOR: floor, DOWNLOAD: download}, stored


def query_counts(cases):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = {}
    for name, fn in cases.items():
        fn()  # the first request of a session notes the staff member's activity
        with CaptureQueriesContext(connection) as captured:
            fn()
        counts[name] = len(captured)
    return counts


def profile(cases):
    from pyinstrument import Profiler

    profiler = Profiler(interval=0.0002)
    profiler.start()
    for _ in range(200):
        cases[DOWNLOAD]()
    profiler.stop()
    print(f"\n===== profile: {DOWNLOAD} (200 runs)")
    print(profiler.output_text(unicode=True, color=False, show_all=True))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--others", type=int, default=200, help="other sent appointments in the database")
    parser.add_argument("--rounds", type=int, default=60)
    parser.add_argument("--profile", action="store_true", help="print a pyinstrument profile of the download")
    args = parser.parse_args(argv)
    setup_django(sqlite_url("stored-pdf"))
    from django.test.utils import override_settings

    from prep.summaries.models import StoredSummary

    with override_settings(ROOT_URLCONF="bench.floor"):
        cases, stored = download_cases(args.others)
        queries = query_counts(cases)
        if args.profile:
            profile(cases)
            return 0
        samples = measure_interleaved(cases, rounds=args.rounds, warmup=3)
    assert StoredSummary.objects.get(pk=stored.pk).built_at == stored.built_at, "the summary was built again"
    extra = {name: {"queries": count, "kb": round(len(stored.pdf) / 1024, 1) if name == DOWNLOAD else ""}
             for name, count in queries.items()}
    rows = rows_against_floor(samples, FLOOR, {DOWNLOAD: TARGET}, extra)
    rows[0].update(extra[FLOOR])
    columns = TIMING_COLUMNS[:-2] + [("queries", "queries"), ("PDF KB", "kb")] + TIMING_COLUMNS[-2:]
    table = format_table(
        f"Stored summary PDF download, {args.others} other sent appointments (Django test Client, full middleware, "
        "SQLite file; ratio to the staff floor's median)", rows, columns,
    )
    write_results("stored_pdf", {"target": f"median ≤ {TARGET}× floor", "rows": rows, "met": all_met(rows)}, table)
    return 0 if all_met(rows) else 1


if __name__ == "__main__":
    sys.exit(main())
