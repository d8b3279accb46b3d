from django.apps import AppConfig


class FhirApiConfig(AppConfig):
    name = "prep.fhir_api"
    verbose_name = "FHIR API"
