"""Import a FHIR R4 Questionnaire as a new draft: round trip, admin upload, command, and clear messages for bad files."""

import copy
import json
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from prep.questionnaires.fhir import questionnaire_to_fhir
from prep.questionnaires.fhir_import import ImportProblem, questionnaire_import
from prep.questionnaires.models import Questionnaire

IMPORT_URL = "/admin/questionnaires/questionnaire/import/"
VERSION_FIELDS = ("version", "status", "date")


def without_version_fields(resource):
    return {key: value for key, value in resource.items() if key not in VERSION_FIELDS}


def upload(client, content, name="questionnaire.json"):
    body = content if isinstance(content, bytes) else json.dumps(content).encode()
    return client.post(IMPORT_URL, {"file": SimpleUploadedFile(name, body, content_type="application/json")})


def test_round_trip_export_import_export_gives_the_same_json(default_questionnaire):
    exported = questionnaire_to_fhir(default_questionnaire)
    draft = questionnaire_import(text=json.dumps(exported))
    again = questionnaire_to_fhir(draft)
    assert without_version_fields(again) == without_version_fields(exported)
    assert (again["version"], again["status"]) == ("2", "draft")
    assert "date" not in again


def test_imported_draft_keeps_instruments_show_if_and_group_columns(default_questionnaire):
    draft = questionnaire_import(text=json.dumps(questionnaire_to_fhir(default_questionnaire)))
    assert (draft.status, draft.version, draft.created_from) == ("draft", 2, default_questionnaire)
    assert dict(draft.sections.values_list("key", "instrument"))["phq9"] == "phq9"
    # item 9 > "Not at all" is exported as one `=` per non-zero answer, which reads back as the same condition by `in`
    thoughts_today = draft.questions.get(key="thoughts_today")
    assert thoughts_today.show_if == {"question": "44260-8", "op": "in", "value": ["1", "2", "3"]}
    detail = draft.questions.get(key="hospitalised_detail")
    assert detail.show_if == {"question": "hospitalised", "op": "eq", "value": "yes"}
    columns = draft.questions.get(key="past_medications").columns.order_by("order")
    assert [column.key for column in columns][:2] == ["drug", "highest_daily_dose_mg"]
    assert draft.questions.get(key="past_medications").entry_name == "medicine"
    carried = set(draft.questions.filter(carried_forward=True).values_list("key", flat=True))
    assert carried == set(default_questionnaire.questions.filter(carried_forward=True).values_list("key", flat=True))
    assert "past_medications" in carried and "44260-8" not in carried
    assert draft.questions.get(key="family_history").choices.get(value="none").exclusive


def test_any_of_condition_round_trips_through_enable_behavior_any(mini_published):
    draft = mini_published.create_draft()
    detail = draft.questions.get(key="low_detail")
    detail.show_if = {"question": "mood", "op": "in", "value": ["good", "low"]}
    detail.save()
    exported = questionnaire_to_fhir(draft)
    imported = questionnaire_import(text=json.dumps(exported))
    assert imported.questions.get(key="low_detail").show_if == detail.show_if
    assert without_version_fields(questionnaire_to_fhir(imported)) == without_version_fields(exported)


def test_admin_upload_creates_a_draft_and_opens_it(admin_client, default_questionnaire):
    response = upload(admin_client, questionnaire_to_fhir(default_questionnaire))
    draft = Questionnaire.objects.get(slug="trd-previsit", version=2)
    assert response.status_code == 302
    assert response["Location"] == f"/admin/questionnaires/questionnaire/{draft.pk}/change/"
    assert draft.status == "draft"
    assert Questionnaire.latest_published("trd-previsit") == default_questionnaire


def test_import_page_shows_the_upload_form(admin_client, db):
    response = admin_client.get(IMPORT_URL)
    assert response.status_code == 200
    assert 'type="file"' in response.content.decode()


def broken(default_questionnaire, change):
    resource = copy.deepcopy(questionnaire_to_fhir(default_questionnaire))
    change(resource)
    return resource


