"""Load: simulated patients completing the whole questionnaire at the same time, against gunicorn (2 workers,
gthread) on PostgreSQL and on SQLite. Targets: 0 errors, 0 lost answers (checked in the database afterwards), p95 per
page ≤ 300 ms on PostgreSQL, no "database is locked" on SQLite. Reports requests per second.

Each patient: open /p/<token>/, confirm the date of birth, then for every section GET the page, "think", and POST it
(Next), then the review page and Submit. Think time is compressed (seconds, not the minute a real patient takes per
page) so that the run stays short; the floor is /healthz on the same server, idle, measured just before.

    .venv/bin/python bench/load.py [--db both|postgres|sqlite] [--patients 50] [--think 5 10]

PostgreSQL: the local cluster is started the way .ci/run does (pg_ctlcluster), with role and database prep_bench
(re-created for every run). Only 127.0.0.1 is used; every loop is bounded.
"""

import argparse
import asyncio
import datetime
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (  # noqa: E402
    BENCH_ENV, ROOT, as_background_work, format_table, percentile, remove_sqlite, sqlite_url, write_results,
)

P95_TARGET_MS = 300
SENDING_P95_TARGET_MS = 1500
BIRTH_DATE = datetime.date(1980, 4, 2)
PG_ROLE = PG_DB = "prep_bench"
REQUEST_TIMEOUT = 60
RUN_TIMEOUT = 600


# --- PostgreSQL, as .ci/run starts it ----------------------------------------------------------------------------
def postgres_url():
    version = sorted(os.listdir("/etc/postgresql"), key=float)[-1] if os.path.isdir("/etc/postgresql") else "15"
    subprocess.run(["pg_ctlcluster", version, "main", "start"], capture_output=True)  # fine if it is running already
    for _ in range(30):
        if subprocess.run(["su", "postgres", "-c", "pg_isready -q"]).returncode == 0:
            break
        time.sleep(1)
    else:
        raise RuntimeError("PostgreSQL did not become ready")

    def psql(sql):
        subprocess.run(["su", "postgres", "-c", "psql -q -v ON_ERROR_STOP=1"], input=sql, text=True, check=True,
                       capture_output=True)

    psql(f"""DO $$ BEGIN
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{PG_ROLE}') THEN
        CREATE ROLE {PG_ROLE} LOGIN CREATEDB PASSWORD '{PG_ROLE}';
      END IF;
    END $$;""")
    subprocess.run(["su", "postgres", "-c", f"dropdb --if-exists {PG_DB}"], check=True, capture_output=True)
    subprocess.run(["su", "postgres", "-c", f"createdb -O {PG_ROLE} {PG_DB}"], check=True, capture_output=True)
    ports = subprocess.run(["pg_lsclusters", "-h"], capture_output=True, text=True).stdout.split()
    port = ports[2] if len(ports) > 2 else "5432"
    return f"postgres://{PG_ROLE}:{PG_ROLE}@127.0.0.1:{port}/{PG_DB}"


# --- the data: invitations and what each patient answers -----------------------------------------------------------
def prepare(database_url, patients):
    """Migrate, load the questionnaire, create the appointments. Returns (tokens, sections [(key, data)])."""
    from bench.common import setup_django

    setup_django(database_url, fresh=True)
    from django.utils import timezone

    from prep.questionnaires.models import Questionnaire
    from prep.visits.services import answers_as_data, appointment_create

    tokens = []
    for n in range(patients):
        _appointment, token = appointment_create(
            patient_name=f"Load Patient {n:03d}", date_of_birth=BIRTH_DATE,
            starts_at=timezone.now() + datetime.timedelta(days=1, minutes=n), clinician="Dr Lee",
        )
        tokens.append(token)
    questionnaire = Questionnaire.objects.get(status="published")
    questions = questionnaire.ordered_questions()
    sections = []
    for section in questionnaire.ordered_sections():
        data = answers_as_data(section, questions, answers_for(0))
        sections.append((section.key, {key: data.getlist(key) for key in data}))
    return tokens, sections


def answers_for(n):
    """The TYPICAL persona, with two free-text answers that name the patient (so mixed-up answers would show)."""
    from tests.personas import TYPICAL

    return {**TYPICAL, "visit_goals": f"Patient {n}: {TYPICAL['visit_goals']}", "living_situation": f"Flat {n}"}


