from django.contrib import admin

from prep.clinic.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: nobody changes the audit log through the app."""

    list_display = ("at", "user", "action", "appointment_id", "ip", "detail", "note")
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