def duplicate_link_id(resource):
    resource["item"][0]["item"][1]["linkId"] = "visit_questions"


def unknown_type(resource):
    resource["item"][0]["item"][1]["type"] = "attachment"


def enable_when_to_later_item(resource):
    resource["item"][0]["item"][1]["enableWhen"] = [
        {"question": "hospitalised", "operator": "exists", "answerBoolean": True}
    ]


def enable_while_unanswered(resource):
    resource["item"][0]["item"][2]["enableWhen"] = [
        {"question": "visit_goals", "operator": "exists", "answerBoolean": False}
    ]


def section_named_like_a_question(resource):
    resource["item"][0]["linkId"] = "visit_goals"


def not_a_questionnaire(resource):
    resource["resourceType"] = "Patient"


@pytest.mark.parametrize(
    "change, message",
    [
        (duplicate_link_id, "The linkId “visit_questions” is used twice."),
        (section_named_like_a_question, "The linkId “visit_goals” is used twice."),
        (
            unknown_type,
            "Item “visit_goals” (What do you most want help with at this visit?) has type “attachment”, which this "
            "question bank does not support.",
        ),
        (
            enable_when_to_later_item,
            "Item “visit_goals” (What do you most want help with at this visit?) is enabled by “hospitalised”, which "
            "is not an earlier question.",
        ),
        (not_a_questionnaire, "This is not a FHIR Questionnaire (resourceType is “Patient”)."),
        (
            enable_while_unanswered,
            "Item “visit_questions” (Do you have any questions for the psychiatrist?): enableWhen “exists” false "
            "(shown while unanswered) is not supported.",
        ),
    ],
)
def test_bad_files_get_a_clear_message_on_the_page(admin_client, default_questionnaire, change, message):
    response = upload(admin_client, broken(default_questionnaire, change))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Questionnaire.objects.count() == 1


def test_a_file_that_is_not_json_gets_a_clear_message(admin_client, db):
    response = upload(admin_client, b"<Questionnaire/>", name="questionnaire.xml")
    assert response.status_code == 200
    assert "The file is not valid JSON" in response.content.decode()
    assert not Questionnaire.objects.exists()


def test_a_file_of_the_wrong_shape_gets_a_message_not_an_error(admin_client, db):
    item = {"linkId": "q", "type": "string", "text": {"not": "text"}}
    resource = {"resourceType": "Questionnaire", "url": "x/q", "item": [{"linkId": "s", "type": "group", "item": [item]}]}
    response = upload(admin_client, resource)
    assert response.status_code == 200
    assert "The file does not have the shape of a FHIR Questionnaire" in response.content.decode()
    assert not Questionnaire.objects.exists()


def test_a_file_with_model_problems_leaves_nothing_behind(default_questionnaire):
    resource = broken(default_questionnaire, lambda r: r["item"][3]["item"][1].update(answerOption=[]))
    assert resource["item"][3]["item"][1]["linkId"] == "stressors"
    with pytest.raises(ImportProblem, match="“stressors”: a choice question needs at least one choice."):
        questionnaire_import(text=json.dumps(resource))
    assert Questionnaire.objects.count() == 1


def test_import_command(tmp_path, default_questionnaire):
    path = tmp_path / "questionnaire.json"
    path.write_text(json.dumps(questionnaire_to_fhir(default_questionnaire)), encoding="utf-8")
    out = StringIO()
    call_command("questionnaire_import", str(path), stdout=out)
    assert out.getvalue().strip() == "Imported trd-previsit as draft version 2."
    assert Questionnaire.objects.get(version=2).status == "draft"


def test_import_command_reports_bad_files(tmp_path, db):
    path = tmp_path / "questionnaire.json"
    path.write_text('{"resourceType": "Bundle"}', encoding="utf-8")
    with pytest.raises(CommandError, match="This is not a FHIR Questionnaire"):
        call_command("questionnaire_import", str(path))