def personal(data, n):
    data = dict(data)
    if "visit_goals" in data:
        data["visit_goals"] = [answers_for(n)["visit_goals"]]
    if "living_situation" in data:
        data["living_situation"] = [answers_for(n)["living_situation"]]
    return data


def check_answers(patients):
    """(lost answers, not submitted): every patient's saved answers against what they posted."""
    from prep.visits.models import Response

    lost, unsubmitted = [], []
    responses = {r.appointment.patient_name: r for r in Response.objects.select_related("appointment")}
    for n in range(patients):
        response = responses.get(f"Load Patient {n:03d}")
        if response is None:
            unsubmitted.append(n)
            lost.append((n, "no response"))
            continue
        if response.submitted_at is None:
            unsubmitted.append(n)
        for key, value in answers_for(n).items():
            if response.answers.get(key) != value:
                lost.append((n, key))
    return lost, unsubmitted


# --- gunicorn ------------------------------------------------------------------------------------------------------
def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(database_url, conn_max_age):
    return {**os.environ, **BENCH_ENV, "DATABASE_URL": database_url, "ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_SETTINGS_MODULE": "prep.settings", "CONN_MAX_AGE": str(conn_max_age)}


def start_worker(database_url, log_path, conn_max_age):
    """The task worker that builds each sent summary (`.ci/deploy worker`), as background work."""
    log = open(log_path, "w")
    return subprocess.Popen(
        as_background_work([sys.executable, "manage.py", "db_worker", "--no-reload", "--interval", "0.2"]),
        cwd=ROOT, env=server_env(database_url, conn_max_age), stdout=log, stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def summaries_built(patients, worker, timeout=300):
    """Wait for the worker to build every sent summary; return how many were built."""
    from prep.summaries.models import StoredSummary

    deadline = time.time() + timeout
    while (built := StoredSummary.objects.count()) < patients and time.time() < deadline and worker.poll() is None:
        time.sleep(0.5)
    return built


def start_gunicorn(database_url, port, log_path, workers, threads, conn_max_age):
    env = server_env(database_url, conn_max_age)
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    log = open(log_path, "w")
    process = subprocess.Popen(
        [gunicorn, "prep.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
         "--threads", str(threads), "--worker-class", "gthread", "--log-level", "warning", "--timeout", "60"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as reply:
                if reply.status == 200:
                    return process
        except OSError:
            time.sleep(0.2)
        if process.poll() is not None:
            break
    stop(process)
    raise RuntimeError(f"gunicorn did not start; see {log_path}")


def stop(process):
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def healthz_floor(base, count=40, warmup=20):
    times = []
    for index in range(warmup + count):
        start = time.perf_counter()
        with urllib.request.urlopen(f"{base}/healthz", timeout=5) as reply:
            reply.read()
        if index >= warmup:
            times.append((time.perf_counter() - start) * 1000)
    return times


# --- the simulated patients ----------------------------------------------------------------------------------------
TOKENS_RE = {name: re.compile(rf'name="{name}" value="([^"]*)"') for name in ("revision", "digest")}


async def patient(n, token, sections, base, think, records, errors, start_delay):
    import httpx

    await asyncio.sleep(start_delay)
    rng = random.Random(n)
    # No keep-alive: after a think time longer than gunicorn's keep-alive (2 s) a reused connection may already be
    # closed by the server, a race a browser hides by retrying; a new connection per request avoids it (loopback).
    limits = httpx.Limits(max_keepalive_connections=0)
    async with httpx.AsyncClient(base_url=base, follow_redirects=False, timeout=REQUEST_TIMEOUT, limits=limits) as client:

        async def call(label, method, url, expect, data=None):
            if data is not None:
                data = {**data, "csrfmiddlewaretoken": client.cookies.get("csrftoken", "")}
            start = time.perf_counter()
            try:
                reply = await client.request(method, url, data=data)
            except httpx.HTTPError as error:
                records.append((label, method, (time.perf_counter() - start) * 1000))
                errors.append((n, label, method, repr(error)))
                return None
            records.append((label, method, (time.perf_counter() - start) * 1000))
            location = reply.headers.get("location", "")
            if reply.status_code != expect[0] or (len(expect) > 1 and location != expect[1]):
                errors.append((n, label, method, reply.status_code, location))
                return None
            return reply

        async def pause():
            await asyncio.sleep(rng.uniform(*think))

        if await call("open link", "GET", f"/p/{token}/", (302, "/visit/")) is None:
            return
        if await call("identity", "GET", "/visit/", (200,)) is None:
            return
        await pause()
        birth = {"month": str(BIRTH_DATE.month), "day": str(BIRTH_DATE.day), "year": str(BIRTH_DATE.year)}
        if await call("identity", "POST", "/visit/", (302, "/visit/welcome/"), birth) is None:
            return
        if await call("welcome", "GET", "/visit/welcome/", (200,)) is None:
            return
        await pause()
        for index, (key, data) in enumerate(sections):
            url = f"/visit/section/{key}/"
            page = await call("section", "GET", url, (200,))
            if page is None:
                return
            tokens = {name: pattern.search(page.text).group(1) for name, pattern in TOKENS_RE.items()}
            await pause()
            following = f"/visit/section/{sections[index + 1][0]}/" if index + 1 < len(sections) else "/visit/review/"
            form = {**personal(data, n), **tokens, "action": "next"}
            if await call("section", "POST", url, (302, following), form) is None:
                return
        if await call("review", "GET", "/visit/review/", (200,)) is None:
            return
        await pause()
        if await call("review", "POST", "/visit/review/", (302, "/visit/submitted/"), {}) is None:
            return
        await call("submitted", "GET", "/visit/submitted/", (200,))


async def run_patients(tokens, sections, base, think, ramp):
    records, errors = [], []
    tasks = [
        patient(n, token, sections, base, think, records, errors, start_delay=ramp * n / max(1, len(tokens)))
        for n, token in enumerate(tokens)
    ]
    await asyncio.wait_for(asyncio.gather(*tasks), timeout=RUN_TIMEOUT)
    return records, errors


# --- one database ----------------------------------------------------------------------------------------------------
def run_one(db, args):
    """Runs in its own process (Django is set up for this database only). Prints one JSON line."""
    database_url = postgres_url() if db == "postgres" else sqlite_url("load")
    tokens, sections = prepare(database_url, args.patients)
    from django.db import connections

    connections.close_all()
    port = free_port()
    log_dir = Path(tempfile.mkdtemp(prefix="prep-bench-load-"))
    log_path = log_dir / f"gunicorn-{db}.log"
    server = start_gunicorn(database_url, port, log_path, args.workers, args.threads, args.conn_max_age)
    worker = start_worker(database_url, log_dir / f"worker-{db}.log", args.conn_max_age)
    base = f"http://127.0.0.1:{port}"
    try:
        floor = healthz_floor(base)
        started = time.perf_counter()
        records, errors = asyncio.run(run_patients(tokens, sections, base, tuple(args.think), args.ramp))
        elapsed = time.perf_counter() - started
        built = summaries_built(args.patients, worker)
    finally:
        stop(server)
        stop(worker)
    log_text = log_path.read_text(errors="replace") + (log_dir / f"worker-{db}.log").read_text(errors="replace")
    lost, unsubmitted = check_answers(args.patients)
    if db == "sqlite":
        remove_sqlite(database_url)
    shutil.copy(log_path, ROOT / "bench" / "results" / log_path.name) if (ROOT / "bench" / "results").is_dir() else None
    print(json.dumps({
        "db": db, "patients": args.patients, "records": records, "errors": [list(map(str, e)) for e in errors], "elapsed_s": elapsed,
        "floor_ms": floor, "lost": lost, "unsubmitted": unsubmitted, "summaries_built": built,
        "locked": log_text.count("database is locked"), "tracebacks": log_text.count("Traceback"),
        "log": str(log_path),
    }))


def summarise_run(result, args):
    records = result["records"]
    floor = sorted(result["floor_ms"])[len(result["floor_ms"]) // 2]
    times = [ms for _label, _method, ms in records]

    def row(case, values, **extra):
        values = sorted(values)
        p95 = percentile(values, 0.95)
        return {"db": result["db"], "case": case, "n": len(values), "median_ms": round(values[len(values) // 2], 1),
                "p95_ms": round(p95, 1), "max_ms": round(values[-1], 1), "p95_x": round(p95 / floor, 1), **extra}

    rows = [row("floor: /healthz, idle", result["floor_ms"], p95_x=1.0, target="floor", ok=None)]
    for label, method in (("section", "GET"), ("section", "POST")):
        values = [ms for lab, meth, ms in records if lab == label and meth == method]
        if values:
            rows.append(row(f"{method} {label}", values, target="", ok=None))
    sending = sorted(ms for lab, meth, ms in records if lab == "review" and meth == "POST")
    if sending:
        rows.append(row("POST review (sending)", sending, target=f"p95 ≤ {SENDING_P95_TARGET_MS} ms",
                        ok=percentile(sending, 0.95) <= SENDING_P95_TARGET_MS))
    is_pg = result["db"] == "postgres"
    all_row = row("every request", times, target=f"p95 ≤ {P95_TARGET_MS} ms" if is_pg else "",
                  ok=(percentile(sorted(times), 0.95) <= P95_TARGET_MS) if is_pg and times else None)
    rows.append(all_row)
    rps = len(records) / result["elapsed_s"] if result["elapsed_s"] else 0
    checks = [
        {"db": result["db"], "check": "requests / second", "value": f"{rps:.1f} ({len(records)} in "
                                                                   f"{result['elapsed_s']:.0f} s)", "ok": None},
        {"db": result["db"], "check": "errors (status, redirect, transport)", "value": len(result["errors"]),
         "ok": not result["errors"]},
        {"db": result["db"], "check": "lost answers (DB vs posted)", "value": len(result["lost"]),
         "ok": not result["lost"]},
        {"db": result["db"], "check": "responses not submitted", "value": len(result["unsubmitted"]),
         "ok": not result["unsubmitted"]},
        {"db": result["db"], "check": "summaries built by the worker", "value": result["summaries_built"],
         "ok": result["summaries_built"] == result["patients"]},
        {"db": result["db"], "check": "server tracebacks in the gunicorn and worker logs", "value": result["tracebacks"],
         "ok": result["tracebacks"] == 0},
    ]
    if result["db"] == "sqlite":
        checks.append({"db": "sqlite", "check": '"database is locked" in the gunicorn log', "value": result["locked"],
                       "ok": result["locked"] == 0})
    return rows, checks


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["both", "postgres", "sqlite"], default="both")
    parser.add_argument("--patients", type=int, default=50)
    parser.add_argument("--think", type=float, nargs=2, default=[5.0, 10.0], metavar=("MIN", "MAX"),
                        help="seconds a patient spends on a page before pressing Next (uniform)")
    parser.add_argument("--ramp", type=float, default=10.0, help="patients start spread over this many seconds")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--conn-max-age", type=int, default=60,
                        help="CONN_MAX_AGE for gunicorn: 0 opens a database connection per request")
    parser.add_argument("--one", choices=["postgres", "sqlite"], help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        run_one(args.one, args)
        return 0
    (ROOT / "bench" / "results").mkdir(parents=True, exist_ok=True)
    databases = ["postgres", "sqlite"] if args.db == "both" else [args.db]
    all_rows, all_checks, raw = [], [], {}
    for db in databases:
        command = [sys.executable, __file__, "--one", db, "--patients", str(args.patients), "--think",
                   *map(str, args.think), "--ramp", str(args.ramp), "--workers", str(args.workers),
                   "--threads", str(args.threads), "--conn-max-age", str(args.conn_max_age)]
        run = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=RUN_TIMEOUT + 300)
        if run.returncode != 0 or not run.stdout.strip():
            print(run.stdout[-3000:], run.stderr[-5000:], file=sys.stderr)
            all_checks.append({"db": db, "check": "run", "value": "failed (see stderr)", "ok": False})
            continue
        result = json.loads(run.stdout.strip().splitlines()[-1])
        rows, checks = summarise_run(result, args)
        all_rows += rows
        all_checks += checks
        raw[db] = {key: result[key] for key in ("errors", "lost", "unsubmitted", "locked", "tracebacks", "elapsed_s",
                                                "log")}
    title = (f"Load: {args.patients} patients at once, whole questionnaire, gunicorn {args.workers} workers × "
             f"{args.threads} threads (gthread), CONN_MAX_AGE={args.conn_max_age}, think time "
             f"{args.think[0]:g}–{args.think[1]:g} s per page")
    timing = format_table(title, all_rows, [
        ("db", "db"), ("case", "case"), ("n", "n"), ("median ms", "median_ms"), ("p95 ms", "p95_ms"),
        ("max ms", "max_ms"), ("p95 ×floor", "p95_x"), ("target", "target"), ("met", "ok")])
    checks = format_table("Load: checks", all_checks, [("db", "db"), ("check", "check"), ("value", "value"),
                                                       ("met", "ok")])
    met = all(row.get("ok") is not False for row in all_rows + all_checks)
    write_results("load", {"rows": all_rows, "checks": all_checks, "raw": raw, "met": met,
                           "settings": vars(args)}, timing + "\n\n" + checks)
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
