from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from prep.questionnaires.fhir_import import ImportProblem, questionnaire_import


class Command(BaseCommand):
    help = "Import a FHIR R4 Questionnaire (JSON) as a new draft version."

    def add_arguments(self, parser):
        parser.add_argument("path", help="The JSON file to import.")

    def handle(self, *args, path, **options):
        try:
            text = Path(path).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read {path}: {error}") from error
        notes = []
        try:
            draft = questionnaire_import(text=text, notes=notes)
        except ImportProblem as problem:
            raise CommandError(str(problem)) from problem
        self.stdout.write(f"Imported {draft.slug} as draft version {draft.version}.")
        for note in notes:
            self.stdout.write(f"Note: {note}")
