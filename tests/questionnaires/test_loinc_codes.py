"""The LOINC codes of the instruments (prep/questionnaires/instruments.py) agree with the published forms kept in
tests/questionnaires/fixtures/, and the export carries them: item codes, LA answer codes and ordinalValue."""

import json
from pathlib import Path

import pytest
from fhir.resources.R4B.questionnaire import Questionnaire as FhirQuestionnaire

from prep.questionnaires.fhir import questionnaire_to_fhir
from prep.questionnaires.instruments import AUDIT_C, GAD7, INSTRUMENTS, LOINC, PHQ9, PHQ9_DIFFICULTY

FIXTURES = Path(__file__).parent / "fixtures"
ORDINAL = "http://hl7.org/fhir/StructureDefinition/ordinalValue"


def published_items(name):
    """{item LOINC code: {answer code: (display, ordinalValue or None)}} of a published Questionnaire."""
    items = {}
    for item in json.loads((FIXTURES / name).read_text())["item"]:
        answers = {}
        for option in item.get("answerOption", []):
            ordinal = next((ext["valueDecimal"] for ext in option.get("extension", []) if ext["url"] == ORDINAL), None)
            answers[option["valueCoding"]["code"]] = (option["valueCoding"]["display"], ordinal)
        items[item["code"][0]["code"]] = answers
    return items


@pytest.mark.parametrize("fixture", ["lforms-fhir-app_phq9.json", "us-core_phq-9-example.json"])
def test_phq9_item_and_answer_codes_match_the_published_loinc_form(fixture):
    published = published_items(fixture)
    for key in (*PHQ9.item_keys, PHQ9_DIFFICULTY):
        code = PHQ9.loinc_for(key)
        assert code in published, key
        ours = {la: (display, PHQ9.ordinal_for(key, value)) for value, (la, display) in PHQ9.answer_loinc[key].items()}
        assert ours == published[code], key
    assert {PHQ9.total_loinc} <= set(published)


def test_gad7_uses_the_same_loinc_answer_list_as_the_phq9_items():
    for key in GAD7.item_keys:
        assert GAD7.answer_loinc[key] == PHQ9.answer_loinc[PHQ9.item_keys[0]]


def test_audit_c_items_2_and_3_match_the_us_core_example():
    published = published_items("us-core_AUDIT-C.json")
    for key in AUDIT_C.item_keys[1:]:
        ours = {la: (display, AUDIT_C.ordinal_for(key, value)) for value, (la, display) in AUDIT_C.answer_loinc[key].items()}
        assert ours == published[AUDIT_C.loinc_for(key)], key
    assert AUDIT_C.total_loinc in published


def test_every_instrument_item_has_an_answer_code_for_every_choice_in_the_default_questionnaire(default_questionnaire):
    for question in default_questionnaire.ordered_questions():
        instrument = INSTRUMENTS.get(question.section.instrument)
        if instrument is None or question.key not in instrument.answer_loinc:
            continue
        assert {choice.value for choice in question.choices.all()} == set(instrument.answer_loinc[question.key])


def options_by_link_id(resource):
    found = {}
    for section in resource["item"]:
        for item in section.get("item", []):
            found[item["linkId"]] = item
    return found


def test_export_gives_every_scored_item_loinc_codes_and_ordinal_values(default_questionnaire):
    resource = questionnaire_to_fhir(default_questionnaire)
    FhirQuestionnaire.model_validate(resource)
    items = options_by_link_id(resource)
    for instrument in (PHQ9, GAD7, AUDIT_C):
        for key in instrument.item_keys:
            item = items[key]
            assert item["code"] == [{"system": LOINC, "code": instrument.loinc_for(key)}]
            for option in item["answerOption"]:
                coding = option["valueCoding"]
                value = instrument.value_for_answer(key, coding["code"])
                assert coding["system"] == LOINC and value is not None
                assert option["extension"] == [{"url": ORDINAL, "valueDecimal": int(value)}]
    difficulty = items[PHQ9_DIFFICULTY]
    assert difficulty["code"] == [{"system": LOINC, "code": "69722-7"}]
    assert [option["valueCoding"]["code"] for option in difficulty["answerOption"]] == [
        "LA6572-7", "LA6573-5", "LA6575-0", "LA6574-3"
    ]
    assert all("extension" not in option for option in difficulty["answerOption"])  # not scored
