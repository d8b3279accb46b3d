"""The summary as documents: the HTML document (`render_summary_html`) and the PDF (`render_pdf`).

One template (templates/summaries/summary.html around _summary_body.html) and one stylesheet (static/css/print.css)
serve the staff page and the PDF. WeasyPrint may read files under static/ only: no network, no other file.

The PDF path reuses, per process, the parsed stylesheet and, per thread, the font configuration: parsing print.css
costs about twice a one-line WeasyPrint document, and a fresh FontConfiguration loads every font face again.
"""

import gc
import mimetypes
import threading
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

STATIC_DIR = (Path(settings.BASE_DIR) / "static").resolve()
STYLESHEET = "css/print.css"
PAGE_SIZES = {"letter": "letter", "a4": "A4"}
AUTHOR = "appointment prep"


class StaticFilesOnly(URLFetcher):
    """A URL fetcher that serves files under static/ and refuses everything else."""

    def fetch(self, url, headers=None):
        parts = urlsplit(url)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            raise ValueError(f"Refused to fetch {url!r}: only our static files may be used.")
        path = Path(unquote(parts.path)).resolve()
        if not path.is_relative_to(STATIC_DIR) or not path.is_file():
            raise ValueError(f"Refused to fetch {url!r}: only our static files may be used.")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(path.as_uri(), body=path.read_bytes(), headers={"Content-Type": content_type})


def page_size():
    return PAGE_SIZES.get(str(settings.PDF_PAGE_SIZE).strip().lower(), "letter")


def render_summary_html(summary, *, stylesheet=STYLESHEET):
    """The standalone HTML document of one summary (the PDF's source)."""
    return render_to_string(
        "summaries/summary.html",
        {
            "summary": summary,
            "stylesheet": stylesheet,
            "page_size": page_size(),
            "author": f"{settings.CLINIC_NAME} — {AUTHOR}",
        },
    )


def print_stylesheet():
    """print.css, parsed again only when the file changes."""
    path = STATIC_DIR / STYLESHEET
    return _parsed_stylesheet(path, path.stat().st_mtime_ns)


@lru_cache(maxsize=1)
def _parsed_stylesheet(path, mtime_ns):
    return CSS(filename=path, url_fetcher=StaticFilesOnly())


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
    (and, on its full passes, the whole process) again and again for nothing, about a tenth of the render. Renders in
    other threads share the pause: the collector comes back on when the last one ends, never under one still running
    (it would then walk that render's objects and move them to the old generations, where its garbage waits for a
    full collection, which bench/gc_pause.py saw take hundreds of milliseconds with every thread held).
    """
    _collector_pause.begin()
    try:
        yield
    finally:
        generation = _collector_pause.end()
        if generation is not None:
            gc.collect(generation)


def render_document(summary):
    """One summary laid out on its pages (print.css given to WeasyPrint parsed, not linked)."""
    with garbage_collector_paused():
        html = HTML(
            string=render_summary_html(summary, stylesheet=None),
            base_url=STATIC_DIR.as_uri() + "/",
            url_fetcher=StaticFilesOnly(),
        )
        return html.render(stylesheets=[print_stylesheet()], font_config=font_configuration())


def render_pdf(summaries, *, title=None):
    """One PDF of one or many summaries, each laid out once, each starting on a new page with its own numbering."""
    summaries = list(summaries)
    if not summaries:
        raise ValueError("render_pdf needs at least one summary.")
    documents = [render_document(summary) for summary in summaries]
    if len(documents) == 1:
        document = documents[0]
    else:
        document = documents[0].copy([page for each in documents for page in each.pages])
        day = summaries[0].header.appointment_at.date().isoformat()
        document.metadata.title = title or f"Pre-visit summaries — {len(summaries)} patients — {day}"
    return write_pdf(document, title)


def render_summary_pdf(summary):
    """One summary's PDF and its number of pages: what a stored summary keeps."""
    document = render_document(summary)
    return write_pdf(document), len(document.pages)


def write_pdf(document, title=None):
    if title:
        document.metadata.title = title
    document.metadata.created = timezone.localtime().isoformat(timespec="seconds")
    with garbage_collector_paused():
        return document.write_pdf()


def render_summary_body(summary):
    """The summary as the staff page shows it, inside its own page around it."""
    return render_to_string("summaries/_summary_body.html", {"summary": summary})
