"""Scale-out: nginx (bench/nginx.conf) in front of gunicorn instances, the simulated patients of bench/load.py.

    ramp   steps of N patients at once until the p95 of the pages passes 300 ms or a request fails; the knee is the
           last step that held. SQLite: one instance; PostgreSQL: two instances. Both behind nginx.
    kill   PostgreSQL, two instances: SIGKILL one (master and workers) in the middle of the run, start it again;
           then every answer the server acknowledged must be in the database, the other instance must have
           answered every request it got, and the errors on the killed one are counted.

    .venv/bin/python bench/scale.py ramp --db postgres --steps 50 100 200 300 500 700 [--step-seconds 150]
    .venv/bin/python bench/scale.py ramp --db sqlite --steps 50 100 200 300 500 700
    .venv/bin/python bench/scale.py kill --patients 200 --seconds 150 --kill-at 60 --down 10

Each patient is a browser: its own cookies and one keep-alive connection to nginx. It opens its link, fetches the
page's static files (WhiteNoise, hashed files from collectstatic as in production), confirms the date of birth, then
GETs each section, thinks 5–10 s and POSTs it, then the review page and Send; a patient who finishes is replaced by
a new one, so N patients are on the form at every moment of a step. Only requests started after the first --ramp
seconds count. Sessions are in the database (the app's setting), so any instance serves any request.

The load generator is one process (asyncio + aiohttp) and reports its own CPU share; the machine's busy share and the
CPU used by gunicorn and nginx are read from /proc over the same window. PostgreSQL: the cluster of .ci/run; the
bench drops and creates its own database (BENCH_POSTGRES_URL names a role that may create databases, default
postgres://prep_ci:prep_ci@127.0.0.1:5432/prep_ci). With a `db_worker` management command (django-tasks) the bench
starts one worker beside the instances (--task-worker auto|on|off). Only 127.0.0.1 is used; every loop is bounded.
"""

import argparse
import asyncio
import datetime
import json
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (  # noqa: E402
    BENCH_ENV, ROOT, as_background_work, format_table, percentile, remove_sqlite, sqlite_url, write_results,
)
from bench.load import BIRTH_DATE, TOKENS_RE, answers_for, free_port, personal  # noqa: E402

P95_TARGET_MS = 300
REQUEST_TIMEOUT = 90  # longer than nginx's proxy_read_timeout, so that nginx's 504 names the instance
NGINX = "/usr/sbin/nginx"
NGINX_TEMPLATE = ROOT / "bench" / "nginx.conf"
BENCH_DATABASE = "prep_bench_scale"
DEFAULT_ADMIN_URL = "postgres://prep_ci:prep_ci@127.0.0.1:5432/prep_ci"
STATIC_RE = re.compile(r'(?:href|src)="(/static/[^"]+)"')
PYTHON = sys.executable
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


# --- the database ---------------------------------------------------------------------------------------------------
def bench_postgres_url():
    """A fresh database of the bench's own, made with the role of BENCH_POSTGRES_URL."""
    import psycopg

    admin_url = os.environ.get("BENCH_POSTGRES_URL", DEFAULT_ADMIN_URL)
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {BENCH_DATABASE} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {BENCH_DATABASE}")
    parts = urlsplit(admin_url)
    return urlunsplit(parts._replace(path=f"/{BENCH_DATABASE}"))


def prepare_database(db):
    """Migrate a fresh database and load the questionnaire (in this process, which checks the answers later)."""
    from bench.common import setup_django

    database_url = bench_postgres_url() if db == "postgres" else sqlite_url("scale")
    setup_django(database_url, fresh=True)
    return database_url


def questionnaire_sections():
    """[(section key, posted data, question keys of the section)] of the published questionnaire, for patient 0."""
    from prep.questionnaires.forms import answers_as_data
    from prep.questionnaires.models import Questionnaire

    questionnaire = Questionnaire.objects.get(status="published")
    questions = questionnaire.ordered_questions()
    sections = []
    for section in questionnaire.ordered_sections():
        data = answers_as_data(section, questions, answers_for(0))
        keys = [q.key for q in questions if q.section_id == section.pk and q.parent_id is None]
        sections.append((section.key, {key: data.getlist(key) for key in data}, keys))
    return sections


