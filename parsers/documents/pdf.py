"""PDF forms read from their text layer. The only module importing pypdf.

Only the text layer is read (no OCR): a scanned form gives no text, and that is reported so the
sender can send the Word form instead. Filled AcroForm fields are read as named answers.

pypdf opens the file (password, page count, drawing size, AcroForm fields); the pages' text comes
from PDFium (:mod:`parsers.documents.pdf_text`) with the font and size of each run of a line: a
line smaller than the document's body text right under a bold line (a label) is the form's help
text (``guidance``), never an answer.
"""

from __future__ import annotations

import io
import logging
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Any

from pypdf import PdfReader
from pypdf.errors import FileNotDecryptedError, PdfReadError, PyPdfError
from pypdf.generic import ArrayObject

from parsers.blocks import Block, Para
from parsers.documents.acroform import FormFields, form_fields
from parsers.documents.front_matter import mark_front
from parsers.documents.pdf_layout import (
    MAX_LAYOUT_PAGES,
    PageLayout,
    is_italic_font,
    join_wrapped,
    page_layouts,
)
from parsers.documents.pdf_tables import layout_blocks
from parsers.documents.pdf_text import PdfTextError, read_pages
from parsers.documents.tables import clean, text_blocks
from parsers.errors import ADVICE_ONLY_FORM, DocumentError
from parsers.schema import Limits

log = logging.getLogger("parsers.documents")

ADVICE_PDF = "Please send the form as an unprotected .docx file, or paste it into the email."
_MAX_PAGES = 200
_MAX_TEXT_PAGES = 40
"""Pages whose text is read: a form is a few pages, and the rest of a long PDF (an annual report
attached beside the form) would cost seconds and add nothing."""


def read_pdf(filename: str, data: bytes, limits: Limits, *,
             names_form: Callable[[str], bool] | None = None) -> list[Block]:
    """Paragraph blocks from every page's text, then a :class:`Tagged` block per filled form field.
    A short document with ruled tables is read from its layout (:mod:`parsers.documents.pdf_tables`):
    each table row as a label and its answer; with ``names_form``, only when its text names a
    question of the form (a brochure's tables hold no answers).

    Raises :class:`DocumentError` for an encrypted, damaged or text-less (scanned) PDF.
    """
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not _try_empty_password(reader):
            raise DocumentError(filename, "the PDF is password-protected", ADVICE_PDF)
        if _declared_pages(reader) > _MAX_PAGES or _pages_over(reader, _MAX_PAGES):
            raise DocumentError(
                filename, f"the PDF has more than {_MAX_PAGES} pages", ADVICE_ONLY_FORM
            )
        looks: dict[str, _LineLook] = {}
        text = _text(filename, reader, data, limits, looks)
        # The layout (pdfplumber) is read only for a document short enough to be one form,
        # decided from the page count before any page is laid out.
        layouts = page_layouts(data) if _worth_laying_out(reader, text, names_form) else []
        form = _form_fields(reader, layouts)
        tabled = layout_blocks(layouts, form.printed) if text.strip() else None
        flat = tabled if tabled is not None else text_blocks(_without_lines(text, form.printed))
        blocks: list[Block] = _front(_with_looks(flat, looks), looks)
        blocks.extend(t for t in form.fields if t.value is not None)
    except DocumentError:
        raise
    except FileNotDecryptedError as err:
        raise DocumentError(filename, "the PDF is password-protected", ADVICE_PDF) from err
    except (
        PdfReadError,
        PyPdfError,
        ValueError,
        KeyError,
        TypeError,
        AttributeError,
        IndexError,
        RecursionError,
        OSError,
        AssertionError,
    ) as err:
        raise DocumentError(filename, f"the PDF is damaged ({type(err).__name__})", ADVICE_PDF) from err
    if not blocks:
        raise DocumentError(filename, "the PDF has no text layer (a scanned image?)", ADVICE_PDF)
    return blocks


def _with_looks(blocks: list[Block], looks: dict[str, _LineLook]) -> list[Block]:
    """``blocks`` with the smaller or italic lines right under a bold line (or under such help
    text) marked as guidance. Without bold lines, or without one most common (body) size, the blocks
    are returned unchanged."""
    found = [(b, looks.get(b.text)) for b in blocks if isinstance(b, Para)]
    body = _body_size((b.text, lk) for b, lk in found if lk is not None and not lk.bold)
    if body is None or not any(lk is not None and lk.bold for _, lk in found):
        return blocks
    out: list[Block] = []
    for blk in blocks:
        lk = looks.get(blk.text) if isinstance(blk, Para) else None
        if isinstance(blk, Para) and lk is not None and not lk.bold and (lk.size < body - 0.5 or lk.italic):
            prev = out[-1] if out else None
            if isinstance(prev, Para) and (prev.guidance or _bold(looks.get(prev.text))):
                blk = replace(blk, guidance=True)
        out.append(blk)
    return out


