"""Twenty threads save twenty different sections of one response at the same moment.

Used in-process on PostgreSQL and in a subprocess on a SQLite file database (tests/reliability/test_concurrent_saves.py):
`python manage.py shell -c "from tests.reliability.concurrent_saves import main; main()"` prints a JSON report.
"""

import datetime
import json
import threading
import traceback

from django.db import connection
from django.utils import timezone

SECTIONS = 20


def questionnaire_data():
    return {
        "slug": "concurrency",
        "title": "Twenty sections",
        "intro": "",
        "sections": [
            {
                "key": f"part_{n}",
                "title": f"Part {n}",
                "questions": [
                    {"key": f"note_{n}", "kind": "short_text", "text": f"Note {n}"},
                    {"key": f"count_{n}", "kind": "integer", "text": f"Count {n}", "min_value": 0},
                    {"key": f"rows_{n}", "kind": "group", "text": f"Rows {n}", "columns": [
                        {"key": f"name_{n}", "kind": "short_text", "text": "Name"},
                        {"key": f"dose_{n}", "kind": "decimal", "text": "Dose", "min_value": 0},
                    ]},
                ],
            }
            for n in range(SECTIONS)
        ],
    }


def expected_answers(n):
    return {f"note_{n}": f"note from thread {n}", f"count_{n}": n,
            f"rows_{n}": [{f"name_{n}": f"medicine {n}", f"dose_{n}": n + 0.5}]}


def post_data(n):
    return {f"note_{n}": f"note from thread {n}", f"count_{n}": str(n), f"rows_{n}-TOTAL_FORMS": "1",
            f"rows_{n}-INITIAL_FORMS": "0", f"rows_{n}-0-name_{n}": f"medicine {n}", f"rows_{n}-0-dose_{n}": f"{n}.5"}


def prepare():
    """A published twenty-section questionnaire and one response to it, with nothing answered yet."""
    from prep.questionnaires.loader import questionnaire_create_draft
    from prep.visits.models import Response
    from prep.visits.services import appointment_create

    questionnaire = questionnaire_create_draft(data=questionnaire_data())
    questionnaire.publish()
    appointment, _token = appointment_create(
        patient_name="Concurrent Patient", date_of_birth=datetime.date(1980, 4, 2),
        starts_at=timezone.now() + datetime.timedelta(days=1),
    )
    return Response.objects.create(appointment=appointment, questionnaire=questionnaire).pk


def save_all_at_once(response_pk, threads=SECTIONS):
    """Each thread loads the page at revision 0, waits for the others, then saves its own section."""
    from django.http import QueryDict

    from prep.visits.journey import Steps
    from prep.visits.models import Response
    from prep.visits.services import page_digest, response_save_page

    barrier = threading.Barrier(threads)
    outcomes = [None] * threads

    def work(n):
        try:
            response = Response.objects.select_related("appointment", "questionnaire").get(pk=response_pk)
            steps = Steps(response)
            section = steps.sections[n]
            data = QueryDict(mutable=True)
            for key, value in post_data(n).items():
                data[key] = value
            page = steps.page(section, data=data)
            digest = page_digest(response.answers, [question.key for question in page.questions])
            revision = response.revision
            barrier.wait(timeout=60)
            result = response_save_page(response=response, page=page, revision=revision, digest=digest)
            outcomes[n] = "saved" if result.saved else ("conflict" if result.conflict else "not saved")
        except Exception:  # the report shows any error; the test asserts there is none
            outcomes[n] = "error: " + traceback.format_exc()
        finally:
            connection.close()

    workers = [threading.Thread(target=work, args=(n,)) for n in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    response = Response.objects.get(pk=response_pk)
    return {"outcomes": outcomes, "answers": response.answers, "revision": response.revision,
            "vendor": connection.vendor}


def check(report):
    """Problems found in a report: errors, lost keys, a wrong revision count."""
    problems = [f"thread {n}: {outcome}" for n, outcome in enumerate(report["outcomes"]) if outcome != "saved"]
    for n in range(SECTIONS):
        for key, value in expected_answers(n).items():
            if report["answers"].get(key) != value:
                problems.append(f"{key}: {report['answers'].get(key)!r} != {value!r}")
    if report["revision"] != SECTIONS:
        problems.append(f"revision {report['revision']} != {SECTIONS}")
    return problems


def main():
    print(json.dumps(save_all_at_once(prepare())))
