"""The day print from stored summaries (prep/summaries/printing.day_print: a cover list, then the stored PDFs joined
with pikepdf) against rendering the same patients' summaries afresh (build_summaries + render_pdf), for a day of 40 and
a day of 150 sent TYPICAL forms. Targets: the day print ≤ 0.1 × the fresh rendering of the same day, and the day
print's peak memory under 600 MB.

The stored summaries are built first (as the app does when each patient sends), timed on their own. Each day is then
measured in its own process, so that ru_maxrss is that day's: a day print first (its peak memory is read there, before
anything is rendered afresh), then `--parts` rounds of one part of the day rendered afresh and one day print, so that
a drift in the machine's load falls on both sides. "Afresh" is the sum of the parts (every patient rendered once);
the day print's figure is the median of its runs. CPU time (time.process_time) is shown beside the wall time: other
work on the machine slows the wall clock, not the CPU time.

    .venv/bin/python bench/day_print.py [--days 40 150] [--parts 4]
"""

import argparse
import datetime
import io
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import ROOT, format_table, setup_django, sqlite_url, timed, write_results  # noqa: E402

RATIO_TARGET = 0.1
MEMORY_TARGET_MB = 600
DATABASE = sqlite_url("day-print")


def day_of(count):
    """Each day size on its own date, a week apart, all ahead (a stored summary of a visit ahead is read as is)."""
    from django.utils import timezone

    return timezone.localdate() + datetime.timedelta(days=7 + count)


def prepare(count):
    """`count` patients who answered like the TYPICAL persona and sent, all on the day of that size."""
    from django.utils import timezone

    from tests.personas import TYPICAL, make_submitted_response

    day = day_of(count)
    first = timezone.make_aware(datetime.datetime.combine(day, datetime.time(8, 0)))
    for n in range(count):
        make_submitted_response(TYPICAL, name=f"Patient {n:03d}", starts_at=first + datetime.timedelta(minutes=4 * n))


def store_summaries(count):
    """Each sending's summary built and stored, as the app does when a patient sends."""
    from prep.summaries.printing import sent_responses_on
    from prep.summaries.reference import Knowledge
    from prep.summaries.stored import summary_store

    knowledge = Knowledge.load()
    for response in sent_responses_on(day_of(count)):
        summary_store(response, knowledge=knowledge)


