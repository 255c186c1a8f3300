"""Turning a document's tables and plain text into blocks, shared by every document reader.

Readers (Word, OpenDocument, the antiword conversion of .doc) describe each table as rows of
:class:`Cell`; :func:`table_blocks` decides which layout the table uses and emits
:class:`~parsers.blocks.Pair` blocks for label/answer pairs and :class:`~parsers.blocks.Para`
blocks for the rest. Layouts recognised:

* ``label | answer`` rows, with extra columns (numbering, word count, guidance) left out as
  decided for the whole table by :mod:`parsers.documents.table_columns`, and
  ``label | answer | label | answer`` rows read as two pairs;
* a label row above an answer row (one column, or several labels side by side);
* a label paragraph and its answer paragraphs inside one cell;
* container rows (a cell holding a nested table or labelled fields) read as running content;
* heading rows (a logo and the form's name) above the row holding the nested form, or naming
  the form itself in a table's top row, read as guidance rather than as a label and answer.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from parsers.blocks import Block, Pair, Para
from parsers.documents.table_columns import (
    COUNT,
    NUMBERING,
    WORD_COUNT_NOTE,
    ColumnPlan,
    is_heading_row,
    plan_columns,
)

PLACEHOLDERS = (
    "click or tap here to enter text.",
    "click here to enter text.",
    "click or tap to enter a date.",
    "click here to enter a date.",
    "choose an item.",
    "enter text here.",
    "type here.",
    "select...",
    "select one",
    "please select",
    "choose one",
)
"""Word's stock placeholder texts, lower-cased. A control showing one of them is unanswered."""

CELL_PARA = "\ue000"
"""Separates the paragraphs of one table cell in a row written as one line of text (a private-use
character no document text holds): ``label<CELL_PARA>help text|answer|``."""

HELP_PARA = "\ue001"
"""Opens a paragraph of plain text (from RTF) that the writer set as the form's printed help
(italic or grey type); read as ``Para.guidance`` or a cell's ``help`` flag."""

_SPACES = re.compile(r"[ \u00a0\u2002\u2003\u2009]+")
_TABS = re.compile(r" *\t[\t ]*")
_TO_COLLAPSE = re.compile(r"[\u00a0\u2002\u2003\u2009\t\r\n]|  ")
"""What :func:`clean` changes besides the ends: without it a text is only stripped."""
_LABEL_MAX = 300


def is_placeholder(text: str) -> bool:
    """True when ``text`` is only a stock placeholder (or blank)."""
    t = clean(text).lower()
    return not t or t in PLACEHOLDERS


def clean(text: str) -> str:
    """Collapse runs of spaces (to one space) and of tabs (to one tab, a column separator worth
    keeping) inside lines; strip each line and the whole text."""
    if _plain(text) or _TO_COLLAPSE.search(text) is None:
        return text.strip()  # one line, single spaces: nothing to collapse (most text is so)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(map(_clean_line, text.split("\n"))).strip()


def _clean_line(line: str) -> str:
    """One line of :func:`clean`: spaces and tabs collapsed, stripped."""
    if _plain(line):
        return line.strip()
    return _TABS.sub("\t", _SPACES.sub(" ", line)).strip()


def _plain(text: str) -> bool:
    """True when ``text`` holds nothing :func:`clean` collapses, answered without a regex: no
    double space and only printable characters (line ends, tabs and the no-break and other
    wide spaces are not printable). False does not say there is something to collapse."""
    return text.isprintable() and "  " not in text


@dataclass
class Cell:
    """One table cell as a reader saw it.

    ``paras`` holds the cell's non-empty paragraph texts; ``emph`` flags, per paragraph, bold or
    heading style; ``help``, per paragraph, the form's printed help (italic or grey type; a reader
    that cannot see type leaves it empty, and a missing flag is False). ``merged`` marks the
    continuation of a vertically merged cell (its text was already read in the row above).
    ``placeholder`` is True when the cell shows only placeholder text. ``blocks`` is not ``None``
    when the cell holds structure of its own (a nested table, labelled fields): the row is then
    read as running content rather than as a label and answer. ``nested`` is True when the cell
    holds a table of its own (the table around it is a layout).
    """

    paras: list[str] = field(default_factory=list)
    emph: list[bool] = field(default_factory=list)
    help: list[bool] = field(default_factory=list)
    shaded: bool = False
    merged: bool = False
    placeholder: bool = False
    blocks: list[Block] | None = None
    nested: bool = False

    @property
    def text(self) -> str:
        return "\n\n".join(self.paras)

    @property
    def emphasis(self) -> bool:
        """Every paragraph of the cell is bold or heading-styled (False for an empty cell)."""
        return bool(self.paras) and all(self.emph)

    @property
    def empty(self) -> bool:
        return not self.paras


