"""The read-only FHIR R4 API for the clinic's EHR: JSON only, behind OAuth 2.0 client credentials with one scope per
resource type (`system/<Type>.read`), every read audit-logged. Errors are OperationOutcomes that never repeat what
was searched for (a search value may identify a patient)."""

import json

from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from oauth2_provider.oauth2_backends import get_oauthlib_core

from prep.clinic.models import AuditEvent
from prep.fhir_api.capability import capability_statement
from prep.fhir_api.page_links import PageLinkExpired, link_query, opened
from prep.fhir_api.resources import RESOURCE_TYPES
from prep.fhir_api.searching import SearchProblem, paging
from prep.visits.models import Patient

FHIR_JSON = "application/fhir+json"
JSON_FORMATS = {"json", "application/json", FHIR_JSON}
ACCEPTED = ("application/fhir+json", "application/json", "application/*", "*/*")


def fhir_response(resource, status=200, **headers):
    response = HttpResponse(json.dumps(resource, ensure_ascii=False), status=status, content_type=f"{FHIR_JSON}; charset=utf-8")
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def outcome(status, code, message, **headers):
    issue = {"severity": "error", "code": code, "diagnostics": message}
    return fhir_response({"resourceType": "OperationOutcome", "issue": [issue]}, status=status, **headers)


def format_problem(request):
    """An OperationOutcome when the client asks for anything but JSON (the API speaks JSON only), else None."""
    wanted = request.GET.get("_format")
    accept = request.headers.get("Accept", "")
    if (wanted and wanted not in JSON_FORMATS) or (accept and not any(kind in accept for kind in ACCEPTED)):
        return outcome(406, "not-supported", "This server returns FHIR JSON only (application/fhir+json).")
    return None


def method_problem(request):
    if request.method == "POST" and request.path.endswith("/_search"):
        return None  # FHIR's search by POST: the parameters stay out of the URL (and so out of access logs)
    if request.method not in ("GET", "HEAD"):
        return outcome(405, "not-supported", "This API is read-only: only GET is allowed.", Allow="GET")
    return None


def client_or_problem(request, resource_type):
    """(application, None) for a valid token with the type's scope; (None, OperationOutcome) otherwise."""
    valid, oauth_request = get_oauthlib_core().verify_request(request, scopes=[])
    if not valid:
        return None, outcome(
            401, "login", "A valid OAuth 2.0 Bearer token is required.", WWW_Authenticate='Bearer realm="fhir"'
        )
    token = oauth_request.access_token
    if not token.allow_scopes([resource_type.scope]):
        return None, outcome(
            403,
            "forbidden",
            f"The token lacks the scope {resource_type.scope}.",
            WWW_Authenticate=f'Bearer realm="fhir", error="insufficient_scope", scope="{resource_type.scope}"',
        )
    return token.application, None


def whose(record):
    """The AuditEvent field naming whose data was returned: the Patient record for a Patient, else the appointment."""
    return {"patient": record} if isinstance(record, Patient) else {"appointment": record}


def audit(request, application, resource_type, interaction, matches):
    """One event for the read or search, and one for each appointment (or, for Patients, each patient record) whose
    data it returned."""
    detail = f"FHIR API {interaction} {resource_type.name}: {len(matches)} returned, client {application.pk}"
    common = {
        "user": application.user,
        "action": AuditEvent.Action.FHIR_READ,
        "ip": request.META.get("REMOTE_ADDR") or None,
    }
    records = {(type(record), record.pk): record for _resource, record in matches if record is not None}
    events = [AuditEvent(detail=detail[:200], **common)]
    events += [
        AuditEvent(detail=f"FHIR API {resource_type.name}, client {application.pk}", **whose(record), **common)
        for record in records.values()
    ]
    AuditEvent.objects.bulk_create(events)


def fhir_base(request):
    return request.build_absolute_uri(reverse("fhir_api:metadata")).removesuffix("/metadata")


def checked(request, type_name):
    """(resource type, application, None) or (None, None, the OperationOutcome to return)."""
    problem = method_problem(request) or format_problem(request)
    if problem:
        return None, None, problem
    resource_type = RESOURCE_TYPES.get(type_name)
    if resource_type is None:
        return None, None, outcome(404, "not-supported", "This server has no such resource type.")
    application, problem = client_or_problem(request, resource_type)
    return resource_type, application, problem


@csrf_exempt
def metadata(request):
    problem = method_problem(request) or format_problem(request)
    return problem or fhir_response(capability_statement(fhir_base(request)))


@csrf_exempt
def search(request, type_name):
    resource_type, application, problem = checked(request, type_name)
    if problem:
        return problem
    try:
        params = opened(request.POST if request.method == "POST" else request.GET, resource_type.name)
        offset, count = paging(params)
        page = resource_type.search(params, offset, count)
    except PageLinkExpired as error:
        return outcome(410, "not-found", str(error))
    except SearchProblem as error:
        return outcome(400, "invalid", str(error))
    audit(request, application, resource_type, "search", page.matches)
    return fhir_response(searchset(request, resource_type, params, page, offset, count))


@csrf_exempt
def read(request, type_name, resource_id):
    resource_type, application, problem = checked(request, type_name)
    if problem:
        return problem
    found = resource_type.read(resource_id)
    audit(request, application, resource_type, "read", [found] if found else [])
    if found is None:
        return outcome(404, "not-found", f"No {resource_type.name} has this id.")
    return fhir_response(found[0])


def searchset(request, resource_type, params, page, offset, count):
    base = fhir_base(request)
    kept = [(name, values) for name, values in params.lists() if name not in ("_offset", "_count")]

    def link(relation, at):
        query = [(name, value) for name, values in kept for value in values] + [("_count", count), ("_offset", at)]
        return {"relation": relation, "url": f"{base}/{resource_type.name}?{link_query(resource_type.name, query)}"}

    links = [link("self", offset), link("first", 0)]
    if page.has_more:
        links.append(link("next", offset + count))
    if offset > 0:
        links.append(link("previous", max(offset - count, 0)))
    bundle = {"resourceType": "Bundle", "type": "searchset"}
    if page.total is not None:
        bundle["total"] = page.total
    bundle["link"] = links
    bundle["entry"] = [
        {
            "fullUrl": f"{base}/{resource['resourceType']}/{resource['id']}",
            "resource": resource,
            "search": {"mode": "match"},
        }
        for resource, _record in page.matches
    ]
    return bundle
