"""Word (.docx, .docm, .dotx, .dotm) forms read into blocks.

:mod:`parsers.documents.word_package` reads the main document and styles parts straight from the zip
(after :mod:`parsers.documents.zipguard` has checked the archive); the main document part is then
walked with lxml. python-docx is not used to read: its ``Document()`` loads every part of the package
first (3x and more the time of this walk), and its own API hides what forms are made
of: ``paragraph.text`` drops tracked insertions, content controls (``w:sdt``) are invisible and
``row.cells`` repeats merged cells. What the walk reads, and how:

* Running text: a :class:`Para` per non-empty paragraph; ``emphasis`` when every run of it is
  bold (direct, character style or paragraph style) or the paragraph is heading-styled.
* Tables: see :mod:`parsers.documents.tables` (``label | answer`` rows, label row above answer row, extra
  columns, nested tables, vertically merged cells read once, ``gridSpan`` cells read once).
* Content controls (block, run, row and cell level) and legacy form fields (FORMTEXT's typed
  result between ``separate`` and ``end``, never the field code; FORMDROPDOWN's chosen entry):
  a :class:`Pair` when a label stands before them in the same paragraph or the label paragraph
  or cell right before; otherwise a :class:`Tagged` named by the control's alias (else its tag)
  or the form field's name (else its bookmark). Placeholder text and ``w:showingPlcHdr`` read as
  ``None``.
* Tracked changes: ``w:ins`` and ``w:moveTo`` count; ``w:del``, ``w:moveFrom`` and deleted
  table rows do not. Hidden (``w:vanish``) runs do not.
* Text boxes (``w:txbxContent``): read once, after the paragraph that anchors them; of an
  ``mc:AlternateContent`` only the ``mc:Choice`` is read (the ``mc:Fallback`` repeats it).
* Strict Open XML (purl.oclc.org namespaces) is read like transitional.
* Closing lines after the last answer ("End of form", a footer, a short note in italic, smaller
  or centred type than the answer above it) are left out (:mod:`parsers.closing`).
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from lxml import etree

from parsers.blocks import Block, Pair, Para, Tagged
from parsers.closing import trim_end
from parsers.documents.front_matter import is_intro, mark_front
from parsers.documents.tables import Cell, clean, is_placeholder, table_blocks
from parsers.documents.word_package import word_parts
from parsers.documents.wordml import (
    MC_ALTERNATE,
    W_NAMES,
    W_NS,
    WX_NS,
    Answer,
    Look,
    OpenField,
    SdtProps,
    Styles,
    attr,
    choice,
    form_field_answer,
    form_field_name,
    generic_name,
    guidance_look,
    look_of_props,
    looks_apart,
    outline_level,
    row_cells,
    run_text,
    table_rows,
    text_boxes,
    toggle,
    w_child,
    w_children,
    w_name,
    xml_parser,
)
from parsers.documents.zipguard import ADVICE_RESEND
from parsers.errors import ADVICE_ONLY_FORM, DocumentError
from parsers.schema import Limits

log = logging.getLogger("parsers.documents")


_MAX_DEPTH = 60
_WX_PREFIX = "{" + WX_NS + "}"
_LABEL_MAX = 300
_PLAIN = Look()
"""Type as the defaults set it (made once)."""


_RunLooks = dict[tuple[str | None, ...], tuple[bool, bool, Look]]
"""The properties a run states (:func:`_stated_run_props`) -> (hidden, bold, look) of such a run."""


@dataclass(slots=True)
class _Para:
    """What one paragraph holds: text pieces (with the answers' positions), emphasis, text boxes."""

    pieces: list[str | Answer] = field(default_factory=list)
    heading: bool = False
    boxes: list[etree._Element] = field(default_factory=list)
    base_look: Look = Look()
    style: str | None = None
    pkey: tuple[str | None, str | None, str | None] = (None, None, None)
    """(style, outline level, alignment) as the paragraph's own properties state them."""
    runs: _RunLooks | None = None
    """The walker's run looks for runs set in this paragraph (:meth:`_Walker._runs_in`)."""
    marks: list[tuple[int, bool, Look]] = field(default_factory=list)
    """Per non-blank text piece: its index in ``pieces``, whether it is bold, its look."""
    has_answers: bool = False
    """An :class:`Answer` is among ``pieces`` (most paragraphs hold only text)."""
    runs_on: bool = False
    """A FORMTEXT field's result was still open at the paragraph's end: read as part of a
    container, the field would carry into the next paragraph and the paragraph read otherwise."""

    @property
    def answers(self) -> list[Answer]:
        if not self.has_answers:
            return []
        return [p for p in self.pieces if isinstance(p, Answer)]

    def add_answer(self, answer: Answer) -> None:
        self.pieces.append(answer)
        self.has_answers = True

    def text(self, *, with_answers: bool = True) -> str:
        if not self.has_answers:
            return clean("".join(self.pieces))  # type: ignore[arg-type]  # only str pieces
        parts = [p if isinstance(p, str) else (p.value or "") if with_answers else "" for p in self.pieces]
        return clean("".join(parts))

    @property
    def emphasis(self) -> bool:
        return self.heading or (bool(self.marks) and all(bold for _, bold, _ in self.marks))

    @property
    def look(self) -> Look:
        """The paragraph's look over all its text runs: italic when all are, the largest size,
        a colour when all share it."""
        if not self.marks:
            return self.base_look
        first = self.marks[0][2]
        if all(lk is first for _, _, lk in self.marks):  # runs set alike (one cached Look)
            return _look_of_alike(first, self.base_look)
        looks = [lk for _, _, lk in self.marks]
        sizes = [lk.size for lk in looks if lk.size is not None]
        colors = {lk.color for lk in looks}
        return Look(
            all(lk.italic for lk in looks),
            max(sizes) if len(sizes) == len(looks) else None,
            colors.pop() if len(colors) == 1 else None,
            self.base_look.align,
            self.base_look.note_style,
        )


def _look_of_alike(run: Look, base: Look) -> Look:
    """:attr:`_Para.look` of a paragraph whose text runs all look like ``run``."""
    return Look(bool(run.italic), run.size, run.color, base.align, base.note_style)


class _Walker:
    """Walks one document part. Holds the styles and the limits; no state across documents."""

    def __init__(self, filename: str, styles: Styles, limits: Limits) -> None:
        self.filename = filename
        self.styles = styles
        self.limits = limits
        self.chars = 0
        self.looks: dict[int, Look] = {}
        """The look of each emitted :class:`Para`, by ``id``: the blocks list keeps them alive."""
        self.headings: dict[int, str] = {}
        """The style of each emitted heading-styled :class:`Para`, by ``id``."""
        self.attached: dict[int, str | None] = {}
        """The control name of each :class:`Pair` made of a label paragraph and the answer
        paragraph after it, by ``id``: later answer paragraphs continue that answer."""
        self._para_props: dict[tuple[str | None, str | None, str | None],
                               tuple[bool, bool, Look, _RunLooks]] = {}
        """(style, outline level, alignment) -> (heading, bold, look, run looks) of a paragraph so
        set."""
        self._run_props: dict[tuple[tuple[str | None, str | None, str | None], bool], _RunLooks] = {}
        """(paragraph setting, paragraph bold) -> the run looks of runs in a paragraph so set:
        a document sets thousands of runs in a few dozen ways."""

    # -- containers (body, cell, text box, block-level control)

    def container(self, el: etree._Element, depth: int = 0,
                  read: dict[etree._Element, _Para] | None = None) -> list[Block]:
        """Blocks for a body-like element: paragraphs, tables, block-level controls. ``read``
        holds paragraphs of ``el`` already read on their own (by :meth:`cell`), which read the
        same here unless a field runs on into them; ``None`` when there are none."""
        if depth > _MAX_DEPTH:
            raise DocumentError(self.filename, "the document is nested too deeply", ADVICE_RESEND)
        out: list[Block] = []
        carried: list[OpenField] = []
        pending: list[_Para] = []
        for child, name in self._block_children(el):
            if name == "p":
                pending.append(self._reread(child, read) if read and not carried and child in read
                               else self.paragraph(child, carried))
                if carried:
                    continue  # the paragraph waits for its field's result to end
            else:
                carried = []
            for para in pending:
                self._emit_para(out, para, depth)
            pending = []
            if name == "tbl":
                out.extend(self.table(child, depth + 1))
            elif name == "sdt":
                self._emit_block_sdt(out, child, depth)
        for para in pending:
            self._emit_para(out, para, depth)
        return out

    def _block_children(self, el: etree._Element) -> Iterator[tuple[etree._Element, str]]:
        """Children of a container (with their :func:`w_name`), looking through transparent
        wrappers and tracked changes."""
        for child in el:
            name = W_NAMES[child.tag]
            if name in ("p", "tbl", "sdt"):
                yield child, name
            elif name in {"customXml", "ins", "moveTo", "smartTag"}:
                yield from self._block_children(child)
            elif name is None:  # (the wrappers below are in no Word namespace)
                tag = child.tag
                if tag == MC_ALTERNATE:
                    yield from self._block_children(choice(child))
                elif isinstance(tag, str) and tag.startswith(_WX_PREFIX):
                    yield from self._block_children(child)

    def _emit_para(self, out: list[Block], para: _Para, depth: int) -> None:
        if not para.has_answers:
            split = _label_and_help(para)
            text = para.text()
            if split is not None:
                label, help_text = split
                out.extend([Para(label, True), Para(help_text, guidance=True)])
            elif text:
                block = Para(text, para.emphasis)
                self.looks[id(block)] = para.look
                if para.heading:
                    self.headings[id(block)] = para.style or ""
                out.append(block)
        else:
            self._emit_answers(out, para)
        for box in para.boxes:
            out.extend(self.container(box, depth + 1))

    def _emit_answers(self, out: list[Block], para: _Para) -> None:
        """Answers in a paragraph: text before each is its label; a lone answer pairs with the
        label paragraph right before it; otherwise the control's name tags it."""
        label_parts: list[str] = []
        lone = not clean("".join(p for p in para.pieces if isinstance(p, str)))
        if lone and len(para.answers) == 1 and self._continue_answer(out, para.answers[0]):
            return
        for piece in para.pieces:
            if isinstance(piece, str):
                label_parts.append(piece)
                continue
            label = _strip_label(clean("".join(label_parts)))
            label_parts = []
            if label:
                out.append(Pair(label, piece.value))
            elif lone and len(para.answers) == 1:
                fallback: list[Block] = [Para(piece.value)] if piece.value else []
                _attach(out, piece.name, piece.value, fallback)
                if out and isinstance(out[-1], Pair):
                    self.attached[id(out[-1])] = piece.name
            elif piece.name and not generic_name(piece.name):
                out.append(Tagged(piece.name, piece.value))
            elif piece.value:
                out.append(Para(piece.value))
        tail = clean("".join(label_parts))
        if tail:
            out.append(Para(tail))

    def _continue_answer(self, out: list[Block], answer: Answer) -> bool:
        """Adds a paragraph holding only ``answer`` to the answer of the label paragraph above
        (a long answer typed as several paragraphs, each in its own control), with any plain
        paragraphs between. False (nothing changed) when no such answer is open, or when the
        control's own meaningful name differs from that answer's (or, with paragraphs between,
        is not that answer's name)."""
        between: list[Para] = []
        i = len(out) - 1
        while i >= 0 and _answer_text(out[i]):
            prev = out[i]
            assert isinstance(prev, Para)
            between.insert(0, prev)
            i -= 1
        pair = out[i] if i >= 0 else None
        if not isinstance(pair, Pair) or id(pair) not in self.attached:
            return False
        name = self.attached[id(pair)]
        same = answer.name == name and name is not None and not generic_name(name)
        if not same and (between or not (answer.name is None or generic_name(answer.name))):
            return False  # a plain paragraph before an unnamed control may be its label
        parts = [pair.value, *(b.text for b in between), answer.value]
        joined = Pair(pair.label, "\n\n".join(p for p in parts if p) or None)
        del out[i:]
        out.append(joined)
        self.attached[id(joined)] = name
        return True

    def _emit_block_sdt(self, out: list[Block], sdt: etree._Element, depth: int) -> None:
        props = SdtProps.of(sdt)
        content = w_child(sdt, "sdtContent")
        if content is None:
            return
        inner = self.container(content, depth + 1)
        if props.transparent or any(not isinstance(b, Para) for b in inner):
            out.extend(inner)
            return
        value = None if props.placeholder else _join_value(inner)
        _attach(out, props.name, value, [] if value is None else inner)

    def _reread(self, p: etree._Element, read: dict[etree._Element, _Para]) -> _Para:
        """Paragraph ``p`` as :meth:`cell` read it on its own, counted again as a second read
        would be (the text limit counts a structured cell's paragraphs twice)."""
        para = read[p]
        self._count(para)
        return para

    # -- paragraphs

    def paragraph(self, p: etree._Element, carried: list[OpenField] | None = None) -> _Para:
        """One paragraph. ``carried`` holds a FORMTEXT field whose result runs on from the
        paragraphs before (see :meth:`container`); it is updated in place, ``None`` reads the
        paragraph on its own."""
        count = len(p)
        first = p[0] if count else None
        ppr = first if first is not None and W_NAMES[first.tag] == "pPr" else None
        if not carried and (count == 0 or (count == 1 and ppr is not None)):
            # Nothing but its properties (a form's empty lines and cells): it reads as an empty
            # paragraph whatever they say (:meth:`_inline` reads no w:pPr); its style and look
            # are asked only of a paragraph with text.
            return _Para()
        if ppr is None and count > 1:
            ppr = w_child(p, "pPr")  # (a producer's odd order: not first)
        para = _Para()
        stated_style, outline, align = _stated_para_props(ppr)
        pstyle = stated_style or self.styles.default_para
        para.style = pstyle
        para.pkey = (pstyle, outline, align)
        found = self._para_props.get(para.pkey)
        if found is None:
            heading, bold, look = self._para_look(*para.pkey)
            found = self._para_props[para.pkey] = (heading, bold, look, self._runs_in(para.pkey, bold))
        para.heading, para_bold, para.base_look, para.runs = found
        fields = carried if carried is not None else []
        if fields:
            fields[-1].result.append("\n\n")
        self._inline(p, para, fields, para_bold)
        # A form field can run on into the next paragraphs (Word lets a FORMTEXT result hold
        # paragraph marks). Read on its own, what it typed so far belongs to this paragraph and
        # the rest reads as text; carried, its answer stands here and is completed at its end.
        for fld in fields:
            if fld.in_result and fld.kind == "FORMTEXT" and fld.answer is None:
                para.runs_on = True
                typed = clean("".join(fld.result))
                if carried is not None:
                    fld.answer = Answer(form_field_name(fld.ff), None if is_placeholder(typed) else typed)
                    para.add_answer(fld.answer)
                elif typed:
                    para.add_answer(Answer(form_field_name(fld.ff), typed))
        if carried is not None:
            carried[:] = _running_formtext(fields)
        self._count(para)
        return para

    def _para_look(self, pstyle: str | None, outline: str | None,
                   align: str | None) -> tuple[bool, bool, Look]:
        """Whether a paragraph in style ``pstyle`` with outline level ``outline`` and alignment
        ``align`` (as its own properties state them) is a heading, is bold, and its look."""
        heading = self.styles.heading(pstyle) or outline_level(outline)
        look = self.styles.default_look.merged(self.styles.look(pstyle)).merged(Look(align=align))
        return heading, self.styles.bold(pstyle), look

    def _runs_in(self, pkey: tuple[str | None, str | None, str | None], para_bold: bool) -> _RunLooks:
        """The run looks (made once, filled as runs are met) of runs in a paragraph whose own
        properties state ``pkey`` and whose style is bold or not."""
        runs = self._run_props.get((pkey, para_bold))
        if runs is None:
            runs = self._run_props[(pkey, para_bold)] = {}
        return runs

    def _count(self, para: _Para) -> None:
        if not para.has_answers:
            self._count_text(sum(map(len, para.pieces)))  # type: ignore[arg-type]  # only str pieces
            return
        self._count_text(sum([len(p) if isinstance(p, str) else len(p.value or "") for p in para.pieces]))

    def _count_text(self, chars: int) -> None:
        self.chars += chars
        if self.chars > self.limits.max_text_chars:
            raise DocumentError(
                self.filename,
                f"the document holds more than {self.limits.max_text_chars} characters of text",
                ADVICE_ONLY_FORM,
            )

    def _inline(self, el: etree._Element, para: _Para, fields: list[OpenField], para_bold: bool) -> None:
        """Walk the runs of a paragraph (or of a run-level container) in document order."""
        for child in el:
            name = W_NAMES[child.tag]
            if name == "r":
                self._run(child, para, fields, para_bold)
            elif name in {"ins", "moveTo", "hyperlink", "smartTag", "customXml", "fldSimple", "dir", "bdo"}:
                self._inline(child, para, fields, para_bold)
            elif name == "sdt":
                self._run_sdt(child, para, fields, para_bold)
            elif name is None and child.tag == MC_ALTERNATE:
                self._inline(choice(child), para, fields, para_bold)

    def _run_sdt(self, sdt: etree._Element, para: _Para, fields: list[OpenField], para_bold: bool) -> None:
        props = SdtProps.of(sdt)
        content = w_child(sdt, "sdtContent")
        if content is None:
            return
        if props.transparent:
            self._inline(content, para, fields, para_bold)
            return
        sub = _Para()
        sub.runs = self._runs_in(sub.pkey, para_bold)
        self._inline(content, sub, [], para_bold)
        para.boxes.extend(sub.boxes)
        text = sub.text()
        value = None if props.placeholder or is_placeholder(text) else text
        para.add_answer(Answer(props.name, value))

    def _run(self, r: etree._Element, para: _Para, fields: list[OpenField], para_bold: bool) -> None:
        found: tuple[bool, bool, Look] | None = None
        rpr: etree._Element | None = None
        for child in r:
            name = W_NAMES[child.tag]
            if name == "rPr":
                rpr = child if rpr is None else rpr
                continue
            if found is None:
                # The run's look, from its first w:rPr (its first child as the schema orders it,
                # else, in a producer's odd order, looked for), worked out at the first child
                # that needs it (a run of properties alone reads nothing) and once for each way
                # of setting runs (:meth:`_run_look`).
                rpr = rpr if rpr is not None else w_child(r, "rPr")
                runs = para.runs
                if runs is None:
                    runs = para.runs = self._runs_in(para.pkey, para_bold)
                stated = _stated_run_props(rpr)
                found = runs.get(stated)
                if found is None:
                    found = runs[stated] = self._run_look(w_children(rpr), para.base_look, para_bold)
                if found[0]:
                    return  # hidden
            if name == "t":  # most of a run's children: its text (or its properties, read above)
                text = child.text  # (lxml makes a new string at each ask)
                if text:
                    self._put_text(text, found[1], para, fields, found[2])
            elif name == "fldChar":
                self._fld_char(child, para, fields)
            elif name == "instrText":
                if fields:
                    fields[-1].instr.append(child.text or "")
            elif name in {"drawing", "pict", "object"} or (name is None and child.tag == MC_ALTERNATE):
                para.boxes.extend(text_boxes(child))
            else:
                text = run_text(child, name)
                if text:
                    self._put_text(text, found[1], para, fields, found[2])

    def _run_look(self, props: dict[str, etree._Element], base: Look,
                  para_bold: bool) -> tuple[bool, bool, Look]:
        """Whether a run with properties ``props`` in a paragraph of look ``base`` is hidden (or
        placeholder-styled), is bold, and its look."""
        rstyle = attr(props.get("rStyle"))
        if toggle(props.get("vanish")) or toggle(props.get("webHidden")) or (
                rstyle and self.styles.placeholder(rstyle)):
            return True, False, base
        bold = toggle(props.get("b"))
        if bold is None:
            bold = self.styles.bold(rstyle) or para_bold
        return False, bold, base.merged(self.styles.look(rstyle)).merged(look_of_props(props))

    def _put_text(self, text: str, bold: bool, para: _Para, fields: list[OpenField], look: Look) -> None:
        if fields:
            top = fields[-1]
            if not top.in_result:
                return
            if top.kind in ("FORMTEXT", "FORMDROPDOWN"):
                top.result.append(text)
                return
        para.pieces.append(text)
        if text.strip():
            para.marks.append((len(para.pieces) - 1, bold, look))

    def _fld_char(self, fc: etree._Element, para: _Para, fields: list[OpenField]) -> None:
        kind = attr(fc, "fldCharType")
        if kind == "begin":
            fields.append(OpenField(w_child(fc, "ffData")))
        elif kind == "separate" and fields:
            fields[-1].in_result = True
        elif kind == "end" and fields:
            done = fields.pop()
            answer = form_field_answer(done)
            if answer is not None and done.answer is not None:
                self._count_text(len(answer.value or "") - len(done.answer.value or ""))
                done.answer.value = answer.value
            elif answer is not None:
                if fields and fields[-1].in_result and fields[-1].kind in ("FORMTEXT", "FORMDROPDOWN"):
                    fields[-1].result.append(answer.value or "")
                else:
                    para.add_answer(answer)

    # -- tables

    def table(self, tbl: etree._Element, depth: int) -> list[Block]:
        if depth > _MAX_DEPTH:
            raise DocumentError(self.filename, "the document is nested too deeply", ADVICE_RESEND)
        rows: list[list[Cell]] = []
        for tr in table_rows(tbl):
            trpr = w_child(tr, "trPr")
            if trpr is not None and w_child(trpr, "del") is not None:
                continue
            rows.append([self.cell(tc, props, depth) for tc, props in row_cells(tr)])
        return table_blocks(rows)

    def cell(self, tc: etree._Element, props: SdtProps | None, depth: int) -> Cell:
        tcpr = w_child(tc, "tcPr")
        cell = Cell()
        if tcpr is not None:
            tprops = w_children(tcpr)
            vmerge = tprops.get("vMerge")
            cell.merged = vmerge is not None and attr(vmerge) != "restart"
            fill = attr(tprops.get("shd"), "fill")
            cell.shaded = bool(fill) and (fill or "").lower() not in ("auto", "ffffff", "none")
        if cell.merged:
            return cell
        structured = False
        placeholder_only = props is not None and props.placeholder
        read: dict[etree._Element, _Para] = {}
        for child, name in self._block_children(tc):
            if name == "p":
                para = self.paragraph(child)
                if not para.runs_on:
                    read[child] = para
                structured = structured or _labelled(para)
                self._cell_para(cell, para)
                if para.boxes:
                    structured = self._cell_boxes(cell, para, depth) or structured
                if para.has_answers and all(a.value is None for a in para.answers) and not para.text():
                    placeholder_only = True
            elif name == "tbl":
                structured = True
                cell.nested = True
            elif name == "sdt":
                sp = SdtProps.of(child)
                content = w_child(child, "sdtContent")
                inner = self.container(content, depth + 1) if content is not None else []
                if sp.placeholder:
                    placeholder_only = True
                    continue
                if any(not isinstance(b, Para) for b in inner):
                    structured = True
                for b in inner:
                    if isinstance(b, Para):
                        cell.paras.append(b.text)
                        cell.emph.append(b.emphasis)
        if structured:
            cell.blocks = self.container(tc, depth + 1, read)
        cell.placeholder = placeholder_only and not cell.paras
        return cell

    def _cell_boxes(self, cell: Cell, para: _Para, depth: int) -> bool:
        """Adds the text of ``para``'s text boxes to the cell's own paragraphs (a box drawn in
        an answer cell holds that cell's answer). True when a box holds structure (a table,
        labelled fields): the cell is then read as running content."""
        for box in para.boxes:
            inner = self.container(box, depth + 1)
            if any(not isinstance(b, Para) for b in inner):
                return True
            for b in inner:
                if isinstance(b, Para):
                    cell.paras.append(b.text)
                    cell.emph.append(b.emphasis)
        return False

    def _cell_para(self, cell: Cell, para: _Para) -> None:
        text = para.text()
        if text and not is_placeholder(text):
            cell.paras.append(text)
            cell.emph.append(para.emphasis)
            # Italic or grey type throughout: the form's printed help (tables._settle_help decides).
            cell.help += [False] * (len(cell.paras) - 1 - len(cell.help))
            cell.help.append(not para.emphasis and guidance_look(para.look, _PLAIN))


_RUN_PROPS = ("vanish", "webHidden", "rStyle", "b", "i", "sz", "color")
"""The run properties :meth:`_Walker._run_look` reads."""
_RUN_PROP_TAGS = {f"{{{ns}}}{name}": name for name in _RUN_PROPS for ns in W_NS}
"""Each of :data:`_RUN_PROPS`' tags (in any Word namespace) -> its local name."""


def _stated_run_props(rpr: etree._Element | None) -> tuple[str | None, ...]:
    """The properties of ``rpr`` the walker reads, as name, value, name, value... in document
    order (one flat tuple: no pair to make for each): runs that state the same ones read the same."""
    if rpr is None:
        return ()
    stated: list[str | None] = []
    for child in rpr:
        name = _RUN_PROP_TAGS.get(child.tag)
        if name is not None:
            stated += (name, _val(child))
    return tuple(stated)


_PARA_PROP_TAGS = {f"{{{ns}}}{name}": name for name in ("pStyle", "outlineLvl", "jc") for ns in W_NS}
"""The paragraph properties :meth:`_Walker.paragraph` reads: tag (in any Word namespace) -> local name."""


def _stated_para_props(ppr: etree._Element | None) -> tuple[str | None, str | None, str | None]:
    """The style, outline level and alignment paragraph properties ``ppr`` state (the first of
    each), ``None`` for those not stated."""
    if ppr is None:
        return None, None, None
    found: dict[str, str | None] = {}
    for child in ppr:
        name = _PARA_PROP_TAGS.get(child.tag)
        if name is not None and name not in found:
            found[name] = _val(child)
    return found.get("pStyle"), found.get("outlineLvl"), found.get("jc")


_W_VAL = f"{{{W_NS[0]}}}val".encode()
"""The transitional ``w:val`` as bytes: lxml looks a bytes name up without encoding it first."""


def _val(el: etree._Element) -> str | None:
    """:func:`attr` ``(el)`` with the two most common cases answered first: the transitional
    ``w:val`` and no attribute at all."""
    value = el.get(_W_VAL)
    if value is not None:
        return str(value)
    return attr(el) if el.items() else None


def _label_and_help(para: _Para) -> tuple[str, str] | None:
    """A paragraph holding a bold label, a line break and the form's help text in plain, smaller,
    grey or italic type ("Your name:" / "The person we should contact"): its label and help
    text; ``None`` for any other paragraph."""
    if not para.marks or para.has_answers:
        return None
    breaks = [i for i, p in enumerate(para.pieces) if isinstance(p, str) and "\n" in p and not p.strip()]
    if not breaks:
        return None
    cut = breaks[0]
    before = [m for m in para.marks if m[0] < cut]
    after = [m for m in para.marks if m[0] > cut]
    if not before or not after or not all(b for _, b, _ in before) or any(b for _, b, _ in after):
        return None
    if not all(guidance_look(lk, before[-1][2]) for _, _, lk in after):
        return None
    label = clean("".join(p for p in para.pieces[:cut] if isinstance(p, str)))
    help_text = clean("".join(p for p in para.pieces[cut + 1 :] if isinstance(p, str)))
    if not label or not help_text or len(label) > _LABEL_MAX:
        return None
    return label, help_text


def _running_formtext(fields: list[OpenField]) -> list[OpenField]:
    """The FORMTEXT field whose typed result is still open at a paragraph's end (to carry into
    the next paragraph), else an empty list: other open fields are not carried."""
    if fields and fields[-1].in_result and fields[-1].kind == "FORMTEXT":
        return [fields[-1]]
    return []


def _labelled(para: _Para) -> bool:
    """A paragraph that holds its own label before a control: "Name: [control]"."""
    if not para.has_answers:
        return False
    seen_text = False
    for piece in para.pieces:
        if isinstance(piece, str):
            seen_text = seen_text or bool(piece.strip())
        elif seen_text:
            return True
    return False


def _attach(out: list[Block], name: str | None, value: str | None, fallback: list[Block]) -> None:
    """Emit a control's or form field's answer that stands alone in its paragraph(s).

    It pairs with the paragraph before it when that reads as its label: always when bold or
    colon-ended, and also when short and sentence-less if the control's own name says nothing
    ("Text1", "Rich text"). Otherwise a meaningful name tags it; else ``fallback`` (the answer as
    running text) is emitted."""
    generic = name is None or generic_name(name)
    if _is_label_para(out) or (generic and _is_label_para(out, weak=True)):
        prev = out.pop()
        assert isinstance(prev, Para)
        out.append(Pair(_strip_label(prev.text), value))
    elif not generic:
        assert name is not None
        out.append(Tagged(name, value))
    else:
        out.extend(fallback)


def _is_label_para(out: list[Block], *, weak: bool = False) -> bool:
    """The block just emitted is a short bold or colon-ended paragraph: a label awaiting its answer.
    ``weak`` also accepts a short plain paragraph that is not a sentence ("Your name")."""
    if not out or not isinstance(out[-1], Para):
        return False
    prev = out[-1]
    text = prev.text.strip()
    if not 0 < len(text) <= _LABEL_MAX:
        return False
    if prev.emphasis or text.endswith((":", "?")):
        return True
    return weak and len(text.split()) <= 15 and not text.endswith((".", "!", ";", ","))


def _answer_text(block: Block) -> bool:
    """A plain paragraph that reads as answer text, not as a label or help."""
    if not isinstance(block, Para) or block.emphasis or block.guidance:
        return False
    return not block.text.strip().endswith((":", "?"))


def _strip_label(text: str) -> str:
    return text.strip().rstrip(":").strip()


def _join_value(blocks: list[Block]) -> str | None:
    text = "\n\n".join(b.text for b in blocks if isinstance(b, Para) and b.text.strip())
    return None if is_placeholder(text) else text


def _parse(filename: str, blob: bytes) -> etree._Element:
    try:
        return etree.fromstring(blob, xml_parser())
    except etree.XMLSyntaxError as err:
        raise DocumentError(filename, f"the document's XML is damaged ({err})", ADVICE_RESEND) from err


def _styles(filename: str, styles: bytes | None) -> Styles:
    """The styles part read; no styles when there is none or it is damaged (read without styles)."""
    if styles is None:
        return Styles()
    try:
        if len(styles) <= _MAX_KEPT_STYLES:
            return parsed_styles(styles)
        return _read_styles(filename, styles)
    except DocumentError:
        log.warning("%s: styles part unreadable, reading without styles", filename)
        return Styles()


_MAX_KEPT_STYLES = 512 * 1024
"""The largest styles part :func:`parsed_styles` keeps (its tree takes about twelve times as much)."""


_KEPT_STYLES = 8
"""How many styles parts :func:`parsed_styles` keeps (at most 4 MB with their keys)."""


@functools.lru_cache(maxsize=_KEPT_STYLES)
def parsed_styles(styles: bytes) -> Styles:
    """A styles part's :class:`Styles`, kept for the next document with the same part: the forms
    sent for one call share their template's styles (the association's own is 350 KB, 4 ms to
    parse, when the form typed into it is 6 KB). Several are kept, as a mailbox brings the form
    from a few templates in turn (the association's in its Word versions, and the default template
    of each word processor the form was retyped in). Raises :class:`DocumentError` when it is
    damaged (not kept). ``parsed_styles.cache_clear()`` forgets them."""
    return _read_styles("styles", styles)


def _read_styles(filename: str, styles: bytes) -> Styles:
    """The styles part ``styles`` of ``filename`` read (its ``w:latentStyles`` left unparsed);
    raises :class:`DocumentError` when it is damaged."""
    return Styles.from_xml(_parse(filename, _without_latent_styles(styles)))


_ATTRS = rb'(?:\s+[\w.:-]+\s*=\s*"[^"<&]*+")*+\s*+'
_LATENT_STYLES = re.compile(rb"<w:latentStyles" + _ATTRS + rb">(?:\s*+<w:lsdException" + _ATTRS
                            + rb"/>)*+\s*+</w:latentStyles>")
"""A ``w:latentStyles`` element holding only ``w:lsdException`` elements, plain attributes and
spaces (no comment, entity or character reference, nothing a parser could read differently).
Possessive (``*+``): no part of it can match what the next part needs, so giving back never finds
another match, and not keeping the places to give back to halves the time to match 370 elements."""


def _without_latent_styles(styles: bytes) -> bytes:
    """A styles part's XML without its ``w:latentStyles`` (Word's settings for the hundreds of
    built-in styles it has not written out: 370 elements, three quarters of a Word styles part,
    that :class:`Styles` never reads), when it is written plainly and no comment or CDATA
    section comes before it; else the part as it is. It reads the same either way."""
    start = styles.find(b"<w:latentStyles")
    if start < 0 or styles.find(b"<!--", 0, start) >= 0 or styles.find(b"<![CDATA[", 0, start) >= 0:
        return styles
    found = _LATENT_STYLES.match(styles, start)
    return styles if found is None else styles[:start] + styles[found.end():]


def read_docx(filename: str, data: bytes, limits: Limits) -> list[Block]:
    """Blocks of a Word 2007+ document (.docx, .docm, .dotx, .dotm), in reading order.

    Raises :class:`~parsers.errors.DocumentError` (or its ``LimitExceeded``) for an encrypted,
    damaged, oversized or zip-bomb file. An empty document gives an empty list.
    """
    parts = word_parts(filename, data, limits)
    root = _parse(filename, parts.document)
    body = next((c for c in root if w_name(c) == "body"), None)
    if body is None:
        raise DocumentError(filename, "the Word file has no document body", ADVICE_RESEND)
    walker = _Walker(filename, _styles(filename, parts.styles), limits)
    return _trimmed(walker, walker.container(body))


def read_word_xml(filename: str, data: bytes, limits: Limits) -> list[Block]:
    """Blocks of a Word 2003 XML document (``w:wordDocument``, often saved with a .doc name).
    Raises :class:`~parsers.errors.DocumentError` when it is not well-formed or has no body."""
    if len(data) > limits.max_attachment_bytes:
        raise DocumentError(filename, "the file is too large", ADVICE_RESEND)
    root = _parse(filename, data)
    body = next((c for c in root if w_name(c) == "body"), None)
    if body is None:
        raise DocumentError(filename, "the Word XML file has no document body", ADVICE_RESEND)
    styles = Styles.from_xml(next((c for c in root if w_name(c) == "styles"), None))
    walker = _Walker(filename, styles, limits)
    return _trimmed(walker, walker.container(body))


def _trimmed(walker: _Walker, blocks: list[Block]) -> list[Block]:
    """``blocks`` without the closing lines after the last answer (:mod:`parsers.closing`),
    judged also by how the walker saw each paragraph set."""

    def set_apart(last: Para, before: Para) -> bool:
        a, b = walker.looks.get(id(last)), walker.looks.get(id(before))
        return a is not None and b is not None and looks_apart(a, b)

    trimmed = mark_front(trim_end(blocks, set_apart), lambda b: _is_title(walker, blocks, b))
    return _mark_help(walker, trimmed)


def _is_title(walker: _Walker, blocks: list[Block], first: Para) -> bool:
    """``first`` is the document's title: Title-styled, or in a heading style no later
    paragraph uses (a form whose labels are all "Heading 2" has no title), followed by an
    introduction, a label or a table rather than by a plain answer."""
    style = walker.headings.get(id(first))
    if style is None:
        return False
    nxt = blocks[1] if len(blocks) > 1 else None
    if nxt is None or (isinstance(nxt, Para) and not nxt.emphasis and not is_intro(nxt.text)):
        return False  # a heading-styled label over its answer
    if style.lower().startswith("title"):
        return True
    return not any(walker.headings.get(id(b)) == style for b in blocks[1:] if isinstance(b, Para))


def _mark_help(walker: _Walker, blocks: list[Block]) -> list[Block]:
    """``blocks`` with help text under a label marked ``guidance``: a plain paragraph right after
    a bold label paragraph, set in italic, smaller or grey type against both the label and the
    answer after it; when the next label follows at once, italic or grey only (answers are
    often smaller than heading-styled labels). The document's last paragraph, right after its
    label, is help by the same italic or grey only once the document has shown help over an
    answer (the last question left blank); else it is an answer typed in italic."""
    out = list(blocks)
    shown = False  # help marked over an answer (or over the next label)
    for i in range(1, len(out)):
        label, cand = out[i - 1], out[i]
        nxt = out[i + 1] if i + 1 < len(out) else None
        if nxt is None and not shown:
            continue
        if not (isinstance(label, Para) and isinstance(cand, Para) and isinstance(nxt, Para | None)):
            continue
        if not label.emphasis or label.guidance or cand.emphasis or cand.guidance:
            continue
        la, ca = walker.looks.get(id(label)), walker.looks.get(id(cand))
        na = walker.looks.get(id(nxt)) if nxt is not None else None
        if la is None or ca is None or (nxt is not None and na is None):
            continue
        if not guidance_look(ca, la):
            continue
        if nxt is None or na is None or nxt.emphasis:
            # The answer is empty: smaller type than a label is only an answer under a heading.
            marked = guidance_look(replace(ca, size=None), replace(la, size=None))
        else:
            marked = guidance_look(ca, na)
        if marked:
            out[i] = replace(cand, guidance=True)
            shown = True
    return out
