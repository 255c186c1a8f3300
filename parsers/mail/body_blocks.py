"""Body text to blocks: :func:`text_to_blocks` turns text into :class:`~parsers.blocks.Para`
paragraphs and the ``Pair`` blocks :func:`~parsers.mail.html_text.html_to_text` marked, with the
marks themselves and :func:`clean_text`, the normalising every body reader applies first."""

from __future__ import annotations

import re
import unicodedata

from parsers.blocks import Block, Pair, Para
from parsers.mail.text_tables import find_tables
from parsers.schema import Limits

# Marks :func:`parsers.mail.html_text.html_to_text` leaves in its text (private-use characters no
# mail holds): quoted text, a label/answer pair of a table, paragraphs inside a cell, bold text,
# a bold line.
QUOTE_OPEN = "\ue000"
QUOTE_CLOSE = "\ue001"
PAIR_LABEL = "\ue002"
PAIR_VALUE = "\ue003"
PARA_SEP = "\ue004"
BOLD_OPEN = "\ue005"
BOLD_CLOSE = "\ue006"
EMPHASIS = "\ue007"


_BLANK_RUN = re.compile(r"\n(?:[ \t]*\n){3,}")


def bounded_text(text: str, limits: Limits) -> str:
    """The part of a body's ``text`` the readers take: at most ``max_text_chars`` characters and
    ``max_text_lines`` lines, after newlines are normalised and runs of blank lines squeezed to
    two (a blank line parts paragraphs; more say nothing more). Every line costs each reader a
    look, and 2 MB of bare CRs or 100,000 label lines ran for minutes."""
    text = text[: limits.max_text_chars].replace("\r\n", "\n").replace("\r", "\n")
    text = _BLANK_RUN.sub("\n\n\n", text)
    lines = text.split("\n", limits.max_text_lines)
    return "\n".join(lines[: limits.max_text_lines])


def clean_text(text: str) -> str:
    """Normalise newlines, non-breaking and zero-width spaces, and trailing blanks on each line."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u00a0", " ").replace("\u200b", "").replace("\ufeff", "").replace("\u2028", "\n")
    text = unicodedata.normalize("NFC", text)
    return "\n".join(line.rstrip() if line.rstrip() != "--" else "-- " for line in text.split("\n"))


def row_line(cells: list[str]) -> str:
    """One row of a form table as the line :func:`text_to_blocks` reads: the first two cells with
    text as a label/answer pair; a first cell with text whose other cells are all empty as a pair
    with no answer (a blank answer cell); a row with one cell of text otherwise as that text, and
    ``""`` for a row without text. A cell's paragraphs (parted by a blank line or ``PARA_SEP``) are
    kept apart."""
    cells = [c.strip().replace("\n\n", PARA_SEP) for c in cells]
    texts = [c for c in cells if c]
    if len(texts) >= 2:
        return PAIR_LABEL + texts[0] + PAIR_VALUE + texts[1]
    if len(cells) >= 2 and cells[0]:
        return PAIR_LABEL + cells[0] + PAIR_VALUE
    return texts[0] if texts else ""


def _with_rows_marked(lines: list[str]) -> list[str]:
    """``lines`` with each plain-text table (:func:`find_tables`) replaced by one line per row
    (:func:`row_line`), rows parted by blank lines."""
    out: list[str] = []
    done = 0
    for table in find_tables(lines):
        out += lines[done : table.start]
        for row in table.rows:
            out += [row_line(list(row)), ""]
        done = table.end
    return out + lines[done:]


def text_to_blocks(text: str) -> list[Block]:
    """Split ``text`` into paragraphs (runs of lines between blank lines); lines inside a paragraph
    are kept, joined by ``\\n``. Pair markers from :func:`html_to_text` and the rows of plain-text
    tables (:mod:`parsers.mail.text_tables`) become ``Pair`` blocks."""
    blocks: list[Block] = []
    para: list[str] = []

    def flush() -> None:
        if para:
            blocks.append(Para("\n".join(para)))
            para.clear()

    for raw in _with_rows_marked(clean_text(text).split("\n")):
        line = raw.strip()
        if line.startswith(EMPHASIS):
            # A bold line of an HTML body: its own paragraph, marked as a likely label.
            flush()
            if line[1:].strip():
                blocks.append(Para(line[1:].strip().replace(PARA_SEP, " "), emphasis=True))
            continue
        if PAIR_LABEL in line:
            flush()
            label, _, value = line.replace(PAIR_LABEL, "").partition(PAIR_VALUE)
            value = "\n\n".join(v.strip() for v in value.split(PARA_SEP) if v.strip())
            blocks.append(Pair(label.strip(), value or None))
            continue
        if not line:
            flush()
            continue
        para.append(line.replace(PARA_SEP, " "))
    flush()
    return blocks
