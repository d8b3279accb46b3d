"""A deeply nested or huge FHIR import is refused with a message, in the admin and by the command."""

import json

import pytest
from django.core.management import CommandError, call_command

from prep.questionnaires.fhir import questionnaire_to_fhir
from prep.questionnaires.fhir_import import MAX_IMPORT_BYTES, MAX_NESTING, nesting_depth
from prep.questionnaires.models import Questionnaire
from tests.questionnaires.test_import import upload

TOO_DEEP = "nested more than 32 levels deep"


def items_nested(levels):
    item = {"linkId": "q0", "type": "string", "text": "?"}
    for level in range(1, levels):
        item = {"linkId": f"q{level}", "type": "group", "text": "?", "item": [item]}
    return {"resourceType": "Questionnaire", "url": "x/deep", "item": [item]}


def test_our_own_export_is_well_within_the_nesting_limit(default_questionnaire):
    assert nesting_depth(questionnaire_to_fhir(default_questionnaire)) <= MAX_NESTING // 2


def test_items_nested_past_the_limit_are_refused_on_the_admin_page(admin_client, db):
    page = upload(admin_client, items_nested(40))
    assert page.status_code == 200
    assert TOO_DEEP in page.content.decode()
    assert not Questionnaire.objects.exists()


def test_json_nested_deeper_than_the_parser_can_go_is_refused_with_a_message(admin_client, db):
    page = upload(admin_client, b"[" * 200_000 + b"]" * 200_000)
    assert page.status_code == 200
    assert TOO_DEEP in page.content.decode()


def test_the_command_refuses_a_deeply_nested_file(tmp_path, db):
    path = tmp_path / "deep.json"
    path.write_text('{"item": ' * 100_000 + "1" + "}" * 100_000, encoding="utf-8")
    with pytest.raises(CommandError, match=TOO_DEEP):
        call_command("questionnaire_import", str(path))


def test_the_command_refuses_a_file_over_2_mb(tmp_path, db):
    path = tmp_path / "huge.json"
    resource = {"resourceType": "Questionnaire", "url": "x/huge", "description": "x" * MAX_IMPORT_BYTES}
    path.write_text(json.dumps(resource), encoding="utf-8")
    with pytest.raises(CommandError, match="larger than 2 MB"):
        call_command("questionnaire_import", str(path))
    assert not Questionnaire.objects.exists()
