"""Page 1 of the PDF: the patient's request, safety, scores, the trials, current medicines and the other flags, in that
order, each flag's reasons a line of their own, and no part of page 1 left empty while the summary runs on."""

import io

import pytest
from pypdf import PdfReader

from prep.summaries.documents import render_pdf
from tests.personas import MAXIMAL, MINIMAL, TYPICAL

PERSONAS = {"typical": TYPICAL, "minimal": MINIMAL, "maximal": MAXIMAL}

PAGE_1_BLOCKS = (
    "The patient's request for this visit",
    "Safety",
    "Scores",
    "Antidepressant trials",
    "Current medicines and supplements",
    "Other flags",
)


_pdfs = {}


@pytest.fixture
def pdf_pages(summarise):
    """The pages of a persona's PDF, rendered once per test run (the same answers give the same pages)."""

    def pages(persona):
        if persona not in _pdfs:
            _pdfs[persona] = render_pdf([summarise(PERSONAS[persona])])
        return PdfReader(io.BytesIO(_pdfs[persona])).pages

    return pages


def lines_of(page):
    return [line.strip() for line in page.extract_text().splitlines()]


def body_lines_from_the_bottom(page):
    """The page's body text lines as (height from the bottom of the paper in points, text), lowest first.

    The running header and footer sit in the page margins and are left out.
    """
    lines = []

    def visit(text, cm, tm, _font, _size):
        height = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        if text.strip() and text.strip() != "•":
            lines.append((height, text.strip()))

    page.extract_text(visitor_text=visit)
    paper_height = float(page.mediabox.height)
    margin = 14 / 25.4 * 72  # the smaller of the page's top and bottom margins (print.css), in points
    return sorted(line for line in lines if margin < line[0] < paper_height - margin)


def test_page_1_holds_request_safety_scores_trials_medicines_and_other_flags_in_that_order(pdf_pages):
    first = lines_of(pdf_pages("typical")[0])
    positions = [first.index(heading) for heading in PAGE_1_BLOCKS]
    assert positions == sorted(positions)
    request, safety, scores, trials, medicines, flags = (first[start:end] for start, end in
                                                         zip(positions, positions[1:] + [len(first)]))
    assert "Wants help with My mood has not lifted after three medicines. I want to know what else I can try." in request
    assert "Their questions Is it safe to keep taking St John's wort with my prescription?" in request
    assert "URGENT  Safety: thoughts of death or self-harm" in safety
    assert "PHQ-9 17 of 27 · moderately severe Item 9 (thoughts of death or self-harm): 1 (see" in scores
    assert trials[1:5] == [
        "Medicine mg/day Weeks This episode Verdict",
        "sertraline (Zoloft) SSRI 100 (from name) 10 Yes Adequate, non-response",
        "escitalopram SSRI 10 8 Yes Adequate, non-response",
        "bupropion (Wellbutrin) Other antidepressant 150 4 Yes Too short",
    ]
    assert any(line.startswith("Thase–Rush stage I (estimate)") for line in trials)
    assert "escitalopram (Lexapro) SSRI 10 mg once a day depression Yes" in medicines
    assert "St John's wort 300 mg twice a day mood No" in medicines
    assert any(line.startswith("!  Possible contributors to poor response") for line in flags)
    assert any(line.startswith("!  Review: St John's wort with a serotonergic medicine") for line in flags)


def test_each_reason_of_the_other_flags_is_a_line_of_its_own(summarise, pdf_pages):
    first = lines_of(pdf_pages("typical")[0])
    for flag in summarise(TYPICAL).other_flags:
        for reason in flag.reasons:
            assert reason in first, reason


def test_the_answers_by_section_point_to_the_request_on_page_1_rather_than_repeat_it(pdf_pages):
    text = "\n".join(page.extract_text() for page in pdf_pages("typical"))
    assert text.count("I want to know what else I can try.") == 1
    assert "What do you most want help with at this visit? See “The patient's request for this visit” above." in text


def test_with_no_trials_page_1_says_not_staged_and_nothing_says_not_reached(pdf_pages):
    pages = pdf_pages("minimal")
    first = lines_of(pages[0])
    assert [line for line in first if line in PAGE_1_BLOCKS] == list(PAGE_1_BLOCKS)
    assert "Not staged: no antidepressant trials listed." in first
    assert "Their questions Not answered" in first
    assert "No safety flag raised by the answers. PHQ-9 item 9 (thoughts of death or self-harm): 0." in first
    assert not any("not reached" in page.extract_text() for page in pages)
    assert "Antidepressant trials in detail" not in "".join(page.extract_text() for page in pages)


@pytest.mark.parametrize("persona", ["minimal", "typical", "maximal"])
def test_page_1_is_filled_to_its_last_third_when_the_summary_runs_on(pdf_pages, persona):
    pages = pdf_pages(persona)
    assert len(pages) > 1
    lowest, _text = body_lines_from_the_bottom(pages[0])[0]
    assert lowest < float(pages[0].mediabox.height) / 3


def test_a_long_request_leaves_the_trial_table_started_on_page_1(pdf_pages):
    first = lines_of(pdf_pages("maximal")[0])
    assert [line for line in first if line in PAGE_1_BLOCKS] == list(PAGE_1_BLOCKS[:4])
    assert "Medicine mg/day Weeks This episode Verdict" in first
    assert "fluoxetine (Prozac) SSRI 20 8 No Adequate, with response" in first