def invite(first, count):
    """`count` new appointments, patients first..first+count-1: [(patient number, token, appointment id)]."""
    from django.db import connections
    from django.utils import timezone

    from prep.visits.services import appointment_create

    invited = []
    starts_at = timezone.now() + datetime.timedelta(days=1)
    for n in range(first, first + count):
        appointment, token = appointment_create(
            patient_name=f"Load Patient {n:05d}", date_of_birth=BIRTH_DATE,
            starts_at=starts_at + datetime.timedelta(minutes=n), clinician="Dr Lee",
        )
        invited.append((n, token, appointment.pk))
    connections.close_all()
    return invited


def acknowledged_but_missing(tally, sections, appointment_ids):
    """Every answer the server acknowledged (a POST answered by its redirect) that is not in the database."""
    from prep.visits.models import Response

    keys_of = {key: keys for key, _data, keys in sections}
    responses = {r.appointment_id: r for r in Response.objects.filter(appointment_id__in=list(appointment_ids.values()))}
    missing = []
    for n, acknowledged in tally.acknowledged.items():
        response = responses.get(appointment_ids[n])
        expected = answers_for(n)
        for section in acknowledged:
            if section == "review":
                if response is None or response.submitted_at is None:
                    missing.append((n, "sent"))
                continue
            for key in keys_of[section]:
                if key in expected and (response is None or response.answers.get(key) != expected[key]):
                    missing.append((n, key))
    return missing


def stored_summaries():
    from django.db import connections

    from prep.summaries.models import StoredSummary

    count = StoredSummary.objects.count()
    connections.close_all()
    return count


# --- the servers ----------------------------------------------------------------------------------------------------
def server_environment(database_url):
    return {**os.environ, **BENCH_ENV, "DATABASE_URL": database_url, "ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_SETTINGS_MODULE": "prep.settings", "STATIC_MANIFEST": "1"}


def wait_for_ok(url, process, seconds=120):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as reply:
                if reply.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
        if process.poll() is not None:
            break
    raise RuntimeError(f"{url} did not answer")


def stop_group(process, grace=20):
    if process is None or process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


@dataclass
class Instance:
    name: str
    port: int
    process: subprocess.Popen = None
    started: list = field(default_factory=list)  # perf_counter times it was started

    @property
    def address(self):
        return f"127.0.0.1:{self.port}"


class Deployment:
    """nginx in front of `instances` gunicorns (and a task worker, if asked), all stopped on exit."""

    def __init__(self, database_url, *, instances, workers, threads, worker_class, task_worker, preload):
        self.database_url, self.preload = database_url, preload
        self.workers, self.threads, self.worker_class = workers, threads, worker_class
        self.scratch = Path(tempfile.mkdtemp(prefix="prep-bench-scale-"))
        self.scratch.chmod(0o755)  # nginx's workers (nobody, when started as root) write its temporary files here
        self.instances = [Instance(name, free_port()) for name in "AB"[:instances]]
        self.port = free_port()
        self.nginx = self.worker = None
        self.want_task_worker = task_worker

    @classmethod
    def from_args(cls, database_url, args, *, instances, task_worker):
        return cls(database_url, instances=instances, workers=args.workers, threads=args.threads,
                   worker_class=args.worker_class, task_worker=task_worker, preload=not args.no_preload)

    @property
    def base(self):
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self):
        try:
            self.collect_static()
            for instance in self.instances:
                self.start(instance)
            self.start_nginx()
            if self.want_task_worker:
                self.worker = self.spawn(as_background_work([PYTHON, "manage.py", "db_worker", "--no-reload",
                                                             "--interval", "0.2"]), "db_worker")
        except BaseException:
            self.__exit__()
            raise
        return self

    def __exit__(self, *_exc):
        for process in (self.nginx, self.worker, *(i.process for i in self.instances)):
            stop_group(process)

    def spawn(self, command, log_name):
        log = open(self.scratch / f"{log_name}.log", "a")
        return subprocess.Popen(command, cwd=ROOT, env=server_environment(self.database_url), stdout=log,
                                stderr=subprocess.STDOUT, start_new_session=True)

    def collect_static(self):
        subprocess.run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT,
                       env=server_environment(self.database_url), check=True)

    def start(self, instance):
        instance.process = self.spawn(
            [str(Path(PYTHON).parent / "gunicorn"), "prep.wsgi:application", *(["--preload"] if self.preload else []),
             "--bind", instance.address,
             # gunicorn quietly runs gthread for "sync" with more than one thread: sync gets exactly one.
             "--workers", str(self.workers), "--threads", str(self.threads if self.worker_class == "gthread" else 1),
             "--worker-class", self.worker_class,
             "--log-level", "warning", "--timeout", "60", "--keep-alive", "60"],
            f"gunicorn-{instance.name}",
        )
        wait_for_ok(f"http://{instance.address}/healthz", instance.process)
        instance.started.append(time.perf_counter())

    def kill(self, instance):
        """SIGKILL the instance's master and workers at once, as a crashed machine would go."""
        os.killpg(instance.process.pid, signal.SIGKILL)
        instance.process.wait()

    def start_nginx(self):
        servers = "\n".join(f"        server {i.address} max_fails=1 fail_timeout=5s;" for i in self.instances)
        config = (NGINX_TEMPLATE.read_text().replace("@TEMP@", str(self.scratch)).replace("@PORT@", str(self.port))
                  .replace("@SERVERS@", servers))
        path = self.scratch / "nginx.conf"
        path.write_text(config)
        self.nginx = subprocess.Popen([NGINX, "-c", str(path), "-e", str(self.scratch / "error.log")],
                                      stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, start_new_session=True)
        wait_for_ok(f"{self.base}/healthz", self.nginx)

    def instance_named(self, upstream):
        """The instance that answered, from nginx's X-Upstream ("A" or "A, B": the last one answered)."""
        last = upstream.split(",")[-1].strip()
        return next((i.name for i in self.instances if i.address == last), "nginx" if not last else "?")

    def server_cpu_seconds(self):
        """(web, task worker): CPU seconds used so far by the live processes of gunicorn and nginx, and of the task
        worker."""
        web = process_group_cpu_seconds({p.pid for p in (self.nginx, *(i.process for i in self.instances))})
        return web, process_group_cpu_seconds({self.worker.pid}) if self.worker is not None else 0.0

    def log_text(self):
        return "\n".join(path.read_text(errors="replace") for path in sorted(self.scratch.glob("*.log")))


