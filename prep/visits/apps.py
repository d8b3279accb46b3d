from django.apps import AppConfig


class VisitsConfig(AppConfig):
    name = "prep.visits"
