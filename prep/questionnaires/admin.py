"""Django admin for the question bank. Versions that are not drafts open read-only."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from prep.questionnaires.models import Choice, Question, Questionnaire, Section


class FrozenUnlessDraftMixin:
    """Published and retired versions can be read, not changed."""

    def questionnaire_of(self, obj):
        return obj if isinstance(obj, Questionnaire) else obj.owning_questionnaire() if obj else None

    def has_change_permission(self, request, obj=None):
        questionnaire = self.questionnaire_of(obj)
        if questionnaire is not None and not questionnaire.is_draft:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        questionnaire = self.questionnaire_of(obj)
        if questionnaire is not None and not questionnaire.is_draft:
            return False
        return super().has_delete_permission(request, obj)


class FrozenInlineMixin:
    def has_add_permission(self, request, obj=None):
        return (obj is None or obj_questionnaire(obj).is_draft) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return (obj is None or obj_questionnaire(obj).is_draft) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return (obj is None or obj_questionnaire(obj).is_draft) and super().has_delete_permission(request, obj)


def obj_questionnaire(obj):
    return obj if isinstance(obj, Questionnaire) else obj.owning_questionnaire()


class SectionInline(FrozenInlineMixin, admin.TabularInline):
    model = Section
    fields = ("order", "key", "title", "instrument")
    show_change_link = True
    extra = 0


class QuestionInline(FrozenInlineMixin, admin.TabularInline):
    model = Question
    fk_name = "section"
    fields = ("order", "key", "kind", "text", "required", "show_if", "parent")
    show_change_link = True
    extra = 0


class ChoiceInline(FrozenInlineMixin, admin.TabularInline):
    model = Choice
    fields = ("order", "value", "label", "exclusive")
    extra = 0


@admin.register(Questionnaire)
class QuestionnaireAdmin(FrozenUnlessDraftMixin, admin.ModelAdmin):
    list_display = ("slug", "version", "status", "title", "published_at")
    list_filter = ("status", "slug")
    inlines = [SectionInline]
    readonly_fields = ("status", "published_at", "created_from")


@admin.register(Section)
class SectionAdmin(FrozenUnlessDraftMixin, admin.ModelAdmin):
    list_display = ("title", "key", "questionnaire", "order", "instrument")
    list_filter = ("questionnaire",)
    inlines = [QuestionInline]


@admin.register(Question)
class QuestionAdmin(FrozenUnlessDraftMixin, admin.ModelAdmin):
    list_display = ("key", "text", "kind", "required", "section")
    list_filter = ("section__questionnaire", "kind")
    search_fields = ("key", "text")
    inlines = [ChoiceInline]
    fieldsets = (
        (None, {"fields": ("section", "parent", "order", "key", "kind", "text", "help_text", "required")}),
        (_("Numbers"), {"fields": ("min_value", "max_value")}),
        (_("Show only when"), {"fields": ("show_if", "suggestions")}),
    )
