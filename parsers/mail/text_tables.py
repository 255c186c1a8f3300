"""Plain-text tables as pandoc writes them (``pandoc -t plain``, ``-t markdown``, ``-t gfm``), found
in a body's lines and read as rows of cells: :func:`find_tables`.

Four shapes are read:

* grid tables: ``+----+----+`` borders (``+====+`` under a header), ``|`` between cells, a cell
  wrapped over several lines and paragraphs inside a cell parted by a blank cell line;
* simple tables: the columns under runs of dashes (``---- ----``), one line a row, with a header
  line above the dashes or a dash line above and below;
* multiline tables: the same columns, rows wrapped over lines and parted by blank lines, between
  two dash lines (a full-width one when there is a header);
* pipe tables: ``| a | b |`` rows under a ``|----|----|`` line.

A cell's wrapped lines are joined with a space and its paragraphs with a blank line; an empty cell
is ``""``. Lines that do not fit a shape all the way to its end are no table (they stay text).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_GRID_BORDER = re.compile(r"^\s*\+(?:[-=:]+\+)+$")
_COLUMN_RULE = re.compile(r"^\s*-{3,}(?: +-{3,})+$")
_FULL_RULE = re.compile(r"^\s*-{3,}$")
_PIPE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)+\|?$")
_PIPE = re.compile(r"(?<!\\)\|")
_DASH_RUN = re.compile(r"-+")

_MAX_HEADER_LINES = 4
"""The most lines a multiline table's header wraps over."""


@dataclass(frozen=True)
class TextTable:
    """A table in lines ``start`` to ``end`` (exclusive) of the text; ``rows`` are its rows in
    order (a header row too), each a tuple of cell texts, ``""`` for an empty cell."""

    start: int
    end: int
    rows: tuple[tuple[str, ...], ...]


def find_tables(lines: list[str]) -> list[TextTable]:
    """The tables of ``lines`` (lines without trailing blanks), in order and not overlapping."""
    tables: list[TextTable] = []
    i = 0
    while i < len(lines):
        table = _table_at(lines, i, tables[-1].end if tables else 0)
        if table is None:
            i += 1
            continue
        tables.append(table)
        i = table.end
    return tables


def _table_at(lines: list[str], i: int, floor: int) -> TextTable | None:
    """The table whose border or rule is line ``i`` (its header may start above, not above
    ``floor``), or ``None``."""
    line = lines[i]
    if _GRID_BORDER.match(line):
        return _grid(lines, i)
    if _COLUMN_RULE.match(line):
        return _columns(lines, i, floor)
    if _PIPE_RULE.match(line):
        return _pipe(lines, i, floor)
    return None


def _cell(lines: list[str]) -> str:
    """One cell from its lines: wrapped lines joined, paragraphs (parted by blank lines) kept apart."""
    return "\n\n".join(" ".join(ln.strip() for ln in para) for para in _blank_parted(lines))


def _row(cell_lines: list[list[str]]) -> tuple[str, ...]:
    return tuple(_cell(lines) for lines in cell_lines)


# --- grid tables ------------------------------------------------------------------------------


def _grid(lines: list[str], start: int) -> TextTable | None:
    bars = _plus_columns(lines[start])
    rows: list[tuple[str, ...]] = []
    pending: list[list[str]] = []
    end = None
    for n in range(start + 1, len(lines)):
        line = lines[n]
        if _GRID_BORDER.match(line) and _plus_columns(line) == bars:
            if not pending:
                # Two borders in a row part no row: the table, if any, ended at the first (and
                # 5,000 borders are not each scanned to the end of the text).
                break
            rows.append(_row([list(col) for col in zip(*pending, strict=True)]))
            pending = []
            end = n + 1
            continue
        cells = _grid_cells(line, bars)
        if cells is None:
            break
        pending.append(cells)
    if end is None or not rows:
        return None
    return TextTable(start, end, tuple(rows))


def _plus_columns(border: str) -> list[int]:
    """Where a grid border's ``+`` stand (the columns' edges)."""
    return [k for k, ch in enumerate(border) if ch == "+"]


def _grid_cells(line: str, bars: list[int]) -> list[str] | None:
    """The cells of one grid-table line: cut at the border's ``+`` columns when the ``|`` stand
    there, else split at its ``|`` when there are as many (a wide character shifts the columns);
    ``None`` for a line that is no row of this table."""
    if len(line) == bars[-1] + 1 and all(line[k] == "|" for k in bars):
        return [line[a + 1 : b] for a, b in zip(bars, bars[1:], strict=False)]
    stripped = line.strip()
    if stripped.startswith("|") and stripped.endswith("|") and stripped.count("|") == len(bars):
        return stripped[1:-1].split("|")
    return None