def live_processes():
    """(command name, process group, CPU seconds used so far) of every live process, from /proc, counting the children
    it has reaped: a process that ends in the window (the task worker's PDF process, restarted after 200 PDFs) moves
    its CPU to its parent instead of taking it out of the sum."""
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            name, rest = stat.read_text().split("(", 1)[1].rsplit(")", 1)
        except (OSError, ValueError):
            continue
        fields = rest.split()  # after the command: state, ppid, pgrp, ...; utime, stime, cutime, cstime at 11 to 14
        yield name, int(fields[2]), sum(int(ticks) for ticks in fields[11:15]) / CLOCK_TICKS


def process_group_cpu_seconds(groups):
    return sum(cpu for _name, group, cpu in live_processes() if group in groups)


def postgres_cpu_seconds():
    """CPU seconds used so far by the live processes of PostgreSQL (its server and the backends of every client)."""
    return sum(cpu for name, _group, cpu in live_processes() if name == "postgres")


def machine_cpu_ticks():
    """(busy, total) clock ticks of the whole machine so far."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + values[4]
    return sum(values) - idle, sum(values)


# --- the simulated patients -----------------------------------------------------------------------------------------
@dataclass
class Tally:
    measure_from: float
    records: list = field(default_factory=list)  # (started, label, method, ms, instance)
    errors: list = field(default_factory=list)  # (started, patient, label, method, what, instance)
    acknowledged: dict = field(default_factory=dict)  # patient -> [section keys, "review" when sent]
    retried: int = 0
    transport_failed_at: list = field(default_factory=list)  # when each transport error happened
    patients_started: int = 0
    patients_sent: int = 0


class Walk:
    """One patient through the whole questionnaire on one client; stops at the first error or at the deadline."""

    def __init__(self, client, deployment, tally, sections, think, deadline, rng):
        self.client, self.deployment, self.tally = client, deployment, tally
        self.sections, self.think, self.deadline, self.rng = sections, think, deadline, rng

    async def call(self, n, label, method, url, expect=None, data=None):
        """The reply, or None after an error (recorded) or when the step is over."""
        import aiohttp

        if time.perf_counter() >= self.deadline:
            return None
        if data is not None:
            data = {**data, "csrfmiddlewaretoken": self.csrf_token()}
        started = time.perf_counter()
        try:
            async with self.client.request(method, url, data=data, allow_redirects=False) as raw:
                reply = Reply(raw.status, raw.headers, await raw.read())
        except (aiohttp.ClientError, asyncio.TimeoutError) as error:
            self.tally.errors.append((started, n, label, method, type(error).__name__, "?"))
            self.tally.transport_failed_at.append(time.perf_counter())
            return None
        ms = (time.perf_counter() - started) * 1000
        upstream = reply.headers.get("x-upstream", "")
        instance = self.deployment.instance_named(upstream)
        self.tally.retried += "," in upstream
        if started >= self.tally.measure_from:
            self.tally.records.append((started, label, method, ms, instance))
        location = reply.headers.get("location", "")
        expected_status = expect[0] if expect else 200
        if reply.status != expected_status or (expect and len(expect) > 1 and location != expect[1]):
            self.tally.errors.append((started, n, label, method, reply.status, instance))
            return None
        return reply

    def csrf_token(self):
        import yarl

        cookie = self.client.cookie_jar.filter_cookies(yarl.URL(self.deployment.base)).get("csrftoken")
        return cookie.value if cookie else ""

    async def pause(self):
        await asyncio.sleep(min(self.rng.uniform(*self.think), max(0.0, self.deadline - time.perf_counter())))

    async def static_files(self, n, page):
        for url in dict.fromkeys(STATIC_RE.findall(page.text)):
            if await self.call(n, "static", "GET", url) is None:
                return False
        return True

    def acknowledge(self, n, what):
        self.tally.acknowledged.setdefault(n, []).append(what)

    async def run(self, n, token, first_section=0):
        """The patient's visit; from `first_section` on, as a patient resuming a form they began earlier."""
        self.tally.patients_started += 1
        if await self.call(n, "open link", "GET", f"/p/{token}/", (302, "/visit/")) is None:
            return
        page = await self.call(n, "identity", "GET", "/visit/")
        if page is None or not await self.static_files(n, page):
            return
        await self.pause()
        birth = {"month": str(BIRTH_DATE.month), "day": str(BIRTH_DATE.day), "year": str(BIRTH_DATE.year)}
        if await self.call(n, "identity", "POST", "/visit/", (302, "/visit/welcome/"), birth) is None:
            return
        if await self.call(n, "welcome", "GET", "/visit/welcome/") is None:
            return
        await self.pause()
        for index, (key, data, _keys) in enumerate(self.sections):
            if index < first_section:
                continue
            url = f"/visit/section/{key}/"
            page = await self.call(n, "section", "GET", url)
            if page is None:
                return
            tokens = {name: pattern.search(page.text).group(1) for name, pattern in TOKENS_RE.items()}
            await self.pause()
            following = (f"/visit/section/{self.sections[index + 1][0]}/" if index + 1 < len(self.sections)
                         else "/visit/review/")
            form = {**personal(data, n), **tokens, "action": "next"}
            if await self.call(n, "section", "POST", url, (302, following), form) is None:
                return
            self.acknowledge(n, key)
        if await self.call(n, "review", "GET", "/visit/review/") is None:
            return
        await self.pause()
        if await self.call(n, "review", "POST", "/visit/review/", (302, "/visit/submitted/"), {}) is None:
            return
        self.acknowledge(n, "review")
        self.tally.patients_sent += 1
        await self.call(n, "submitted", "GET", "/visit/submitted/")


