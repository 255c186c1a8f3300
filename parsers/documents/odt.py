"""OpenDocument text (.odt) read into blocks. The only module importing odfpy.

The archive is checked by :mod:`parsers.documents.zipguard` first. The body is walked like a Word body:
paragraphs (``text:h`` headings and bold paragraphs have emphasis), tables through
:func:`parsers.documents.tables.table_blocks` (``table:covered-table-cell`` is a merged cell, read once),
lists, sections and text frames. Tracked changes: the ``text:tracked-changes`` region holds
deleted text and is skipped; inserted text is in the body already.
"""

from __future__ import annotations

import contextlib
import io
import logging
from typing import Any

from odf import opendocument

from parsers.blocks import Block, Para
from parsers.documents.odf_package import from_flat, is_flat, normalised
from parsers.documents.tables import Cell, clean, table_blocks
from parsers.documents.wordml import Look, guidance_look
from parsers.documents.zipguard import ADVICE_RESEND, open_zip, read_entry
from parsers.errors import DocumentError
from parsers.schema import Limits

log = logging.getLogger("parsers.documents")

TEXT_NS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
TABLE_NS = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
STYLE_NS = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
FO_NS = "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
DRAW_NS = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
_SKIP = {
    "tracked-changes",
    "note",
    "annotation",
    "sequence-decls",
    "variable-decls",
    "user-field-decls",
    "table-of-content",
    "alphabetical-index",
    "bibliography",
}
_MAX_DEPTH = 60


def _q(node: Any) -> tuple[str, str]:
    qn = getattr(node, "qname", None)
    return qn if isinstance(qn, tuple) else ("", "")


def _attr(node: Any, ns: str, name: str) -> str | None:
    attrs = getattr(node, "attributes", None) or {}
    value = attrs.get((ns, name))
    return str(value) if value is not None else None


class _Walker:
    def __init__(self, bold_styles: set[str], limits: Limits, help_styles: set[str] | None = None) -> None:
        self.bold_styles = bold_styles
        self.help_styles = help_styles or set()
        self.limits = limits

    def container(self, node: Any, depth: int = 0) -> list[Block]:
        out: list[Block] = []
        if depth > _MAX_DEPTH:
            return out
        for child in node.childNodes:
            ns, name = _q(child)
            if name in _SKIP:
                continue
            if ns == TEXT_NS and name in ("p", "h"):
                out.extend(self.paragraph(child, depth, heading=name == "h"))
            elif ns == TABLE_NS and name == "table":
                out.extend(self.table(child, depth + 1))
            elif name in (
                "list",
                "list-item",
                "list-header",
                "section",
                "frame",
                "text-box",
                "soft-page-break",
                "table-header-rows",
                "table-rows",
                "table-row-group",
            ):
                out.extend(self.container(child, depth + 1))
        return out

    def paragraph(self, p: Any, depth: int, *, heading: bool) -> list[Block]:
        texts: list[str] = []
        bold: list[bool] = []
        helps: list[bool] = []
        boxes: list[Any] = []
        style = _attr(p, TEXT_NS, "style-name") or ""
        self._inline(p, texts, (bold, helps), boxes, (style in self.bold_styles, style in self.help_styles))
        text = clean("".join(texts))
        emphasis = heading or (bool(bold) and all(bold))
        # Italic or grey type throughout, not bold: the form's printed help (Para.guidance).
        printed_help = not emphasis and bool(helps) and all(helps)
        out: list[Block] = [Para(text, emphasis, printed_help)] if text else []
        for box in boxes:
            out.extend(self.container(box, depth + 1))
        return out

    def _inline(self, node: Any, texts: list[str], marks: tuple[list[bool], list[bool]], boxes: list[Any],
                look: tuple[bool, bool]) -> None:
        """Gather the text of ``node``; ``marks`` collects, per piece of text, whether it is bold
        and whether it is set as help (italic or grey), ``look`` being the two inherited."""
        for child in node.childNodes:
            if child.nodeType == child.TEXT_NODE:
                texts.append(child.data)
                if child.data.strip():
                    marks[0].append(look[0])
                    marks[1].append(look[1])
                continue
            ns, name = _q(child)
            if name in _SKIP:
                continue
            if name == "s":
                texts.append(" " * int(_attr(child, TEXT_NS, "c") or "1"))
            elif name == "tab":
                texts.append("\t")
            elif name == "line-break":
                texts.append("\n")
            elif ns == DRAW_NS and name in ("frame", "text-box"):
                boxes.append(child)
            else:
                span = _attr(child, TEXT_NS, "style-name") or ""
                self._inline(child, texts, marks, boxes,
                             (look[0] or span in self.bold_styles, look[1] or span in self.help_styles))

    def table(self, tbl: Any, depth: int) -> list[Block]:
        rows: list[list[Cell]] = []
        for tr in _rows(tbl):
            row: list[Cell] = []
            spanned = 0
            for tc in tr.childNodes:
                kind = _q(tc)[1]
                if kind not in ("table-cell", "covered-table-cell"):
                    continue
                if kind == "covered-table-cell" and spanned > 0:
                    spanned -= 1  # covered by a cell spanning columns to its left: read once
                    continue
                spanned = max(int(_attr(tc, TABLE_NS, "number-columns-spanned") or "1") - 1, 0)
                row.append(self.cell(tc, depth))
            rows.append(row)
        _help_by_place(rows)
        return table_blocks(rows)

    def cell(self, tc: Any, depth: int) -> Cell:
        if _q(tc)[1] == "covered-table-cell":
            return Cell(merged=True)
        blocks = self.container(tc, depth + 1)
        cell = Cell()
        if any(not isinstance(b, Para) for b in blocks) or any(_q(c)[1] == "table" for c in tc.childNodes):
            cell.blocks = blocks
        for b in blocks:
            if isinstance(b, Para):
                cell.paras.append(b.text)
                cell.emph.append(b.emphasis)
                cell.help.append(b.guidance)
        return cell


