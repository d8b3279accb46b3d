"""Migration 0004 on a database that already has the default questionnaire from before "weeks or months"."""

import importlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from prep.questionnaires.loader import questionnaire_create_draft, read_default_questionnaire
from prep.questionnaires.models import Questionnaire

MIGRATION = importlib.import_module("prep.questionnaires.migrations.0005_default_questionnaire_weeks_or_months")
UNIT = "weeks_at_that_dose_unit"

pytestmark = pytest.mark.django_db(transaction=True)
TARGET = [("questionnaires", "0005_default_questionnaire_weeks_or_months")]


def data_before_the_unit_column():
    """The default questionnaire as it was shipped before: no unit column, the old wording."""
    data = read_default_questionnaire()
    for section in data["sections"]:
        for question in section.get("questions") or []:
            if question["key"] == "past_medications":
                question["columns"] = [column for column in question["columns"] if column["key"] != UNIT]
                for column in question["columns"]:
                    if column["key"] == "weeks_at_that_dose":
                        column.update(text="About how many weeks at that dose?", unit="weeks")
    return data


def run_migration():
    """The migration's function on the schema it was written for (later migrations add columns), then forward again."""
    executor = MigrationExecutor(connection)
    executor.migrate(TARGET)
    executor = MigrationExecutor(connection)
    MIGRATION.weeks_or_months(executor.loader.project_state(TARGET[0]).apps, None)
    executor.migrate(executor.loader.graph.leaf_nodes())


def columns(questionnaire):
    return list(questionnaire.questions.get(key="past_medications").columns.values_list("key", flat=True))


def test_a_published_version_stays_as_it_was_and_its_copy_with_months_is_published():
    old = questionnaire_create_draft(data=data_before_the_unit_column())
    old.publish()
    run_migration()
    old.refresh_from_db()
    new = Questionnaire.latest_published(old.slug)
    assert (old.status, new.version, new.created_from_id) == ("retired", old.version + 1, old.pk)
    assert UNIT not in columns(old)
    assert columns(new)[2:4] == ["weeks_at_that_dose", UNIT]
    assert new.questions.get(key="weeks_at_that_dose").text == "About how long at that dose?"
    assert old.questions.get(key="weeks_at_that_dose").text == "About how many weeks at that dose?"
    assert list(new.questions.get(key=UNIT).choices.values_list("value", flat=True)) == ["weeks", "months"]
    assert new.questions.count() == old.questions.count() + 1
    new.full_clean_content()


def test_a_draft_gets_the_column_in_place_and_a_second_run_changes_nothing():
    draft = questionnaire_create_draft(data=data_before_the_unit_column())
    run_migration()
    run_migration()
    assert Questionnaire.objects.count() == 1
    assert columns(draft)[2:4] == ["weeks_at_that_dose", UNIT]
