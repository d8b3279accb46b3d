"""Staff pages: the day's list, new appointments and links, summaries, review, reopen and printing."""

import datetime

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from prep.clinic.access import get_appointment, staff_required, submitted_response_or_404
from prep.clinic.forms import AppointmentForm, DashboardFilter, day_in_range
from prep.clinic.models import AuditEvent
from prep.clinic.services import (
    appointments_for,
    invitation_email_send,
    response_mark_reviewed,
    response_reopen,
    urgent_unreviewed,
)
from prep.summaries.documents import render_pdf
from prep.summaries.summary import build_summary
from prep.summaries.printing import submitted_responses_on
from prep.visits.models import Appointment, Invitation
from prep.visits.services import appointment_create, invitation_url

PAGE_SIZE = 50


@require_safe
@never_cache
@staff_required
def dashboard(request):
    clinicians = Appointment.objects.exclude(clinician="").order_by("clinician").values_list("clinician", flat=True)
    filters = DashboardFilter(request.GET or None, clinicians=list(clinicians.distinct()))
    criteria = filters.criteria()
    if not filters.is_bound:
        filters.initial = {"date_from": criteria["date_from"], "date_to": criteria["date_to"]}
    rows = appointments_for(**criteria)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    now = timezone.now()
    context = {
        "filters": filters,
        "criteria": criteria,
        "page": page,
        "rows": [(appointment, appointment.display_status(now)) for appointment in page],
        "urgent": urgent_unreviewed(),
        "query": request.GET.copy(),
    }
    return render(request, "clinic/dashboard.html", context)


@never_cache
@staff_required
def appointment_new(request):
    form = AppointmentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        appointment, token = appointment_create(
            patient_name=data["patient_name"],
            date_of_birth=data["date_of_birth"],
            starts_at=data["starts_at"],
            clinician=data["clinician"],
            email=data["email"],
            created_by=request.user,
        )
        AuditEvent.record(request, AuditEvent.Action.INVITATION_CREATED, appointment)
        return show_new_link(request, appointment, token)
    return render(request, "clinic/appointment_form.html", {"form": form})


def show_new_link(request, appointment, token):
    """The link is shown once, in this response; only its hash is kept."""
    link = invitation_url(token)
    if appointment.email:
        invitation_email_send(email=appointment.email, link=link)
    return render(request, "clinic/invitation_link.html", {"appointment": appointment, "link": link})


@require_POST
@never_cache
@staff_required
def invitation_reissue(request, pk):
    appointment = get_appointment(pk)
    _invitation, token = Invitation.issue(appointment)
    AuditEvent.record(request, AuditEvent.Action.INVITATION_REISSUED, appointment)
    return show_new_link(request, appointment, token)


@require_safe
@never_cache
@staff_required
def appointment_detail(request, pk):
    appointment = get_appointment(pk)
    response = getattr(appointment, "response", None)
    summary = None
    if response is not None and response.is_submitted:
        summary = build_summary(response)
        AuditEvent.record(request, AuditEvent.Action.SUMMARY_VIEWED, appointment)
    context = {
        "appointment": appointment,
        "response": response,
        "status": appointment.display_status(),
        "summary": summary,
    }
    return render(request, "clinic/appointment_detail.html", context)


@require_safe
@never_cache
@staff_required
def summary_pdf(request, pk):
    appointment = get_appointment(pk)
    response = submitted_response_or_404(appointment)
    pdf = render_pdf([build_summary(response)])
    AuditEvent.record(request, AuditEvent.Action.PDF_DOWNLOADED, appointment)
    return pdf_response(pdf, f"summary-{appointment.pk}.pdf")


@require_POST
@staff_required
def mark_reviewed(request, pk):
    appointment = get_appointment(pk)
    response_mark_reviewed(response=submitted_response_or_404(appointment), user=request.user)
    AuditEvent.record(request, AuditEvent.Action.REVIEWED, appointment)
    messages.success(request, _("Marked as reviewed."))
    return redirect("clinic:appointment", pk=appointment.pk)


@require_POST
@staff_required
def reopen(request, pk):
    appointment = get_appointment(pk)
    response_reopen(response=submitted_response_or_404(appointment))
    AuditEvent.record(request, AuditEvent.Action.REOPENED, appointment)
    messages.success(request, _("Reopened: the patient can change their answers again with their link."))
    return redirect("clinic:appointment", pk=appointment.pk)


@require_safe
@never_cache
@staff_required
def print_day(request):
    try:
        day = datetime.date.fromisoformat(request.GET.get("date", ""))
    except ValueError:
        day = timezone.localdate()
    if not day_in_range(day):
        day = timezone.localdate()
    responses = submitted_responses_on(day)
    if not responses:
        messages.info(request, _("No submitted summaries on %(day)s.") % {"day": day.isoformat()})
        return redirect(f"{reverse('clinic:dashboard')}?date_from={day.isoformat()}&date_to={day.isoformat()}")
    pdf = render_pdf([build_summary(response) for response in responses])
    AuditEvent.record(request, AuditEvent.Action.DAY_PRINTED, detail=f"{day.isoformat()}: {len(responses)} summaries")
    return pdf_response(pdf, f"summaries-{day.isoformat()}.pdf")


def pdf_response(pdf, filename):
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
