"""Admin pages beyond the change forms: preview as patient, import, changes, export, create draft, publish.

They are mounted by QuestionnaireAdmin.get_urls() under /admin/, wrapped in the admin site's login and staff check;
each one then checks the model permission it needs.
"""

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from prep.questionnaires.admin_forms import ImportForm
from prep.questionnaires.changes import compare
from prep.questionnaires.fhir import questionnaire_to_fhir
from prep.questionnaires.fhir_import import ImportProblem, questionnaire_import
from prep.questionnaires.forms import SectionPage
from prep.questionnaires.models import Questionnaire


def questionnaire_for(request, model_admin, pk, permission="view"):
    questionnaire = get_object_or_404(Questionnaire, pk=pk)
    allowed = (
        model_admin.has_view_permission(request, questionnaire)
        if permission == "view"
        else request.user.has_perm(f"questionnaires.{permission}_questionnaire")
    )
    if not allowed:
        raise PermissionDenied
    return questionnaire


def admin_context(request, model_admin, **context):
    return {**model_admin.admin_site.each_context(request), "opts": Questionnaire._meta, **context}


def preview_url(questionnaire, section=None):
    if section is None:
        return reverse("admin:questionnaires_questionnaire_preview", args=[questionnaire.pk])
    return reverse("admin:questionnaires_questionnaire_preview_section", args=[questionnaire.pk, section.key])


def preview(request, model_admin, pk, key=None):
    """One section as the patient sees it, with no answers; a post is checked and shown again, never saved."""
    questionnaire = questionnaire_for(request, model_admin, pk)
    sections = questionnaire.ordered_sections()
    section = next((s for s in sections if s.key == key), None) if key else (sections[0] if sections else None)
    if section is None:
        raise Http404
    data = request.POST if request.method == "POST" else None
    action = request.POST.get("action", "") if data is not None else ""
    add_row = action.partition(":")[2] if action.startswith("add_row:") else None
    page = SectionPage(section, questionnaire.ordered_questions(), {}, data=data, add_row_to=add_row)
    index = sections.index(section)
    context = {
        "questionnaire": questionnaire,
        "section": section,
        "items": page.items(),
        "errors": page.error_list(),
        "checked": data is not None and not add_row and not page.has_errors(),
        "step_number": index + 1,
        "step_count": len(sections) + 1,
        "percent": round(100 * index / (len(sections) + 1)),
        "back_url": preview_url(questionnaire, sections[index - 1]) if index > 0 else None,
        "next_url": preview_url(questionnaire, sections[index + 1]) if index + 1 < len(sections) else None,
        "admin_url": reverse("admin:questionnaires_questionnaire_change", args=[questionnaire.pk]),
        "saved_answers_json": {},
    }
    return render(request, "questionnaires/preview.html", context)


def changes(request, model_admin, pk):
    questionnaire = questionnaire_for(request, model_admin, pk)
    base = questionnaire.created_from
    context = admin_context(
        request,
        model_admin,
        title=f"Changes in version {questionnaire.version}",
        questionnaire=questionnaire,
        original=questionnaire,
        base=base,
        changes=compare(base, questionnaire) if base else [],
    )
    return render(request, "admin/questionnaires/questionnaire/changes.html", context)


def export(request, model_admin, pk):
    questionnaire = questionnaire_for(request, model_admin, pk)
    body = json.dumps(questionnaire_to_fhir(questionnaire), indent=2, ensure_ascii=False)
    response = HttpResponse(body, content_type="application/fhir+json; charset=utf-8")
    filename = f"{questionnaire.slug}-v{questionnaire.version}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def import_fhir(request, model_admin):
    if not request.user.has_perm("questionnaires.add_questionnaire"):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        notes = []
        try:
            draft = questionnaire_import(text=form.cleaned_data["file"], notes=notes)
        except ImportProblem as problem:
            form.add_error("file", str(problem))
        else:
            messages.success(request, f"Imported “{draft.title}” as draft version {draft.version}.")
            for note in notes:
                messages.warning(request, note)
            return redirect("admin:questionnaires_questionnaire_change", draft.pk)
    context = admin_context(request, model_admin, title="Import a questionnaire from FHIR", form=form)
    return render(request, "admin/questionnaires/questionnaire/import.html", context)


@require_POST
def create_draft(request, model_admin, pk):
    questionnaire = questionnaire_for(request, model_admin, pk, permission="add")
    draft = questionnaire.create_draft()
    messages.success(request, f"Created draft version {draft.version} from version {questionnaire.version}.")
    return redirect("admin:questionnaires_questionnaire_change", draft.pk)


@require_POST
def publish(request, model_admin, pk):
    questionnaire = questionnaire_for(request, model_admin, pk, permission="change")
    model_admin.publish(request, questionnaire)
    return redirect("admin:questionnaires_questionnaire_change", questionnaire.pk)

