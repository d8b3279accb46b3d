"""Summary PDFs: the TYPICAL and MAXIMAL personas (build_summary + render_pdf) against WeasyPrint rendering a one-line
HTML document in the same process. Targets: typical ≤ 10×, maximal ≤ 20× the floor (medians); pages and bytes.

    .venv/bin/python bench/summary_pdf.py [--rounds 12] [--profile]
"""

import argparse
import io
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

TARGETS = {"typical persona": 10.0, "maximal persona": 20.0}
FLOOR = "floor: WeasyPrint, one-line HTML"


def pdf_cases():
    from pypdf import PdfReader
    from weasyprint import HTML

    from prep.summaries.documents import render_pdf
    from prep.summaries.summary import build_summary
    from prep.visits.models import Response
    from tests.personas import MAXIMAL, TYPICAL, make_submitted_response

    responses = {
        "typical persona": make_submitted_response(TYPICAL, name="Typical Patient").pk,
        "maximal persona": make_submitted_response(MAXIMAL, name="Maximal Patient").pk,
    }
    last = {}

    def floor():
        last[FLOOR] = HTML(string="<p>Hello</p>").write_pdf()

    def persona(name):
        def run():
            response = Response.objects.select_related("appointment", "questionnaire").get(pk=responses[name])
            last[name] = render_pdf([build_summary(response)])

        return run

    cases = {FLOOR: floor, **{name: persona(name) for name in responses}}
    for fn in cases.values():
        fn()

    def describe(name):
        pdf = last[name]
        return {"pages": len(PdfReader(io.BytesIO(pdf)).pages), "bytes": len(pdf)}

    return cases, describe


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=12)
    parser.add_argument("--profile", action="store_true", help="print a pyinstrument profile of the maximal PDF")
    parser.add_argument("--profile-all", action="store_true", help="with --profile: library frames too")
    args = parser.parse_args(argv)
    setup_django(sqlite_url("summary-pdf"))
    cases, describe = pdf_cases()
    if args.profile:
        from pyinstrument import Profiler

        profiler = Profiler()
        profiler.start()
        for _ in range(3):
            cases["maximal persona"]()
        profiler.stop()
        print(profiler.output_text(unicode=True, color=False, show_all=args.profile_all))
        return 0
    samples = measure_interleaved(cases, rounds=args.rounds, warmup=1)
    extra = {name: describe(name) for name in cases}
    rows = rows_against_floor(samples, FLOOR, TARGETS, extra)
    rows[0].update(extra[FLOOR])
    columns = TIMING_COLUMNS[:-2] + [("pages", "pages"), ("bytes", "bytes")] + TIMING_COLUMNS[-2:]
    table = format_table("Summary PDF (build_summary + render_pdf; ratio to the floor's median)", rows, columns)
    write_results("summary_pdf", {"targets": TARGETS, "rows": rows, "met": all_met(rows)}, table)
    return 0 if all_met(rows) else 1


if __name__ == "__main__":
    sys.exit(main())
