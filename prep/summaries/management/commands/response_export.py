import json

from django.core.management.base import BaseCommand, CommandError

from prep.summaries.fhir import response_bundle
from prep.visits.models import Response


class Command(BaseCommand):
    help = "Print an appointment's response as a FHIR R4 Bundle: QuestionnaireResponse plus PHQ-9/GAD-7 Observations."

    def add_arguments(self, parser):
        parser.add_argument("--appointment", type=int, required=True, help="appointment id")

    def handle(self, *args, appointment, **options):
        response = (
            Response.objects.select_related("appointment__patient", "questionnaire").filter(appointment_id=appointment).first()
        )
        if response is None:
            raise CommandError(f"Appointment {appointment} has no response.")
        self.stdout.write(json.dumps(response_bundle(response), indent=2, ensure_ascii=False))
