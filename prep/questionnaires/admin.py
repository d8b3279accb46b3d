"""Django admin for the question bank: versions, the question editor, preview, import, export and changes.

Only drafts can be edited; validated instrument sections (PHQ-9, GAD-7, AUDIT-C) are read-only in every version.
Sections are added on the version's page, questions on the section's page, choices and columns on the question's.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count
from django.urls import path, reverse
from django.utils.html import format_html_join

from prep.questionnaires import admin_forms, editing, protected_keys, views
from prep.questionnaires.models import Choice, Question, Questionnaire, Section

PUBLISHED_LOCK = "Published versions cannot be edited — create a new draft."
CONFIRM_FIELDSET = (
    "Summary features",
    {
        "fields": ["confirm_protected"],
        "description": "Some summary features rely on the questions you are changing; see the messages below.",
    },
)


def questionnaire_of(obj):
    return obj if isinstance(obj, Questionnaire) else obj.owning_questionnaire()


def section_of(obj):
    if isinstance(obj, Section):
        return obj
    if isinstance(obj, Question):
        return obj.section
    if isinstance(obj, Choice):
        return obj.question.section
    return None


def lock_message(obj):
    """Why this version content cannot be edited, or None when it can."""
    if obj is None:
        return None
    if not questionnaire_of(obj).is_draft:
        return PUBLISHED_LOCK
    section = section_of(obj)
    if section is not None and section.instrument:
        return (
            f"{section.get_instrument_display()} is a validated instrument: its wording, answers and scores "
            "cannot be changed, in any version."
        )
    return None


def confirming(request):
    return request.method == "POST" and bool(request.POST.get("confirm_protected"))


class EditorAdmin(admin.ModelAdmin):
    """Read-only when locked; bulk delete is off so that deletions go through the confirmation page."""

    def has_change_permission(self, request, obj=None):
        return lock_message(obj) is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return lock_message(obj) is None and super().has_delete_permission(request, obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["lock_message"] = lock_message(obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def with_confirmation(self, request, fieldsets):
        return [CONFIRM_FIELDSET, *fieldsets] if request.method == "POST" else list(fieldsets)


class EditorInline:
    """Inline rows follow their parent's lock, and learn whether the admin confirmed protected-key changes.

    Their long texts get a narrow box (the admin's default is 48em wide), so that a row fits a 1280 px screen."""

    formfield_overrides = {
        models.CharField: {"widget": forms.TextInput(attrs={"size": 10})},
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 3, "cols": 14})},
    }

    def has_add_permission(self, request, obj=None):
        return lock_message(obj) is None and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return lock_message(obj) is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return lock_message(obj) is None and super().has_delete_permission(request, obj)

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.confirmed = confirming(request)
        return formset


class SectionInline(EditorInline, admin.TabularInline):
    model = Section
    form = admin_forms.SectionRowForm
    formset = admin_forms.SectionFormSet
    fields = ("order", "key", "title", "intro", "instrument")
    readonly_fields = ("instrument",)
    show_change_link = True
    extra = 0


class QuestionInline(EditorInline, admin.TabularInline):
    model = Question
    fk_name = "section"
    form = admin_forms.RowForm
    formset = admin_forms.QuestionFormSet
    fields = ("order", "key", "kind", "text", "help_text", "required", "shown_if")
    readonly_fields = ("shown_if",)
    show_change_link = True
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).filter(parent=None).select_related("section__questionnaire")

    @admin.display(description="Shown if")
    def shown_if(self, obj):
        return editing.condition_words(obj.show_if)


class ColumnInline(EditorInline, admin.TabularInline):
    model = Question
    fk_name = "parent"
    form = admin_forms.RowForm
    formset = admin_forms.ColumnFormSet
    fields = ("order", "key", "kind", "text", "help_text", "required", "min_value", "max_value", "suggestions")
    show_change_link = True
    extra = 0
    verbose_name = "column"
    verbose_name_plural = "columns (one per field of a row)"


class ChoiceInline(EditorInline, admin.TabularInline):
    model = Choice
    form = admin_forms.ChoiceRowForm
    formset = admin_forms.ChoiceFormSet
    fields = ("order", "value", "label", "exclusive")
    extra = 0