@dataclass
class Reply:
    status: int
    headers: dict
    body: bytes

    @property
    def text(self):
        return self.body.decode("utf-8", errors="replace")


async def browser(slot, pool, deployment, tally, sections, think, start_at, deadline):
    """One seat: a patient walks the questionnaire; when they are done, the next patient takes the seat."""
    import aiohttp

    rng = random.Random(slot)
    await asyncio.sleep(max(0.0, start_at - time.perf_counter()))
    # One keep-alive connection, as a browser keeps to one site; cookies for 127.0.0.1 (aiohttp refuses cookies from
    # an IP address unless told).
    connector = aiohttp.TCPConnector(limit=1, keepalive_timeout=60)
    async with aiohttp.ClientSession(
        base_url=deployment.base, connector=connector, cookie_jar=aiohttp.CookieJar(unsafe=True),
        timeout=aiohttp.ClientTimeout(total=REQUEST_TIMEOUT),
    ) as client:
        walk = Walk(client, deployment, tally, sections, think, deadline, rng)
        # The seat's first patient resumes at a random section: visits then end, and new ones begin, spread over the
        # step as in a steady day, instead of all together one walk after the start.
        first_section = rng.randrange(len(sections))
        while pool and time.perf_counter() < deadline:
            n, token, _appointment_id = pool.pop()
            client.cookie_jar.clear()
            await walk.run(n, token, first_section)
            first_section = 0


