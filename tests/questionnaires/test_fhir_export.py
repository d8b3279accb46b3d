"""questionnaire_export: a FHIR R4 Questionnaire that a FHIR library accepts."""

import json

import pytest
from django.core.management import call_command
from fhir.resources.R4B.questionnaire import Questionnaire as FhirQuestionnaire

from prep.questionnaires.fhir import questionnaire_to_fhir
from prep.questionnaires.loader import questionnaire_create_draft


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
    assert item9["answerOption"][1] == {
        "valueCoding": {"system": "http://loinc.org", "code": "LA6569-3", "display": "Several days"},
        "extension": [{"url": "http://hl7.org/fhir/StructureDefinition/ordinalValue", "valueDecimal": 1}],
    }
    assert item9["code"] == [{"system": "http://loinc.org", "code": "44260-8"}]
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


def loinc(code, display):
    return {"system": "http://loinc.org", "code": code, "display": display}


def test_thoughts_today_is_enabled_by_any_non_zero_answer_to_item_9(default_questionnaire):
    """Item 9's answers are Codings, which have no order: one `=` per non-zero answer, never `>`."""
    thoughts_today = items_by_link_id(questionnaire_to_fhir(default_questionnaire)["item"])["thoughts_today"]
    assert thoughts_today["enableWhen"] == [
        {"question": "44260-8", "operator": "=", "answerCoding": loinc("LA6569-3", "Several days")},
        {"question": "44260-8", "operator": "=", "answerCoding": loinc("LA6570-1", "More than half the days")},
        {"question": "44260-8", "operator": "=", "answerCoding": loinc("LA6571-9", "Nearly every day")},
    ]
    assert thoughts_today["enableBehavior"] == "any"


def test_no_exported_condition_orders_a_coding_or_a_boolean(default_questionnaire):
    rules = [
        rule
        for item in items_by_link_id(questionnaire_to_fhir(default_questionnaire)["item"]).values()
        for rule in item.get("enableWhen", [])
    ]
    unordered = [rule for rule in rules if "answerCoding" in rule or "answerBoolean" in rule]
    assert unordered and all(rule["operator"] in ("=", "!=", "exists") for rule in unordered)


def choices(*labels_by_value):
    return [{"value": value, "label": label} for value, label in labels_by_value]


SCORE = choices(("0", "None"), ("1", "Some"), ("2", "Much"), ("3", "All"))
TARGETS = [
    {"key": "score", "kind": "single_choice", "text": "Score", "choices": SCORE + choices(("unsure", "Unsure"))},
    {"key": "mood", "kind": "single_choice", "text": "Mood", "choices": choices(("good", "Good"), ("low", "Low"))},
    {"key": "ticks", "kind": "multiple_choice", "text": "Ticks", "choices": SCORE},
    {"key": "ever", "kind": "yes_no", "text": "Ever?"},
    {"key": "count", "kind": "integer", "text": "How many?"},
    {"key": "hours", "kind": "decimal", "text": "Hours"},
]


def coded(operator, code, display):
    return operator, {"answerCoding": {"code": code, "display": display}}


ANSWERED, UNANSWERED = ("exists", {"answerBoolean": True}), ("exists", {"answerBoolean": False})


@pytest.mark.parametrize(
    "show_if, enable_when, behavior",
    [
        ({"question": "score", "op": "gt", "value": 1}, [coded("=", "2", "Much"), coded("=", "3", "All")], "any"),
        ({"question": "score", "op": "gte", "value": 3}, [coded("=", "3", "All")], None),
        ({"question": "score", "op": "eq", "value": "unsure"}, [coded("=", "unsure", "Unsure")], None),
        ({"question": "score", "op": "ne", "value": "0"}, [coded("!=", "0", "None")], None),
        ({"question": "score", "op": "in", "value": ["0", "unsure"]}, [coded("=", "0", "None"), coded("=", "unsure", "Unsure")], "any"),
        ({"question": "ticks", "op": "gte", "value": 2}, [coded("=", "2", "Much"), coded("=", "3", "All")], "any"),
        ({"question": "ticks", "op": "answered"}, [ANSWERED], None),
        ({"question": "mood", "op": "gt", "value": 0}, [ANSWERED, UNANSWERED], "all"),  # no choice is a number
        ({"question": "ever", "op": "eq", "value": "yes"}, [("=", {"answerBoolean": True})], None),
        ({"question": "ever", "op": "ne", "value": "yes"}, [("!=", {"answerBoolean": True})], None),
        ({"question": "count", "op": "gt", "value": 2}, [(">", {"answerInteger": 2})], None),
        ({"question": "count", "op": "gte", "value": 1}, [(">=", {"answerInteger": 1})], None),
        ({"question": "hours", "op": "gte", "value": 7.5}, [(">=", {"answerDecimal": 7.5})], None),
    ],
)
def test_each_show_if_becomes_enable_when_for_the_answer_type_of_its_question(db, show_if, enable_when, behavior):
    follow_up = {"key": "follow_up", "kind": "short_text", "text": "Tell us more", "show_if": show_if}
    section = {"key": "s", "title": "S", "questions": [*TARGETS, follow_up]}
    draft = questionnaire_create_draft(data={"slug": "ops", "title": "Ops", "sections": [section]})
    resource = questionnaire_to_fhir(draft)
    FhirQuestionnaire.model_validate(resource)
    item = items_by_link_id(resource["item"])["follow_up"]
    rules = [{"question": show_if["question"], "operator": operator, **answer} for operator, answer in enable_when]
    assert item["enableWhen"] == rules
    assert item.get("enableBehavior") == behavior
