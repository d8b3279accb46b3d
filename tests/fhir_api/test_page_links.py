"""A search by record number, made by POST to keep it out of URLs, gets page links that do not put it back: they
carry the search sealed (`_page`), lead to the same pages, and cannot be forged, moved to another type or kept
forever."""

import datetime
import json
from urllib.parse import parse_qs, urlsplit

from prep.fhir_api import page_links
from prep.visits.services import patient_create
from tests.fhir_api.test_search import bundle_of, ids, sent

RECORD_NUMBER = "MRN-0042"


def jane_with_three_visits(default_questionnaire):
    jane = patient_create(name="Jane Doe", date_of_birth=datetime.date(1980, 4, 2), record_number=RECORD_NUMBER)
    visits = [sent(default_questionnaire, patient=jane) for _ in range(3)]
    sent(default_questionnaire, name="John Roe")
    return jane, [f"appointment-{visit.appointment_id}" for visit in visits]


def links_of(bundle):
    return {link["relation"]: link["url"] for link in bundle["link"]}


def test_the_links_of_a_search_by_record_number_name_no_identifier_and_lead_to_the_same_pages(
    ehr, default_questionnaire
):
    _jane, visits = jane_with_three_visits(default_questionnaire)
    first = bundle_of(ehr.post("/fhir/QuestionnaireResponse/_search", {"patient.identifier": RECORD_NUMBER, "_count": 2}))
    assert ids(first) == visits[:2] and first["total"] == 3
    links = links_of(first)
    assert set(links) == {"self", "first", "next"}
    for url in links.values():
        assert RECORD_NUMBER not in url and "identifier" not in url
        assert list(parse_qs(urlsplit(url).query)) == ["_page"]
    second = bundle_of(ehr.get(links["next"]))
    assert ids(second) == visits[2:]
    assert ids(bundle_of(ehr.get(links_of(second)["previous"]))) == visits[:2]
    assert ids(bundle_of(ehr.get(links["self"]))) == visits[:2]


def test_a_search_without_identifiers_keeps_readable_links(ehr, default_questionnaire):
    jane, _visits = jane_with_three_visits(default_questionnaire)
    bundle = bundle_of(ehr.get("/fhir/QuestionnaireResponse", {"patient": f"Patient/patient-{jane.pk}", "_count": 2}))
    assert parse_qs(urlsplit(links_of(bundle)["next"]).query) == {
        "patient": [f"Patient/patient-{jane.pk}"], "_count": ["2"], "_offset": ["2"],
    }


def test_a_page_link_that_was_altered_or_made_for_another_type_gets_400_and_an_expired_one_410(
    ehr, default_questionnaire
):
    jane_with_three_visits(default_questionnaire)
    first = bundle_of(ehr.post("/fhir/QuestionnaireResponse/_search", {"patient.identifier": RECORD_NUMBER, "_count": 2}))
    token = parse_qs(urlsplit(links_of(first)["next"]).query)["_page"][0]
    altered = token[:-6] + ("AAAAAA" if not token.endswith("AAAAAA") else "BBBBBB")
    problems = [
        ("/fhir/QuestionnaireResponse", {"_page": altered}, 400, "not a link this server made"),
        ("/fhir/Observation", {"_page": token}, 400, "another resource type"),
        ("/fhir/QuestionnaireResponse", {"_page": token, "_count": 5}, 400, "comes alone"),
    ]
    search = {"type": "QuestionnaireResponse", "params": [["patient.identifier", RECORD_NUMBER]]}
    two_hours_ago = int(datetime.datetime.now().timestamp()) - 2 * 60 * 60
    stale = page_links.sealing_key().encrypt_at_time(json.dumps(search).encode(), two_hours_ago).decode()
    problems.append(("/fhir/QuestionnaireResponse", {"_page": stale}, 410, "expired: run the search again"))
    for path, params, status, message in problems:
        answer = ehr.get(path, params)
        assert answer.status_code == status, (path, params, answer.content)
        diagnostics = answer.json()["issue"][0]["diagnostics"]
        assert message in diagnostics and RECORD_NUMBER not in diagnostics
