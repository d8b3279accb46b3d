"""The floors of the page benchmarks: the app's own URLs plus three views served through the same middleware stack:
one that renders base.html and asks the database nothing; one for a confirmed patient that does only what every
patient page does first (`patient_required`: the session, and the invitation with its response in one query) and
returns a few bytes; one for signed-in staff that does only what every staff view does first (the session, the
user, the permission and second-factor checks of `staff_required`) and returns a few bytes. Used with
override_settings(ROOT_URLCONF="bench.floor") or bench/settings.py from the bench scripts only; the app never routes
to them."""

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from prep.clinic.access import staff_required
from prep.visits.access import patient_required
from prep.urls import urlpatterns as app_urlpatterns


@csrf_exempt
def floor(request):
    return render(request, "base.html")


@patient_required
def patient_floor(request, response):
    return HttpResponse(b"ok", content_type="text/plain")


@staff_required
def staff_floor(request):
    return HttpResponse(b"ok", content_type="text/plain")


FLOOR_URL = "/__bench_floor__/"
PATIENT_FLOOR_URL = "/__bench_patient_floor__/"
STAFF_FLOOR_URL = "/__bench_staff_floor__/"

urlpatterns = [
    path(FLOOR_URL.strip("/") + "/", floor),
    path(PATIENT_FLOOR_URL.strip("/") + "/", patient_floor),
    path(STAFF_FLOOR_URL.strip("/") + "/", staff_floor),
    *app_urlpatterns,
]
