import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from prep.summaries.printing import day_print
from prep.summaries.stored import stored_summary_of
from prep.visits.models import Response


class Command(BaseCommand):
    help = (
        "Write the day print of --date (local date: a cover list, then every appointment in time order, each from "
        "an odd page), or the summary of one --appointment. Not audit-logged: for the clinic's own operators."
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
            pdf, parts = day_print(day)
            if pdf is None:
                self.stdout.write(f"No appointments on {day.isoformat()}; nothing written.")
                return
            count = len(parts)
        else:
            response = (
                Response.objects.select_related("appointment", "questionnaire", "last_submission__reviewed_by")
                .filter(appointment_id=appointment)
                .first()
            )
            if response is None or response.last_submission_id is None:
                raise CommandError(f"Appointment {appointment} has no sent response.")
            pdf, count = bytes(stored_summary_of(response).pdf), 1
        Path(out).write_bytes(pdf)
        self.stdout.write(f"Wrote {count} patient{'' if count == 1 else 's'} to {out}.")
