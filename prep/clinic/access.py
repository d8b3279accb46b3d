from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import urlencode

from prep.clinic.two_factor import needs_second_factor

from prep.visits.models import Appointment

CLINIC_PERMISSION = "clinic.use_clinic"


def staff_required(view):
    """Signed in (else the sign-in page) and allowed to use the clinic workspace (else 403)."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.has_perm(CLINIC_PERMISSION):
            raise PermissionDenied
        if needs_second_factor(request.user):
            return redirect(f"{reverse('two_factor')}?{urlencode({'next': request.get_full_path()})}")
        return view(request, *args, **kwargs)

    return wrapper


def get_appointment(pk):
    return get_object_or_404(
        Appointment.objects.select_related(
            "invitation",
            "response__questionnaire",
            "response__last_submission__reviewed_by",
            "response__last_submission__stored_summary",
        ),
        pk=pk,
    )


def answered_response_or_404(appointment):
    """The appointment's response once it has a sending or saved answers to show."""
    response = getattr(appointment, "response", None)
    if response is None or (response.last_submission_id is None and not response.answers):
        raise Http404
    return response


def sending_or_404(appointment, number):
    """The sending with this number (`?sending=N`), or None for the latest when no number is asked for."""
    if not number:
        return None
    response = getattr(appointment, "response", None)
    if response is None or not str(number).isdigit():
        raise Http404
    sendings = response.submissions.select_related("reviewed_by", "reopened_by", "stored_summary")
    return get_object_or_404(sendings, number=int(number))
