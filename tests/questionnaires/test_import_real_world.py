"""Real-world FHIR Questionnaires (tests/questionnaires/fixtures/, copied unchanged from LHC-Forms and HL7 US Core):
each imports as a working draft, or is refused with a message naming the item; what is left out is named too."""

import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from fhir.resources.R4B.questionnaire import Questionnaire as FhirQuestionnaire

from prep.questionnaires import conditions
from prep.questionnaires.fhir import questionnaire_to_fhir
from prep.questionnaires.fhir_import import ImportProblem, questionnaire_import
from prep.questionnaires.models import Questionnaire
from prep.summaries import scoring

FIXTURES = Path(__file__).parent / "fixtures"
ORDINAL = "http://hl7.org/fhir/StructureDefinition/ordinalValue"


def fixture(name):
    return json.loads((FIXTURES / name).read_text())


def imported(resource):
    notes = []
    draft = questionnaire_import(text=json.dumps(resource), notes=notes)
    return draft, notes


def items_by_link_id(items, found=None):
    found = {} if found is None else found
    for item in items:
        found[item["linkId"]] = item
        items_by_link_id(item.get("item", []), found)
    return found


def test_every_fixture_the_manifest_expects_to_import_imports_and_the_others_are_refused_by_item(db):
    manifest = fixture("manifest.json")
    for name, about in manifest.items():
        if name.startswith("_"):
            continue
        if about["expect"] == "import":
            draft, _notes = imported(fixture(name))
            draft.publish()  # a working draft: it passes the whole-version checks
            FhirQuestionnaire.model_validate(questionnaire_to_fhir(draft))
        else:
            with pytest.raises(ImportProblem, match="Item “/54126-8/54133-4” \\(Ethnicity\\)"):
                imported(fixture(name))


@pytest.mark.parametrize("name", ["lforms-fhir-app_phq9.json", "us-core_phq-9-example.json"])
def test_loinc_phq9_is_wrapped_into_a_scored_section_and_its_total_is_left_out_by_name(db, name):
    draft, notes = imported(fixture(name))
    [section] = draft.ordered_sections()
    assert section.instrument == "phq9"
    questions = {question.key: question for question in draft.ordered_questions()}
    assert "44261-6" not in questions
    assert [note for note in notes if "“/44261-6” (Patient health questionnaire 9 item total score) was left out" in note]
    item = questions["44250-9"]
    assert (item.link_id, item.kind, item.required) == ("/44250-9", "single_choice", True)
    assert [choice.value for choice in item.choices.all()] == ["0", "1", "2", "3"]
    answers = {key: "2" for key in scoring.PHQ9.item_keys}
    shown = conditions.visible_keys(draft.ordered_questions(), answers)
    assert scoring.score_phq9(answers, shown).total == 18


@pytest.mark.parametrize("name", ["lforms-fhir-app_phq9.json", "us-core_phq-9-example.json"])
def test_imported_phq9_exports_again_with_its_link_ids_answer_codes_and_ordinal_values(db, name):
    source = fixture(name)
    draft, _notes = imported(source)
    again = questionnaire_to_fhir(draft)
    FhirQuestionnaire.model_validate(again)
    original = items_by_link_id(source["item"])
    exported = items_by_link_id(again["item"])
    for link_id in ("/44250-9", "/44260-8", "/69722-7"):
        assert exported[link_id]["code"][0]["code"] == original[link_id]["code"][0]["code"]
        codes = [(option["valueCoding"]["code"], ordinal_of(option)) for option in exported[link_id]["answerOption"]]
        assert codes == [(option["valueCoding"]["code"], ordinal_of(option)) for option in original[link_id]["answerOption"]]
    if "url" in source:
        assert again["derivedFrom"] == [source["url"]]


def ordinal_of(option):
    return next((ext["valueDecimal"] for ext in option.get("extension", []) if ext["url"] == ORDINAL), None)


def test_us_core_audit_c_is_refused_as_an_instrument_by_name_and_keeps_its_codes_and_units(db):
    source = fixture("us-core_AUDIT-C.json")
    draft, notes = imported(source)
    [section] = draft.ordered_sections()
    assert section.instrument == ""
    assert any(
        "is coded as AUDIT-C (LOINC 72109-2) but cannot be scored as one: its item 1 (LOINC 68518-0) is missing" in note
        for note in notes
    )
    assert any("“/75626-2” (Total score [AUDIT-C]) was left out" in note for note in notes)
    times = draft.questions.get(link_id="/68517-2")
    assert times.help_text.startswith("Where X is 5 for men and 4 for women")  # its display child
    assert times.unit_coding == {"code": "{#}/a", "display": "{#}/a", "system": "http://unitsofmeasure.org"}
    again = items_by_link_id(questionnaire_to_fhir(draft)["item"])
    original = items_by_link_id(source["item"])
    assert again["/68519-8"]["answerOption"][0]["valueCoding"] == original["/68519-8"]["answerOption"][0]["valueCoding"]
    assert [ordinal_of(option) for option in again["/68520-6"]["answerOption"]] == [0, 1, 2, 3, 4]
    unit = [ext for ext in again["/68517-2"]["extension"] if ext["url"].endswith("questionnaire-unit")]
    assert unit == [ext for ext in original["/68517-2"]["extension"] if ext["url"].endswith("questionnaire-unit")]
    assert again["/68517-2"]["code"] == original["/68517-2"]["code"]


