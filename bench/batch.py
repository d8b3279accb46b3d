"""The day's batch: one PDF of 40 submitted summaries (sent_responses_on + build_summaries + render_pdf, as the
print_summaries command does) against 40 × one summary measured in the same process. Targets: ≤ 1.1× and peak
memory (ru_maxrss of the process that rendered it) under 600 MB.

    .venv/bin/python bench/batch.py [--count 40] [--singles 3]
"""

import argparse
import datetime
import io
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import ROOT, format_table, setup_django, sqlite_url, write_results  # noqa: E402

RATIO_TARGET = 1.1
MEMORY_TARGET_MB = 600
DATABASE = sqlite_url("batch")


def the_day():
    from django.utils import timezone

    return timezone.localdate() + datetime.timedelta(days=1)


def prepare(count):
    """40 patients who answered like the TYPICAL persona, all on tomorrow's list."""
    from django.utils import timezone

    from tests.personas import TYPICAL, make_submitted_response

    day = the_day()
    for n in range(count):
        starts_at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(8, 0))) + datetime.timedelta(
            minutes=10 * n
        )
        make_submitted_response(TYPICAL, name=f"Patient {n:02d}", starts_at=starts_at)


def child(singles):
    """Runs in its own process, so that ru_maxrss is this work's peak: singles first, then the batch once."""
    setup_django(DATABASE, fresh=False, migrate=False)
    from pypdf import PdfReader

    from prep.summaries.documents import render_pdf
    from prep.summaries.printing import sent_responses_on
    from prep.summaries.summary import build_summaries

    day = the_day()
    first = sent_responses_on(day)[:1]
    render_pdf(build_summaries(first))  # warm-up: templates, fonts, stylesheet
    single_ms = []

    def singles_run():
        for _ in range(singles):
            start = time.perf_counter()
            one = sent_responses_on(day)[:1]
            render_pdf(build_summaries(one))
            single_ms.append((time.perf_counter() - start) * 1000)

    singles_run()  # before and after the batch, so that a drift in machine load affects both sides alike
    after_singles_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    start = time.perf_counter()
    responses = sent_responses_on(day)
    pdf = render_pdf(build_summaries(responses), title=f"Pre-visit summaries — {day.isoformat()}")
    batch_ms = (time.perf_counter() - start) * 1000
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    singles_run()
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    print(json.dumps({
        "single_ms": single_ms, "batch_ms": batch_ms, "count": len(responses), "pages": pages, "bytes": len(pdf),
        "peak_mb": peak_mb, "peak_before_batch_mb": after_singles_mb,
    }))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=40)
    parser.add_argument("--singles", type=int, default=3)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.singles)
        return 0
    setup_django(DATABASE)
    prepare(args.count)
    run = subprocess.run(
        [sys.executable, __file__, "--child", "--singles", str(args.singles)],
        cwd=ROOT, env=os.environ.copy(), capture_output=True, text=True, timeout=900,
    )
    if run.returncode != 0:
        print(run.stdout, run.stderr, file=sys.stderr)
        return 2
    result = json.loads(run.stdout.strip().splitlines()[-1])
    singles = sorted(result["single_ms"])
    single_median = singles[len(singles) // 2]
    expected = single_median * result["count"]
    ratio = result["batch_ms"] / expected
    rows = [
        {"case": "floor: 1 summary (median of %d, before+after)" % len(singles), "ms": round(single_median, 1), "x": 1.0,
         "pages": "", "mb": "", "target": "floor", "ok": None},
        {"case": f"{result['count']} × 1 summary (expected)", "ms": round(expected, 1), "x": float(result["count"]),
         "pages": "", "mb": "", "target": "", "ok": None},
        {"case": f"batch of {result['count']} (one PDF)", "ms": round(result["batch_ms"], 1),
         "x": round(result["batch_ms"] / single_median, 2), "pages": result["pages"], "mb": "",
         "target": f"≤ {RATIO_TARGET} × ({result['count']} × 1): {ratio:.2f}", "ok": ratio <= RATIO_TARGET},
        {"case": "peak memory (ru_maxrss, whole process)", "ms": "", "x": "", "pages": "",
         "mb": round(result["peak_mb"], 1), "target": f"< {MEMORY_TARGET_MB} MB",
         "ok": result["peak_mb"] < MEMORY_TARGET_MB},
    ]
    columns = [("case", "case"), ("ms", "ms"), ("×floor", "x"), ("pages", "pages"), ("peak MB", "mb"),
               ("target", "target"), ("met", "ok")]
    table = format_table(
        f"Day batch: {result['count']} TYPICAL summaries in one PDF ({result['bytes']:,} bytes), vs one summary",
        rows, columns,
    )
    payload = {"result": result, "ratio": round(ratio, 3), "rows": rows, "met": all(r["ok"] is not False for r in rows)}
    write_results("batch", payload, table)
    return 0 if payload["met"] else 1


if __name__ == "__main__":
    sys.exit(main())
