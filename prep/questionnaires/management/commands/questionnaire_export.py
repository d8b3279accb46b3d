import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from prep.questionnaires.fhir import questionnaire_to_fhir
from prep.questionnaires.models import Questionnaire


class Command(BaseCommand):
    help = "Print a questionnaire version as a FHIR R4 Questionnaire (JSON). Default: the published version."

    def create_parser(self, prog_name, subcommand, **kwargs):
        # Our --version (the questionnaire's) replaces Django's own --version flag.
        return super().create_parser(prog_name, subcommand, conflict_handler="resolve", **kwargs)

    def add_arguments(self, parser):
        parser.add_argument("--slug", default=settings.DEFAULT_QUESTIONNAIRE_SLUG)
        parser.add_argument("--version", type=int, dest="questionnaire_version")

    def handle(self, *args, slug, questionnaire_version, **options):
        versions = Questionnaire.objects.filter(slug=slug)
        if questionnaire_version is not None:
            questionnaire = versions.filter(version=questionnaire_version).first()
        else:
            questionnaire = versions.filter(status=Questionnaire.Status.PUBLISHED).first() or versions.first()
        if questionnaire is None:
            raise CommandError(f"No questionnaire {slug!r}" + (f" version {questionnaire_version}" if questionnaire_version else ""))
        self.stdout.write(json.dumps(questionnaire_to_fhir(questionnaire), indent=2, ensure_ascii=False))
