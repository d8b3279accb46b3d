import copy
import os

import pytest
from django.db import transaction

from prep.questionnaires.loader import questionnaire_create_draft

MINI_QUESTIONNAIRE = {
    "slug": "mini",
    "title": "Mini questionnaire",
    "intro": "A small questionnaire for tests.",
    "sections": [
        {
            "key": "first",
            "title": "First section",
            "questions": [
                {"key": "mood", "kind": "single_choice", "text": "How is your mood?", "required": True,
                 "choices": [{"value": "good", "label": "Good"}, {"value": "low", "label": "Low"}]},
                {"key": "low_detail", "kind": "long_text", "text": "Tell us more", "required": True,
                 "show_if": {"question": "mood", "op": "eq", "value": "low"}},
            ],
        },
        {
            "key": "second",
            "title": "Second section",
            "questions": [
                {"key": "medicines", "kind": "group", "text": "Medicines",
                 "columns": [
                     {"key": "drug", "kind": "short_text", "text": "Medicine name", "required": True,
                      "suggestions": "medicines"},
                     {"key": "dose_mg", "kind": "decimal", "text": "Dose (mg)", "min_value": 0},
                 ]},
            ],
        },
    ],
}


@pytest.fixture(scope="session", autouse=True)
def collected_static_files(tmp_path_factory, worker_id):
    """With STATIC_MANIFEST=1 (CI's PostgreSQL pass), pages name hashed files as in production: collect them first
    into a scratch STATIC_ROOT, so a page that names a missing static file fails its test ("Missing staticfiles
    manifest entry"), and WhiteNoise serves the collected files. Without it, files come straight from static/.

    The test processes of one run share one collection (compressing it takes 14 s): the first one in collects it."""
    from django.conf import settings

    if not settings.STATIC_MANIFEST:
        yield None
        return
    from django.core.management import call_command
    from django.test.utils import override_settings
    from filelock import FileLock

    run_directory = tmp_path_factory.getbasetemp()
    if worker_id != "master":
        run_directory = run_directory.parent
    static_root = run_directory / "staticfiles"
    with override_settings(STATIC_ROOT=static_root), pytest.MonkeyPatch.context() as patch:
        with FileLock(run_directory / "staticfiles.lock"):
            if not (static_root / "staticfiles.json").exists():
                call_command("collectstatic", interactive=False, verbosity=0)
        scan_each_static_root_once(patch)
        yield static_root


def scan_each_static_root_once(patch):
    """Every test Client builds its own middleware, and WhiteNoise's lists the collected files anew each time: 0.19 s
    a Client, which made the fuzz tests three times slower on CI's PostgreSQL pass. A server builds it once."""
    from whitenoise.middleware import WhiteNoiseMiddleware

    scanned = {}
    scan = WhiteNoiseMiddleware.update_files_dictionary

    def update_files_dictionary(self, root, prefix):
        if (root, prefix) not in scanned:
            files, self.files = self.files, {}
            scan(self, root, prefix)
            scanned[root, prefix], self.files = self.files, files
        self.files.update(scanned[root, prefix])

    patch.setattr(WhiteNoiseMiddleware, "update_files_dictionary", update_files_dictionary)


@pytest.fixture(scope="session")
def live_server(request, collected_static_files):
    """pytest-django's live server. With hashed static files it leaves /static/ to WhiteNoise, as in production:
    the handler pytest-django puts in front finds files by their unhashed names only."""
    from pytest_django.live_server_helper import LiveServer

    address = request.config.getvalue("liveserver") or os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS") or "localhost"
    server = LiveServer(address, start=False)
    if collected_static_files:
        server.thread.static_handler = lambda application: application
    server.start()
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Real hashing costs half a second per password on purpose; tests need speed, not that protection."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def mini_draft(db):
    return questionnaire_create_draft(data=MINI_QUESTIONNAIRE)


