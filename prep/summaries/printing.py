"""The day print: every appointment of a day in one PDF for a double-sided printer.

A cover list first (time, name, date of birth, clinician, status, flags, the page where each patient starts), then
each patient from an odd page, with their own page numbers: the stored summary's PDF of a sent form, or a page "No
answers received" (followed by the answers saved so far, marked not sent, when the patient started). A patient whose
part ends on an odd page gets a page "This page is intentionally blank". Stored PDFs are joined with pikepdf, never
laid out again, so a day of 150 prints in about the time of one summary.
"""

import datetime
import io
from dataclasses import dataclass, field
from functools import lru_cache

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
import pikepdf

from prep.summaries.documents import AUTHOR, html_to_pdf, page_size, render_summary_pdf
from prep.summaries.models import ReferenceStamp
from prep.summaries.reference import Knowledge
from prep.summaries.sendings import summary_for_staff
from prep.summaries.stored import stored_summary_of
from prep.summaries.trends import earlier_sending_ids_of
from prep.visits.models import Appointment, Response


def day_bounds(day):
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    end = timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min))
    return start, end


def sent_responses_on(day):
    """Responses sent at least once (also those the patient is revising) whose appointment starts on this local date,
    in appointment-time order, each with its last sending."""
    start, end = day_bounds(day)
    return list(
        Response.objects.filter(
            last_submission__isnull=False, appointment__starts_at__gte=start, appointment__starts_at__lt=end
        )
        .select_related("appointment", "questionnaire", "last_submission__reviewed_by")
        .order_by("appointment__starts_at", "appointment__pk")
    )


def appointments_on(day):
    """Every appointment of the day with what the day print reads, in one query."""
    start, end = day_bounds(day)
    return list(
        Appointment.objects.filter(starts_at__gte=start, starts_at__lt=end)
        .select_related(
            "invitation",
            "response__questionnaire",
            "response__last_submission__reviewed_by",
            "response__last_submission__stored_summary",
        )
        .order_by("starts_at", "pk")
    )


@dataclass
class Part:
    """One patient's pages in the day print."""

    appointment: Appointment
    status: str
    pdf: bytes
    pages: int
    flags: list = field(default_factory=list)
    first_page: int = 0

    @property
    def sheets_pages(self):
        """Pages this part takes once padded to start the next patient on a fresh sheet."""
        return even(self.pages)


def part_for(appointment, reference_version, knowledge, earlier_ids=None):
    response = getattr(appointment, "response", None)
    if response is not None and response.last_submission_id:
        stored = stored_summary_of(response, reference_version=reference_version, knowledge=knowledge,
                                   earlier_ids=earlier_ids)
        status = "Revising (last sending shown)" if response.is_revising else "Sent"
        return Part(appointment, status, bytes(stored.pdf), stored.pages, stored.flags)
    started = response is not None and bool(response.answers)
    status = "Started, not sent" if started else "No answers"
    page = paper("no_answers", appointment=appointment, started=started,
                 status=f"{status}: {appointment.display_status().capitalize()}")
    pdf, pages = page, 1
    if started:
        summary_pdf, summary_pages = render_summary_pdf(summary_for_staff(response, knowledge=knowledge))
        pdf, pages = joined([page, summary_pdf]), 1 + summary_pages
    return Part(appointment, status, pdf, pages, list(response.flags) if response else [])


def paper(kind, **context):
    html = render_to_string(
        "summaries/paper.html",
        {"kind": kind, "page_size": page_size(), "author": f"{settings.CLINIC_NAME} — {AUTHOR}", **context},
    )
    pdf, _pages = html_to_pdf([html])
    return pdf


@lru_cache(maxsize=2)
def blank_page(size):
    return paper("blank", title="Intentionally blank")


COVER_ROWS_PER_PAGE = 12  # a first guess of the cover's length, so it is usually laid out once


def cover(day, parts, printed_by):
    """(the cover list, its pages, the even number of pages kept for it) with each patient's first page filled in.

    The first pages depend on the cover's own length: it is laid out for a guessed length, and again only when the
    guess was short.
    """
    cover_pages = even(max(1, -(-len(parts) // COVER_ROWS_PER_PAGE)))
    while True:
        number = cover_pages + 1
        for part in parts:
            part.first_page, number = number, number + part.sheets_pages
        pdf = paper("cover", title=f"Pre-visit summaries — {day.isoformat()}", day=day, rows=parts,
                    printed_at=timezone.localtime(), printed_by=printed_by)
        pages = len(pikepdf.Pdf.open(io.BytesIO(pdf)).pages)
        if pages <= cover_pages:
            return pdf, pages, cover_pages
        cover_pages = even(pages)


def even(pages):
    return pages + pages % 2


def joined(pdfs, title=None):
    """The PDFs one after the other, as one file (qpdf through pikepdf: about ten times faster than pypdf here)."""
    out = pikepdf.Pdf.new()
    sources = [pikepdf.Pdf.open(io.BytesIO(pdf)) for pdf in pdfs]
    for source in sources:
        out.pages.extend(source.pages)
    if title:
        out.docinfo["/Title"] = title
        out.docinfo["/Author"] = f"{settings.CLINIC_NAME} — {AUTHOR}"
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


def day_print(day, *, printed_by=""):
    """(the day's PDF, its parts) for every appointment of the day; None when the day has no appointment."""
    appointments = appointments_on(day)
    if not appointments:
        return None, []
    reference_version, knowledge = ReferenceStamp.current(), LazyKnowledge()
    earlier = earlier_sending_ids_of(appointments)
    parts = [part_for(appointment, reference_version, knowledge, earlier[appointment.pk]) for appointment in appointments]
    cover_pdf, cover_pages, reserved = cover(day, parts, printed_by)
    pdfs = [cover_pdf] + [blank_page(page_size())] * (reserved - cover_pages)
    for part in parts:
        pdfs.append(part.pdf)
        if part.pages % 2:
            pdfs.append(blank_page(page_size()))
    return joined(pdfs, title=f"Pre-visit summaries — {day.isoformat()}"), parts


class LazyKnowledge:
    """The reference data, read once for the whole print and only if a summary has to be built."""

    def __init__(self):
        self._knowledge = None

    def __getattr__(self, name):
        if self._knowledge is None:
            self._knowledge = Knowledge.load()
        return getattr(self._knowledge, name)
