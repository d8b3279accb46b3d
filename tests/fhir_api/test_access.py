"""Who may use the FHIR API: no token → 401, a token without the type's scope → 403, a good token → the data.
Tokens come from OAuth 2.0 client credentials; the API speaks JSON only and answers errors as OperationOutcomes."""

import base64

import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.capabilitystatement import CapabilityStatement
from fhir.resources.R4B.operationoutcome import OperationOutcome

from tests.personas import TYPICAL, make_submitted_response

TYPES = ("Patient", "Questionnaire", "QuestionnaireResponse", "Observation")


def outcome_of(response):
    assert response["Content-Type"].startswith("application/fhir+json")
    data = response.json()
    OperationOutcome.model_validate(data)
    return data["issue"][0]


@pytest.mark.parametrize("type_name", TYPES)
def test_a_client_without_a_token_gets_401_and_is_told_to_use_a_bearer_token(client, db, type_name):
    response = client.get(f"/fhir/{type_name}")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert outcome_of(response)["code"] == "login"


def test_a_made_up_or_expired_token_gets_401(client, ehr_application):
    from django.utils import timezone

    from tests.fhir_api.conftest import token_for

    expired = token_for(ehr_application, "system/Patient.read")
    expired.expires = timezone.now()
    expired.save()
    for token in ("not-a-token", expired.token):
        response = client.get("/fhir/Patient", HTTP_AUTHORIZATION=f"Bearer {token}")
        assert response.status_code == 401


@pytest.mark.parametrize(
    "scope, type_name",
    [
        ("system/Patient.read", "Observation"),
        ("system/Observation.read", "QuestionnaireResponse"),
        ("system/QuestionnaireResponse.read", "Patient"),
        ("system/Patient.read", "Questionnaire"),
    ],
)
def test_a_token_without_the_scope_of_the_type_gets_403_naming_the_scope(ehr_with_scope, scope, type_name):
    client = ehr_with_scope(scope)
    response = client.get(f"/fhir/{type_name}")
    assert response.status_code == 403
    assert outcome_of(response)["diagnostics"] == f"The token lacks the scope system/{type_name}.read."
    assert 'error="insufficient_scope"' in response["WWW-Authenticate"]


@pytest.mark.parametrize("type_name", TYPES)
def test_a_token_with_the_scope_gets_a_searchset_bundle(ehr_with_scope, default_questionnaire, type_name):
    make_submitted_response(TYPICAL, questionnaire=default_questionnaire)
    response = ehr_with_scope(f"system/{type_name}.read").get(f"/fhir/{type_name}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/fhir+json; charset=utf-8"
    bundle = response.json()
    Bundle.model_validate(bundle)
    assert bundle["type"] == "searchset" and bundle["entry"]
    assert {entry["resource"]["resourceType"] for entry in bundle["entry"]} == {type_name}


def test_client_credentials_give_a_token_with_the_asked_scope_that_opens_the_api(client, ehr_application, default_questionnaire):
    make_submitted_response(TYPICAL, questionnaire=default_questionnaire)
    basic = base64.b64encode(b"ehr-client:ehr-secret-value").decode()
    response = client.post(
        "/fhir/auth/token",
        {"grant_type": "client_credentials", "scope": "system/Observation.read"},
        HTTP_AUTHORIZATION=f"Basic {basic}",
    )
    assert response.status_code == 200
    token = response.json()
    assert token["scope"] == "system/Observation.read" and token["token_type"] == "Bearer"
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {token['access_token']}"}
    assert client.get("/fhir/Observation", **bearer).status_code == 200
    assert client.get("/fhir/Patient", **bearer).status_code == 403


def test_a_wrong_client_secret_gets_no_token(client, ehr_application):
    basic = base64.b64encode(b"ehr-client:wrong").decode()
    response = client.post(
        "/fhir/auth/token", {"grant_type": "client_credentials"}, HTTP_AUTHORIZATION=f"Basic {basic}"
    )
    assert response.status_code == 401
    assert "access_token" not in response.json()


def test_metadata_is_a_capability_statement_open_to_anyone(client, db):
    response = client.get("/fhir/metadata")
    assert response.status_code == 200
    statement = response.json()
    CapabilityStatement.model_validate(statement)
    resources = {resource["type"]: resource for resource in statement["rest"][0]["resource"]}
    assert set(resources) == set(TYPES)
    params = {param["name"] for param in resources["QuestionnaireResponse"]["searchParam"]}
    assert {"patient", "patient.identifier", "authored", "_count"} <= params
    token_url = statement["rest"][0]["security"]["extension"][0]["extension"][0]["valueUri"]
    assert token_url == "http://testserver/fhir/auth/token"


def test_xml_is_refused_with_406(ehr, db):
    assert ehr.get("/fhir/Patient", HTTP_ACCEPT="application/fhir+xml").status_code == 406
    response = ehr.get("/fhir/Patient", {"_format": "xml"})
    assert response.status_code == 406 and outcome_of(response)["code"] == "not-supported"


def test_writes_get_405_not_a_csrf_page(ehr, db):
    response = ehr.post("/fhir/Patient", data="{}", content_type="application/fhir+json")
    assert response.status_code == 405
    assert outcome_of(response)["diagnostics"] == "This API is read-only: only GET is allowed."


def test_an_unknown_type_gets_404_as_an_operation_outcome(ehr, db):
    response = ehr.get("/fhir/Encounter")
    assert response.status_code == 404 and outcome_of(response)["code"] == "not-supported"


def test_api_responses_are_not_stored_and_not_sniffed(ehr, default_questionnaire):
    make_submitted_response(TYPICAL, questionnaire=default_questionnaire)
    response = ehr.get("/fhir/QuestionnaireResponse")
    assert "no-store" in response["Cache-Control"]
    assert response["X-Content-Type-Options"] == "nosniff"
