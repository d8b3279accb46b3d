import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from prep.summaries.documents import render_pdf
from prep.summaries.printing import sent_responses_on
from prep.summaries.sendings import summaries_for_staff
from prep.visits.models import Response


class Command(BaseCommand):
    help = (
        "Write one PDF with the summary of every response sent at least once whose appointment is on --date "
        "(local date, appointment-time order, each patient on new pages), or of one --appointment."
    )

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--date", help="YYYY-MM-DD, in the clinic's time zone")
        which.add_argument("--appointment", type=int, help="appointment id")
        parser.add_argument("--out", required=True, help="the PDF file to write")

    def handle(self, *args, date, appointment, out, **options):
        if date:
            try:
                day = datetime.date.fromisoformat(date)
            except ValueError as error:
                raise CommandError(f"--date must be YYYY-MM-DD: {error}") from error
            responses = sent_responses_on(day)
            if not responses:
                self.stdout.write(f"No sent summaries on {day.isoformat()}; nothing written.")
                return
            title = f"Pre-visit summaries — {day.isoformat()}"
        else:
            response = (
                Response.objects.select_related("appointment", "questionnaire", "last_submission__reviewed_by")
                .filter(appointment_id=appointment)
                .first()
            )
            if response is None or response.last_submission_id is None:
                raise CommandError(f"Appointment {appointment} has no sent response.")
            responses, title = [response], None
        pdf = render_pdf(summaries_for_staff(responses), title=title)
        Path(out).write_bytes(pdf)
        self.stdout.write(f"Wrote {len(responses)} summar{'y' if len(responses) == 1 else 'ies'} to {out}.")
