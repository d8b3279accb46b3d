"""`make bench`: every benchmark, one after the other, each printing its table; then all tables together in
bench/results/summary.md (git-ignored, like the per-benchmark JSON files). About 15–27 minutes on 2 cores, of which
bench/day_print.py takes 7–15. bench/scale.py is not among them (40 minutes: `make bench-scale`).

    .venv/bin/python bench/run_all.py [patient_page summary_pdf ...]

Exit status: 0 when every script ran (targets met or not: the tables say which), 2 when a script failed to run.
"""

import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
SCRIPTS = ["patient_page", "summary_pdf", "day_print", "stored_pdf", "dashboard", "returning_patient", "load",
           "gc_pause"]


def main(argv):
    chosen = argv or SCRIPTS
    unknown = set(chosen) - set(SCRIPTS)
    if unknown:
        print(f"unknown benchmark(s): {', '.join(sorted(unknown))}; choose from {', '.join(SCRIPTS)}")
        return 2
    RESULTS.mkdir(parents=True, exist_ok=True)
    outcome, crashed = {}, False
    started = time.time()
    for name in chosen:
        print(f"\n== bench/{name}.py", flush=True)
        began = time.time()
        run = subprocess.run([sys.executable, str(ROOT / "bench" / f"{name}.py")], cwd=ROOT)
        seconds = time.time() - began
        if run.returncode not in (0, 1):
            crashed = True
            outcome[name] = f"FAILED TO RUN (exit {run.returncode})"
        else:
            outcome[name] = "targets met" if run.returncode == 0 else "target(s) MISSED"
        print(f"-- {name}: {outcome[name]} ({seconds:.0f} s)", flush=True)
    tables = []
    for name in chosen:
        table = RESULTS / f"{name}.md"
        if table.exists():
            tables.append(table.read_text().strip())
    command = "make bench" if not argv else f".venv/bin/python bench/run_all.py {' '.join(argv)}"
    header = f"Made by `{command}` on {time.strftime('%Y-%m-%d %H:%M')} ({time.time() - started:.0f} s in all)."
    verdicts = "\n".join(f"- {name}: {result}" for name, result in outcome.items())
    (RESULTS / "summary.md").write_text(header + "\n\n" + "\n\n".join(tables) + "\n\n" + verdicts + "\n")
    print("\n" + verdicts)
    print(f"\nAll tables: {(RESULTS / 'summary.md').relative_to(ROOT)}")
    return 2 if crashed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