@pytest.fixture
def mini_published(mini_draft):
    mini_draft.publish()
    return mini_draft


@pytest.fixture
def reference_data(db):
    """The seeded medicine list and rules (re-created if a transactional test flushed them)."""
    from prep.summaries.reference import load_reference_data

    load_reference_data()


@pytest.fixture(scope="session")
def default_questionnaire_rows(django_db_setup, django_db_blocker):
    """The default questionnaire's rows, built once per test process: building and validating it took 0.28 s for
    every test that asked for it, a quarter of the suite's setup time."""
    from prep.questionnaires.loader import load_default_questionnaire
    from prep.questionnaires.models import Choice, Question, Questionnaire, Section

    with django_db_blocker.unblock(), transaction.atomic():
        questionnaire, _created = load_default_questionnaire()
        rows = [
            (Questionnaire, list(Questionnaire.objects.filter(pk=questionnaire.pk))),
            (Section, list(Section.objects.filter(questionnaire=questionnaire).order_by("pk"))),
            (Question, list(Question.objects.filter(questionnaire=questionnaire).order_by("pk"))),
            (Choice, list(Choice.objects.filter(question__questionnaire=questionnaire).order_by("pk"))),
        ]
        transaction.set_rollback(True)
    return rows


@pytest.fixture
def default_questionnaire(db, default_questionnaire_rows):
    """The published default questionnaire, inserted from the session's copy of its rows (fast)."""
    return insert_default_questionnaire(default_questionnaire_rows)


def insert_default_questionnaire(default_questionnaire_rows):
    from prep.questionnaires.models import Questionnaire

    questionnaire_rows = default_questionnaire_rows[0][1]
    existing = Questionnaire.objects.filter(slug=questionnaire_rows[0].slug).first()
    if existing is not None:
        return existing
    for model, rows in default_questionnaire_rows:
        model.objects.bulk_create([copy.copy(row) for row in rows])
    return Questionnaire.objects.get(pk=questionnaire_rows[0].pk)


def clinic_staff_group():
    """The group the migration creates; made again after a transactional test flushed it."""
    from django.contrib.auth.models import Group, Permission

    group, _created = Group.objects.get_or_create(name="Clinic staff")
    group.permissions.add(Permission.objects.get(codename="use_clinic", content_type__app_label="clinic"))
    return group


@pytest.fixture
def staff_user(django_user_model):
    user = django_user_model.objects.create_user("alice", password="alice-password-1")
    user.groups.add(clinic_staff_group())
    return user


@pytest.fixture
def staff_client(client, staff_user):
    """Alice, clinic staff."""
    client.force_login(staff_user)
    return client


@pytest.fixture
def plain_user_client(client, django_user_model):
    """Charlie, signed in but not clinic staff: must see nothing."""
    client.force_login(django_user_model.objects.create_user("charlie", password="charlie-password-1"))
    return client


@pytest.fixture
def submitted_visit(default_questionnaire, reference_data):
    """(appointment, token) of a patient who answered like the TYPICAL persona and submitted through the app."""
    import datetime

    from django.utils import timezone

    from prep.visits.journey import flag_codes
    from prep.visits.models import Response
    from prep.visits.services import appointment_create, response_submit
    from tests.personas import TYPICAL

    appointment, token = appointment_create(
        patient_name="Jane Doe", date_of_birth=datetime.date(1980, 4, 2),
        starts_at=timezone.now() + datetime.timedelta(days=1), clinician="Dr Lee",
    )
    response = Response.objects.create(appointment=appointment, questionnaire=default_questionnaire, answers=TYPICAL)
    _response, incomplete = response_submit(response=response, flags=flag_codes)
    assert incomplete is None, incomplete
    appointment.refresh_from_db()
    return appointment, token


@pytest.fixture
def submitted_appointment(submitted_visit):
    return submitted_visit[0]


@pytest.fixture
def submitted_token(submitted_visit):
    return submitted_visit[1]
