"""The clinic dashboard with 5,000 appointments (bulk-created, with submitted responses and stored flags) spread over
the default date range (today and the next six days): p95 and the number of queries, against the floor view
(base.html, no queries) in the same run.

    .venv/bin/python bench/dashboard.py [--appointments 5000] [--rounds 40]
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

QUERY_BUDGET = 10
FLOOR = "floor: base.html, no queries"
URGENT = {"code": "urgent_safety", "title": "Safety", "level": "urgent"}
BIPOLAR = {"code": "bipolar_features", "title": "Bipolar features", "level": "warning"}


def make_appointments(count):
    """`count` appointments over 7 days, 8:00 onwards, with invitations; three in four submitted with flags."""
    from django.utils import timezone

    from prep.questionnaires.models import Questionnaire
    from prep.visits.models import Appointment, Invitation, Patient, Response
    from tests.personas import mark_sent

    questionnaire = Questionnaire.objects.get(status="published")
    today = timezone.localdate()
    per_day = -(-count // 7)
    patient = Patient.objects.create(name="Bench Patient", date_of_birth=datetime.date(1970, 1, 1))
    appointments = Appointment.objects.bulk_create(
        Appointment(
            patient=patient,
            patient_name=f"Patient {n:05d}", date_of_birth=datetime.date(1970, 1, 1) + datetime.timedelta(days=n),
            starts_at=timezone.make_aware(datetime.datetime.combine(today + datetime.timedelta(days=n // per_day),
                                                                    datetime.time(8, 0)))
            + datetime.timedelta(minutes=n % per_day),
            clinician=("Dr Lee", "Dr Okafor", "Dr Patel")[n % 3],
            status=Appointment.Status.SUBMITTED if n % 4 else Appointment.Status.INVITED,
        )
        for n in range(count)
    )
    Invitation.objects.bulk_create(
        Invitation(appointment=a, token_hash=f"{a.pk:064d}", expires_at=a.starts_at + datetime.timedelta(days=1))
        for a in appointments
    )
    responses = Response.objects.bulk_create(
        Response(appointment=a, questionnaire=questionnaire, submitted_at=timezone.now(),
                 flags=[URGENT, BIPOLAR] if n % 50 == 1 else [BIPOLAR], urgent=n % 50 == 1)
        for n, a in enumerate(appointments) if n % 4
    )
    mark_sent(responses)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--appointments", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=40)
    args = parser.parse_args(argv)
    setup_django(sqlite_url("dashboard"))
    from django.contrib.auth.models import Group, User
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    from bench.floor import FLOOR_URL

    make_appointments(args.appointments)
    staff = User.objects.create_user("bench-staff")
    staff.groups.add(Group.objects.get(name="Clinic staff"))
    client, floor_client = Client(), Client()
    client.force_login(staff)

    def floor():
        assert floor_client.get(FLOOR_URL).status_code == 200

    def page(query):
        def run():
            reply = client.get("/clinic/", query)
            assert reply.status_code == 200, reply.status_code
            assert b"Patient 0" in reply.content

        return run

    cases = {
        FLOOR: floor,
        "dashboard, default range (page 1 of 100)": page({}),
        "dashboard, page 60": page({"page": 60}),
        "dashboard, name filter": page({"q": "Patient 0001"}),
    }
    with override_settings(ROOT_URLCONF="bench.floor"):
        queries = {}
        for name, fn in cases.items():
            fn()
            with CaptureQueriesContext(connection) as captured:
                fn()
            queries[name] = len(captured)
        samples = measure_interleaved(cases, rounds=args.rounds, warmup=2)
    rows = rows_against_floor(samples, FLOOR)
    for row in rows:
        row["queries"] = queries[row["case"]]
        if row["case"] != FLOOR:
            row["target"] = f"≤ {QUERY_BUDGET} queries"
            row["ok"] = row["queries"] <= QUERY_BUDGET
    columns = TIMING_COLUMNS[:-2] + [("queries", "queries")] + TIMING_COLUMNS[-2:]
    table = format_table(
        f"Clinic dashboard, {args.appointments:,} appointments (staff signed in, SQLite file; ratio to the floor)",
        rows, columns,
    )
    write_results("dashboard", {"rows": rows, "met": all_met(rows)}, table)
    return 0 if all_met(rows) else 1


if __name__ == "__main__":
    sys.exit(main())
