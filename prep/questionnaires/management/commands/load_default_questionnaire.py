from django.core.management.base import BaseCommand

from prep.questionnaires.loader import load_default_questionnaire


class Command(BaseCommand):
    help = "Load and publish the default pre-visit questionnaire (does nothing if it is already there)."

    def handle(self, *args, **options):
        questionnaire, created = load_default_questionnaire()
        verb = "Loaded and published" if created else "Already present:"
        self.stdout.write(f"{verb} {questionnaire.slug} version {questionnaire.version} ({questionnaire.status}).")
