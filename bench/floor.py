"""The floor of the page benchmarks: the app's own URLs plus one view that renders base.html and asks the database
nothing, served through the same middleware stack. Used with override_settings(ROOT_URLCONF="bench.floor") from the
bench scripts only; the app never routes to it."""

from django.shortcuts import render
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from prep.urls import urlpatterns as app_urlpatterns


@csrf_exempt
def floor(request):
    return render(request, "base.html")


FLOOR_URL = "/__bench_floor__/"

urlpatterns = [path(FLOOR_URL.strip("/") + "/", floor), *app_urlpatterns]
