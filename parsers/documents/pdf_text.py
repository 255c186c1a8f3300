"""The text layer of PDF pages, read by PDFium (pypdfium2). The only module importing pypdfium2.

:mod:`parsers.documents.pdf` decides which pages are read (page count, drawing and text limits,
with pypdf) and hands their numbers here; each page comes back as its text, lines as PDFium
orders them, and the runs of each line set in one font and size, for the reader to tell body text
from labels and help text. PDFium reads a page's text in C, many times faster than pypdf's text
visitor (a 10-page report: 0.25 s with pypdf, 25 ms here, the font of every char included).

A line-end hyphen that PDFium marks as such (it joins the two lines) is given back as a hyphen
and a line break, as the page shows it.
"""

from __future__ import annotations

import ctypes
import logging
import threading
from collections.abc import Iterable
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

log = logging.getLogger("parsers.documents")

_LOCK = threading.Lock()
"""PDFium is not thread-safe: one document is read at a time in a process."""
_HYPHENS = ("\x02", "\ufffe")
"""What PDFium gives for a line-end hyphen it joins the lines over (per char, and in page text)."""
_BREAKS = frozenset("\r\n" + "".join(_HYPHENS))
_Look = tuple[str, float]
"""A char's font base name and type size."""
_TEXT_OBJECT_AT = ctypes.cast(
    pdfium_c.FPDFText_GetTextObject,
    ctypes.CFUNCTYPE(ctypes.c_void_p, pdfium_c.FPDF_TEXTPAGE, ctypes.c_int),
)
"""``FPDFText_GetTextObject`` giving the text object's address as an int (``None`` for none): the
key its font and size are remembered by, without a pointer object made for every char."""


class PdfTextError(Exception):
    """Raised when PDFium cannot open the document at all (damaged, or a password is needed)."""


@dataclass(frozen=True)
class TextRun:
    """A stretch of one line set in one font at one size: its text, the font's base name (subset
    prefix left out, ``""`` when the font has none) and the type size in points on the page."""

    text: str
    font: str
    size: float


@dataclass(frozen=True)
class PageText:
    """One page's text (lines joined by ``"\\n"``) and the runs of its lines in reading order."""

    text: str
    runs: tuple[TextRun, ...]


def read_pages(data: bytes, numbers: Iterable[int], max_chars: int) -> list[PageText]:
    """The text of the pages ``numbers`` (0-based, taken one at a time, so a caller may stop the
    iteration, or raise from it, between pages), until their text would pass ``max_chars``: the
    page that passes it is left out, and so are the pages after it. A page PDFium cannot load
    gives no text. Raises :class:`PdfTextError` when the document cannot be opened."""
    with _LOCK:
        try:
            doc = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as err:
            raise PdfTextError(str(err)) from err
        try:
            return _pages(doc, numbers, max_chars)
        finally:
            doc.close()


def _pages(doc: pdfium.PdfDocument, numbers: Iterable[int], max_chars: int) -> list[PageText]:
    out: list[PageText] = []
    total = 0
    for number in numbers:
        page = _page(doc, number)
        total += len(page.text)
        if total > max_chars:
            break
        out.append(page)
    return out


def _page(doc: pdfium.PdfDocument, number: int) -> PageText:
    try:
        page = doc[number]
    except (pdfium.PdfiumError, IndexError) as err:
        log.info("PDF page %d not read: %s", number + 1, err)
        return PageText("", ())
    try:
        textpage = page.get_textpage()
        try:
            return _page_text(textpage)
        finally:
            textpage.close()
    except pdfium.PdfiumError as err:
        log.info("PDF page %d text not read: %s", number + 1, err)
        return PageText("", ())
    finally:
        page.close()


def _page_text(textpage: pdfium.PdfTextPage) -> PageText:
    """The page's text and runs from its chars: each char of PDFium's text page is one entry of
    its text, drawn by a text object (so in its font and size). A run ends at a line break and
    where the font or size changes; spaces belong to the run they stand in."""
    raw = textpage.raw
    count = textpage.count_chars()
    chars = textpage.get_text_range() if count else ""
    if len(chars) != count:
        # PDFium's page text can leave out or add a char; char by char it is one entry each.
        chars = "".join(chr(pdfium_c.FPDFText_GetUnicode(raw, i)) for i in range(count))
    fonts: dict[int | None, _Look] = {}
    runs: list[TextRun] = []
    start, look = 0, None
    for i, ch in enumerate(chars):
        if ch.isspace() and ch not in _BREAKS:
            continue
        here: _Look | None = None
        if ch not in _BREAKS:
            address = _TEXT_OBJECT_AT(raw, i)
            here = fonts.get(address) or _remember(raw, i, address, fonts)
        if here is None or here != look:
            if look is not None:
                runs.append(TextRun(_with_hyphens(chars[start : i + (ch in _HYPHENS)]), *look))
            start, look = i, here
    if look is not None:
        runs.append(TextRun(_with_hyphens(chars[start:]), *look))
    text = chars.replace("\r\n", "\n").replace("\r", "\n")
    return PageText(_with_hyphens(text, "-\n"), tuple(runs))


def _with_hyphens(text: str, hyphen: str = "-") -> str:
    for mark in _HYPHENS:
        text = text.replace(mark, hyphen)
    return text


def _remember(raw: pdfium_c.FPDF_TEXTPAGE, index: int, address: int | None,
              fonts: dict[int | None, _Look]) -> _Look:
    """(font base name, type size on the page) of the char at ``index`` drawn by the text object at
    ``address``, remembered for the object's other chars."""
    found = (_object_look(ctypes.cast(address, pdfium_c.FPDF_PAGEOBJECT)) if address
             else ("", float(pdfium_c.FPDFText_GetFontSize(raw, index))))
    fonts[address] = found
    return found


def _object_look(obj: pdfium_c.FPDF_PAGEOBJECT) -> _Look:
    """A text object's font base name and its size as drawn: the size set for it times the vertical
    scale of its matrix (a page drawn at size 1 scaled up by twelve is set in 12 points)."""
    size = ctypes.c_float(0.0)
    if not pdfium_c.FPDFTextObj_GetFontSize(obj, ctypes.byref(size)):
        size.value = 0.0
    matrix = pdfium_c.FS_MATRIX()
    scale = abs(matrix.d) if pdfium_c.FPDFPageObj_GetMatrix(obj, ctypes.byref(matrix)) else 1.0
    return _font_name(obj), float(size.value) * (scale or 1.0)


def _font_name(obj: pdfium_c.FPDF_PAGEOBJECT) -> str:
    font = pdfium_c.FPDFTextObj_GetFont(obj)
    if not font:
        return ""
    length = pdfium_c.FPDFFont_GetBaseFontName(font, None, 0)
    if length <= 0:
        return ""
    buffer = ctypes.create_string_buffer(length)
    pdfium_c.FPDFFont_GetBaseFontName(font, buffer, length)
    return buffer.value.decode("utf-8", "replace")