def label_text(cell: Cell) -> str:
    """The label a label cell states: its bold paragraphs when it mixes bold and plain (the plain
    ones are hints such as "A short overview..."), else its first paragraph; a leading numbering
    paragraph ("1.") is joined to the next."""
    if not cell.paras:
        return ""
    if any(_helps(cell)) and not all(_helps(cell)):
        cell = _without_help(cell)
    if any(cell.emph) and not all(cell.emph):
        text = "\n".join(p for p, e in zip(cell.paras, cell.emph, strict=True) if e)
    elif NUMBERING.match(cell.paras[0]) and len(cell.paras) > 1:
        text = f"{cell.paras[0]} {cell.paras[1]}"
    else:
        text = cell.paras[0]
    return text.strip().rstrip(":").strip()


def value_text(cell: Cell) -> str | None:
    """The answer a cell holds, or ``None`` when it is empty or shows only placeholder text. A
    last paragraph that only states the answer's word count is left out."""
    if cell.placeholder or cell.merged:
        return None
    paras = _without_help(cell).paras
    if len(paras) >= 2 and WORD_COUNT_NOTE.match(paras[-1].strip()):
        # "(35 words)" typed under the answer: the sender's count, not part of the answer.
        paras.pop()
    text = "\n\n".join(paras).strip()
    return None if is_placeholder(text) else text


def _helps(cell: Cell) -> list[bool]:
    """The cell's help flag for each of its paragraphs (False where the reader gave none)."""
    return [i < len(cell.help) and cell.help[i] for i in range(len(cell.paras))]


def _without_help(cell: Cell) -> Cell:
    """``cell`` without its printed-help paragraphs (a hint under the label, or left at the top
    of the answer space)."""
    keep = [i for i, h in enumerate(_helps(cell)) if not h]
    return Cell(paras=[cell.paras[i] for i in keep], emph=[cell.emph[i] for i in keep], shaded=cell.shaded,
                merged=cell.merged, placeholder=cell.placeholder, blocks=cell.blocks, nested=cell.nested)


def _settle_help(rows: list[list[Cell]]) -> None:
    """Printed help counts in a table only when some cell shows it apart from other text (help
    over an answer, a label over its hint): otherwise a cell set wholly in italic or grey is
    someone's answer, and its help flags are cleared."""
    if any(any(h) and not all(h) for r in rows for c in r if (h := _helps(c))):
        return
    for r in rows:
        for c in r:
            c.help = []


def _is_extra(cell: Cell, position: int) -> bool:
    """A numbering cell opening a row, or a word-count or word-limit cell after the label."""
    t = cell.text.strip()
    if not t:
        return False
    if position == 0:
        return bool(NUMBERING.match(t))
    return bool(COUNT.match(t))


def _meaningful(row: list[Cell]) -> list[Cell]:
    """The row without its numbering and word-count cells, when at least a label and an answer
    cell remain (a row of plain numbers is data, not numbering)."""
    if len(row) < 3:
        return row
    kept = [c for i, c in enumerate(row) if not _is_extra(c, i)]
    return kept if len(kept) >= 2 else row


def _label_like(cell: Cell) -> bool:
    t = cell.text.strip()
    if not t or len(t) > _LABEL_MAX:
        return False
    return cell.emphasis or t.endswith((":", "?"))


def _label_over(top: Cell, below: Cell) -> bool:
    """``top`` reads as the label of ``below`` when laid out one above the other."""
    t = top.text.strip()
    if not t or len(t) > _LABEL_MAX or top.merged:
        return False
    if below.empty:
        return _label_like(top) or top.shaded
    if _label_like(below):
        return False
    if _label_like(top):
        return True
    return top.shaded and not below.shaded


_SECTION_HEADING = re.compile(
    r"^(?i:section|part)\s+(?:\d{1,2}[a-z]?|[A-Z]|[IVX]{1,4})"
    r"(?:\s*[:.)\-\u2013\u2014]|\s*$|\s+(?=[A-Z]))"
)
_HEADING_MAX = 120


def is_section_heading(text: str) -> bool:
    """A form's section heading ("Section 2 \u2013 Your case study", "Part B: About the
    project"): structure, never a field's label."""
    t = text.strip()
    return 0 < len(t) <= _HEADING_MAX and "\n" not in t and bool(_SECTION_HEADING.match(t))


