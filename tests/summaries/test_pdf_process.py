"""PDFs are laid out in a process of their own, so that a web worker's other threads are never held by WeasyPrint;
a PDF process that dies costs no PDF."""

import io
import logging
import os
import signal
import time

import pytest
from pypdf import PdfReader

from prep.summaries import layout, pdf_process
from prep.summaries.documents import render_pdf
from tests.personas import MINIMAL


class WeasyPrintInThisProcess:
    def __init__(self, *args, **kwargs):
        raise AssertionError("WeasyPrint was called in the web worker's process")


def test_the_pdf_is_laid_out_in_another_process(summarise, settings, monkeypatch):
    settings.PDF_PROCESSES = 1
    summary = summarise(MINIMAL, name="Mina Minimal")
    monkeypatch.setattr(layout, "HTML", WeasyPrintInThisProcess)
    pdf = render_pdf([summary])
    assert "Mina Minimal" in PdfReader(io.BytesIO(pdf)).pages[0].extract_text()


def test_with_no_pdf_processes_the_pdf_is_laid_out_in_this_process(summarise, settings, monkeypatch):
    settings.PDF_PROCESSES = 0
    summary = summarise(MINIMAL)
    monkeypatch.setattr(layout, "HTML", WeasyPrintInThisProcess)
    with pytest.raises(AssertionError, match="web worker's process"):
        render_pdf([summary])


def test_a_pdf_process_killed_costs_no_pdf_and_a_new_one_is_started(summarise, settings, caplog):
    settings.PDF_PROCESSES = 1
    summary = summarise(MINIMAL, name="Mina Minimal")
    pool = pdf_process.pdf_processes()
    child = pool.submit(os.getpid).result()
    assert child != os.getpid()
    os.kill(child, signal.SIGKILL)
    time.sleep(0.2)
    with caplog.at_level(logging.WARNING, logger="prep.summaries.pdf_process"):
        pdf = render_pdf([summary])
    assert "Mina Minimal" in PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "PDF process stopped" in caplog.text and "Mina" not in caplog.text
    assert pdf_process.pdf_processes() is not pool
    assert pdf_process.pdf_processes().submit(os.getpid).result() not in (child, os.getpid())
