"""A real server restart between pages: the patient's session and every answer survive it.

A `runserver --noreload` process on a temporary SQLite file database serves a patient driven with urllib and a
cookie jar: open the link, confirm the date of birth, answer page 1, open page 2; the server is killed and started
again; page 2 (the form loaded before the restart) is posted. Both pages' answers are in the database."""

import http.cookiejar
import json
import os
import re
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.sqlite_pass import OWN_SQLITE_FILE, on_the_sqlite_pass_only
from tests.visits.helpers import PHQ9_ALL_ZERO, page_tokens

ROOT = Path(__file__).resolve().parents[2]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    def __init__(self, environment, port):
        self.environment, self.port = environment, port
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{self.port}"],
            cwd=ROOT, env=self.environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        for _ in range(300):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=2) as answer:
                    if answer.read() == b"ok":
                        return
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.1)
        raise AssertionError("the server did not start")

    def kill(self):
        self.process.kill()
        self.process.wait(timeout=30)


@pytest.fixture
def server(tmp_path):
    database = tmp_path / "restart.sqlite3"
    environment = {key: value for key, value in os.environ.items()}
    environment.update(
        DATABASE_URL=f"sqlite:///{database}", SECRET_KEY="restart-test-" + "k" * 40, DEBUG="0", HTTPS="0",
        REQUIRE_2FA="0", STATIC_MANIFEST="0", ALLOWED_HOSTS="127.0.0.1", SITE_URL="http://127.0.0.1",
    )
    for command in (["migrate", "--noinput", "-v0"], ["load_default_questionnaire"]):
        done = subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=environment,
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
    invited = subprocess.run(
        [sys.executable, "manage.py", "invite", "--name", "Rita Restart", "--dob", "1980-04-02",
         "--at", time.strftime("%Y-%m-%d 09:30", time.localtime(time.time() + 2 * 86400))],
        cwd=ROOT, env=environment, capture_output=True, text=True, timeout=60,
    )
    assert invited.returncode == 0, invited.stderr
    token = invited.stdout.strip().rstrip("/").rsplit("/", 1)[-1]
    running = Server(environment, free_port())
    running.start()
    yield running, token, database
    running.kill()


class Browser:
    def __init__(self, port):
        self.base = f"http://127.0.0.1:{port}"
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def get(self, path):
        with self.opener.open(self.base + path, timeout=30) as answer:
            return answer.geturl(), answer.read().decode()

    def post(self, path, html, data):
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": csrf, **data}, doseq=True).encode()
        with self.opener.open(self.base + path, data=body, timeout=30) as answer:
            return answer.geturl(), answer.read().decode()


def saved_answers(database):
    with sqlite3.connect(database) as db:
        return json.loads(db.execute("SELECT answers FROM visits_response").fetchone()[0])


@on_the_sqlite_pass_only(OWN_SQLITE_FILE)
def test_answers_survive_a_real_server_restart_between_pages(server):
    running, token, database = server
    patient = Browser(running.port)
    url, identity = patient.get(f"/p/{token}/")
    assert url.endswith("/visit/") and token not in identity
    url, _welcome = patient.post("/visit/", identity, {"month": "4", "day": "2", "year": "1980"})
    assert url.endswith("/visit/welcome/")
    _url, page1 = patient.get("/visit/section/about_visit/")
    url, page2 = patient.post("/visit/section/about_visit/", page1,
                              {**page_tokens(page1), "visit_goals": "Typed before the restart", "action": "next"})
    assert url.endswith("/visit/section/phq9/")

    running.kill()
    running.start()

    url, after = patient.post("/visit/section/phq9/", page2, {**page_tokens(page2), **PHQ9_ALL_ZERO, "action": "next"})
    assert url.endswith("/visit/section/gad7/"), url
    answers = saved_answers(database)
    assert answers["visit_goals"] == "Typed before the restart"
    assert {key: answers[key] for key in PHQ9_ALL_ZERO} == PHQ9_ALL_ZERO
