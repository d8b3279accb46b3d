from django.apps import AppConfig


class QuestionnairesConfig(AppConfig):
    name = "prep.questionnaires"
