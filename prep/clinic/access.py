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
    return get_object_or_404(Appointment.objects.select_related("response", "invitation", "response__reviewed_by"), pk=pk)


def submitted_response_or_404(appointment):
    response = getattr(appointment, "response", None)
    if response is None or not response.is_submitted:
        raise Http404
    return response
