"""Terminal tables that fit the terminal: the key column (id, reference) is never cut, text
columns fold, and when even that does not fit, columns are left out, the empty ones first, then
the least useful (the caption names them; ``--json`` always has everything).

Each column says how narrow it may get (``min_width``; a ``whole`` column is never narrower than
its widest cell) and how useful it is (``keep``: higher stays longer; ``None``: always shown).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table

# Rich's default box: one space of padding each side of a cell, one rule between cells, and one
# rule at each edge.
_PER_COLUMN = 3
_EDGE = 1


@dataclass(frozen=True)
class Column:
    """One column. ``whole``: never wrapped or cut (ids, references, dates); ``keep``: ``None``
    for a column that is always shown, else a rank (the lowest is left out first)."""

    header: str
    min_width: int = 8
    whole: bool = False
    keep: int | None = None


def fitted_table(title: str, columns: Sequence[Column], rows: Sequence[Sequence[str]], width: int) -> Table:
    """A table of ``rows`` for a terminal ``width`` columns wide."""
    needs = [_needed(c, i, rows) for i, c in enumerate(columns)]
    shown = list(range(len(columns)))
    # An empty column goes first, then the least useful.
    droppable = sorted((i for i, c in enumerate(columns) if c.keep is not None),
                       key=lambda i: (any(r[i].strip() for r in rows), columns[i].keep or 0))
    while sum(needs[i] + _PER_COLUMN for i in shown) + _EDGE > width and droppable:
        shown.remove(droppable.pop(0))
    left_out = [columns[i].header for i in range(len(columns)) if i not in shown]
    caption = (f"{', '.join(left_out)} left out at this width (a wider terminal or --json shows them)"
               if left_out else None)
    from rich.table import Table  # Rich only for the commands that print a table

    table = Table(title=title, caption=caption)
    widths = _share(width - _EDGE - _PER_COLUMN * len(shown), [needs[i] for i in shown],
                    [_natural(columns[i], i, rows) for i in shown])
    for i, w in zip(shown, widths, strict=True):
        c = columns[i]
        # Explicit widths: Rich's own shrinking can leave a table one column too wide for the
        # terminal when several columns have a minimum.
        table.add_column(c.header, width=w, no_wrap=c.whole, overflow="ellipsis" if c.whole else "fold")
    for row in rows:
        table.add_row(*(row[i] for i in shown))
    return table


def _natural(column: Column, index: int, rows: Sequence[Sequence[str]]) -> int:
    """The width the column would take with room to spare: its longest cell or header."""
    return max([len(column.header), *(len(r[index]) for r in rows)])


def _share(room: int, least: list[int], most: list[int]) -> list[int]:
    """Widths between ``least`` and ``most`` that add up to ``room`` where possible: the room
    beyond the minimums goes first to the columns that are nearly whole (a status, a name), so
    they need not fold, then the rest to the long text."""
    widths = list(least)
    spare = room - sum(widths)
    for i in sorted(range(len(widths)), key=lambda j: most[j] - least[j]):
        give = max(0, min(most[i] - widths[i], spare))
        widths[i] += give
        spare -= give
    return widths


def _needed(column: Column, index: int, rows: Sequence[Sequence[str]]) -> int:
    if column.whole:
        return max([len(column.header), *(len(r[index]) for r in rows)])
    # A column whose cells are all short needs no more than its longest cell.
    longest = max([0, *(len(r[index]) for r in rows)])
    return max(len(column.header), min(column.min_width, longest))


def as_words(code: str | None) -> str:
    """A status or kind code as words: ``needs_attention`` -> ``needs attention``; ``-`` for none."""
    return code.replace("_", " ") if code else "-"


def print_table(console: Console, title: str, columns: Sequence[Column],
                rows: Sequence[Sequence[str]]) -> None:
    """Print :func:`fitted_table` at the console's width."""
    console.print(fitted_table(title, columns, rows, console.width))
