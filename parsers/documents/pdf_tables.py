"""PDF pages with ruled tables read as blocks from their layout (:mod:`parsers.documents.pdf_layout`).

The flat text layer runs a table's cells together line by line: a label cell that wraps over two
or three lines ("Name of library / service/local / authority") interleaves with its answer, and
the label's tail leaks into the answer ("authority Exampleshire Libraries"). Here each cell's
text is taken from inside the cell's own box, so a row reads as a label and its answer
(:func:`parsers.documents.tables.table_blocks`), and the text around the tables is read as paragraphs in
page order.
"""

from __future__ import annotations

from parsers.blocks import Block
from parsers.documents.pdf_layout import PAGE_NUMBER, PageLayout, TableGrid, TextLine, new_paragraph
from parsers.documents.tables import Cell, table_blocks, text_blocks


def layout_blocks(layouts: list[PageLayout], skip: frozenset[str] = frozenset()) -> list[Block] | None:
    """The blocks of the pages read from their layout, or ``None`` when no page has a ruled
    table (the text layer is then read as it is). Lines whose text is in ``skip`` (a form
    field's printed label) are left out."""
    if not any(lay.tables for lay in layouts):
        return None
    out: list[Block] = []
    for lay in layouts:
        out.extend(_page_blocks(lay, skip))
    return out


def _page_blocks(lay: PageLayout, skip: frozenset[str]) -> list[Block]:
    items: list[tuple[float, TextLine | TableGrid]] = [(t.box[1], t) for t in lay.tables]
    items += [(ln.top, ln) for ln in lay.lines_outside_tables()
              if ln.text not in skip and not PAGE_NUMBER.match(ln.text)]
    out: list[Block] = []
    run: list[TextLine] = []
    for _, item in sorted(items, key=lambda it: it[0]):
        if isinstance(item, TableGrid):
            out.extend(text_blocks(_text(run)))
            run = []
            out.extend(table_blocks(_rows(item)))
        else:
            run.append(item)
    out.extend(text_blocks(_text(run)))
    return out


def _text(lines: list[TextLine]) -> str:
    """Lines as text, a blank line where a gap of more than half a line parts them."""
    parts: list[str] = []
    prev: TextLine | None = None
    for ln in lines:
        if prev is not None:
            parts.append("\n\n" if new_paragraph(prev, ln) else "\n")
        parts.append(ln.text)
        prev = ln
    return "".join(parts)


def _rows(grid: TableGrid) -> list[list[Cell]]:
    rows: list[list[Cell]] = []
    for row in grid.rows:
        cells: list[Cell] = []
        for c in row:
            if c is None:
                continue
            cells.append(Cell(paras=list(c.paras), emph=[False] * len(c.paras), help=list(c.help)))
        rows.append(cells)
    return rows
