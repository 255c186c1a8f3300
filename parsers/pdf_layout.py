"""Where the text of a PDF page sits: lines of words with their boxes. The only module importing
pdfplumber (over pdfminer.six), which sees a page's layout rather than the flat text layer.

Coordinates are pdfplumber's: points from the page's top-left corner (``top`` grows downwards).
Only the first :data:`MAX_LAYOUT_PAGES` pages are laid out, checked before any page is parsed:
a form is a few pages, and a hostile 200-page PDF must not cost 200 layouts.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass

import pdfplumber
from pdfminer.pdfparser import PDFSyntaxError
from pdfminer.psexceptions import PSException

log = logging.getLogger("parsers.documents")

MAX_LAYOUT_PAGES = 12
_LINE_TOLERANCE = 3.0
"""Words whose tops differ by less than this many points are on one line."""


@dataclass(frozen=True)
class TextLine:
    """One line of words on a page: its text and its box (points from the top-left corner)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float


@dataclass(frozen=True)
class PageLayout:
    """A page's size and its text lines, top to bottom."""

    number: int
    width: float
    height: float
    lines: tuple[TextLine, ...]


def page_layouts(data: bytes, max_pages: int = MAX_LAYOUT_PAGES) -> list[PageLayout]:
    """The layout of the first ``max_pages`` pages; an empty list when pdfplumber cannot read
    the file (the text-layer reader then decides what is wrong with it)."""
    try:
        with pdfplumber.open(io.BytesIO(data), pages=list(range(1, max_pages + 1))) as pdf:
            return [_layout(i, page) for i, page in enumerate(pdf.pages[:max_pages], 1)]
    except (PSException, PDFSyntaxError, ValueError, KeyError, TypeError, AttributeError, IndexError,
            RecursionError, OSError, AssertionError) as err:
        log.info("PDF layout not read: %s: %s", type(err).__name__, err)
        return []


def _layout(number: int, page: pdfplumber.page.Page) -> PageLayout:
    words = [
        TextLine(str(w["text"]), float(w["x0"]), float(w["x1"]), float(w["top"]), float(w["bottom"]))
        for w in page.extract_words(keep_blank_chars=False, use_text_flow=False)
    ]
    rows: list[list[TextLine]] = []
    for w in sorted(words, key=lambda w: (w.top, w.x0)):
        if rows and abs(rows[-1][0].top - w.top) < _LINE_TOLERANCE:
            rows[-1].append(w)
        else:
            rows.append([w])
    lines: list[TextLine] = []
    for row in rows:
        lines.extend(_split_gaps(sorted(row, key=lambda w: w.x0)))
    return PageLayout(number, float(page.width), float(page.height), tuple(lines))


def _split_gaps(row: list[TextLine]) -> list[TextLine]:
    """One row of words as lines, split where a wide gap (a column or a form field) parts them."""
    out: list[list[TextLine]] = [[row[0]]]
    for w in row[1:]:
        prev = out[-1][-1]
        if w.x0 - prev.x1 > 3 * max(prev.bottom - prev.top, 1.0):
            out.append([w])
        else:
            out[-1].append(w)
    return [
        TextLine(" ".join(w.text for w in ws), min(w.x0 for w in ws), max(w.x1 for w in ws),
                 min(w.top for w in ws), max(w.bottom for w in ws))
        for ws in out
    ]
