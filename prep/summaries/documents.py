"""The summary as documents: the HTML document (`render_summary_html`) and the PDF (`render_pdf`).

One template (templates/summaries/summary.html around _summary_body.html) and one stylesheet (static/css/print.css)
serve the staff page and the PDF. WeasyPrint may read files under static/ only: no network, no other file.

WeasyPrint's part (prep/summaries/layout.py) runs in a process of its own (prep/summaries/pdf_process.py).
"""

from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from prep.summaries.layout import PdfJob
from prep.summaries.pdf_process import pdf_write

STATIC_DIR = (Path(settings.BASE_DIR) / "static").resolve()
STYLESHEET = "css/print.css"
PAGE_SIZES = {"letter": "letter", "a4": "A4"}
AUTHOR = "appointment prep"


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


def html_to_pdf(documents, *, title=""):
    """(the PDF, its pages) of HTML documents made with our templates: each starts on a new page with its own
    numbering; print.css is given to WeasyPrint parsed, not linked, and WeasyPrint may read files under static/ only."""
    job = PdfJob(
        documents=tuple(documents), static_dir=str(STATIC_DIR), stylesheet=STYLESHEET, title=title,
        created=timezone.localtime().isoformat(timespec="seconds"),
    )
    return pdf_write(job)


def render_pdf(summaries, *, title=None):
    """One PDF of one or many summaries, each starting on a new page with its own numbering."""
    summaries = list(summaries)
    if not summaries:
        raise ValueError("render_pdf needs at least one summary.")
    if len(summaries) > 1 and not title:
        day = summaries[0].header.appointment_at.date().isoformat()
        title = f"Pre-visit summaries — {len(summaries)} patients — {day}"
    pdf, _pages = html_to_pdf([render_summary_html(summary, stylesheet=None) for summary in summaries],
                              title=title or "")
    return pdf


def render_summary_pdf(summary):
    """One summary's PDF and its number of pages: what a stored summary keeps."""
    return html_to_pdf([render_summary_html(summary, stylesheet=None)])


def render_summary_body(summary):
    """The summary as the staff page shows it, inside its own page around it."""
    return render_to_string("summaries/_summary_body.html", {"summary": summary})
