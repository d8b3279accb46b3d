"""Staff pages: the day's list, new appointments and links, summaries, review, reopen and printing."""

import datetime
import json
from types import SimpleNamespace

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from prep.clinic.access import answered_response_or_404, get_appointment, sending_or_404, staff_required
from prep.clinic.forms import AppointmentForm, DashboardFilter, ReopenForm, ReviewForm, day_in_range
from prep.clinic.models import AuditEvent
from prep.clinic.services import (
    SummaryChanged,
    appointments_for,
    invitation_deliver,
    sending_changes,
    submission_mark_reviewed,
    submission_reopen,
    urgent_to_act_on,
)
from prep.summaries.documents import render_pdf
from prep.summaries.fhir import response_as_sent, response_bundle
from prep.summaries.printing import day_print
from prep.summaries.sendings import sending_notices, summary_for_staff
from prep.summaries.models import ReferenceStamp
from prep.summaries.stored import code_version, stored_summary_of
from prep.summaries.trends import patient_visits, trend_of
from prep.visits.models import Appointment, Invitation, Patient
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
        "print_day": criteria["date_from"] or timezone.localdate(),
        "page": page,
        "rows": dashboard_rows(page, now),
        "urgent": urgent_to_act_on(),
        "query": request.GET.copy(),
    }
    return render(request, "clinic/dashboard.html", context)


def dashboard_rows(appointments, now):
    """(appointment, status, stored summary or None, whether that summary is out of date) for each row."""
    rows, versions = [], None
    for appointment in appointments:
        response = getattr(appointment, "response", None)
        sending = response.last_submission if response is not None else None
        stored = getattr(sending, "stored_summary", None) if sending is not None else None
        if stored is not None and versions is None:
            versions = ReferenceStamp.current(), code_version()  # read once, and only when a row needs it
        rows.append((appointment, appointment.display_status(now), stored, stored and stored.is_out_of_date(*versions)))
    return rows


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
            patient=data["patient"],
            record_number=data["record_number"],
        )
        AuditEvent.record(request, AuditEvent.Action.INVITATION_CREATED, appointment)
        return hand_over_link(request, appointment, token)
    return render(request, "clinic/appointment_form.html", {"form": form})


NEW_LINK = "clinic_new_link"


def hand_over_link(request, appointment, token):
    """Email the new link if there is an address, then show it once on the appointment page: the token waits in the
    staff session (never in a URL or a log) until that page shows it. A refresh there creates nothing."""
    emailed = invitation_deliver(appointment=appointment, token=token)
    request.session[NEW_LINK] = {"appointment": appointment.pk, "token": token, "emailed": emailed}
    return redirect("clinic:appointment", pk=appointment.pk)


def new_link_for(request, appointment):
    """The link made for this appointment, the one time it is shown; None after that."""
    waiting = request.session.get(NEW_LINK)
    if not waiting or waiting["appointment"] != appointment.pk:
        return None
    del request.session[NEW_LINK]
    return {"url": invitation_url(waiting["token"]), "emailed": waiting["emailed"]}


@require_POST
@never_cache
@staff_required
def invitation_reissue(request, pk):
    appointment = get_appointment(pk)
    with transaction.atomic():  # the old link stops only with the new one made and its issuing recorded
        _invitation, token = Invitation.issue(appointment)
        AuditEvent.record(request, AuditEvent.Action.INVITATION_REISSUED, appointment)
    return hand_over_link(request, appointment, token)


@require_safe
@never_cache
@staff_required
def appointment_detail(request, pk):
    appointment = get_appointment(pk)
    return render_appointment(request, appointment, sending=sending_or_404(appointment, request.GET.get("sending")))


def render_appointment(request, appointment, sending=None, review_form=None, status=200):
    """The appointment page: the summary (a sending's stored one, or the answers saved so far), what changed between
    sendings, and the actions."""
    response = getattr(appointment, "response", None)
    sending = sending or (response.last_submission if response else None)
    context = {
        "appointment": appointment,
        "response": response,
        "status": appointment.display_status(),
        "sending": sending,
        "sendings": list(response.submissions.all()) if response is not None and response.last_submission_id else [],
    }
    if sending is not None:
        is_latest = sending.pk == response.last_submission_id
        context |= {
            "stored": stored_summary_of(response, sending),
            "notices": sending_notices(response, sending),
            "is_latest": is_latest,
            "changes": sending_changes(response, sending),
            "review_form": review_form
            or (ReviewForm(initial={"submission": sending.pk}) if is_latest and response.is_submitted else None),
        }
    elif response is not None and response.answers:
        context["summary"] = summary_for_staff(response)
    if "stored" in context or "summary" in context:
        AuditEvent.record(request, AuditEvent.Action.SUMMARY_VIEWED, appointment, detail=sending_label(response, sending))
    else:
        AuditEvent.record(request, AuditEvent.Action.APPOINTMENT_VIEWED, appointment, detail="no answers saved")
    context["new_link"] = new_link_for(request, appointment)
    return render(request, "clinic/appointment_detail.html", context, status=status)


def sending_label(response, sending):
    """Which answers staff saw, for the audit log: a sending's number, or the revision of answers not sent."""
    if sending is None:
        return f"not sent, revision {response.revision}"
    return f"sending {sending.number}"


