"""RTF documents read into blocks. The only module importing striprtf.

striprtf writes one line per paragraph and a table row as ``cell|cell|``; consecutive row lines
go through :func:`parsers.documents.tables.table_blocks`, so ``label | answer`` tables become pairs. A
paragraph break inside a table cell (``\\par`` in an ``\\intbl`` paragraph) would end the row's
line early, so before striprtf runs it is replaced by :data:`parsers.documents.tables.CELL_PARA`, keeping
each row on one line and each cell's paragraphs apart (a label cell's first paragraph is its
label, the rest help text).
"""

from __future__ import annotations

import re

from striprtf.striprtf import rtf_to_text

from parsers.blocks import Block
from parsers.documents.tables import CELL_PARA, text_blocks
from parsers.errors import ADVICE_ONLY_FORM, DocumentError
from parsers.schema import Limits

ADVICE_RTF = "Please send the form as a .docx file, or paste it into the email."


def read_rtf(filename: str, data: bytes, limits: Limits) -> list[Block]:
    """Paragraph and pair blocks of an RTF document. Raises :class:`DocumentError` when the text
    cannot be extracted or is over ``max_text_chars``."""
    return rtf_text_blocks(_text(filename, data, limits))


def rtf_body_text(filename: str, data: bytes, limits: Limits) -> str:
    """An RTF message body (Outlook's "Rich Text" inside a winmail.dat) as plain text, one line per
    paragraph, a table row as its cells separated by tabs (as an HTML body's table is rendered).
    Raises :class:`DocumentError` as :func:`read_rtf` does."""
    lines = []
    for line in _text(filename, data, limits).split("\n"):
        cells = _row(line)
        if cells is not None:
            line = "\t".join(" ".join(c.split(CELL_PARA)).strip() for c in cells)
        lines.append(line)
    return "\n".join(lines)


def _text(filename: str, data: bytes, limits: Limits) -> str:
    if len(data) > limits.max_attachment_bytes:
        raise DocumentError(filename, "the RTF file is too large", ADVICE_ONLY_FORM)
    try:
        # striprtf ships no type hints; it returns the document's text as str.
        text: str = rtf_to_text(  # type: ignore[no-untyped-call]
            mark_cell_paragraphs(data.decode("latin-1")), errors="replace")
    except Exception as err:  # striprtf raises assorted errors on malformed input
        raise DocumentError(
            filename, f"the RTF file cannot be read ({type(err).__name__})", ADVICE_RTF
        ) from err
    if len(text) > limits.max_text_chars:
        raise DocumentError(
            filename, "the RTF file holds too much text", ADVICE_ONLY_FORM
        )
    return text


_TABLE_WORD = re.compile(r"\\(pard|intbl|row|par|cell)(?![a-z])(-?\d+)? ?")
_MARK = f"\\u{ord(CELL_PARA)}?"


def mark_cell_paragraphs(rtf: str) -> str:
    """``rtf`` with each paragraph break inside a table cell (a ``\\par`` after ``\\intbl``,
    before the ``\\pard`` or ``\\row`` that leaves the table) written as the
    :data:`~parsers.documents.tables.CELL_PARA` character, so striprtf keeps the row on one line."""
    out: list[str] = []
    in_table = False
    last = 0
    for m in _TABLE_WORD.finditer(rtf):
        word = m.group(1)
        if word == "intbl":
            in_table = True
        elif word in ("pard", "row"):
            in_table = False
        elif word == "par" and in_table:
            out.append(rtf[last : m.start()])
            out.append(_MARK)
            last = m.end()
    out.append(rtf[last:])
    return "".join(out)


def rtf_text_blocks(text: str) -> list[Block]:
    """Blocks from striprtf's text: ``a|b|`` lines are table rows, other lines paragraphs."""
    return text_blocks(text, _row)


def _row(line: str) -> list[str] | None:
    line = line.strip()
    if line.endswith("|") and "|" in line[:-1]:
        return line[:-1].split("|")
    return None
