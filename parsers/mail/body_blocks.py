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
    ``max_text_lines`` lines, after newlines are normalised, files encoded as text left out
    (:func:`without_encoded_files`) and runs of blank lines squeezed to two (a blank line parts
    paragraphs; more say nothing more). Every line costs each reader a look, and 2 MB of bare CRs
    or 100,000 label lines ran for minutes."""
    text = text[: limits.max_text_chars].replace("\r\n", "\n").replace("\r", "\n")
    text = "\n".join(without_encoded_files(text.split("\n")))
    text = _BLANK_RUN.sub("\n\n\n", text)
    lines = text.split("\n", limits.max_text_lines)
    return "\n".join(lines[: limits.max_text_lines])


_BASE64_LINE = re.compile(r"[A-Za-z0-9+/]{40,}={0,2}")
_BASE64_LAST = re.compile(r"(?=.*[\d+/=])[A-Za-z0-9+/]{2,}={0,2}")
"""The shorter line that ends a base64 run: its characters, and one at least no word holds."""
_BASE64_RUN = 4
"""The fewest base64 lines taken for a file (a long word alone on its line is no file)."""
_UU_BEGIN = re.compile(r"begin [0-7]{3,4} \S")


def without_encoded_files(lines: list[str]) -> list[str]:
    """``lines`` without the files encoded in them as text: runs of base64 lines (a message or an
    attachment sent as base64 twice) and uuencoded files ("begin 644 photo.jpg" ... "end", as
    Lotus Notes attaches them). They hold no words: read as text, one ran on as the last answer
    of a form above it, and their thousands of one-"word" lines cost the readers most of a message's
    time."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        end = _encoded_file_end(lines, i)
        if end > i:
            i = end
            continue
        out.append(lines[i])
        i += 1
    return out


def _encoded_file_end(lines: list[str], i: int) -> int:
    """Where the encoded file starting at line ``i`` ends; ``i`` when none starts there."""
    line = lines[i]
    if line.startswith("begin ") and _UU_BEGIN.match(line):
        return _uuencoded_end(lines, i)
    if len(line) >= 40 and _BASE64_LINE.fullmatch(line.strip()):
        return _base64_end(lines, i)
    return i


def _base64_end(lines: list[str], i: int) -> int:
    j = i
    while j < len(lines) and len(lines[j]) >= 40 and _BASE64_LINE.fullmatch(lines[j].strip()):
        j += 1
    if j - i < _BASE64_RUN:
        return i
    last = lines[j].strip() if j < len(lines) else ""
    if len(last) % 4 == 0 and len(last) < len(lines[i].strip()) and _BASE64_LAST.fullmatch(last):
        j += 1
    return j


def _uuencoded_end(lines: list[str], i: int) -> int:
    j = i + 1
    while j < len(lines) and _uuencoded_line(lines[j]):
        j += 1
    if j == i + 1:
        return i
    return j + 1 if j < len(lines) and lines[j].strip() == "end" else j


def _uuencoded_line(line: str) -> bool:
    """A line of uuencoded data: its first character gives the bytes it holds ("M" 45, "`" none),
    four characters for every three bytes follow (and maybe a check character)."""
    if not line or not all(" " <= c <= "`" for c in line):
        return False
    expected = 1 + ((ord(line[0]) - 32) % 64 + 2) // 3 * 4
    return len(line) in (expected, expected + 1)


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
