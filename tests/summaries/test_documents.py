"""The PDF: page 1 at a glance, compact, metadata, numbering per patient, and a fetcher limited to static files."""

import gc
import io
import re

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from prep.summaries.documents import STATIC_DIR, render_pdf, render_summary_html
from prep.summaries.layout import StaticFilesOnly, garbage_collector_paused
from tests.personas import MINIMAL, TYPICAL, make_submitted_response


def pages_text(pdf):
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def test_typical_pdf_has_flags_scores_and_trial_count_on_page_1_and_at_most_4_pages(summarise):
    pdf = render_pdf([summarise(TYPICAL, name="Tess Typical")])
    reader = PdfReader(io.BytesIO(pdf))
    first = reader.pages[0].extract_text()
    assert len(reader.pages) <= 4
    for words in ("URGENT", "Safety: thoughts of death or self-harm", "Possible contributors to poor response",
                  "St John's wort with a serotonergic medicine", "PHQ-9", "17 of 27", "moderately severe",
                  "GAD-7", "10 of 21", "AUDIT-C", "2 adequate trials without response reported",
                  "Thase–Rush stage I", "escitalopram (Lexapro)", "not a diagnosis", "Tess Typical",
                  "Confidential — contains health information", f"Page 1 of {len(reader.pages)}"):
        assert words in first, words
    assert reader.metadata.title.startswith("Pre-visit summary — appointment ")
    assert "Tess" not in str(reader.metadata), "no patient name in the PDF's metadata"
    assert "appointment prep" in reader.metadata.author
    last = reader.pages[-1].extract_text()
    assert "Tess Typical · DOB 2 Apr 1980" in last  # the patient on every page


def test_the_html_document_links_only_our_stylesheet_and_no_bootstrap(summarise):
    html = render_summary_html(summarise(MINIMAL))
    assert 'href="css/print.css"' in html
    assert "bootstrap" not in html.lower() and "http" not in html.split("<body")[0].replace("http-equiv", "")


def test_the_pdf_source_links_no_stylesheet_as_the_pdf_gets_print_css_already_parsed(summarise):
    assert "<link" not in render_summary_html(summarise(MINIMAL), stylesheet=None)


@pytest.mark.parametrize("enabled", [True, False])
def test_a_pdf_laid_out_in_this_process_leaves_the_garbage_collector_as_it_found_it(summarise, enabled, settings):
    settings.PDF_PROCESSES = 0
    summary = summarise(MINIMAL)
    was_enabled = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        render_pdf([summary])
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was_enabled else gc.disable)()


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/font.woff2",
        "http://127.0.0.1:8000/static/css/print.css",
        "file:///etc/passwd",
        "file:///work/main/static/../prep/settings.py",
        "data:text/css,body{}",
    ],
)
def test_the_url_fetcher_refuses_anything_but_our_static_files(url):
    with pytest.raises(ValueError):
        StaticFilesOnly(STATIC_DIR).fetch(url)


def test_the_url_fetcher_serves_our_stylesheet():
    response = StaticFilesOnly(STATIC_DIR).fetch((STATIC_DIR / "css" / "print.css").as_uri())
    assert b"@page" in response.read()


def test_day_batch_numbers_each_patients_pages_on_their_own(summarise):
    pdf = render_pdf([summarise(TYPICAL, name="Tess Typical"), summarise(MINIMAL, name="Mina Minimal")])
    numbers = [re.search(r"Page (\d+) of (\d+)", text).groups() for text in pages_text(pdf)]
    typical_pages = len(PdfReader(io.BytesIO(render_pdf([summarise(TYPICAL)]))).pages)
    minimal_pages = len(numbers) - typical_pages
    assert numbers == [(str(n), str(typical_pages)) for n in range(1, typical_pages + 1)] + [
        (str(n), str(minimal_pages)) for n in range(1, minimal_pages + 1)
    ]


def test_print_summaries_for_one_appointment_refuses_an_unsubmitted_response(default_questionnaire, tmp_path):
    from django.core.management.base import CommandError

    response = make_submitted_response(MINIMAL, questionnaire=default_questionnaire, submitted=False)
    with pytest.raises(CommandError):
        call_command("print_summaries", "--appointment", str(response.appointment_id), "--out", str(tmp_path / "x.pdf"))


def test_the_collector_stays_paused_until_the_last_of_overlapping_renders_ends():
    """Two threads' renders overlap: the first to end must not turn the collector on under the second."""
    was_enabled = gc.isenabled()
    gc.enable()
    first, second = garbage_collector_paused(), garbage_collector_paused()
    try:
        first.__enter__()
        second.__enter__()
        first.__exit__(None, None, None)
        assert not gc.isenabled()
        second.__exit__(None, None, None)
        assert gc.isenabled()
    finally:
        (gc.enable if was_enabled else gc.disable)()


def test_renders_that_overlap_without_a_break_still_have_their_garbage_collected():
    was_enabled = gc.isenabled()
    gc.enable()
    running = garbage_collector_paused()
    running.__enter__()
    try:
        collections_before = gc.get_stats()[1]["collections"]
        for _ in range(4):
            ended = garbage_collector_paused()
            ended.__enter__()
            ended.__exit__(None, None, None)
        assert gc.get_stats()[1]["collections"] == collections_before + 1
        assert not gc.isenabled()
    finally:
        running.__exit__(None, None, None)
        (gc.enable if was_enabled else gc.disable)()
