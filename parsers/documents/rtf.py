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
from parsers.documents.tables import CELL_PARA, HELP_PARA, text_blocks
from parsers.documents.wordml import Look, guidance_look
from parsers.errors import ADVICE_ONLY_FORM, DocumentError
from parsers.schema import Limits

ADVICE_RTF = "Please send the form as a .docx file, or paste it into the email."


def read_rtf(filename: str, data: bytes, limits: Limits) -> list[Block]:
    """Paragraph and pair blocks of an RTF document; paragraphs set wholly in italic or grey type
    are the form's printed help (``Para.guidance``, a cell's ``help``). Raises
    :class:`DocumentError` when the text cannot be extracted or is over ``max_text_chars``."""
    return rtf_text_blocks(_text(filename, data, limits, help_marks=True))


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


def _text(filename: str, data: bytes, limits: Limits, *, help_marks: bool = False) -> str:
    if len(data) > limits.max_attachment_bytes:
        raise DocumentError(filename, "the RTF file is too large", ADVICE_ONLY_FORM)
    words = data.count(b"\\")
    if words > limits.max_rtf_control_words:
        raise DocumentError(
            filename, f"the RTF file holds too much formatting to read ({words:,} control words; "
            f"at most {limits.max_rtf_control_words:,})", ADVICE_RTF)
    try:
        rtf = data.decode("latin-1")
        if help_marks:
            rtf = mark_help_paragraphs(rtf)
        # striprtf ships no type hints; it returns the document's text as str.
        text: str = rtf_to_text(  # type: ignore[no-untyped-call]
            mark_cell_paragraphs(rtf), errors="replace")
    except Exception as err:  # striprtf raises assorted errors on malformed input
        raise DocumentError(
            filename, f"the RTF file cannot be read ({type(err).__name__})", ADVICE_RTF
        ) from err
    if len(text) > limits.max_text_chars:
        raise DocumentError(
            filename, "the RTF file holds too much text", ADVICE_ONLY_FORM
        )
    return text


_TOKEN = re.compile(r"\\([a-z]+)(-?\d+)? ?|\\'[0-9a-f]{2}|\\(.)|([{}])|([^\\{}\r\n]+)|[\r\n]+", re.I)
# Groups whose text is never shown (fonts, colours, styles, metadata, pictures, field codes).
_HIDDEN = frozenset({"fonttbl", "colortbl", "stylesheet", "info", "pict", "fldinst", "listtable",
                     "listoverridetable", "rsidtbl", "generator", "xmlnstbl", "themedata", "header",
                     "footer", "headerl", "headerr", "footerl", "footerr", "object", "bkmkstart",
                     "bkmkend", "datastore", "latentstyles", "colorschememapping", "revtbl"})
_HELP_MARK = f"\\u{ord(HELP_PARA)}?"
_MAX_MARKED = 5_000


def _colours(rtf: str) -> list[str | None]:
    """The colour table as hex RGB per index; ``None`` for the automatic colour (index 0)."""
    m = re.search(r"\{\\colortbl\s*([^{}]*)\}", rtf)
    if m is None:
        return [None]
    out: list[str | None] = []
    for entry in m.group(1).split(";")[:256]:
        rgb = [re.search(rf"\\{c}(\d+)", entry) for c in ("red", "green", "blue")]
        out.append(None if not all(rgb) else "".join(f"{min(int(x.group(1)), 255):02x}" for x in rgb if x))
    return out


def mark_help_paragraphs(rtf: str) -> str:
    """``rtf`` with :data:`~parsers.documents.tables.HELP_PARA` put before the text of each
    paragraph whose shown text is all italic or grey and not bold (a form's printed help, as
    LibreOffice and AbiWord write grey italic hints), so the text reader can mark it."""
    colours = _colours(rtf)
    # Per open group: (italic, bold, colour index, hidden).
    stack: list[tuple[bool, bool, int, bool]] = [(False, False, 0, False)]
    italic, bold, colour, hidden = stack[0]
    starts: list[int] = []
    start, all_help, fresh = -1, True, False
    for m in _TOKEN.finditer(rtf):
        word, param, sym, brace, text = m.groups()
        if brace == "{":
            stack.append((italic, bold, colour, hidden))
            fresh = True
            continue
        if brace == "}":
            italic, bold, colour, hidden = stack.pop() if len(stack) > 1 else stack[0]
            continue
        first, fresh = fresh, False
        if sym == "*" and first or (word is not None and first and word.lower() in _HIDDEN):
            hidden = True
        if hidden:
            continue
        if word is not None and word.lower() != "u":
            word = word.lower()
            if word == "plain":
                italic, bold, colour = False, False, 0
            elif word in ("i", "b"):
                on = param is None or param != "0"
                italic, bold = (on, bold) if word == "i" else (italic, on)
            elif word == "cf":
                colour = int(param or 0)
            elif word in ("par", "cell", "row", "sect", "page"):
                if start >= 0 and all_help and len(starts) < _MAX_MARKED:
                    starts.append(start)
                start, all_help = -1, True
            continue
        if (sym is not None and sym not in "~-_") or (text is not None and not text.strip()):
            continue
        if word is None and sym is None and text is None and not m.group(0).startswith("\\'"):
            continue  # a line break in the RTF source, not in the text
        hex_colour = colours[colour] if 0 <= colour < len(colours) else None
        help_look = not bold and guidance_look(Look(italic=italic, color=hex_colour), Look())
        if start < 0:
            start = m.start()
        all_help = all_help and help_look
    out, last = [], 0
    for pos in starts:
        out += [rtf[last:pos], _HELP_MARK]
        last = pos
    out.append(rtf[last:])
    return "".join(out)


_TABLE_WORD = re.compile(r"\\(pard|intbl|row|par|line|cell)(?![a-z])(-?\d+)? ?")
_MARK = f"\\u{ord(CELL_PARA)}?"


def mark_cell_paragraphs(rtf: str) -> str:
    """``rtf`` with each paragraph or line break inside a table cell (a ``\\par`` or ``\\line``
    after ``\\intbl``, as AbiWord writes a label and its help in one cell, before the ``\\pard``
    or ``\\row`` that leaves the table) written as the
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
        elif word in ("par", "line") and in_table:
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