def _section_heading_row(row: list[Cell]) -> Cell | None:
    """The cell of a row that is a section heading: one filled cell (in Word usually merged to
    span the table), bold or shaded, whose text reads as a section heading; else ``None``."""
    live = [c for c in row if not c.empty or c.placeholder or c.blocks is not None]
    if len(live) != 1 or live[0].blocks is not None or live[0].placeholder:
        return None
    cell = live[0]
    if not (cell.emph and cell.emph[0]) and not cell.shaded:
        return None
    return cell if is_section_heading(cell.paras[0]) else None


_FORM_NAME = re.compile(
    r"^(?:(?:[\w'\u2019&/().,-]+\s+){2,8}form|.*\b(?:submission|application|nomination|entry) form)"
    r"(?:\s+(?:19|20)\d{2}(?:\s*[/\u2013-]\s*\d{2,4})?)?$",
    re.IGNORECASE,
)


def names_form(text: str) -> bool:
    """``text`` is a form's own name ("Case study submission form 2026", "Case study form")."""
    t = text.strip()
    return 0 < len(t) <= _HEADING_MAX and "\n" not in t and bool(_FORM_NAME.match(t))


def _heading_rows(rows: list[list[Cell]]) -> set[int]:
    """Indexes of a table's heading rows: in a layout table (a row holding a nested table), the
    plain rows above that row; in any table, a top row one of whose paragraphs names the form.
    Their paragraphs are emitted as plain guidance, so a bold organisation name in a logo row is
    never taken for a label."""
    out: set[int] = set()
    plain = [not any(c.blocks is not None or c.placeholder for c in r) for r in rows]
    nested = next((i for i, r in enumerate(rows) if any(c.nested for c in r)), None)
    if nested is not None:
        out.update(i for i in range(nested) if plain[i])
    top = next((i for i, r in enumerate(rows) if any(not c.empty for c in r)), None)
    if top is not None and plain[top] and any(names_form(p) for c in rows[top] for p in c.paras):
        out.add(top)
    return out


def _is_header_row(row: list[Cell]) -> bool:
    """A row of column headings ("Question | Answer | Word count"): structure, not a field."""
    return is_heading_row([c.text.strip() for c in row])


def _label_row_over(top: list[Cell], below: list[Cell]) -> bool:
    if not top or len(top) != len(below):
        return False
    if all(c.empty for c in below) and len(top) == 1 and not (top[0].emphasis or top[0].shaded):
        return False
    return all(_label_over(t, b) for t, b in zip(top, below, strict=True) if not (t.empty and b.empty))


def _cell_blocks(cell: Cell) -> list[Block]:
    if cell.blocks is not None:
        return list(cell.blocks)
    if cell.merged:
        return []
    split = _split_label_answer(cell)
    if split is not None:
        return [split]
    return [Para(p, e) for p, e in zip(cell.paras, cell.emph, strict=True)]


def _split_label_answer(cell: Cell) -> Pair | None:
    """A cell whose leading bold paragraph(s) are followed by plain ones: label and answer in one cell."""
    if len(cell.paras) < 2 or not cell.emph[0] or all(cell.emph):
        return None
    n = cell.emph.index(False)
    if any(cell.emph[n:]):
        return None
    label = "\n".join(cell.paras[:n])
    if len(label) > _LABEL_MAX or is_section_heading(cell.paras[0]):
        return None
    answer = "\n\n".join(cell.paras[n:])
    return Pair(label, None if is_placeholder(answer) else answer)


def _row_pairs(cells: list[Cell]) -> list[Block]:
    """A row read across: ``label | answer`` (extra answer cells joined), or alternating pairs."""
    if (
        len(cells) >= 4
        and len(cells) % 2 == 0
        and all(_label_like(cells[i]) and not _label_like(cells[i + 1]) for i in range(0, len(cells), 2))
    ):
        return [Pair(label_text(cells[i]), value_text(cells[i + 1])) for i in range(0, len(cells), 2)]
    label, rest = cells[0], [c for c in cells[1:] if not c.merged]
    values = [v for v in (value_text(c) for c in rest) if v]
    if not label_text(label):
        return [Para(v) for v in values]
    return [Pair(label_text(label), "\n\n".join(values) if values else None)]


