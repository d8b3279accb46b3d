import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "prep.settings")
application = get_wsgi_application()

# Everything loaded at start-up lives as long as the process. gc.freeze() takes it out of the garbage collector's
# sight, so a full collection scans what requests made instead of the ~100,000 objects of Django and WeasyPrint: in a
# gthread worker the collector holds every thread, and that scan took about 100 ms (bench/gc_pause.py). The views
# (and WeasyPrint with them) are loaded first so that they are frozen too.
get_resolver().url_patterns
gc.collect()
gc.freeze()
