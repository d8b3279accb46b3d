"""`/fhir/metadata`: the CapabilityStatement that tells an EHR what this server does and how to get a token."""

from django.conf import settings
from django.urls import reverse

from prep.fhir_api.resources import RESOURCE_TYPES

STATEMENT_DATE = "2026-12-02"  # when what this statement says last changed: update it with the API


def capability_statement(base):
    token_url = base.removesuffix("/fhir") + reverse("fhir_api:token")
    return {
        "resourceType": "CapabilityStatement",
        "status": "active",
        "date": STATEMENT_DATE,
        "publisher": "Appointment prep",
        "kind": "instance",
        "implementation": {"description": "Appointment prep: patients' answers before a visit", "url": base},
        "fhirVersion": "4.0.1",
        "format": ["json"],
        "rest": [
            {
                "mode": "server",
                "documentation": "Read-only. OAuth 2.0 client credentials; one scope per type: system/<Type>.read.",
                "security": {
                    "cors": False,
                    "service": [
                        {
                            "coding": [
                                {
                                    "system": "http://terminology.hl7.org/CodeSystem/restful-security-service",
                                    "code": "OAuth",
                                }
                            ]
                        }
                    ],
                    "extension": [
                        {
                            "url": "http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris",
                            "extension": [{"url": "token", "valueUri": token_url}],
                        }
                    ],
                },
                "resource": [resource_capability(resource_type) for resource_type in RESOURCE_TYPES.values()],
            }
        ],
        "url": f"{settings.FHIR_CANONICAL_BASE}/CapabilityStatement/appointment-prep",
    }


def resource_capability(resource_type):
    return {
        "type": resource_type.name,
        "interaction": [{"code": code} for code in resource_type.interactions],
        "searchParam": [
            {"name": name, "type": kind, "documentation": documentation}
            for name, (kind, documentation) in resource_type.search_params.items()
        ]
        + [
            {"name": "_count", "type": "number", "documentation": "Results per page (default 20, at most 100)."},
            {"name": "_offset", "type": "number", "documentation": "How many results to skip (paging links set it)."},
        ],
    }
