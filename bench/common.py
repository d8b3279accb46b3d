"""What every bench script shares: Django on a fresh database, interleaved timing, the table and the JSON file.

Every figure is measured against a floor taken in the same run (interleaved round by round with the cases, so that
a noisy machine slows both alike) and printed as a ratio, with the absolute milliseconds beside it.
"""

import json
import os
import platform
import shutil
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS_DIR = ROOT / "bench" / "results"

# The production-like settings the benchmarks run with (DEBUG off, no HTTPS redirect, files straight from static/).
BENCH_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "bench-only-key-not-a-secret-0123456789abcdefghijklmnopqrstuvwxyz",
    "HTTPS": "0",
    "STATIC_MANIFEST": "0",
    "REQUIRE_2FA": "0",
    "ALLOWED_HOSTS": "testserver,127.0.0.1,localhost",
    "LOG_LEVEL": "WARNING",
}


def as_background_work(command):
    """The task worker's command as `.ci/deploy worker` runs it: in Linux's idle scheduling class (chrt --idle), so it
    takes only the CPU the web servers leave; niced where chrt is missing."""
    return (["chrt", "--idle", "0"] if shutil.which("chrt") else ["nice", "-n", "10"]) + command


def sqlite_url(name):
    return f"sqlite:////tmp/prep-bench-{name}.sqlite3"


def remove_sqlite(url):
    path = url.removeprefix("sqlite:///")
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(path + suffix).unlink(missing_ok=True)


def setup_django(database_url, *, fresh=True, migrate=True):
    """Configure Django on `database_url` (a fresh SQLite file by default), migrate, and load the default questionnaire."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    os.environ.update(BENCH_ENV)
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "prep.settings"
    if fresh and database_url.startswith("sqlite"):
        remove_sqlite(database_url)
    import django

    django.setup()
    if migrate:
        from django.core.management import call_command

        call_command("migrate", verbosity=0, interactive=False)
        from prep.questionnaires.loader import load_default_questionnaire

        load_default_questionnaire()


def ms_since(start):
    return (time.perf_counter() - start) * 1000


def timed(fn):
    start = time.perf_counter()
    fn()
    return ms_since(start)


def measure_interleaved(cases, *, rounds, warmup=2):
    """{name: [ms, ...]}: every case (the floor included) once per round, in the same order, after `warmup` rounds."""
    samples = {name: [] for name in cases}
    for round_number in range(warmup + rounds):
        for name, fn in cases.items():
            elapsed = timed(fn)
            if round_number >= warmup:
                samples[name].append(elapsed)
    return samples


def percentile(values, fraction):
    """Nearest-rank percentile (no interpolation: a p95 is a time that really happened)."""
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, int(round(fraction * len(ordered) + 0.5)) - 1))
    return ordered[index]


def summarise(values):
    return {
        "n": len(values),
        "median_ms": round(statistics.median(values), 2),
        "p95_ms": round(percentile(values, 0.95), 2),
        "max_ms": round(max(values), 2),
    }


def rows_against_floor(samples, floor, targets=None, extra=None):
    """Result rows: each case's stats, its ratios to the floor's median, its target (ratio of medians) and verdict."""
    targets = targets or {}
    extra = extra or {}
    floor_stats = summarise(samples[floor])
    rows = [{"case": floor, **floor_stats, "median_x": 1.0, "p95_x": 1.0, "target": "floor", "ok": None}]
    for name, values in samples.items():
        if name == floor:
            continue
        row = {"case": name, **summarise(values)}
        row["median_x"] = round(row["median_ms"] / floor_stats["median_ms"], 2)
        row["p95_x"] = round(row["p95_ms"] / floor_stats["median_ms"], 2)
        target = targets.get(name)
        if target is not None:
            row["target"] = f"median ≤ {target}×"
            row["ok"] = row["median_x"] <= target
        else:
            row["target"], row["ok"] = "", None
        row.update(extra.get(name, {}))
        rows.append(row)
    return rows


def verdict(ok):
    return "" if ok is None else ("yes" if ok else "MISSED")


def format_table(title, rows, columns):
    """A plain-text (Markdown-compatible) table. `columns` is [(heading, key or callable)]."""

    def cell(row, key):
        value = key(row) if callable(key) else row.get(key, "")
        if isinstance(value, bool) or value is None:
            return verdict(value)
        if isinstance(value, float):
            return f"{value:,.2f}"
        if isinstance(value, int):
            return f"{value:,}"
        return str(value)

    body = [[cell(row, key) for _heading, key in columns] for row in rows]
    headings = [heading for heading, _key in columns]
    widths = [max(len(headings[i]), *(len(line[i]) for line in body)) for i in range(len(columns))]
    lines = [f"### {title}", ""]
    lines.append("| " + " | ".join(h.ljust(w) for h, w in zip(headings, widths)) + " |")
    lines.append("| " + " | ".join("-" * w for w in widths) + " |")
    for line in body:
        lines.append("| " + " | ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(line, widths))) + " |")
    return "\n".join(lines)


TIMING_COLUMNS = [
    ("case", "case"),
    ("n", "n"),
    ("median ms", "median_ms"),
    ("p95 ms", "p95_ms"),
    ("max ms", "max_ms"),
    ("median ×floor", "median_x"),
    ("p95 ×floor", "p95_x"),
    ("target", "target"),
    ("met", "ok"),
]


def machine():
    return {
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "platform": platform.platform(),
        "at": time.strftime("%Y-%m-%d %H:%M:%S"),
    }


def write_results(name, payload, table_text):
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    payload = {"bench": name, "machine": machine(), **payload, "table": table_text}
    path = RESULTS_DIR / f"{name}.json"
    path.write_text(json.dumps(payload, indent=2, default=str) + "\n")
    (RESULTS_DIR / f"{name}.md").write_text(table_text + "\n")
    print(table_text)
    print(f"\n(written to {path.relative_to(ROOT)})")
    return path


def all_met(rows):
    return all(row.get("ok") is not False for row in rows)