def _front(blocks: list[Block], looks: dict[str, _LineLook]) -> list[Block]:
    """``blocks`` with the form's title and introduction marked ``guidance``: the lines at the
    top set larger than the body text, joined into one title line (a title wraps over two or
    three lines too), and the prose right under it, its wrapped lines joined
    (:func:`parsers.documents.front_matter.mark_front`).
    Without such a title the blocks are returned unchanged.

    The body size is read from every line of the text layer, the form's printed labels too (they
    are no blocks here: their fields hold the answers), so a fillable form whose only paragraphs
    are its title and introduction still tells its title apart."""
    body = _body_size(looks.items())
    if body is None or len(looks) < 3:
        return blocks
    i = 0
    while i < len(blocks) and i < 4 and _larger(blocks[i], looks, body):
        i += 1
    if i == 0:
        return blocks
    title = Para(" ".join(b.text for b in blocks[:i] if isinstance(b, Para)), True)
    rest = _joined_prose(blocks[i:])
    return mark_front([title, *rest], lambda _first: True)


def _body_size(lines: Iterable[tuple[str, _LineLook]]) -> float | None:
    """The type size most of the text of ``lines`` is set in (weighed by characters); ``None``
    without lines."""
    sizes: Counter[float] = Counter()
    for text, lk in lines:
        sizes[lk.size] += len(text)
    return sizes.most_common(1)[0][0] if sizes else None


def _larger(block: Block, looks: dict[str, _LineLook], body: float) -> bool:
    look = looks.get(block.text) if isinstance(block, Para) else None
    return look is not None and look.size > body + 2


def _joined_prose(blocks: list[Block]) -> list[Block]:
    """The first paragraphs with a line that runs on into the next (no full stop, the next line
    in lower case) joined to it, as the text layer wraps an introduction line by line."""
    out = list(blocks)
    i = 0
    while i + 1 < len(out) and i < 12:
        a, b = out[i], out[i + 1]
        if (isinstance(a, Para) and isinstance(b, Para) and not a.guidance and not b.guidance
                and not a.text.rstrip().endswith((".", ":", "?", "!")) and b.text[:1].islower()):
            out[i : i + 2] = [Para(join_wrapped([a.text, b.text]), a.emphasis)]
            continue
        i += 1
    return out


def _bold(look: _LineLook | None) -> bool:
    return look is not None and look.bold


def _declared_pages(reader: PdfReader) -> int:
    """The page count the page tree's root declares (ISO 32000-1 §7.7.3.2), read before the tree is
    walked: walking 50,000 pages took pypdf 6 s. 0 when it declares none."""
    try:
        pages = reader.root_object.get("/Pages")
        count = pages.get_object().get("/Count", 0) if pages is not None else 0
        return int(count) if isinstance(count, int) else 0
    except (KeyError, TypeError, AttributeError, ValueError, PdfReadError, PyPdfError):
        return 0


def _pages_over(reader: PdfReader, cap: int) -> bool:
    """True when the page tree holds more than ``cap`` pages, counted by a walk that stops there
    (a tree may declare one page and hold 50,000; pypdf's own count walks them all). Nodes met twice
    (a cycle) are not counted again."""
    pages = reader.root_object.get("/Pages")
    stack: list[Any] = [pages] if pages is not None else []
    seen: set[int] = set()
    count = 0
    while stack and count <= cap:
        ref = stack.pop()
        key = getattr(ref, "idnum", None)
        if isinstance(key, int):
            if key in seen:
                continue
            seen.add(key)
        node = ref.get_object()
        kids = node.get("/Kids") if isinstance(node, dict) else None
        if kids is None:
            count += 1
            continue
        kids = kids.get_object()
        if isinstance(kids, ArrayObject):
            if len(kids) > cap:
                return True
            stack.extend(reversed(kids))
    return count > cap


def _try_empty_password(reader: PdfReader) -> bool:
    """Many PDFs are "encrypted" only to restrict printing, with an empty user password."""
    try:
        return bool(reader.decrypt(""))
    except (PdfReadError, PyPdfError, NotImplementedError, ValueError):
        return False


@dataclass(frozen=True)
class _LineLook:
    size: float
    bold: bool
    italic: bool = False


def _text(filename: str, reader: PdfReader, data: bytes, limits: Limits, looks: dict[str, _LineLook]) -> str:
    """The pages' text (PDFium's text layer, :mod:`parsers.documents.pdf_text`); ``looks`` is filled
    with the type of each run of a line in one font and size, keyed by its text (the first run of a
    text wins). Raises :class:`DocumentError` when the first page alone is over ``_MAX_TEXT_DRAWING``
    or PDFium cannot open the file."""
    try:
        pages = read_pages(data, _text_pages(filename, reader), limits.max_text_chars)
    except PdfTextError as err:
        raise DocumentError(filename, "the PDF is damaged (PDFium cannot open it)", ADVICE_PDF) from err
    for run in (r for page in pages for r in page.runs):
        key = clean(run.text)
        if key and key not in looks:
            low = run.font.lower()
            looks[key] = _LineLook(round(run.size, 1), "bold" in low or "black" in low, is_italic_font(low))
    return "\n\n".join(_without_running_lines([page.text for page in pages]))


