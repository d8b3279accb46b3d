"""The summary as documents: the HTML document (`render_summary_html`) and the PDF (`render_pdf`).

One template (templates/summaries/summary.html around _summary_body.html) and one stylesheet (static/css/print.css)
serve the staff page and the PDF. WeasyPrint may read files under static/ only: no network, no other file.
"""

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import HTML
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


def render_document(summary):
    html = HTML(string=render_summary_html(summary), base_url=STATIC_DIR.as_uri() + "/", url_fetcher=StaticFilesOnly())
    return html.render()


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
    if title:
        document.metadata.title = title
    document.metadata.created = timezone.localtime().isoformat(timespec="seconds")
    return document.write_pdf()
