"""response_export: the response as a FHIR R4 Bundle, validated with fhir.resources."""

import io
import json

from django.core.management import call_command
from fhir.resources.R4B.bundle import Bundle

from tests.personas import MINIMAL, TYPICAL, make_submitted_response


def export(response):
    output = io.StringIO()
    call_command("response_export", "--appointment", str(response.appointment_id), stdout=output)
    return json.loads(output.getvalue())


def items_by_link(items, found=None):
    found = {} if found is None else found
    for item in items:
        found.setdefault(item["linkId"], []).append(item)
        items_by_link(item.get("item", []), found)
    return found


def test_export_is_a_valid_bundle_with_the_response_and_score_observations(default_questionnaire):
    response = make_submitted_response(TYPICAL, questionnaire=default_questionnaire)
    data = export(response)
    Bundle.model_validate(data)
    assert data["type"] == "collection"
    qr, *observations = [entry["resource"] for entry in data["entry"]]
    assert qr["resourceType"] == "QuestionnaireResponse" and qr["status"] == "completed"
    assert qr["questionnaire"] == f"https://appointment-prep.example/fhir/Questionnaire/trd-previsit|{default_questionnaire.version}"
    codes = {obs["code"]["coding"][0]["code"]: obs["valueQuantity"]["value"] for obs in observations}
    assert codes == {"44261-6": 17, "70274-6": 10}
    items = items_by_link(qr["item"])
    assert items["44260-8"][0]["answer"] == [{"valueCoding": {"code": "1", "display": "Several days"}}]
    assert items["hospitalised"][0]["answer"] == [{"valueBoolean": False}]
    assert items["first_episode_age"][0]["answer"] == [{"valueInteger": 24}]
    assert items["sleep_hours"][0]["answer"] == [{"valueDecimal": 5.5}]
    assert len(items["stressors"][0]["answer"]) == 2
    section = next(item for item in qr["item"] if item["linkId"] == "medicines_tried")
    assert [row["linkId"] for row in section["item"]] == ["past_medications"] * 3  # one repeated item per row
    assert items["drug"][0]["answer"] == [{"valueString": "Zoloft 100mg"}]
    assert [item["linkId"] for item in qr["item"]][:2] == ["about_visit", "phq9"]


def test_hidden_answers_are_not_exported_and_an_incomplete_score_gives_no_observation(default_questionnaire):
    answers = {**MINIMAL, "hospitalised": "no", "hospitalised_detail": "stale"}
    del answers["44250-9"]
    data = export(make_submitted_response(answers, questionnaire=default_questionnaire))
    Bundle.model_validate(data)
    resources = [entry["resource"] for entry in data["entry"]]
    assert "hospitalised_detail" not in items_by_link(resources[0]["item"])
    assert [obs["code"]["coding"][0]["code"] for obs in resources[1:]] == ["70274-6"]


def test_prefer_not_to_say_to_a_number_exports_without_a_value(default_questionnaire):
    data = export(make_submitted_response({**MINIMAL, "drug_use_count": "prefer_not"}, questionnaire=default_questionnaire))
    Bundle.model_validate(data)
    assert "drug_use_count" not in items_by_link(data["entry"][0]["resource"]["item"])