_SENTENCE_END = (".", "?", "!")
_SHORT_WORDS = 8
_HINT_WORDS = 40


def _help_by_place(rows: list[list[Cell]]) -> None:
    """Mark the help a form prints at the top of each answer cell when the table shows no type.

    AbiWord 3.0 keeps no type in the table cells it imports (labels are no longer bold, grey italic
    help no longer grey or italic), so such a form's help is known only by its place: in a
    ``label | answer`` table of at least four rows with nothing bold, italic or grey, where at
    least three answer cells in four open with a sentence of up to 40 words and go on, and two of
    them hold a sentence then a short line (a name, an address), the form printed help at the top
    of every answer cell. The first paragraph of each answer cell is then help, and so is a cell's
    only paragraph when it is a sentence (the help over a blank answer); a lone short line is an
    answer whose help was typed over."""
    pairs = [r for r in rows if len(r) == 2 and all(c.paras and not c.merged and c.blocks is None for c in r)]
    if len(pairs) < 4 or any(any(c.emph) or any(c.help) for r in rows for c in r):
        return
    answers = [r[1] for r in pairs]
    opened = [a for a in answers if len(a.paras) >= 2 and _hint_like(a.paras[0])]
    short_after = [a for a in opened if len(a.paras) == 2 and _short_line(a.paras[1])]
    if 4 * len(opened) < 3 * len(answers) or len(short_after) < 2:
        return
    for a in answers:
        if a in opened or (len(a.paras) == 1 and _hint_like(a.paras[0])):
            a.help = [True] + [False] * (len(a.paras) - 1)


def _hint_like(text: str) -> bool:
    return text.rstrip().endswith(_SENTENCE_END) and len(text.split()) <= _HINT_WORDS


def _short_line(text: str) -> bool:
    words = text.split()
    return "\n" not in text and len(words) <= _SHORT_WORDS and not text.rstrip().endswith(_SENTENCE_END)


def _rows(node: Any) -> list[Any]:
    rows: list[Any] = []
    for child in node.childNodes:
        name = _q(child)[1]
        if name == "table-row":
            rows.append(child)
        elif name in ("table-header-rows", "table-rows", "table-row-group"):
            rows.extend(_rows(child))
    return rows


