"""gunicorn settings for bench/gc_pause.py: BENCH_GC chooses what the worker does with the garbage collector once the
app is loaded. "app": nothing more than the app does (prep/wsgi.py freezes what start-up loaded); "unfrozen":
gc.unfreeze(), as before that; "app+threshold": the app's freeze and a young-generation threshold of 50,000 instead
of 700 (fewer young collections, each longer)."""

import gc
import os


def post_worker_init(worker):
    mode = os.environ.get("BENCH_GC", "app")
    if mode == "unfrozen":
        gc.unfreeze()
    if mode.endswith("+threshold"):
        gc.set_threshold(50_000, 10, 10)
