"""A patient page while summary PDFs render in other threads of the same gthread worker: does the garbage collector
stall the page? One gunicorn worker (4 threads, SQLite, --preload as in production), a confirmed patient GETting the PHQ-9 page one request after
another, first alone, then while --renderers threads of the same worker render a summary PDF afresh, again and
again. The worker reports every collection it made (gc.callbacks), so the table shows the pauses themselves beside
the page's latency, and after each phase the time of one full collection (gc.collect()) in the worker. Variants:
"in-process" (PDFs laid out in the worker's own threads, PDF_PROCESSES=0: the app before prep/summaries/pdf_process.py),
"app" (the app as it is: the worker's thread waits while a PDF process lays the PDF out); with bench/gunicorn_gc.conf.py
also "unfrozen" (gc.unfreeze() in the worker: the app before prep/wsgi.py froze its start-up objects) and
"app+threshold" (and a young-generation threshold of 50,000).

    .venv/bin/python bench/gc_pause.py [--requests 200] [--renderers 2] [--variants in-process unfrozen app app+threshold]
"""

import argparse
import datetime
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (  # noqa: E402
    BENCH_ENV,
    ROOT,
    format_table,
    percentile,
    remove_sqlite,
    setup_django,
    sqlite_url,
    write_results,
)
from bench.load import BIRTH_DATE, free_port  # noqa: E402
from bench.scale import stop_group, wait_for_ok  # noqa: E402

PAGE = "/visit/section/phq9/"
VARIANTS = ["in-process", "unfrozen", "app", "app+threshold"]
# What each variant's worker is given: "in-process" lays PDFs out in the worker's own threads (PDF_PROCESSES=0, the
# app before prep/summaries/pdf_process.py); the others as the app does, in a PDF process beside the worker.
PDF_PROCESSES = {"in-process": "0"}


def prepare():
    """A fresh SQLite database with one invited patient; returns (database URL, token)."""
    database_url = sqlite_url("gc-pause")
    setup_django(database_url, fresh=True)
    from django.db import connections
    from django.utils import timezone

    from prep.visits.services import appointment_create

    _appointment, token = appointment_create(
        patient_name="Bench Patient", date_of_birth=BIRTH_DATE,
        starts_at=timezone.now() + datetime.timedelta(days=1), clinician="Dr Lee",
    )
    connections.close_all()
    return database_url, token


def give_typical_answers():
    from django.db import connections

    from prep.visits.models import Response
    from tests.personas import TYPICAL

    Response.objects.update(answers=TYPICAL)
    connections.close_all()


def start_worker(database_url, variant, threads):
    port = free_port()
    env = {**os.environ, **BENCH_ENV, "DATABASE_URL": database_url, "ALLOWED_HOSTS": "127.0.0.1",
           "DJANGO_SETTINGS_MODULE": "bench.settings", "BENCH_GC": variant,
           "PDF_PROCESSES": PDF_PROCESSES.get(variant, "1")}
    log = open(ROOT / "bench" / "results" / f"gc_pause-{variant}.log", "w")
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "prep.wsgi:application", "--preload",
         "-c", "bench/gunicorn_gc.conf.py",
         "--bind", f"127.0.0.1:{port}", "--workers", "1", "--threads", str(threads), "--worker-class", "gthread",
         "--log-level", "warning", "--timeout", "120"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    wait_for_ok(f"{base}/healthz", process)
    return process, base


def confirmed_patient(base, token):
    import httpx

    client = httpx.Client(base_url=base, timeout=120)
    assert client.get(f"/p/{token}/").status_code == 302
    client.get("/visit/")
    birth = {"month": BIRTH_DATE.month, "day": BIRTH_DATE.day, "year": BIRTH_DATE.year,
             "csrfmiddlewaretoken": client.cookies.get("csrftoken", "")}
    confirmed = client.post("/visit/", data=birth)
    assert confirmed.status_code == 302, confirmed.status_code
    return client


def page_times(client, count):
    times = []
    for _ in range(count):
        started = time.perf_counter()
        reply = client.get(PAGE)
        times.append((time.perf_counter() - started) * 1000)
        assert reply.status_code == 200, reply.status_code
        time.sleep(0.02)
    return times


def gc_report(client):
    """The worker's collections since the last report, then the time of one full collection made on purpose."""
    report = json.loads(client.get("/__bench_gc__/").text)
    report["full_now_ms"] = json.loads(client.get("/__bench_gc__/?full=1").text)["full_now_ms"]
    return report


