from django.apps import AppConfig


class SummariesConfig(AppConfig):
    name = "prep.summaries"
