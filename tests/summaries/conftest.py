import copy

import pytest
from django.db import transaction

from prep.summaries.reference import Knowledge, load_reference_data


@pytest.fixture
def reference_data(db):
    """The seeded medicine list and rules (re-created if a transactional test flushed them)."""
    load_reference_data()


@pytest.fixture
def knowledge(reference_data):
    return Knowledge.load()


@pytest.fixture(scope="session")
def default_questionnaire_rows(django_db_setup, django_db_blocker):
    """The default questionnaire's rows, built once per session (building and validating it takes ~0.5 s)."""
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
    from prep.questionnaires.models import Questionnaire

    questionnaire_rows = default_questionnaire_rows[0][1]
    existing = Questionnaire.objects.filter(slug=questionnaire_rows[0].slug).first()
    if existing is not None:
        return existing
    for model, rows in default_questionnaire_rows:
        model.objects.bulk_create([copy.copy(row) for row in rows])
    return Questionnaire.objects.get(pk=questionnaire_rows[0].pk)


@pytest.fixture
def summarise(default_questionnaire, knowledge):
    """Build the summary of a submitted response with these answers (the default questionnaire)."""
    from prep.summaries.summary import build_summary
    from tests.personas import make_submitted_response

    def build(answers, **kwargs):
        response = make_submitted_response(answers, questionnaire=default_questionnaire, **kwargs)
        return build_summary(response, knowledge)

    return build