def renderers(base, count, stop):
    """`count` threads asking the worker for a PDF, one after another, until `stop` is set; returns (threads, done)."""
    import httpx

    done = []

    def render():
        with httpx.Client(base_url=base, timeout=120) as client:
            while not stop.is_set():
                reply = client.get("/__bench_pdf__/")
                assert reply.status_code == 200, reply.status_code
                done.append(1)

    threads = [threading.Thread(target=render, daemon=True) for _ in range(count)]
    for thread in threads:
        thread.start()
    return threads, done


def worker_rss_mb(master):
    """Resident memory of the worker (the master's child)."""
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in text.splitlines() if ":" in line)
        if fields.get("PPid", "").strip() == str(master.pid):
            return int(fields["VmRSS"].split()[0]) / 1024
    return None


def row(variant, phase, times, report, pdfs, rss):
    pauses = report["pauses"]
    young = [pauses.get(str(g), (0, 0.0, 0.0)) for g in (0, 1)]
    full = pauses.get("2", (0, 0.0, 0.0))
    # young collections: generations 0 and 1; full: generation 2 (those the worker made by itself)
    return {
        "variant": variant, "phase": phase, "n": len(times), "median_ms": round(statistics.median(times), 1),
        "p95_ms": round(percentile(times, 0.95), 1), "max_ms": round(max(times), 1),
        "young": sum(count for count, _t, _m in young), "young_max_ms": round(max(m for _c, _t, m in young), 1),
        "full": full[0], "full_total_ms": round(full[1], 1), "full_max_ms": round(full[2], 1),
        "full_now_ms": round(report["full_now_ms"], 1), "pdfs": pdfs, "frozen": report["frozen"],
        "rss_mb": round(rss, 0) if rss else None,
    }


def measure(variant, database_url, token, args):
    process, base = start_worker(database_url, variant, args.threads)
    try:
        patient = confirmed_patient(base, token)
        give_typical_answers()
        page_times(patient, 20)
        assert patient.get("/__bench_pdf__/").status_code == 200  # WeasyPrint's fonts and print.css, once
        gc_report(patient)
        alone = page_times(patient, args.requests)
        rows = [row(variant, "page alone", alone, gc_report(patient), 0, worker_rss_mb(process))]
        stop = threading.Event()
        threads, done = renderers(base, args.renderers, stop)
        time.sleep(1)
        try:
            busy = page_times(patient, args.requests)
        finally:
            stop.set()
            for thread in threads:
                thread.join(timeout=120)
        rows.append(row(variant, f"page while {args.renderers} threads render PDFs", busy, gc_report(patient),
                        len(done), worker_rss_mb(process)))
        return rows
    finally:
        stop_group(process)


COLUMNS = [
    ("variant", "variant"), ("phase", "phase"), ("n", "n"), ("median ms", "median_ms"), ("p95 ms", "p95_ms"),
    ("max ms", "max_ms"), ("young collections", "young"), ("young max ms", "young_max_ms"),
    ("full collections", "full"), ("full total ms", "full_total_ms"), ("full max ms", "full_max_ms"),
    ("one full collection ms", "full_now_ms"),
    ("PDFs rendered", "pdfs"), ("objects frozen", "frozen"), ("worker RSS MB", "rss_mb"),
]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200, help="page requests per phase")
    parser.add_argument("--renderers", type=int, default=2, help="threads of the worker rendering PDFs meanwhile")
    parser.add_argument("--threads", type=int, default=4, help="threads of the one gthread worker")
    parser.add_argument("--variants", nargs="+", choices=VARIANTS, default=["in-process", "app"])
    args = parser.parse_args(argv)
    if args.renderers >= args.threads:
        parser.error("--renderers must leave the page a thread of its own")
    (ROOT / "bench" / "results").mkdir(parents=True, exist_ok=True)
    database_url, token = prepare()
    rows = []
    try:
        for variant in args.variants:
            rows += measure(variant, database_url, token, args)
            print(f"   {variant}: done", flush=True)
    finally:
        remove_sqlite(database_url)
    title = (f"GET PHQ-9 while PDFs render in the same gunicorn worker (1 worker × {args.threads} threads, gthread, "
             f"SQLite); garbage-collector pauses as the worker recorded them")
    write_results("gc_pause", {"rows": rows, "settings": vars(args)}, format_table(title, rows, COLUMNS))
    return 0


if __name__ == "__main__":
    sys.exit(main())
