"""PDFs laid out in a process of their own, beside the web worker (or task worker) that asks for them.

A PDF is a few hundred milliseconds of pure-Python work that allocates about 100,000 objects. Laid out in a thread
of a gthread web worker, it holds the interpreter lock and the garbage collector over the other threads: a patient's
page on the same worker went from a p95 of about 20 ms to about 150 ms while two threads laid out PDFs
(bench/gc_pause.py). Here the asking thread only waits on a pipe, which holds neither.

Each process starts its PDF processes (PDF_PROCESSES, 1 by default) on its first PDF, with "spawn": a threaded web
worker must never fork. PDF_PROCESSES=0 lays PDFs out in the calling process.
"""

import logging
import multiprocessing
import os
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from django.conf import settings

from prep.summaries import layout

logger = logging.getLogger(__name__)

# A PDF process is started again after this many PDFs, so that what WeasyPrint and Pango keep (font and glyph
# caches) stays bounded.
PDFS_PER_PROCESS = 200

_lock = threading.Lock()
_pool = None


def pdf_write(job):
    """(the PDF, its number of pages) of a layout.PdfJob."""
    if settings.PDF_PROCESSES <= 0:
        return layout.write(job)
    pool = pdf_processes()
    try:
        return pool.submit(layout.write, job).result()
    except BrokenProcessPool:
        forget(pool)
        logger.warning("A PDF process stopped before its PDF was written; it is written in this process instead.")
        return layout.write(job)


def pdf_processes():
    global _pool
    with _lock:
        if _pool is None:
            _pool = ProcessPoolExecutor(
                max_workers=settings.PDF_PROCESSES,
                mp_context=multiprocessing.get_context("spawn"),
                max_tasks_per_child=PDFS_PER_PROCESS,
            )
        return _pool


def forget(pool):
    global _pool
    with _lock:
        if _pool is pool:
            _pool = None
    pool.shutdown(wait=False, cancel_futures=True)


def _forget_in_forked_child():
    """A forked child (gunicorn's workers, with --preload) starts its own PDF processes; its parent's are not its."""
    global _pool, _lock
    _pool, _lock = None, threading.Lock()


os.register_at_fork(after_in_child=_forget_in_forked_child)
