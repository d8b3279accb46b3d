"""The PDF prints on Letter or A4, as the clinic's PDF_PAGE_SIZE setting says."""

import io

import pytest
from pypdf import PdfReader

from prep.summaries.documents import render_pdf
from prep.summaries.summary import build_summary
from tests.personas import MINIMAL, make_submitted_response

POINTS_PER_MM = 72 / 25.4


@pytest.mark.parametrize("setting, width_mm, height_mm", [("Letter", 215.9, 279.4), ("A4", 210, 297)])
def test_the_pdf_uses_the_configured_paper_size(settings, default_questionnaire, reference_data, setting, width_mm,
                                                height_mm):
    settings.PDF_PAGE_SIZE = setting
    pdf = render_pdf([build_summary(make_submitted_response(MINIMAL))])
    box = PdfReader(io.BytesIO(pdf)).pages[0].mediabox
    assert float(box.width) == pytest.approx(width_mm * POINTS_PER_MM, abs=1)
    assert float(box.height) == pytest.approx(height_mm * POINTS_PER_MM, abs=1)