def _continues(out: list[Block], cells: list[Cell]) -> bool:
    """A row whose label cell is a merged continuation or empty extends the answer of the row above."""
    return len(cells) >= 2 and (cells[0].merged or cells[0].empty) and bool(out) and isinstance(out[-1], Pair)


def _plan(rows: list[list[Cell]]) -> ColumnPlan | None:
    """Which columns to read, judged over the whole table (rows holding structure left out)."""
    flat = [r for r in rows if not any(c.blocks is not None for c in r)]
    return plan_columns([[c.text.strip() for c in r] for r in flat])


def _columns(row: list[Cell], plan: ColumnPlan | None) -> list[Cell]:
    """The cells of ``row`` to read: the table's plan for rows it fits, else the row without its
    own numbering and word-count cells."""
    if plan is not None and len(row) == plan.width:
        return [row[i] for i in plan.apply([c.text for c in row])]
    return _meaningful(row)


def table_blocks(rows: list[list[Cell]]) -> list[Block]:
    """Blocks for one table, given its rows of distinct cells (merged cells appear once)."""
    out: list[Block] = []
    rows = [r for r in rows if r]
    _settle_help(rows)
    plan = _plan(rows)
    headings = _heading_rows(rows)
    i = 0
    while i < len(rows):
        row = rows[i]
        if not any(not c.empty or c.blocks or c.placeholder for c in row):
            i += 1
            continue
        if i in headings:
            out.extend(Para(p, guidance=True) for c in row for p in c.paras)
            i += 1
            continue
        if any(c.blocks is not None for c in row):
            for c in row:
                out.extend(_cell_blocks(c))
            i += 1
            continue
        if _is_header_row(row):
            i += 1
            continue
        heading = _section_heading_row(row)
        if heading is not None:
            out.extend(Para(p, e or heading.shaded) for p, e in zip(heading.paras, heading.emph, strict=True))
            i += 1
            continue
        cells = _columns(row, plan)
        below = _columns(rows[i + 1], plan) if i + 1 < len(rows) else None
        if (
            below is not None
            and not any(c.blocks is not None for c in rows[i + 1])
            and _label_row_over(cells, below)
        ):
            out.extend(
                Pair(label_text(t), value_text(b))
                for t, b in zip(cells, below, strict=True)
                if not (t.empty and b.empty)
            )
            i += 2
            continue
        out.extend(_row_blocks(out, cells))
        i += 1
    return out


def _row_blocks(out: list[Block], cells: list[Cell]) -> list[Block]:
    live = [c for c in cells if not c.empty or c.placeholder]
    if _continues(out, cells):
        extra = [v for v in (value_text(c) for c in cells[1:]) if v]
        prev = out.pop()
        assert isinstance(prev, Pair)
        joined = "\n\n".join([prev.value] + extra if prev.value else extra) or None
        return [Pair(prev.label, joined)]
    if len(live) <= 1 and (len(cells) < 2 or cells[0].empty):
        return [b for c in live for b in _cell_blocks(c)]
    if len(cells) == 1:
        return _cell_blocks(cells[0])
    return _row_pairs(cells)


def text_blocks(text: str, row_cells: Callable[[str], list[str] | None] | None = None) -> list[Block]:
    """Plain text (from RTF, PDF, a converter) as one paragraph per non-blank line, the shape
    converters give: RTF and catdoc write a paragraph per line, a PDF text layer a visual line.

    ``row_cells`` recognises a table row written as one line (``a|b|`` from striprtf, ``a<TAB>b``
    from catdoc) and returns its cells, else ``None``; runs of rows go through
    :func:`table_blocks`."""
    out: list[Block] = []
    rows: list[list[Cell]] = []
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        cells = row_cells(raw) if row_cells else None
        if cells is not None:
            rows.append([_line_cell(c) for c in cells])
            continue
        if rows:
            out.extend(table_blocks(rows))
            rows = []
        line = clean(raw)
        if line.lstrip(HELP_PARA):
            out.append(Para(clean(line.replace(HELP_PARA, "")), guidance=line.startswith(HELP_PARA)))
    if rows:
        out.extend(table_blocks(rows))
    return out


def _line_cell(text: str) -> Cell:
    """A cell of a one-line table row; its paragraphs are separated by :data:`CELL_PARA`."""
    raw = [p for p in (clean(t) for t in text.split(CELL_PARA)) if p.strip(HELP_PARA)]
    paras = [clean(p.replace(HELP_PARA, "")) for p in raw]
    return Cell(paras=paras, emph=[False] * len(paras), help=[p.startswith(HELP_PARA) for p in raw])
