from django.core.management.base import BaseCommand
from django.utils import timezone

from prep.summaries.models import ReferenceStamp
from prep.summaries.reference import Knowledge
from prep.summaries.stored import fingerprint, summary_store
from prep.visits.models import Response


class Command(BaseCommand):
    help = (
        "Build again the stored summaries of upcoming appointments that are out of date (after a change to the "
        "medicine list, a rule or the summary's code). Summaries of visits that have happened are kept as shown."
    )

    def handle(self, *args, **options):
        reference_version, knowledge = ReferenceStamp.current(), Knowledge.load()
        upcoming = Response.objects.filter(
            last_submission__isnull=False, appointment__starts_at__gt=timezone.now()
        ).select_related("appointment", "questionnaire", "last_submission__reviewed_by", "last_submission__stored_summary")
        rebuilt = checked = 0
        for response in upcoming.iterator(chunk_size=100):
            checked += 1
            stored = getattr(response.last_submission, "stored_summary", None)
            if stored is None or stored.fingerprint != fingerprint(response, response.last_submission, reference_version):
                summary_store(response, knowledge=knowledge, reference_version=reference_version, stored=stored)
                rebuilt += 1
        self.stdout.write(f"Checked {checked} upcoming summaries; built {rebuilt} again.")
