"""Demo data for a local run: the default questionnaire, a demo admin and one patient invitation."""

import datetime
from pathlib import Path

import yaml
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.utils import timezone

from prep.questionnaires.loader import load_default_questionnaire
from prep.visits.journey import flag_codes
from prep.visits.models import Appointment, Invitation, Patient, Response
from prep.visits.services import appointment_create, invitation_url, response_submit

DEMO_USERNAME = "demo-admin"
DEMO_PASSWORD = "demo-password-2026"  # printed on purpose: local demo data only
DEMO_PATIENT = {"patient_name": "Jane Demo", "date_of_birth": datetime.date(1980, 4, 2), "clinician": "Dr Lee"}
SUBMITTED_PATIENTS = Path(__file__).resolve().parents[2] / "data" / "demo_patients.yaml"


class Command(BaseCommand):
    help = "Load demo data (idempotent) and print the demo sign-in and a fresh patient invitation link."

    def handle(self, *args, **options):
        questionnaire, _created = load_default_questionnaire()
        user = self.demo_user()
        token = self.demo_invitation()
        submitted = self.demo_submissions(questionnaire)
        self.stdout.write(f"Questionnaire: {questionnaire.slug} v{questionnaire.version} ({questionnaire.status})")
        self.stdout.write(f"Staff and admin sign-in: {user.username} / {DEMO_PASSWORD}")
        self.stdout.write("Demo patient: Jane Demo, date of birth 1980-04-02")
        self.stdout.write(f"Invitation link: {invitation_url(token)}")
        self.stdout.write(f"Submitted demo summaries for tomorrow: {', '.join(submitted)}")

    def demo_user(self):
        user, created = get_user_model().objects.get_or_create(
            username=DEMO_USERNAME, defaults={"is_staff": True, "is_superuser": True}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        staff_group = Group.objects.filter(name="Clinic staff").first()
        if staff_group:
            user.groups.add(staff_group)
        return user

    def demo_submissions(self, questionnaire):
        """Patients who have already sent their answers, so staff can open summaries and PDFs straight away."""
        tomorrow = timezone.localdate() + datetime.timedelta(days=1)
        names = []
        for patient in yaml.safe_load(SUBMITTED_PATIENTS.read_text())["patients"]:
            names.append(patient["patient_name"])
            if Appointment.objects.filter(patient_name=patient["patient_name"], starts_at__gte=timezone.now()).exists():
                continue
            hour, minute = map(int, patient["time"].split(":"))
            born = datetime.date.fromisoformat(patient["date_of_birth"])
            appointment, _token = appointment_create(
                patient=Patient.objects.named(patient["patient_name"], born).first(),  # a demo run a day later returns
                patient_name=patient["patient_name"],
                date_of_birth=born,
                starts_at=timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time(hour, minute))),
                clinician=patient["clinician"],
            )
            response = Response.objects.create(
                appointment=appointment, questionnaire=questionnaire, answers=patient["answers"]
            )
            response_submit(response=response, flags=flag_codes)
        return names

    def demo_invitation(self):
        """Re-issue the demo patient's link each run: only the token's hash is stored, so a new link is printed."""
        appointment = Appointment.objects.filter(patient_name=DEMO_PATIENT["patient_name"]).first()
        if appointment is None or appointment.starts_at < timezone.now():
            tomorrow = timezone.localdate() + datetime.timedelta(days=1)
            starts_at = timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time(9, 30)))
            returning = Patient.objects.named(DEMO_PATIENT["patient_name"], DEMO_PATIENT["date_of_birth"]).first()
            appointment, token = appointment_create(starts_at=starts_at, patient=returning, **DEMO_PATIENT)
            return token
        _invitation, token = Invitation.issue(appointment)
        return token
