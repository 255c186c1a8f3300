"""Filled fields of a fillable PDF form (AcroForm), each named by the label its reader sees.

:mod:`parsers.pdf` opens the file with pypdf and hands the reader here; this module walks each
page's widget annotations through pypdf's public objects (``page.annotations``, dictionary
access), never its private helpers. A field's value is its ``/V`` (inherited from the parent
field as the PDF spec allows); its names for field matching (the one that names a field best
wins, :attr:`parsers.blocks.Tagged.aliases`) are:

1. the tooltip (``/TU``), written for a person by the form's author;
2. the label printed beside the widget (left of a text box or above it, with its help line;
   right of a check box), found on the page's layout (:mod:`parsers.documents.pdf_layout`); for
   a text box that opens a page under no text, the last lines of the page before (the label and
   help fitted there, the box did not). Page numbers and running headers and footers are no label;
3. the field name (``/T``), for the readers of :func:`parsers.form.fields.tag_words` ("job_title").

A check box or radio button that is on reads ``"Yes"`` (or its export value when that says more,
such as "Email"); one that is off, and an empty text box, give ``None``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from parsers.blocks import Tagged
from parsers.documents.pdf_layout import PAGE_NUMBER, PageLayout, TextLine, new_paragraph
from parsers.documents.tables import clean, is_placeholder

_MAX_WIDGETS = 500
_ABOVE_POINTS = 40.0
"""How far above a text box the nearest line of its label may be printed."""
_ABOVE_LINES = 3
"""Lines above a text box read as its label: the label itself, or a help line and the label
(the help line, or the label, wrapped over two lines)."""
_EDGE_LINES = 2
"""Lines at the top and at the bottom of a page where running headers and footers sit."""
_ON_NAMES = {"yes", "on", "true", "1", "x", "checked", "ja", "oui", "si", "sí"}


@dataclass(frozen=True)
class Widget:
    """One field's widget as read: its names, value and where it sits (top-left coordinates)."""

    name: str
    tooltip: str | None
    kind: str
    value: str | None
    page: int
    box: tuple[float, float, float, float] | None  # x0, top, x1, bottom


@dataclass(frozen=True)
class FormFields:
    """``fields``: a :class:`Tagged` block per field (once per field name), in page order;
    ``printed``: the labels printed beside the widgets, which the page's text repeats without
    their answers (the answers are in the fields, not the text layer)."""

    fields: list[Tagged]
    printed: frozenset[str]


def form_fields(pages: list[Any], layouts: list[PageLayout]) -> FormFields:
    """The form's fields, filled or not (``value`` ``None``). ``pages`` are pypdf page objects;
    ``layouts`` their layouts (possibly fewer)."""
    return named_fields(widgets(pages), layouts)


def named_fields(found: list[Widget], layouts: list[PageLayout]) -> FormFields:
    """The fields of the widgets ``found``, each named by its tooltip, the label printed beside
    it on the pages laid out in ``layouts``, and its field name."""
    seen: set[str] = set()
    out: list[Tagged] = []
    printed: set[str] = set()
    by_page = {lay.number: lay for lay in _without_running(layouts)}
    for w in found:
        beside = _printed_labels(w, by_page.get(w.page)) or _label_overleaf(w, found, by_page)
        printed.update(beside)
        if w.name in seen:
            continue
        seen.add(w.name)
        names = [n for n in (w.tooltip, *beside, w.name) if n]
        out.append(Tagged(names[0], w.value, tuple(dict.fromkeys(names[1:]))))
    return FormFields(out, frozenset(printed))


def widgets(pages: list[Any]) -> list[Widget]:
    """The widgets of every page, at most :data:`_MAX_WIDGETS`."""
    out: list[Widget] = []
    for number, page in enumerate(pages, 1):
        height = _num(page.mediabox.height)
        for annot in page.annotations or []:
            obj = annot.get_object()
            if obj.get("/Subtype") != "/Widget":
                continue
            w = _widget(obj, number, height)
            if w is not None:
                out.append(w)
            if len(out) >= _MAX_WIDGETS:
                return out
    return out


def _widget(obj: Any, page: int, height: float) -> Widget | None:
    name = _qualified_name(obj)
    if not name:
        return None
    kind = str(_inherited(obj, "/FT") or "")
    tooltip = _inherited(obj, "/TU")
    return Widget(name, clean(str(tooltip)) or None if tooltip else None, kind,
                  _value(kind, _inherited(obj, "/V"), obj), page, _box(obj, height))


def _inherited(obj: Any, key: str) -> Any:
    """``obj[key]``, or its nearest parent field's (a widget inherits its field's entries)."""
    node, depth = obj, 0
    while node is not None and depth < 20:
        if key in node:
            return node[key]
        parent = node.get("/Parent")
        node = parent.get_object() if parent is not None else None
        depth += 1
    return None


def _qualified_name(obj: Any) -> str:
    """The field's full name: the ``/T`` of it and its parents joined by dots."""
    parts: list[str] = []
    node, depth = obj, 0
    while node is not None and depth < 20:
        if "/T" in node:
            parts.append(str(node["/T"]))
        parent = node.get("/Parent")
        node = parent.get_object() if parent is not None else None
        depth += 1
    return ".".join(reversed(parts))


