"""questionnaire_export: a FHIR R4 Questionnaire that a FHIR library accepts."""

import json

from django.core.management import call_command
from fhir.resources.R4B.questionnaire import Questionnaire as FhirQuestionnaire

from prep.questionnaires.fhir import questionnaire_to_fhir


def export(*args):
    from io import StringIO

    out = StringIO()
    call_command("questionnaire_export", *args, stdout=out)
    return json.loads(out.getvalue())


def items_by_link_id(items, found=None):
    found = {} if found is None else found
    for item in items:
        found[item["linkId"]] = item
        items_by_link_id(item.get("item", []), found)
    return found


def test_export_validates_against_the_fhir_r4b_model(default_questionnaire):
    resource = export()
    FhirQuestionnaire.model_validate(resource)
    assert resource["resourceType"] == "Questionnaire"
    assert resource["status"] == "active"
    assert resource["version"] == "1"
    assert resource["url"].endswith("/Questionnaire/trd-previsit")
    assert "© Pfizer Inc." in resource["copyright"]


def test_sections_are_groups_and_question_keys_are_link_ids(default_questionnaire):
    resource = questionnaire_to_fhir(default_questionnaire)
    assert [item["type"] for item in resource["item"]] == ["group"] * default_questionnaire.sections.count()
    link_ids = items_by_link_id(resource["item"])
    keys = set(default_questionnaire.questions.values_list("key", flat=True))
    assert keys <= set(link_ids)
    phq = link_ids["phq9"]
    assert phq["code"][0] == {"system": "http://loinc.org", "code": "44249-1", "display": "PHQ-9"}


def test_kinds_choices_groups_and_conditions_map_to_fhir(default_questionnaire):
    link_ids = items_by_link_id(questionnaire_to_fhir(default_questionnaire)["item"])
    item9 = link_ids["44260-8"]
    assert item9["type"] == "choice" and item9["required"] is True
    assert item9["answerOption"][1] == {"valueCoding": {"code": "1", "display": "Several days"}}
    assert item9["code"] == [{"system": "http://loinc.org", "code": "44260-8"}]
    assert link_ids["thoughts_today"]["enableWhen"] == [
        {"question": "44260-8", "operator": ">", "answerCoding": {"code": "0", "display": "Not at all"}}
    ]
    assert link_ids["stressors"]["repeats"] is True
    medicines = link_ids["past_medications"]
    assert medicines["type"] == "group" and medicines["repeats"] is True
    assert [child["linkId"] for child in medicines["item"] if child["type"] != "display"][:2] == ["drug", "highest_daily_dose_mg"]
    assert link_ids["weeks_at_that_dose"]["type"] == "integer"
    assert link_ids["highest_daily_dose_mg"]["type"] == "decimal"
    assert link_ids["visit_goals"]["type"] == "text"
    assert link_ids["changed_dose_self"]["type"] == "boolean"


def test_a_chosen_version_can_be_exported(default_questionnaire):
    draft = default_questionnaire.create_draft()
    resource = export("--version", str(draft.version))
    assert resource["version"] == "2" and resource["status"] == "draft"