def sending_to_download(request, appointment, response):
    """The sending named by `?sending=`, else the last one (None when nothing has been sent)."""
    return sending_or_404(appointment, request.GET.get("sending")) or response.last_submission


@require_safe
@never_cache
@staff_required
def summary_pdf(request, pk):
    appointment = get_appointment(pk)
    response = answered_response_or_404(appointment)
    sending = sending_to_download(request, appointment, response)
    if sending is None:
        pdf = render_pdf([summary_for_staff(response)])
    else:
        pdf = stored_summary_of(response, sending).pdf
    AuditEvent.record(request, AuditEvent.Action.PDF_DOWNLOADED, appointment, detail=sending_label(response, sending))
    return pdf_response(bytes(pdf), summary_filename(appointment))


@require_safe
@never_cache
@staff_required
def summary_fhir(request, pk):
    appointment = get_appointment(pk)
    response = answered_response_or_404(appointment)
    sending = sending_to_download(request, appointment, response)
    bundle = response_bundle(response if sending is None else response_as_sent(response, sending))
    AuditEvent.record(
        request, AuditEvent.Action.FHIR_DOWNLOADED, appointment, detail=sending_label(response, sending)
    )
    body = json.dumps(bundle, indent=2, ensure_ascii=False)
    download = HttpResponse(body, content_type="application/fhir+json; charset=utf-8")
    filename = summary_filename(appointment).removesuffix(".pdf") + ".fhir.json"
    download["Content-Disposition"] = f'attachment; filename="{filename}"'
    return download


def summary_filename(appointment):
    """Named by the appointment's local date and time and its number: never the patient's name."""
    return f"summary-{timezone.localtime(appointment.starts_at):%Y-%m-%d-%H%M}-appt-{appointment.pk}.pdf"


@require_safe
@never_cache
@staff_required
def patient_detail(request, pk):
    """A patient's record: every visit (each with its summary), and the trend of their scores."""
    patient = get_object_or_404(Patient, pk=pk)
    appointments = list(
        patient.appointments.select_related("response__last_submission", "invitation").order_by("-starts_at", "-pk")
    )
    visits = patient_visits(patient.pk)
    totals = {visit.appointment_id: visit.totals for visit in visits}
    rows = [(appointment, appointment.display_status(), totals.get(appointment.pk)) for appointment in appointments]
    AuditEvent.record(request, AuditEvent.Action.PATIENT_VIEWED, patient=patient,
                      detail=f"patient {patient.pk}: {len(appointments)} appointments")
    context = {"patient": patient, "rows": rows, "summary": SimpleNamespace(trend=trend_of(visits))}
    return render(request, "clinic/patient_detail.html", context)


@require_POST
@staff_required
def mark_reviewed(request, pk):
    appointment = get_appointment(pk)
    response = answered_response_or_404(appointment)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        return render_appointment(request, appointment, review_form=form, status=400)
    try:
        sent = submission_mark_reviewed(
            response=response, submission_id=form.cleaned_data["submission"], user=request.user,
            note=form.cleaned_data["note"],
        )
    except SummaryChanged:
        return summary_changed(request, appointment)
    except ValidationError as error:
        form.add_error("note", error)
        return render_appointment(request, appointment, review_form=form, status=400)
    AuditEvent.record(
        request, AuditEvent.Action.REVIEWED, appointment, detail=sending_label(response, sent), note=sent.review_note
    )
    messages.success(request, _("Marked as reviewed."))
    return redirect("clinic:appointment", pk=appointment.pk)


def summary_changed(request, appointment):
    messages.error(request, _("This summary changed since you opened it. The latest is shown below: read it first."))
    return redirect("clinic:appointment", pk=appointment.pk)


@require_http_methods(["GET", "POST"])
@never_cache
@staff_required
def reopen(request, pk):
    """Asks for a reason first; the sending stays visible and printable until the patient sends again."""
    appointment = get_appointment(pk)
    response = answered_response_or_404(appointment)
    if request.method == "POST":
        form = ReopenForm(request.POST)
        if form.is_valid():
            try:
                sent = submission_reopen(
                    response=response, submission_id=form.cleaned_data["submission"], user=request.user,
                    reason=form.cleaned_data["reason"],
                )
            except SummaryChanged:
                return summary_changed(request, appointment)
            AuditEvent.record(
                request, AuditEvent.Action.REOPENED, appointment,
                detail=sending_label(response, sent), note=sent.reopen_reason,
            )
            messages.success(request, _("Reopened: the patient can change their answers again with their link."))
            return redirect("clinic:appointment", pk=appointment.pk)
    elif not response.is_submitted:
        return redirect("clinic:appointment", pk=appointment.pk)
    else:
        form = ReopenForm(initial={"submission": response.last_submission_id})
    return render(request, "clinic/reopen.html", {"appointment": appointment, "form": form})


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
    pdf, parts = day_print(day, printed_by=request.user.get_username())
    if pdf is None:
        messages.info(request, _("No appointments on %(day)s.") % {"day": day.isoformat()})
        return redirect(f"{reverse('clinic:dashboard')}?date_from={day.isoformat()}&date_to={day.isoformat()}")
    AuditEvent.record_day_print(request, day, [part.appointment for part in parts])
    return pdf_response(pdf, f"summaries-{day.isoformat()}.pdf")


def pdf_response(pdf, filename):
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