async def kill_and_restart(deployment, instance, kill_at, down, events):
    await asyncio.sleep(max(0.0, kill_at - time.perf_counter()))
    deployment.kill(instance)
    events["killed_at"] = time.perf_counter()
    await asyncio.sleep(down)
    await asyncio.to_thread(deployment.start, instance)
    events["restarted_at"] = time.perf_counter()


def run_step(deployment, patients, sections, invited, args, kill=None):
    """N patients at once for args.seconds; returns (tally, window seconds, generator CPU s, machine and server CPU)."""
    began = time.perf_counter()
    tally = Tally(measure_from=began + args.ramp)
    deadline = began + args.seconds
    pool = list(reversed(invited))
    events = {}

    async def everyone():
        seats = [browser(slot, pool, deployment, tally, sections, tuple(args.think), began + args.ramp * slot / patients,
                         deadline) for slot in range(patients)]
        if kill is not None:
            seats.append(kill_and_restart(deployment, deployment.instances[0], began + kill, args.down, events))
        await asyncio.gather(*seats)

    usage = {}

    async def measured():
        task = asyncio.create_task(everyone())
        await asyncio.sleep(max(0.0, tally.measure_from - time.perf_counter()))
        usage["start"] = (time.perf_counter(), time.process_time(), machine_cpu_ticks(), deployment.server_cpu_seconds(),
                          postgres_cpu_seconds())
        await asyncio.sleep(max(0.0, deadline - time.perf_counter()))
        usage["end"] = (time.perf_counter(), time.process_time(), machine_cpu_ticks(), deployment.server_cpu_seconds(),
                        postgres_cpu_seconds())
        await asyncio.wait_for(task, timeout=REQUEST_TIMEOUT + 60)

    asyncio.run(measured())
    (wall0, cpu0, (busy0, total0), server0, db0), (wall1, cpu1, (busy1, total1), server1, db1) = (
        usage["start"], usage["end"]
    )
    window = wall1 - wall0
    cores = os.cpu_count()
    resources = {
        "window_s": window,
        "generator_cpu_pct": 100 * (cpu1 - cpu0) / window,  # of one core
        "machine_busy_pct": 100 * (busy1 - busy0) / max(1, total1 - total0),  # of all cores
        "server_cpu_cores": (server1[0] - server0[0]) / window,
        "task_worker_cpu_cores": (server1[1] - server0[1]) / window,
        "postgres_cpu_cores": (db1 - db0) / window,
        "cores": cores,
        "pool_left": len(pool),
        **events,
    }
    return tally, resources


def pool_size(patients, sections, args):
    """Enough invitations that no seat runs out: each walk takes at least (pages) × the shortest think time."""
    shortest_walk = (len(sections) + 3) * args.think[0]
    return patients * (int(args.seconds / shortest_walk) + 2)


# --- the tables -----------------------------------------------------------------------------------------------------
PAGE_LABELS = {"open link", "identity", "welcome", "section", "review", "submitted"}