def test_weight_and_height_keeps_units_and_leaves_out_the_calculated_bmi_by_name(db):
    draft, notes = imported(fixture("lforms-fhir-app_weight-height-questionnaire.json"))
    assert notes == [
        "Item “/39156-5” (BMI) was left out: it is calculated from other answers (calculatedExpression); "
        "patients are never asked to type it in."
    ]
    weight = draft.questions.get(link_id="/29463-7")
    assert (weight.kind, weight.unit) == ("decimal", "kg")
    assert not draft.questions.filter(link_id="/39156-5").exists()
    assert draft.source_url == "https://lforms-fhir.nlm.nih.gov/baseR4/Questionnaire/55418-8-x"


def phq9_group(answer_options):
    return {
        "resourceType": "Questionnaire",
        "url": "http://example.org/Questionnaire/mood",
        "status": "active",
        "item": [
            {
                "linkId": "mood",
                "type": "group",
                "text": "Mood",
                "code": [{"system": "http://loinc.org", "code": "44249-1"}],
                "item": [
                    {"linkId": key, "type": "choice", "text": f"Item {key}", "answerOption": answer_options}
                    for key in scoring.PHQ9.item_keys
                ],
            }
        ],
    }


def test_an_instrument_whose_answers_carry_no_score_is_imported_as_an_ordinary_section_with_a_message(db):
    words = [{"valueCoding": {"code": code, "display": code}} for code in ("never", "sometimes", "often")]
    draft, notes = imported(phq9_group(words))
    assert draft.sections.get().instrument == ""
    assert notes == [
        "“mood” is coded as PHQ-9 (LOINC 44249-1) but cannot be scored as one: the answers of item “44250-9” "
        "(Item 44250-9) carry no score (neither a number nor an ordinalValue). It was imported as an ordinary "
        "section, without a score."
    ]


def test_read_only_items_are_left_out_and_a_condition_on_them_is_refused_by_name(db):
    resource = {
        "resourceType": "Questionnaire",
        "url": "http://example.org/Questionnaire/ro",
        "item": [
            {"linkId": "id", "type": "string", "text": "Your clinic number", "readOnly": True},
            {"linkId": "note", "type": "string", "text": "Anything else?"},
        ],
    }
    draft, notes = imported(resource)
    assert [question.key for question in draft.ordered_questions()] == ["note"]
    assert notes == ["Item “id” (Your clinic number) was left out: it is read-only; patients are never asked to type it in."]
    resource["item"][1]["enableWhen"] = [{"question": "id", "operator": "exists", "answerBoolean": True}]
    with pytest.raises(ImportProblem, match="Item “note” \\(Anything else\\?\\) is enabled by “id”, which was left out"):
        imported(resource)


def test_link_ids_that_are_not_keys_get_keys_and_conditions_and_export_keep_the_original(db):
    resource = {
        "resourceType": "Questionnaire",
        "url": "http://example.org/Questionnaire/paths",
        "item": [
            {"linkId": "group.1", "type": "group", "text": "First", "item": [
                {"linkId": "a/b c", "type": "boolean", "text": "Smoker?"},
                {"linkId": "a/b c.2", "type": "string", "text": "How much?",
                 "enableWhen": [{"question": "a/b c", "operator": "=", "answerBoolean": True}]},
            ]},
        ],
    }
    draft, _notes = imported(resource)
    smoker, how_much = draft.ordered_questions()
    assert (smoker.key, smoker.link_id) == ("a-b-c", "a/b c")
    assert how_much.show_if == {"question": "a-b-c", "op": "eq", "value": "yes"}
    again = questionnaire_to_fhir(draft)
    FhirQuestionnaire.model_validate(again)
    assert again["item"][0]["linkId"] == "group.1"
    assert [item["linkId"] for item in again["item"][0]["item"]] == ["a/b c", "a/b c.2"]
    assert again["item"][0]["item"][1]["enableWhen"] == [{"question": "a/b c", "operator": "=", "answerBoolean": True}]


def test_the_admin_sees_what_was_left_out_after_an_upload(admin_client, db):
    body = (FIXTURES / "lforms-fhir-app_phq9.json").read_bytes()
    response = admin_client.post(
        "/admin/questionnaires/questionnaire/import/",
        {"file": SimpleUploadedFile("phq9.json", body, content_type="application/json")},
        follow=True,
    )
    page = response.content.decode()
    assert Questionnaire.objects.get(slug="44249-1").is_draft
    assert "Item “/44261-6” (Patient health questionnaire 9 item total score) was left out" in page


def test_a_refused_upload_names_the_item_and_creates_nothing(admin_client, db):
    body = (FIXTURES / "lforms-fhir-app_ussg-fhp.json").read_bytes()
    response = admin_client.post(
        "/admin/questionnaires/questionnaire/import/",
        {"file": SimpleUploadedFile("fhp.json", body, content_type="application/json")},
    )
    assert response.status_code == 200
    assert "Item “/54126-8/54133-4” (Ethnicity) takes its answers from the value set" in response.content.decode()
    assert not Questionnaire.objects.exists()
