"""The URLconf of the gunicorn in bench/gc_pause.py (bench/settings.py): the app's URLs plus two bench-only views,
one that renders a summary PDF afresh in the request (the CPU-bound work whose effect on the other threads of the
same worker is measured) and one that reports the garbage collector's pauses in this process since the last call.
"""

import gc
import json
import threading
import time

from django.http import HttpResponse
from django.urls import path

from prep.summaries.documents import render_summary_pdf
from prep.summaries.summary import build_summary
from prep.urls import urlpatterns as app_urlpatterns
from prep.visits.models import Response

_pauses = []  # (generation, seconds) of every collection in this process since the last report
_lock = threading.Lock()
_started = {}


def _record(phase, info):
    if phase == "start":
        _started[threading.get_ident()] = time.perf_counter()
    else:
        began = _started.pop(threading.get_ident(), None)
        if began is not None:
            with _lock:
                _pauses.append((info["generation"], time.perf_counter() - began))


gc.callbacks.append(_record)


def summary_pdf(request):
    response = Response.objects.select_related("appointment", "questionnaire").order_by("pk").first()
    pdf, pages = render_summary_pdf(build_summary(response))
    return HttpResponse(f"{len(pdf)} bytes, {pages} pages", content_type="text/plain")


def gc_report(request):
    """{generation: [collections, total ms, max ms]} since the last report, and the collector's thresholds; with
    ?full=1 only the time of one full collection made now."""
    if request.GET.get("full"):
        started = time.perf_counter()
        gc.collect()
        elapsed = time.perf_counter() - started
        with _lock:
            _pauses.clear()  # this one is reported here, not in the next phase's collections
        return HttpResponse(json.dumps({"full_now_ms": elapsed * 1000}))
    with _lock:
        pauses, _pauses[:] = list(_pauses), []
    report = {}
    for generation, seconds in pauses:
        count, total, longest = report.get(generation, (0, 0.0, 0.0))
        report[generation] = (count + 1, total + seconds * 1000, max(longest, seconds * 1000))
    body = {"pauses": report, "threshold": gc.get_threshold(), "frozen": gc.get_freeze_count()}
    return HttpResponse(json.dumps(body), content_type="application/json")


PDF_URL = "/__bench_pdf__/"
GC_URL = "/__bench_gc__/"

urlpatterns = [
    path(PDF_URL.strip("/") + "/", summary_pdf),
    path(GC_URL.strip("/") + "/", gc_report),
    *app_urlpatterns,
]