def _text_pages(filename: str, reader: PdfReader) -> Iterator[int]:
    """The numbers of the pages whose text is read: the first ``_MAX_TEXT_PAGES``, up to the page
    whose drawing instructions pass ``_MAX_TEXT_DRAWING`` (raises :class:`DocumentError` when that
    is the first page). Each page is measured just before its text is read."""
    drawn = 0
    for number, page in enumerate(reader.pages):
        if number >= _MAX_TEXT_PAGES:
            log.info("PDF of %d pages: only the first %d read", len(reader.pages), _MAX_TEXT_PAGES)
            return
        drawn += _content_size(page)
        if drawn > _MAX_TEXT_DRAWING:
            if not number:
                raise DocumentError(filename, "the PDF's first page holds too many drawing instructions to "
                                    "read", ADVICE_PDF)
            log.info("PDF pages past %d hold over %d bytes of drawing: not read", number, _MAX_TEXT_DRAWING)
            return
        yield number


_PAGE_NUMBER = re.compile(
    r"^\s*(?:page\s*\d+(?:\s*(?:of|/)\s*\d+)?|\d+\s*(?:of|/)\s*\d+|[-\u2013]\s*\d+\s*[-\u2013])\s*$", re.I
)
_EDGE = 2
"""Lines at the top and at the bottom of a page where running headers and footers sit."""


def _without_running_lines(pages: list[str]) -> list[str]:
    """Page texts without page numbers and without the running header and footer lines (the same
    line, digits aside, at the top or bottom of every page of a document of two pages or more):
    between two pages they would split an answer or join it."""
    lines = [[ln for ln in t.split("\n") if ln.strip()] for t in pages]
    running: set[str] = set()
    if len(lines) >= 2:
        edges = [{_key(ln) for ln in page[:_EDGE] + page[-_EDGE:]} for page in lines]
        running = set.intersection(*edges)
    return [
        "\n".join(ln for ln in page if not _PAGE_NUMBER.match(ln) and _key(ln) not in running)
        for page in lines
    ]


def _key(line: str) -> str:
    return re.sub(r"\d+", "#", " ".join(line.split())).lower()


def _form_fields(reader: PdfReader, layouts: list[PageLayout]) -> FormFields:
    """The AcroForm's fields (:mod:`parsers.documents.acroform`), named with the help of the pages'
    ``layouts`` (empty for a long document: fields are then named by tooltip or name)."""
    try:
        if not reader.get_fields():
            return FormFields([], frozenset())
        return form_fields(list(reader.pages), layouts)
    except (PdfReadError, PyPdfError, ValueError, KeyError, TypeError, AttributeError):
        return FormFields([], frozenset())


_RULE_OPS = re.compile(rb"\s(?:re|l)\s")
_MIN_RULES = 4
_MAX_SCAN_BYTES = 2 * 1024 * 1024
_MAX_TEXT_DRAWING = 512 * 1024


def _worth_laying_out(reader: PdfReader, text: str, names_form: Callable[[str], bool] | None) -> bool:
    """True for a document short enough to be one form (at most ``MAX_LAYOUT_PAGES`` pages)
    that has form fields, or draws rules (a table's lines) and names a question of the form in
    its ``text`` (when ``names_form`` can tell): laying a page out costs far more than reading its
    text, so a newsletter of prose, or of tables about other things, is read from its text alone."""
    if len(reader.pages) > MAX_LAYOUT_PAGES:
        return False
    if reader.get_fields():
        return True
    if not any(len(_RULE_OPS.findall(_content(page))) >= _MIN_RULES for page in reader.pages):
        return False
    return names_form is None or names_form(text)


def _content_size(page: Any) -> int:
    """Bytes of the page's content streams, decoded. pypdf reads text at about 0.4 MB a second, so
    the pages read for text stop at ``_MAX_TEXT_DRAWING`` of them (200 pages of graphics operators ran
    for minutes); a form page holds tens of kilobytes."""
    contents = page.get("/Contents")
    if contents is None:
        return 0
    contents = contents.get_object()
    streams = contents if isinstance(contents, ArrayObject) else [contents]
    return sum(len(st.get_object().get_data()) for st in streams)


def _content(page: Any) -> bytes:
    """The page's content stream bytes (at most ``_MAX_SCAN_BYTES``)."""
    contents = page.get("/Contents")
    if contents is None:
        return b""
    contents = contents.get_object()
    streams = contents if isinstance(contents, ArrayObject) else [contents]
    out = b""
    for st in streams:
        out += st.get_object().get_data()
        if len(out) > _MAX_SCAN_BYTES:
            break
    return out[:_MAX_SCAN_BYTES]


def _without_lines(text: str, printed: frozenset[str]) -> str:
    """``text`` without the lines that are a form field's printed label: the field holds the
    answer, and the label alone in the text would take the next line as its answer."""
    if not printed:
        return text
    return "\n".join(ln for ln in text.split("\n") if clean(ln) not in printed)
