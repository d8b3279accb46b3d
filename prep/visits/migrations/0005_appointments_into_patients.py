"""Every existing appointment joins a patient record: one record per name (any case and spacing) and date of birth."""

from django.db import migrations


def identity_key(name):
    return " ".join(str(name or "").split()).casefold()


def appointments_into_patients(apps, schema_editor):
    """Group the appointments without a patient by exact name and date of birth; the latest appointment's name and
    email (if any) become the record's."""
    Appointment = apps.get_model("visits", "Appointment")
    Patient = apps.get_model("visits", "Patient")
    groups = {}
    for appointment in Appointment.objects.filter(patient=None).order_by("starts_at", "pk").iterator():
        groups.setdefault((identity_key(appointment.patient_name), appointment.date_of_birth), []).append(appointment)
    for (name_key, date_of_birth), appointments in groups.items():
        latest = appointments[-1]
        email = next((a.email for a in reversed(appointments) if a.email), "")
        patient = Patient.objects.create(
            name=" ".join(latest.patient_name.split()), name_key=name_key, date_of_birth=date_of_birth, email=email
        )
        Appointment.objects.filter(pk__in=[a.pk for a in appointments]).update(patient=patient)


def patients_out_of_appointments(apps, schema_editor):
    apps.get_model("visits", "Appointment").objects.update(patient=None)
    apps.get_model("visits", "Patient").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("visits", "0004_patients")]

    operations = [migrations.RunPython(appointments_into_patients, patients_out_of_appointments)]
