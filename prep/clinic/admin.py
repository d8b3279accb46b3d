from django.contrib import admin, messages
from django.db import transaction
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html

from prep.clinic.models import AuditEvent
from prep.visits.models import Appointment, Patient
from prep.visits.services import patients_merge


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: nobody changes the audit log through the app."""

    list_display = ("at", "user", "action", "appointment_id", "patient_id", "ip", "detail", "note")
    list_filter = ("action", "user", ("at", admin.DateFieldListFilter))
    search_fields = ("user__username", "appointment__id")
    date_hierarchy = "at"
    list_select_related = ("user",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AppointmentInline(admin.TabularInline):
    model = Appointment
    fields = ("starts_at", "clinician", "status", "patient_name", "date_of_birth")
    readonly_fields = fields
    ordering = ("starts_at", "pk")
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Patient)
class PatientAdmin(admin.ModelAdmin):
    list_display = ("name", "date_of_birth", "record_number", "visit_count", "visits_link")
    search_fields = ("name", "record_number")
    fields = ("name", "date_of_birth", "record_number", "email")
    inlines = [AppointmentInline]
    actions = ["merge_records"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(visits=Count("appointments"))

    @admin.display(description="Visits", ordering="visits")
    def visit_count(self, patient):
        return patient.visits

    @admin.display(description="Staff page")
    def visits_link(self, patient):
        return format_html('<a href="{}">Visits and trend</a>', reverse("clinic:patient", args=[patient.pk]))

    @admin.action(description="Merge the selected records into one (appointments move)")
    def merge_records(self, request, queryset):
        patients = list(queryset.order_by("created_at", "pk"))
        if len(patients) < 2:
            self.message_user(request, "Select two or more records to merge.", messages.WARNING)
            return
        numbers = {patient.record_number for patient in patients if patient.record_number}
        if len(numbers) > 1:
            self.message_user(
                request, "These records have different record numbers: check they are the same person, and clear "
                "the wrong number first.", messages.ERROR)
            return
        keep = next((patient for patient in patients if patient.record_number), patients[0])
        others = [patient for patient in patients if patient.pk != keep.pk]
        with transaction.atomic():
            AuditEvent.objects.filter(patient__in=others).update(patient=keep)
            moved = patients_merge(keep=keep, others=others)
            AuditEvent.record(
                request, AuditEvent.Action.PATIENTS_MERGED, patient=keep,
                detail=f"patients {', '.join(str(p.pk) for p in others)} into {keep.pk}: {moved} appointments moved",
            )
        self.message_user(request, f"Merged {len(others) + 1} records into one; {moved} appointments moved.")