def _bold_styles(doc: Any) -> set[str]:
    """Names of text and paragraph styles that are bold or headings, following parent styles
    (automatic and named styles alike)."""
    parent: dict[str, str] = {}
    found: set[str] = set()
    for holder in (getattr(doc, "automaticstyles", None), getattr(doc, "styles", None)):
        for st in getattr(holder, "childNodes", []):
            name = _attr(st, STYLE_NS, "name")
            if not name:
                continue
            parent[name] = _attr(st, STYLE_NS, "parent-style-name") or ""
            if _attr(st, STYLE_NS, "default-outline-level") or name.lower().startswith("heading"):
                found.add(name)
            for prop in st.childNodes:
                if _attr(prop, FO_NS, "font-weight") in ("bold", "600", "700", "800", "900"):
                    found.add(name)
    for name in parent:
        seen: set[str] = set()
        cur = parent[name]
        while cur and cur not in seen and len(seen) < 20:
            if cur in found:
                found.add(name)
                break
            seen.add(cur)
            cur = parent.get(cur, "")
    return found


def _help_styles(doc: Any) -> set[str]:
    """Names of text and paragraph styles set as a form's printed help: italic or in grey
    (:func:`parsers.documents.wordml.guidance_look` against plain text), following parent styles."""
    parent: dict[str, str] = {}
    own: dict[str, Look] = {}
    for holder in (getattr(doc, "automaticstyles", None), getattr(doc, "styles", None)):
        for st in getattr(holder, "childNodes", []):
            name = _attr(st, STYLE_NS, "name")
            if not name:
                continue
            parent[name] = _attr(st, STYLE_NS, "parent-style-name") or ""
            look = Look()
            for prop in st.childNodes:
                if _q(prop)[1] != "text-properties":
                    continue
                style = _attr(prop, FO_NS, "font-style")
                color = (_attr(prop, FO_NS, "color") or "").lstrip("#").lower()
                look = look.merged(Look(italic=None if style is None else style in ("italic", "oblique"),
                                        color=color if len(color) == 6 else None))
            own[name] = look
    found: set[str] = set()
    for name in own:
        chain = [name]
        while parent.get(chain[-1]) and parent[chain[-1]] not in chain and len(chain) < 20:
            chain.append(parent[chain[-1]])
        look = Look()
        for link in reversed(chain):
            look = look.merged(own.get(link, Look()))
        if guidance_look(look, Look()):
            found.add(name)
    return found


def read_odt(filename: str, data: bytes, limits: Limits) -> list[Block]:
    """Blocks of an OpenDocument text, in reading order. Raises :class:`DocumentError` for an
    encrypted, damaged or oversized file. A flat ``.fodt`` is read as its package."""
    if is_flat(data):
        data = from_flat(filename, data, limits)
    with open_zip(filename, data, limits) as zf:
        manifest = (
            read_entry(filename, zf, "META-INF/manifest.xml")
            if "META-INF/manifest.xml" in zf.namelist()
            else b""
        )
    if b"encryption-data" in manifest:
        raise DocumentError(
            filename,
            "the document is password-protected",
            "Please send the form as an unprotected .docx or .odt file, or paste it into the email.",
        )
    data = normalised(filename, data, limits)
    sink = io.StringIO()
    try:
        # odfpy prints the whole XML to stdout when a part fails to parse; keep stdout clean.
        with contextlib.redirect_stdout(sink):
            doc = opendocument.load(io.BytesIO(data))
    except Exception as err:  # odfpy raises KeyError, zipfile, SAX and assertion errors
        raise DocumentError(
            filename, f"the OpenDocument file cannot be read ({type(err).__name__})", ADVICE_RESEND
        ) from err
    if sink.getvalue():
        raise DocumentError(filename, "the OpenDocument file's XML is damaged", ADVICE_RESEND)
    body = getattr(doc, "text", None)
    if body is None:
        raise DocumentError(filename, "the file is not an OpenDocument text", ADVICE_RESEND)
    return _Walker(_bold_styles(doc), limits, _help_styles(doc)).container(body)