# --- simple and multiline tables ----------------------------------------------------------------


def _columns(lines: list[str], rule: int, floor: int) -> TextTable | None:
    """A simple or multiline table whose column rule (the dashes under the header, or above the
    first row) is line ``rule``."""
    starts = [m.start() for m in _DASH_RUN.finditer(lines[rule])]
    header_top = rule
    while (
        header_top > floor
        and rule - header_top < _MAX_HEADER_LINES
        and lines[header_top - 1].strip()
        and not _FULL_RULE.match(lines[header_top - 1])
    ):
        header_top -= 1
    if header_top > floor and header_top < rule and _FULL_RULE.match(lines[header_top - 1]):
        # A multiline table's header between a full-width rule and the column rule.
        return _multiline(lines, header_top - 1, rule, starts, _FULL_RULE)
    if header_top < rule:
        # A simple table's one header line; its rows run to a blank line.
        head = rule - 1
        if not _fits(lines[head], starts):
            return None
        end = rule + 1
        while end < len(lines) and lines[end].strip() and not _COLUMN_RULE.match(lines[end]):
            end += 1
        if end == rule + 1 or not all(_fits(ln, starts) for ln in lines[rule + 1 : end]):
            return None
        rows = [_row([[c] for c in _slices(ln, starts)]) for ln in [lines[head], *lines[rule + 1 : end]]]
        if end < len(lines) and lines[end] == lines[rule]:
            end += 1
        return TextTable(head, end, tuple(rows))
    return _multiline(lines, rule, rule, starts, None)


def _multiline(
    lines: list[str], start: int, rule: int, starts: list[int], closing: re.Pattern[str] | None
) -> TextTable | None:
    """Rows from line ``rule`` on up to the closing line (a full-width rule, or with ``closing``
    ``None`` the same column rule again); rows are parted by blank lines when there are any (a
    multiline table), else one line each (a simple table without header). The header lines
    between ``start`` and ``rule`` are the first row."""
    end = rule + 1
    while end < len(lines):
        line = lines[end]
        if closing.match(line) if closing else line == lines[rule]:
            break
        if _COLUMN_RULE.match(line) or _GRID_BORDER.match(line) or not _fits(line, starts):
            return None
        end += 1
    if end >= len(lines) or end == rule + 1:
        return None
    body = lines[rule + 1 : end]
    groups = _blank_parted(body) if any(not ln.strip() for ln in body) else [[ln] for ln in body]
    header = [lines[start + 1 : rule]] if rule > start + 1 else []
    rows = [
        _row([list(col) for col in zip(*(_slices(ln, starts) for ln in g), strict=True)])
        for g in header + groups
    ]
    return TextTable(start, end + 1, tuple(rows))


def _blank_parted(body: list[str]) -> list[list[str]]:
    """The runs of non-blank lines of ``body`` (a cell's paragraphs, a multiline table's rows)."""
    groups: list[list[str]] = [[]]
    for line in body:
        if line.strip():
            groups[-1].append(line)
        elif groups[-1]:
            groups.append([])
    return [g for g in groups if g]


def _fits(line: str, starts: list[int]) -> bool:
    """True when ``line`` has nothing left of the first column (a line of a paragraph beside the
    table does)."""
    return not line[: starts[0]].strip()


def _slices(line: str, starts: list[int]) -> list[str]:
    """``line`` cut into columns, each from its dashes' first position to the next column's."""
    bounds = [*starts[1:], max(len(line), starts[-1])]
    return [line[a:b] for a, b in zip(starts, bounds, strict=True)]


# --- pipe tables ------------------------------------------------------------------------------


def _pipe(lines: list[str], rule: int, floor: int) -> TextTable | None:
    head = rule - 1
    if head < floor or "|" not in lines[head]:
        return None
    end = rule + 1
    while end < len(lines) and "|" in lines[end] and lines[end].strip():
        end += 1
    if end == rule + 1:
        return None
    rows = [
        tuple(_cell([c.replace("\\|", "|")]) for c in _pipe_cells(ln))
        for ln in [lines[head], *lines[rule + 1 : end]]
    ]
    return TextTable(head, end, tuple(rows))


def _pipe_cells(line: str) -> list[str]:
    text = line.strip()
    text = text[1:] if text.startswith("|") else text
    text = text[:-1] if text.endswith("|") and not text.endswith("\\|") else text
    return _PIPE.split(text)
