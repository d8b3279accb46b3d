from django.contrib import admin

from prep.summaries.models import InteractionRule, Medicine


@admin.register(Medicine)
class MedicineAdmin(admin.ModelAdmin):
    list_display = (
        "generic_name",
        "drug_class",
        "brand_list",
        "min_daily_dose_mg",
        "dose_needs_clinic_confirmation",
        "is_antidepressant",
        "source",
    )
    list_filter = ("drug_class", "is_antidepressant", "dose_needs_clinic_confirmation")
    search_fields = ("generic_name", "brand_names", "other_names", "tags")
    fieldsets = (
        (None, {"fields": ("generic_name", "drug_class", "brand_names", "other_names", "is_antidepressant")}),
        (
            "Minimum daily dose",
            {
                "description": "A past trial at or above this dose, for long enough, counts as an adequate trial.",
                "fields": ("min_daily_dose_mg", "dose_needs_clinic_confirmation", "source"),
            },
        ),
        ("Interaction rules", {"description": "Tags the interaction rules match on.", "fields": ("tags",)}),
    )

    @admin.display(description="Brands")
    def brand_list(self, obj):
        return ", ".join(obj.brand_names or [])


@admin.register(InteractionRule)
class InteractionRuleAdmin(admin.ModelAdmin):
    list_display = ("code", "title", "severity", "active", "source")
    list_filter = ("severity", "active")
    search_fields = ("code", "title", "message", "source")
