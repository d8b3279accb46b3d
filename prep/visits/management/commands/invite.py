import datetime

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from prep.visits.services import appointment_create, invitation_url


def parse_date(value):
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--dob must be a date like 1980-04-02, not {value!r}") from None


def parse_local_datetime(value):
    try:
        moment = datetime.datetime.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--at must be a time like '2026-12-01 09:30', not {value!r}") from None
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


class Command(BaseCommand):
    help = "Create an appointment and print its invitation link (the only time the link is shown)."

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True, help="Patient's name")
        parser.add_argument("--dob", required=True, type=parse_date, help="Date of birth, YYYY-MM-DD")
        parser.add_argument("--at", required=True, type=parse_local_datetime, help="'YYYY-MM-DD HH:MM', clinic time")
        parser.add_argument("--clinician", default="")
        parser.add_argument("--email", default="")

    def handle(self, *args, name, dob, at, clinician, email, **options):
        try:
            _appointment, token = appointment_create(
                patient_name=name, date_of_birth=dob, starts_at=at, clinician=clinician, email=email
            )
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from None
        self.stdout.write(invitation_url(token))