@admin.register(Questionnaire)
class QuestionnaireAdmin(EditorAdmin):
    form = admin_forms.QuestionnaireForm
    list_display = ("slug", "version", "status", "response_count", "published_at", "title", "tools")
    list_filter = ("status", "slug")
    search_fields = ("slug", "title")
    actions = ["create_new_draft", "publish_draft"]
    inlines = [SectionInline]
    readonly_fields = ("slug", "version", "status", "published_at", "created_from")

    def get_fieldsets(self, request, obj=None):
        fields = ("slug", "version", "status", "published_at", "created_from", "title", "intro")
        return self.with_confirmation(request, [(None, {"fields": fields})])

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(response_count=Count("responses"))

    def has_add_permission(self, request):
        return False

    @admin.display(description="Responses", ordering="response_count")
    def response_count(self, obj):
        return obj.response_count

    @admin.display(description="")
    def tools(self, obj):
        links = [("preview", "Preview as patient"), ("export", "Export FHIR")]
        if obj.created_from_id:
            links.insert(1, ("changes", "Changes"))
        return format_html_join(
            " · ",
            '<a href="{}">{}</a>',
            ((reverse(f"admin:questionnaires_questionnaire_{name}", args=[obj.pk]), label) for name, label in links),
        )

    @admin.action(description="Create new draft from this version", permissions=["change"])
    def create_new_draft(self, request, queryset):
        for questionnaire in queryset:
            draft = questionnaire.create_draft()
            self.message_user(
                request, f"Created draft version {draft.version} from version {questionnaire.version}.", messages.SUCCESS
            )

    @admin.action(description="Publish this draft", permissions=["change"])
    def publish_draft(self, request, queryset):
        for questionnaire in queryset.order_by("version"):
            self.publish(request, questionnaire)

    def publish(self, request, questionnaire):
        try:
            questionnaire.publish()
        except ValidationError as error:
            self.message_user(
                request, f"Version {questionnaire.version} was not published: {' '.join(error.messages)}", messages.ERROR
            )
            return
        self.message_user(request, f"Published version {questionnaire.version}.", messages.SUCCESS)

    def get_urls(self):
        def wrap(view):
            return self.admin_site.admin_view(lambda request, **kwargs: view(request, self, **kwargs))

        name = "questionnaires_questionnaire_"
        return [
            path("import/", wrap(views.import_fhir), name=name + "import"),
            path("<int:pk>/preview/", wrap(views.preview), name=name + "preview"),
            path("<int:pk>/preview/<slug:key>/", wrap(views.preview), name=name + "preview_section"),
            path("<int:pk>/changes/", wrap(views.changes), name=name + "changes"),
            path("<int:pk>/export/", wrap(views.export), name=name + "export"),
            path("<int:pk>/create-draft/", wrap(views.create_draft), name=name + "create_draft"),
            path("<int:pk>/publish/", wrap(views.publish), name=name + "publish"),
        ] + super().get_urls()


@admin.register(Section)
class SectionAdmin(EditorAdmin):
    form = admin_forms.SectionForm
    list_display = ("title", "key", "questionnaire", "order", "instrument")
    list_filter = ("questionnaire",)
    inlines = [QuestionInline]
    delete_confirmation_template = "admin/questionnaires/delete_confirmation.html"

    def get_fieldsets(self, request, obj=None):
        fields = ["questionnaire", "order", "key", "title", "intro", "instrument", "copyright"]
        return self.with_confirmation(request, [(None, {"fields": fields})])

    def get_readonly_fields(self, request, obj=None):
        return ("questionnaire", "instrument", "copyright")

    def has_add_permission(self, request):
        return False

    def render_delete_form(self, request, context):
        keys = context["object"].questions.values_list("key", flat=True)
        context["protected_features"] = protected_keys.describe(keys)
        return super().render_delete_form(request, context)


@admin.register(Question)
class QuestionAdmin(EditorAdmin):
    form = admin_forms.QuestionForm
    list_display = ("key", "text", "kind", "required", "section")
    list_filter = ("section__questionnaire", "kind")
    search_fields = ("key", "text")
    delete_confirmation_template = "admin/questionnaires/delete_confirmation.html"

    def get_fieldsets(self, request, obj=None):
        editable = obj is not None and self.has_change_permission(request, obj)
        fieldsets = [
            (None, {"fields": ["section", "parent", "order", "key", "kind", "text", "help_text", "required"]}),
            ("Numbers", {"fields": ["min_value", "max_value", "unit", "offers_prefer_not"], "classes": ["collapse"]}),
            ("While typing", {"fields": ["suggestions"]}),
            ("Returning patients", {"fields": ["carried_forward"]}),
            ("Repeating group", {"fields": ["entry_name"]}),
        ]
        if obj is not None and not obj.parent_id:
            show_if = ["show_if_question", "show_if_op", "show_if_value"] if editable else ["shown_if"]
            fieldsets.insert(1, ("Show only when", {"fields": show_if}))
        return self.with_confirmation(request, fieldsets) if editable else fieldsets

    def get_readonly_fields(self, request, obj=None):
        return ("section", "parent", "shown_if")

    def get_inlines(self, request, obj):
        if obj is None:
            return []
        inlines = []
        if obj.takes_choices or obj.choices.exists():
            inlines.append(ChoiceInline)
        if obj.is_group:
            inlines.append(ColumnInline)
        return inlines

    def has_add_permission(self, request):
        return False

    @admin.display(description="Shown if")
    def shown_if(self, obj):
        return editing.condition_words(obj.show_if)

    def render_delete_form(self, request, context):
        context["protected_features"] = protected_keys.describe(protected_keys.keys_removed_with(context["object"]))
        return super().render_delete_form(request, context)
