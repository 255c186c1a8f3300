"""Where the text of a PDF page sits: lines of words with their boxes. The only module importing
pdfplumber (over pdfminer.six), which sees a page's layout rather than the flat text layer.

Coordinates are pdfplumber's: points from the page's top-left corner (``top`` grows downwards).
Only the first :data:`MAX_LAYOUT_PAGES` pages are laid out, checked before any page is parsed:
a form is a few pages, and a hostile 200-page PDF must not cost 200 layouts.
"""

from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass
from typing import Any

import pdfplumber
from pdfminer.pdfparser import PDFSyntaxError
from pdfminer.psexceptions import PSException

log = logging.getLogger("parsers.documents")

MAX_LAYOUT_PAGES = 6
"""A form is a few pages (at most two in every corpus here); laying out a page
costs about ten times reading its text, and a 10-page report with tables took a second."""
_MAX_TABLES = 20
_MAX_ROWS = 200
PAGE_NUMBER = re.compile(r"^\s*(?:page\s*\d+(?:\s*(?:of|/)\s*\d+)?|\d+\s*(?:of|/)\s*\d+|\d+)\s*$", re.I)
"""A line of a page's layout that is only its page number ("3", "Page 3 of 4", "3/4")."""
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
    italic: bool = False


@dataclass(frozen=True)
class TableCell:
    """A ruled table cell: its box and its paragraphs (wrapped lines joined by a space; a gap
    of more than half a line between lines starts a new paragraph)."""

    box: tuple[float, float, float, float]
    paras: tuple[str, ...]
    help: tuple[bool, ...] = ()
    """Per paragraph: set wholly in italic type (the form's printed help)."""


@dataclass(frozen=True)
class TableGrid:
    """A table drawn with rules on the page: its box and its rows of cells (``None`` where a
    merged cell covers the place)."""

    box: tuple[float, float, float, float]
    rows: tuple[tuple[TableCell | None, ...], ...]


@dataclass(frozen=True)
class PageLayout:
    """A page's size, its text lines top to bottom (all of them, in tables too), and its
    ruled tables."""

    number: int
    width: float
    height: float
    lines: tuple[TextLine, ...]
    tables: tuple[TableGrid, ...] = ()

    def lines_outside_tables(self) -> list[TextLine]:
        """The lines whose middle lies in no table."""
        return [ln for ln in self.lines if not any(_inside(ln, t.box) for t in self.tables)]


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
        TextLine(str(w["text"]), float(w["x0"]), float(w["x1"]), float(w["top"]), float(w["bottom"]),
                 is_italic_font(str(w.get("fontname", "")).lower()))
        for w in page.extract_words(keep_blank_chars=False, use_text_flow=False, extra_attrs=["fontname"])
    ]
    tables = tuple(_grid(t, words) for t in page.find_tables()[:_MAX_TABLES])
    return PageLayout(number, float(page.width), float(page.height), tuple(_lines(words)), tables)


def _lines(words: list[TextLine]) -> list[TextLine]:
    rows: list[list[TextLine]] = []
    for w in sorted(words, key=lambda w: (w.top, w.x0)):
        if rows and abs(rows[-1][0].top - w.top) < _LINE_TOLERANCE:
            rows[-1].append(w)
        else:
            rows.append([w])
    lines: list[TextLine] = []
    for row in rows:
        lines.extend(_split_gaps(sorted(row, key=lambda w: w.x0)))
    return lines


def _grid(table: Any, words: list[TextLine]) -> TableGrid:
    rows: list[tuple[TableCell | None, ...]] = []
    for row in table.rows[:_MAX_ROWS]:
        cells: list[TableCell | None] = []
        for box in row.cells:
            if box is None:
                cells.append(None)
                continue
            box = tuple(float(v) for v in box)
            inside = [w for w in words if _inside(w, box)]
            paras = _paragraphs(_lines(inside))
            cells.append(TableCell(box, tuple(t for t, _ in paras), tuple(h for _, h in paras)))
        rows.append(tuple(cells))
    return TableGrid(tuple(float(v) for v in table.bbox), tuple(rows))  # type: ignore[arg-type]


def _paragraphs(lines: list[TextLine]) -> list[tuple[str, bool]]:
    """Lines of one cell as paragraphs, each with whether it is all italic: a wrapped line
    continues its paragraph; a gap of more than half a line's height, or a change between
    italic and upright type, starts a new one."""
    paras: list[list[TextLine]] = []
    prev: TextLine | None = None
    for ln in sorted(lines, key=lambda ln: (ln.top, ln.x0)):
        if prev is None or new_paragraph(prev, ln) or ln.italic != prev.italic:
            paras.append([ln])
        else:
            paras[-1].append(ln)
        prev = ln
    return [(join_wrapped([ln.text for ln in p]), all(ln.italic for ln in p)) for p in paras]


_BROKEN_AT_HYPHEN = re.compile(r"[^\W\d_]-$")


def join_wrapped(lines: list[str]) -> str:
    """The lines of one wrapped paragraph as one line: joined by a space, but with none after a
    word that ends a line with its own hyphen ("free after-" / "school clubs": a producer breaks
    a line after the hyphen of a compound word)."""
    out = ""
    for text in lines:
        if out and not (_BROKEN_AT_HYPHEN.search(out) and text[:1].isalpha()):
            out += " "
        out += text
    return out


def new_paragraph(prev: TextLine, line: TextLine) -> bool:
    """True when ``line``, under ``prev``, starts a new paragraph: a gap of more than half its
    height parts them (a wrapped line follows its line closer)."""
    return line.top - prev.bottom > 0.5 * max(line.bottom - line.top, 1.0)


def is_italic_font(name: str) -> bool:
    """True for a PDF font name (lower case) of an italic or oblique face
    ("bcdfee+liberationsans-italic", "helvetica-oblique")."""
    return "italic" in name or "oblique" in name


def _inside(w: TextLine, box: tuple[float, ...]) -> bool:
    x, y = (w.x0 + w.x1) / 2, (w.top + w.bottom) / 2
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


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
                 min(w.top for w in ws), max(w.bottom for w in ws), all(w.italic for w in ws))
        for ws in out
    ]
