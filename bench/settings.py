"""The app's settings with the URLconf of bench/gc_probe.py: for the gunicorn that bench/gc_pause.py starts, never for
the app. Everything else is prep.settings, configured by the same environment variables."""

from prep.settings import *  # noqa: F403

ROOT_URLCONF = "bench.gc_probe"