def step_row(patients, tally, resources, missing):
    pages = sorted(ms for _t, label, _m, ms, _i in tally.records if label in PAGE_LABELS)
    static = sorted(ms for _t, label, _m, ms, _i in tally.records if label == "static")
    posts = sorted(ms for _t, label, method, ms, _i in tally.records if method == "POST")
    window = resources["window_s"]
    p95 = percentile(pages, 0.95) if pages else None
    row = {
        "patients": patients,
        "pages_per_s": round(len(pages) / window, 1),
        "requests_per_s": round(len(tally.records) / window, 1),
        "median_ms": round(pages[len(pages) // 2], 1) if pages else None,
        "p95_ms": round(p95, 1) if pages else None,
        "post_p95_ms": round(percentile(posts, 0.95), 1) if posts else None,
        "max_ms": round(pages[-1], 1) if pages else None,
        "static_p95_ms": round(percentile(static, 0.95), 1) if static else None,
        "errors": len(tally.errors),
        "missing": len(missing),
        "sent": tally.patients_sent,
        "generator_cpu_pct": round(resources["generator_cpu_pct"], 1),
        "server_cpu_cores": round(resources["server_cpu_cores"], 2),
        "task_worker_cpu_cores": round(resources["task_worker_cpu_cores"], 2),
        "postgres_cpu_cores": round(resources["postgres_cpu_cores"], 2),
        "machine_busy_pct": round(resources["machine_busy_pct"], 1),
    }
    row["ok"] = bool(pages) and p95 <= P95_TARGET_MS and not tally.errors and not missing
    return row


STEP_COLUMNS = [
    ("patients at once", "patients"), ("pages/s", "pages_per_s"), ("requests/s", "requests_per_s"),
    ("median ms", "median_ms"), ("p95 ms", "p95_ms"), ("POST p95 ms", "post_p95_ms"), ("max ms", "max_ms"),
    ("static p95 ms", "static_p95_ms"), ("errors", "errors"), ("acknowledged, missing", "missing"),
    ("sent", "sent"), ("summaries not built yet", "summaries_behind"),
    ("generator CPU % of a core", "generator_cpu_pct"),
    ("gunicorn+nginx CPU cores", "server_cpu_cores"), ("task worker CPU cores", "task_worker_cpu_cores"),
    ("PostgreSQL CPU cores", "postgres_cpu_cores"), ("machine busy %", "machine_busy_pct"),
    (f"p95 ≤ {P95_TARGET_MS} ms, 0 errors", "ok"),
]


def describe(args, instances):
    preload = "" if args.no_preload else ", --preload"
    threads = f" × {args.threads} threads" if args.worker_class == "gthread" else ""
    return (f"{instances} gunicorn instance{'s' if instances > 1 else ''} ({args.workers} workers{threads}, "
            f"{args.worker_class}{preload}) behind nginx, think {args.think[0]:g}–{args.think[1]:g} s, "
            f"{args.seconds:g} s per step of which the first {args.ramp:g} s are not counted")


def error_summary(tally, limit=8):
    """The first few errors, without tokens or answers: time into the step, page, method, status, instance."""
    return [f"{label} {method} → {what} (instance {instance})"
            for _t, _n, label, method, what, instance in tally.errors[:limit]]


STARTED = time.perf_counter()


def clock():
    return f"{time.perf_counter() - STARTED:.0f} s since the start"


# --- ramp -----------------------------------------------------------------------------------------------------------
def ramp(args):
    database_url = prepare_database(args.db)
    sections = questionnaire_sections()
    instances = 1 if args.db == "sqlite" else args.instances
    task_worker = wants_task_worker(args.task_worker)
    rows, details, first, sent = [], [], 0, 0
    title = f"Capacity on {args.db}: {describe(args, instances)}"
    print(f"== {title}\n   task worker: {'on' if task_worker else 'off'}; database ready ({clock()})", flush=True)
    with Deployment.from_args(database_url, args, instances=instances, task_worker=task_worker) as deployment:
        print(f"   servers up ({clock()})", flush=True)
        for patients in args.steps:
            inviting = time.perf_counter()
            invited = invite(first, pool_size(patients, sections, args))
            first += len(invited)
            print(f"   {patients} patients: {len(invited)} invitations made in {time.perf_counter() - inviting:.0f} s, "
                  f"step of {args.seconds:g} s starts ({clock()})", flush=True)
            tally, resources = run_step(deployment, patients, sections, invited, args)
            missing = acknowledged_but_missing(tally, sections, {n: pk for n, _t, pk in invited})
            row = step_row(patients, tally, resources, missing)
            sent += tally.patients_sent
            row["summaries_behind"] = sent - stored_summaries() if task_worker else None
            rows.append(row)
            details.append({"patients": patients, "resources": resources, "errors": error_summary(tally),
                            "missing": missing[:20], "retried_by_nginx": tally.retried})
            print(f"   {patients} patients: {row['pages_per_s']} pages/s, p95 {row['p95_ms']} ms, {row['errors']} "
                  f"errors, {row['missing']} acknowledged answers missing, generator {row['generator_cpu_pct']} % "
                  f"of a core, machine busy {row['machine_busy_pct']} % ({clock()})", flush=True)
            if resources["pool_left"] == 0:
                print("   (the pool of invitations ran out: raise pool_size)", flush=True)
            if not row["ok"] and not args.keep_going:
                break
        log = deployment.log_text()
    if args.db == "sqlite":
        remove_sqlite(database_url)
    held = [row for row in rows[:next((i for i, row in enumerate(rows) if not row["ok"]), len(rows))]]
    knee = held[-1] if held else None
    knee_text = (f"Knee: {knee['patients']} patients at once, {knee['pages_per_s']} pages/s "
                 f"({knee['requests_per_s']} requests/s with static files), p95 {knee['p95_ms']} ms"
                 if knee else "Knee: not reached (the first step already failed)")
    if rows and rows[-1]["ok"]:
        knee_text += " (every step held: add larger steps to find the knee)"
    checks = [
        f"server tracebacks in the logs: {log.count('Traceback')}",
        f'"database is locked" in the logs: {log.count("database is locked")}',
    ]
    table = format_table(title, rows, STEP_COLUMNS) + "\n\n" + knee_text + "\n\n" + "\n".join(f"- {c}" for c in checks)
    write_results(f"scale_{args.db}", {"rows": rows, "steps": details, "knee": knee, "settings": vars(args),
                                       "task_worker": task_worker}, table)
    return 0


# --- kill -----------------------------------------------------------------------------------------------------------
def kill(args):
    database_url = prepare_database("postgres")
    sections = questionnaire_sections()
    task_worker = wants_task_worker(args.task_worker)
    args.steps = [args.patients]
    title = (f"An instance killed: {args.patients} patients on PostgreSQL, {describe(args, 2)}; instance A "
             f"SIGKILLed {args.kill_at:g} s into the step, started again {args.down:g} s later")
    print(f"== {title}\n   task worker: {'on' if task_worker else 'off'}; database ready ({clock()})", flush=True)
    with Deployment.from_args(database_url, args, instances=2, task_worker=task_worker) as deployment:
        invited = invite(0, pool_size(args.patients, sections, args))
        print(f"   servers up, {len(invited)} invitations ready, the run starts ({clock()})", flush=True)
        tally, resources = run_step(deployment, args.patients, sections, invited, args, kill=args.kill_at)
        missing = acknowledged_but_missing(tally, sections, {n: pk for n, _t, pk in invited})
        log = deployment.log_text()
    rows = per_instance_rows(tally, resources)
    restarted = resources.get("restarted_at")
    began = tally.measure_from - args.ramp
    timeline = (f"Instance A was killed {resources['killed_at'] - began:.1f} s into the run and answered /healthz again "
                f"{restarted - began:.1f} s into it (gunicorn took {restarted - resources['killed_at'] - args.down:.1f} s "
                f"to start); the run ended at {args.seconds:g} s.")
    served_after_restart = sum(1 for t, *_rest, instance in tally.records
                               if instance == "A" and restarted and t > restarted)
    survivor_errors = sum(1 for *_rest, instance in tally.errors if instance == "B")
    checks = [
        {"check": "acknowledged answers missing from the database", "value": len(missing), "ok": not missing},
        {"check": "errors on instance B (not killed)", "value": survivor_errors, "ok": survivor_errors == 0},
        {"check": "errors on instance A (killed): POSTs in flight, which nginx does not pass on",
         "value": sum(1 for *_rest, instance in tally.errors if instance == "A"), "ok": None},
        {"check": "errors with no instance (the connection closed mid-reply), seconds after the kill",
         "value": ", ".join(f"{t - resources['killed_at']:+.1f} s" for t in tally.transport_failed_at) or 0,
         "ok": None},
        {"check": "requests nginx passed on to the other instance (idempotent)", "value": tally.retried, "ok": None},
        {"check": "requests instance A answered after its restart", "value": served_after_restart,
         "ok": served_after_restart > 0},
        {"check": "patients who sent the form", "value": tally.patients_sent, "ok": None},
        {"check": "server tracebacks in the logs", "value": log.count("Traceback"), "ok": None},
    ]
    table = (format_table(title, rows, INSTANCE_COLUMNS)
             + "\n\n" + format_table("An instance killed: checks", checks, [("check", "check"), ("value", "value"),
                                                                            ("met", "ok")])
             + "\n\n" + timeline)
    met = all(check["ok"] is not False for check in checks)
    write_results("scale_kill", {"rows": rows, "checks": checks, "met": met, "errors": error_summary(tally, 50),
                                 "missing": missing[:50], "resources": resources, "settings": vars(args)}, table)
    return 0 if met else 1


def per_instance_rows(tally, resources):
    """Per instance: requests, p95 before the kill, while A was down and after A was back, and errors by page."""
    killed, back = resources["killed_at"], resources.get("restarted_at", float("inf"))
    periods = {"before": lambda t: t < killed, "down": lambda t: killed <= t < back, "after": lambda t: t >= back}
    rows = []
    for name in ("A", "B", "?"):
        records = [(t, ms) for t, *_rest, ms, instance in tally.records if instance == name]
        errors = [(label, method, what) for _t, _n, label, method, what, instance in tally.errors if instance == name]
        if not records and not errors:
            continue
        row = {"instance": name, "requests": len(records), "errors": len(errors)}
        for period, during in periods.items():
            times = [ms for t, ms in records if during(t)]
            row[f"p95_{period}"] = round(percentile(times, 0.95), 1) if times else None
        by_page = {}
        for label, method, what in errors:
            by_page[f"{method} {label} {what}"] = by_page.get(f"{method} {label} {what}", 0) + 1
        row["by_page"] = ", ".join(f"{k}: {v}" for k, v in by_page.items())
        rows.append(row)
    return rows


INSTANCE_COLUMNS = [
    ("instance", "instance"), ("requests", "requests"), ("p95 ms before the kill", "p95_before"),
    ("p95 ms while A was down", "p95_down"), ("p95 ms after A was back", "p95_after"), ("errors", "errors"),
    ("errors by page", "by_page"),
]


# --- the task worker (django-tasks), when the app has one -------------------------------------------------------------
def wants_task_worker(choice):
    if choice == "off":
        return False
    exists = subprocess.run([PYTHON, "manage.py", "help", "db_worker"], cwd=ROOT, capture_output=True,
                            env={**os.environ, **BENCH_ENV}).returncode == 0
    if choice == "on" and not exists:
        raise SystemExit("--task-worker on: this app has no `db_worker` management command")
    return exists


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    ramp_parser = commands.add_parser("ramp", help="steps of N patients until p95 > 300 ms or errors")
    ramp_parser.add_argument("--db", choices=["postgres", "sqlite"], default="postgres")
    ramp_parser.add_argument("--steps", type=int, nargs="+", default=[50, 100, 200, 300, 500, 700])
    ramp_parser.add_argument("--instances", type=int, choices=[1, 2], default=2, help="PostgreSQL only")
    ramp_parser.add_argument("--keep-going", action="store_true", help="run every step, even past the knee")
    kill_parser = commands.add_parser("kill", help="SIGKILL one of two instances in the middle of the run")
    kill_parser.add_argument("--patients", type=int, default=200)
    kill_parser.add_argument("--kill-at", type=float, default=60, help="seconds into the run")
    kill_parser.add_argument("--down", type=float, default=10, help="seconds before it is started again")
    for each in (ramp_parser, kill_parser):
        each.add_argument("--seconds", type=float, default=150, help="length of a step (of the run, for kill)")
        each.add_argument("--ramp", type=float, default=30, help="patients take their seats over this many seconds; "
                                                                 "requests in this time are not counted")
        each.add_argument("--think", type=float, nargs=2, default=[5.0, 10.0], metavar=("MIN", "MAX"))
        each.add_argument("--workers", type=int, default=2, help="gunicorn workers per instance")
        each.add_argument("--threads", type=int, default=4, help="threads per worker (gthread)")
        each.add_argument("--worker-class", choices=["gthread", "sync"], default="gthread",
                          help="sync: one request at a time per worker process, a new connection from nginx each")
        each.add_argument("--no-preload", action="store_true", help="start gunicorn without --preload (the app "
                                                                       "loaded by each worker after the port opens)")
        each.add_argument("--task-worker", choices=["auto", "on", "off"], default="auto",
                          help="start `manage.py db_worker` beside the instances (auto: when the command exists)")
    args = parser.parse_args(argv)
    if args.command == "kill" and args.kill_at + args.down >= args.seconds:
        parser.error("--kill-at + --down must end before --seconds")
    if not Path(NGINX).exists():
        parser.error(f"{NGINX} is missing: install the Debian package first (apt-get install nginx)")
    return ramp(args) if args.command == "ramp" else kill(args)


if __name__ == "__main__":
    sys.exit(main())
