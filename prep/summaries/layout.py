"""WeasyPrint's part: HTML documents laid out on pages and written as one PDF.

This module imports nothing of Django, so that it can run in a process of its own (prep/summaries/pdf_process.py):
a render allocates about 100,000 objects in pure Python for a few hundred milliseconds, and in a web worker's process
it would hold the interpreter lock and the garbage collector over every other thread's page.

Each process reuses the parsed stylesheet and, per thread, the font configuration: parsing print.css costs about
twice a one-line WeasyPrint document, and a fresh FontConfiguration loads every font face again.
"""

import gc
import mimetypes
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse


@dataclass(frozen=True)
class PdfJob:
    """What a PDF is made of: the HTML documents (each starts a new page and keeps its own page numbers), the folder
    WeasyPrint may read files from, the stylesheet in it, and the metadata the PDF carries."""

    documents: tuple
    static_dir: str
    stylesheet: str
    created: str
    title: str = ""


class StaticFilesOnly(URLFetcher):
    """A URL fetcher that serves files under one folder (static/) and refuses everything else."""

    def __init__(self, static_dir, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.static_dir = Path(static_dir).resolve()

    def fetch(self, url, headers=None):
        parts = urlsplit(url)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            raise ValueError(f"Refused to fetch {url!r}: only our static files may be used.")
        path = Path(unquote(parts.path)).resolve()
        if not path.is_relative_to(self.static_dir) or not path.is_file():
            raise ValueError(f"Refused to fetch {url!r}: only our static files may be used.")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(path.as_uri(), body=path.read_bytes(), headers={"Content-Type": content_type})


def write(job):
    """(the PDF, its number of pages) of a PdfJob."""
    fetcher = StaticFilesOnly(job.static_dir)
    base_url = fetcher.static_dir.as_uri() + "/"
    stylesheet = parsed_stylesheet(job.static_dir, job.stylesheet)
    with garbage_collector_paused():
        laid_out = [
            HTML(string=html, base_url=base_url, url_fetcher=fetcher).render(
                stylesheets=[stylesheet], font_config=font_configuration()
            )
            for html in job.documents
        ]
        document = laid_out[0]
        if len(laid_out) > 1:
            document = document.copy([page for each in laid_out for page in each.pages])
        if job.title:
            document.metadata.title = job.title
        document.metadata.created = job.created
        return document.write_pdf(), len(document.pages)


def parsed_stylesheet(static_dir, name):
    """The stylesheet, parsed again only when the file changes."""
    path = Path(static_dir) / name
    return _parsed_stylesheet(static_dir, path, path.stat().st_mtime_ns)


@lru_cache(maxsize=2)
def _parsed_stylesheet(static_dir, path, mtime_ns):
    return CSS(filename=path, url_fetcher=StaticFilesOnly(static_dir))


_per_thread = threading.local()


def font_configuration():
    """One per thread: Pango's font objects must not be shared between threads."""
    if not hasattr(_per_thread, "font_configuration"):
        _per_thread.font_configuration = FontConfiguration()
    return _per_thread.font_configuration


class _CollectorPause:
    """The pause of the process's one garbage collector, shared by the renders running in its threads."""

    # Renders that may end under others before their garbage is collected all the same: bounds the memory it holds
    # when renders overlap without a break.
    MOST_ENDED_UNCOLLECTED = 4

    def __init__(self):
        self.lock = threading.Lock()
        self.renders = 0
        self.ended = 0
        self.was_enabled = False

    def begin(self):
        with self.lock:
            if self.renders == 0:
                self.was_enabled = gc.isenabled()
                gc.disable()
            self.renders += 1

    def end(self):
        """The generation to collect now: 0 when the last render running ends (the collector is then on again), 1
        when too many have ended under others, None when nothing is to be collected."""
        with self.lock:
            self.renders -= 1
            self.ended += 1
            if not self.was_enabled:
                return None
            if self.renders == 0:
                gc.enable()
                self.ended = 0
                return 0
            if self.ended >= self.MOST_ENDED_UNCOLLECTED:
                self.ended = 0
                return 1  # the running renders' objects move to generation 2 only after another collection
            return None


_collector_pause = _CollectorPause()


@contextmanager
def garbage_collector_paused():
    """Pause the cyclic garbage collector while WeasyPrint works, then collect what it left, once.

    A render allocates about 100,000 objects that all live until the PDF is written: the collector would walk them
    again and again for nothing, about a tenth of the render. Renders in other threads of the same process (when
    PDFs are made in the calling process, PDF_PROCESSES=0) share the pause: the collector comes back on when the last
    one ends, never under one still running.
    """
    _collector_pause.begin()
    try:
        yield
    finally:
        generation = _collector_pause.end()
        if generation is not None:
            gc.collect(generation)