def _value(kind: str, value: Any, obj: Any) -> str | None:
    if value is None:
        return None
    if kind == "/Btn":
        state = str(value).lstrip("/")
        if not state or state.lower() == "off":
            return None
        return "Yes" if state.lower() in _ON_NAMES else state
    if isinstance(value, list):
        text = ", ".join(str(v) for v in value)
    else:
        text = str(value)
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text or is_placeholder(text):
        return None
    return text


def _box(obj: Any, height: float) -> tuple[float, float, float, float] | None:
    rect = obj.get("/Rect")
    try:
        x0, y0, x1, y1 = (_num(v) for v in rect)
    except (TypeError, ValueError):
        return None
    return min(x0, x1), height - max(y0, y1), max(x0, x1), height - min(y0, y1)


def _num(v: Any) -> float:
    return float(v)


def _printed_labels(w: Widget, layout: PageLayout | None) -> list[str]:
    """The text printed beside the widget: on its line to the left (to the right for a check
    box), else the nearest lines just above a text box (the label, or its help line and the
    label above that), nearest first. Empty when nothing is near."""
    if layout is None or w.box is None:
        return []
    x0, top, x1, bottom = w.box
    middle = (top + bottom) / 2
    on_line = [ln for ln in layout.lines if ln.top - 2 <= middle <= ln.bottom + 2 or
               (top <= (ln.top + ln.bottom) / 2 <= min(bottom, top + 20))]
    left = [ln for ln in on_line if ln.x1 <= x0 + 2]
    right = [ln for ln in on_line if ln.x0 >= x1 - 2]
    if w.kind == "/Btn" and right:
        return [min(right, key=lambda ln: ln.x0).text]
    if left:
        return [max(left, key=lambda ln: ln.x1).text]
    above = [ln for ln in layout.lines if ln.bottom <= top + 2 and _overlaps(ln, x0, x1)]
    if any(ln.bottom >= top - _ABOVE_POINTS for ln in above):
        return _label_block(above)
    if right:
        return [min(right, key=lambda ln: ln.x0).text]
    return []


def _overlaps(line: TextLine, x0: float, x1: float) -> bool:
    return line.x0 <= x1 and line.x1 >= x0 - 200


def _label_block(lines: list[TextLine]) -> list[str]:
    """The label printed above a text box from the ``lines`` above it: the nearest line, and the
    lines above that (the label over its help line, either wrapped) up to the first paragraph
    gap: the last line of an introduction above the first label is no part of it. At most
    :data:`_ABOVE_LINES`, nearest first."""
    ordered = sorted(lines, key=lambda ln: -ln.bottom)
    out = [ordered[0]]
    for ln in ordered[1:_ABOVE_LINES]:
        if new_paragraph(ln, out[-1]):
            break
        out.append(ln)
    return [ln.text for ln in out]


def _label_overleaf(w: Widget, found: list[Widget], by_page: dict[int, PageLayout]) -> list[str]:
    """The label of a text box at the top of its page, with no text and no other widget above
    it, printed at the foot of the previous page (the label and its help line fitted there, the
    box did not): the last lines of that page below its last widget, nearest first. Empty
    otherwise."""
    layout, before = by_page.get(w.page), by_page.get(w.page - 1)
    if w.kind == "/Btn" or w.box is None or layout is None or before is None:
        return []
    top = w.box[1]
    if any(ln.bottom <= top + 2 for ln in layout.lines) or any(
        o.page == w.page and o.box is not None and o.box[3] <= top + 2 for o in found
    ):
        return []
    floor = max((o.box[3] for o in found if o.page == w.page - 1 and o.box is not None), default=0.0)
    tail = [ln for ln in before.lines if ln.top >= floor - 2 and _overlaps(ln, w.box[0], w.box[2])]
    return _label_block(tail) if tail else []


def _without_running(layouts: list[PageLayout]) -> list[PageLayout]:
    """The layouts without page numbers and running headers and footers (one of a page's first or
    last :data:`_EDGE_LINES` lines that the page before or after repeats at the same height,
    digits aside): they label no widget."""
    out = []
    for i, lay in enumerate(layouts):
        near = [o for o in layouts[max(0, i - 1) : i + 2] if o is not lay]
        edge = set(lay.lines[:_EDGE_LINES] + lay.lines[-_EDGE_LINES:])
        keep = tuple(ln for ln in lay.lines
                     if not (PAGE_NUMBER.match(ln.text) or ln in edge and _repeated(ln, near)))
        out.append(replace(lay, lines=keep))
    return out


def _repeated(line: TextLine, near: list[PageLayout]) -> bool:
    key = _digits_aside(line.text)
    return any(abs(o.top - line.top) < 2 and _digits_aside(o.text) == key for lay in near for o in lay.lines)


def _digits_aside(text: str) -> str:
    return re.sub(r"\d+", "#", text)
