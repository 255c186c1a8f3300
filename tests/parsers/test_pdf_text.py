"""The text layer of PDF pages as PDFium reads it (parsers/documents/pdf_text.py): each line's runs
in one font and size, the sizes as drawn on the page, and the limits a caller sets."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from parsers.documents.pdf_text import PdfTextError, TextRun, read_pages
from tests.fixtures.pdfs import pdf_bytes

FORM_PAGE = (
    b"BT /F1 12 Tf 72 760 Td (Your name) Tj ET\n"
    b"BT /F2 9 Tf 72 745 Td (As it should appear in print.) Tj ET\n"
    # Set at size 1 and scaled up twelve times by the text matrix, as some producers write it.
    b"BT /F2 1 Tf 12 0 0 12 72 725 Tm (Jo Bloggs) Tj ET\n"
    b"BT /F1 12 Tf 72 700 Td (Job title: ) Tj /F2 12 Tf (Head of Libraries) Tj ET\n"
)


def _pdf(*pages: bytes) -> bytes:
    """A PDF of ``pages`` (content streams) in Helvetica-Bold (/F1) and Helvetica (/F2)."""
    kids = " ".join(f"{3 + 2 * i} 0 R" for i in range(len(pages))).encode()
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % len(pages)]
    fonts = 3 + 2 * len(pages)
    for i, content in enumerate(pages):
        objs.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
                    b"/Resources << /Font << /F1 %d 0 R /F2 %d 0 R >> >> >>" % (4 + 2 * i, fonts, fonts + 1))
        objs.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
    objs += [b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold >>",
             b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    return pdf_bytes(objs)


def test_each_line_is_split_into_runs_of_one_font_and_size() -> None:
    [page] = read_pages(_pdf(FORM_PAGE), [0], 10_000)
    assert page.text.split("\n") == ["Your name", "As it should appear in print.", "Jo Bloggs",
                                     "Job title: Head of Libraries"]
    runs = [TextRun(r.text.strip(), r.font, round(r.size, 1)) for r in page.runs]
    assert runs == [
        TextRun("Your name", "Helvetica-Bold", 12.0),
        TextRun("As it should appear in print.", "Helvetica", 9.0),
        TextRun("Jo Bloggs", "Helvetica", 12.0),
        TextRun("Job title:", "Helvetica-Bold", 12.0),
        TextRun("Head of Libraries", "Helvetica", 12.0),
    ]


def test_pages_are_read_in_the_order_asked_and_stop_before_the_page_over_the_text_limit() -> None:
    data = _pdf(b"BT /F2 12 Tf 72 760 Td (First page) Tj ET",
                b"BT /F2 12 Tf 72 760 Td (Second page) Tj ET",
                b"BT /F2 12 Tf 72 760 Td (Third page, which is much longer than the others) Tj ET")
    assert [p.text for p in read_pages(data, [1, 0], 10_000)] == ["Second page", "First page"]
    assert [p.text for p in read_pages(data, [0, 1, 2], 30)] == ["First page", "Second page"]


def test_a_caller_can_stop_between_pages_by_raising_from_its_page_numbers() -> None:
    def numbers() -> Iterator[int]:
        yield 0
        raise LookupError("page 2 is over the drawing limit")

    with pytest.raises(LookupError):
        read_pages(_pdf(FORM_PAGE, FORM_PAGE), numbers(), 10_000)


def test_a_page_past_the_end_gives_no_text_and_a_file_pdfium_cannot_open_is_refused() -> None:
    assert [p.text for p in read_pages(_pdf(FORM_PAGE), [5], 10_000)] == [""]
    with pytest.raises(PdfTextError):
        read_pages(b"%PDF-1.4\nnot a PDF at all", [0], 10_000)