def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def pdf_pages(pdf):
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def parts_of(items, parts):
    size = -(-len(items) // parts)
    return [items[i:i + size] for i in range(0, len(items), size)]


def clocked(fn, into):
    """Run fn, append (wall ms, CPU ms) to `into`, return its result."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn()
    into.append(((time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000))
    return result


def child(count, parts):
    """Runs in its own process: a day print, then rounds of a part rendered afresh and a day print; prints JSON."""
    setup_django(DATABASE, fresh=False, migrate=False)
    from django.utils import timezone

    from prep.summaries.documents import render_pdf
    from prep.summaries.models import StoredSummary
    from prep.summaries.printing import day_print, sent_responses_on
    from prep.summaries.summary import build_summaries

    day, started = day_of(count), timezone.now()
    responses = sent_responses_on(day)
    render_pdf(build_summaries(responses[:1]))  # warm-up for both: templates, fonts, stylesheet
    prints, fresh = [], []
    printed, patients_printed = clocked(lambda: day_print(day), prints)
    print_peak_mb = peak_mb()
    fresh_pages = 0
    for part in parts_of(responses, parts):
        fresh_pages += pdf_pages(clocked(lambda: render_pdf(build_summaries(part)), fresh))
        printed, patients_printed = clocked(lambda: day_print(day), prints)
    rebuilt = StoredSummary.objects.filter(built_at__gte=started).count()
    print(json.dumps({
        "count": count, "patients": len(patients_printed), "rebuilt": rebuilt, "print_peak_mb": print_peak_mb,
        "print_ms": [wall for wall, _cpu in prints], "print_cpu_ms": [cpu for _wall, cpu in prints],
        "print_pages": pdf_pages(printed), "print_bytes": len(printed),
        "fresh_parts_ms": [wall for wall, _cpu in fresh], "fresh_parts_cpu_ms": [cpu for _wall, cpu in fresh],
        "fresh_pages": fresh_pages, "process_peak_mb": peak_mb(),
    }))


def measured_day(count, parts):
    """The child's JSON for a day of `count`, with the time it took to store their summaries."""
    prepare(count)
    store_ms = timed(lambda: store_summaries(count))
    run = subprocess.run(
        [sys.executable, __file__, "--child", str(count), "--parts", str(parts)],
        cwd=ROOT, env=os.environ.copy(), capture_output=True, text=True, timeout=900,
    )
    if run.returncode != 0:
        print(run.stdout, run.stderr, file=sys.stderr)
        raise SystemExit(2)
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert result["patients"] == count and result["rebuilt"] == 0, result
    return {**result, "store_ms": store_ms}


def day_rows(result):
    """The table's rows for one day: the fresh rendering (1.00), the day print, its memory, building the summaries."""
    count = result["count"]
    fresh_ms, fresh_cpu_ms = sum(result["fresh_parts_ms"]), sum(result["fresh_parts_cpu_ms"])
    print_ms, print_cpu_ms = statistics.median(result["print_ms"]), statistics.median(result["print_cpu_ms"])
    ratio = print_ms / fresh_ms
    blank = {"ms": "", "x": "", "cpu_ms": "", "cpu_x": "", "pages": "", "mb": "", "target": "", "ok": None}
    return [
        {**blank, "case": f"{count}: rendering the {count} afresh ({len(result['fresh_parts_ms'])} parts, summed)",
         "ms": round(fresh_ms, 1), "x": 1.0, "cpu_ms": round(fresh_cpu_ms, 1), "cpu_x": 1.0,
         "pages": result["fresh_pages"], "target": "baseline"},
        {**blank, "case": f"{count}: day print, stored summaries (median of {len(result['print_ms'])})",
         "ms": round(print_ms, 1), "x": f"{ratio:.3f}", "cpu_ms": round(print_cpu_ms, 1),
         "cpu_x": f"{print_cpu_ms / fresh_cpu_ms:.3f}", "pages": result["print_pages"],
         "target": f"≤ {RATIO_TARGET} × afresh", "ok": ratio <= RATIO_TARGET},
        {**blank, "case": f"{count}: peak memory of the day print (ru_maxrss)", "mb": round(result["print_peak_mb"], 1),
         "target": f"< {MEMORY_TARGET_MB} MB", "ok": result["print_peak_mb"] < MEMORY_TARGET_MB},
        {**blank, "case": f"{count}: building the stored summaries, once (as sent)", "ms": round(result["store_ms"], 1),
         "x": round(result["store_ms"] / fresh_ms, 2)},
    ]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, nargs="+", default=[40, 150], help="patients per day, one day each")
    parser.add_argument("--parts", type=int, default=4, help="parts of the fresh rendering, a day print after each")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child, args.parts)
        return 0
    setup_django(DATABASE)
    results = [measured_day(count, args.parts) for count in args.days]
    rows = [row for result in results for row in day_rows(result)]
    columns = [("case", "case"), ("ms", "ms"), ("×afresh", "x"), ("CPU ms", "cpu_ms"), ("CPU ×afresh", "cpu_x"),
               ("pages", "pages"), ("peak MB", "mb"), ("target", "target"), ("met", "ok")]
    table = format_table(
        "Day print from stored summaries vs rendering the same day afresh (TYPICAL persona, SQLite file)", rows, columns
    )
    payload = {"results": results, "rows": rows, "met": all(row["ok"] is not False for row in rows)}
    write_results("day_print", payload, table)
    return 0 if payload["met"] else 1


if __name__ == "__main__":
    sys.exit(main())
