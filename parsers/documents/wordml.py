"""The WordprocessingML vocabulary the Word readers share: namespaces, element helpers, styles,
content-control properties, legacy form fields and table rows/cells. lxml only; no python-docx.

Transitional (2006), Strict (purl.oclc.org) and Word 2003 XML namespaces are all accepted, so one
walk reads the three.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from lxml import etree

from parsers.documents.tables import clean, is_placeholder

W_NS = (
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",
    "http://schemas.microsoft.com/office/word/2003/wordml",
)
WX_NS = "http://schemas.microsoft.com/office/word/2003/auxHint"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
MC_ALTERNATE = f"{{{MC_NS}}}AlternateContent"
"""The tag of ``mc:AlternateContent`` (:func:`choice` picks the part of it to read)."""


def xml_parser() -> etree.XMLParser:
    """A fresh hardened parser (lxml parsers are not shared between threads): no entity
    expansion, no network, no DTD, default size limits. No table of ``xml:id`` values either
    (nothing looks elements up by id; it costs 3% of parsing a document part)."""
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False,
                           collect_ids=False)


class _WordNames(dict[object, "str | None"]):
    """Tag -> :func:`w_name`'s answer, worked out the first time a tag is met (a document uses a
    few hundred tags; bounded all the same). Comments and processing instructions have a
    function for a tag: ``None``."""

    def __missing__(self, tag: object) -> str | None:
        found = None
        if isinstance(tag, str) and tag.startswith("{"):
            ns, _, local = tag[1:].partition("}")
            found = local if ns in W_NS else None
        if len(self) < 4096:
            self[tag] = found
        return found


W_NAMES = _WordNames()
"""``W_NAMES[el.tag]`` is :func:`w_name` of ``el`` without a call, for the walk's inner loops."""


def w_name(el: etree._Element) -> str | None:
    """The local name of a WordprocessingML element, ``None`` for other namespaces/comments."""
    return W_NAMES[el.tag]


_W_TAGS: dict[str, frozenset[str]] = {}
"""Local name -> its tag in each of the Word namespaces."""
_W_ATTRS: dict[str, tuple[str, ...]] = {}
"""Local name -> the attribute's name in each of the Word namespaces."""


def mc_name(el: etree._Element) -> str | None:
    tag = el.tag
    if isinstance(tag, str) and tag.startswith("{" + MC_NS + "}"):
        return tag.rpartition("}")[2]
    return None


def w_child(el: etree._Element, name: str) -> etree._Element | None:
    """The first ``w:name`` child of ``el`` (in any of the Word namespaces), or ``None``."""
    tags = _W_TAGS.get(name)
    if tags is None:
        tags = _W_TAGS[name] = frozenset(f"{{{ns}}}{name}" for ns in W_NS)
    # A plain loop: the elements asked (properties, runs, controls) have a handful of children, and
    # lxml's find() compiles a path on every call.
    for child in el:
        if child.tag in tags:
            return child
    return None


def w_children(el: etree._Element | None) -> dict[str, etree._Element]:
    """The Word children of ``el`` by local name (the first of each), in one pass; empty for
    ``None``. For property elements (``w:rPr``, ``w:pPr``) asked several questions."""
    found: dict[str, etree._Element] = {}
    if el is not None:
        for child in el:
            name = W_NAMES[child.tag]
            if name is not None and name not in found:
                found[name] = child
    return found


def attr(el: etree._Element | None, name: str = "val") -> str | None:
    """Attribute ``name`` of ``el`` in a Word namespace, else in any namespace (``w14:val``);
    ``None`` when ``el`` is ``None`` or has no such attribute."""
    if el is None:
        return None
    keys = _W_ATTRS.get(name)
    if keys is None:
        keys = _W_ATTRS[name] = tuple(f"{{{ns}}}{name}" for ns in W_NS)
    value = el.get(keys[0])  # the transitional namespace's, by far the most often met
    if value is not None:
        return str(value)
    items = el.items()  # (a list made in C; ``el.attrib`` would be a proxy object first)
    if not items:
        return None  # ``<w:b/>``: no attributes at all
    for key in keys[1:]:
        value = el.get(key)
        if value is not None:
            return str(value)
    for key, value in items:
        if key.rpartition("}")[2] == name:
            return str(value)
    return None


def toggle(el: etree._Element | None) -> bool | None:
    """A toggle property (``<w:b/>``, ``<w:b w:val="0"/>``): None when absent."""
    if el is None:
        return None
    return attr(el) not in ("0", "false", "off", "none")


def is_outline(ppr: etree._Element) -> bool:
    """True when paragraph properties ``ppr`` give a heading's outline level (:func:`outline_level`)."""
    return outline_level(attr(w_child(ppr, "outlineLvl")))


def outline_level(level: str | None) -> bool:
    """True for a ``w:outlineLvl`` value that makes a heading: 0-8 (9 is Word's "body text")."""
    return level is not None and level.isdigit() and int(level) < 9


@dataclass(frozen=True)
class Look:
    """How text is set, as far as telling a closing note from an answer needs. ``None`` fields are
    unknown or the default: ``size`` in half-points, ``color`` a hex RGB, ``align`` Word's ``jc``."""

    italic: bool | None = None
    size: int | None = None
    color: str | None = None
    align: str | None = None
    note_style: bool = False

    def merged(self, over: Look) -> Look:
        """This look with what ``over`` states replacing it (a run over its paragraph's style)."""
        return Look(
            over.italic if over.italic is not None else self.italic,
            over.size if over.size is not None else self.size,
            over.color if over.color is not None else self.color,
            over.align if over.align is not None else self.align,
            over.note_style or self.note_style,
        )


def looks_apart(last: Look, before: Look) -> bool:
    """True when paragraph look ``last`` is set apart from ``before`` the way closing notes are:
    a footer/caption style, italic, centred or right-aligned, 2 pt or more smaller, or in a
    colour other than near-black. (Pasted text often differs by 1 pt or is almost black.)"""
    return (
        (last.note_style and not before.note_style)
        or (bool(last.italic) and not before.italic)
        or (last.align in _APART_ALIGN and before.align not in _APART_ALIGN)
        or (last.size is not None and before.size is not None and last.size <= before.size - 4)
        or (_coloured(last.color) and last.color != before.color)
    )


def _coloured(color: str | None) -> bool:
    """A hex RGB colour that is not black or near-black."""
    if color is None or len(color) != 6:
        return False
    try:
        return max(int(color[i : i + 2], 16) for i in (0, 2, 4)) > 0x40
    except ValueError:
        return False


def guidance_look(cand: Look, ref: Look) -> bool:
    """True when text set as ``cand`` reads as a form's printed help beside text set as ``ref``
    (a label or an answer): italic where ``ref`` is not, 1 pt or more smaller, or grey where
    ``ref`` is not. Unknown sizes or colours never count."""
    return (
        (bool(cand.italic) and not ref.italic)
        or (cand.size is not None and ref.size is not None and cand.size <= ref.size - 2)
        or (_grey(cand.color) and cand.color != ref.color)
    )


def _grey(color: str | None) -> bool:
    """A hex RGB grey (channels close together) lighter than near-black."""
    if color is None or len(color) != 6:
        return False
    try:
        rgb = [int(color[i : i + 2], 16) for i in (0, 2, 4)]
    except ValueError:
        return False
    return max(rgb) - min(rgb) <= 0x20 and 0x40 < max(rgb) <= 0xE0


_APART_ALIGN = ("center", "right", "end")
_NOTE_STYLE = re.compile(r"footer|caption|foot ?note|end ?note|subtle|small|disclaimer|fine ?print", re.I)


def look_of(rpr: etree._Element | None, ppr: etree._Element | None = None) -> Look:
    """The look stated directly by run properties ``rpr`` and paragraph properties ``ppr``."""
    return look_of_props(w_children(rpr), ppr)


def look_of_props(rprops: dict[str, etree._Element], ppr: etree._Element | None = None) -> Look:
    """:func:`look_of` for run properties already split by :func:`w_children`."""
    italic = toggle(rprops.get("i"))
    size_text = attr(rprops.get("sz"))
    color = attr(rprops.get("color"))
    align = attr(w_child(ppr, "jc")) if ppr is not None else None
    size = int(size_text) if size_text and size_text.isdigit() else None
    return Look(italic, size, None if color in (None, "auto", "000000") else (color or "").lower(), align)


@dataclass
class _StyleEntry:
    """One ``w:style`` as stated, before its ``basedOn`` chain is applied."""

    based: str | None
    bold: bool | None
    heading: bool
    look: Look
    placeholder: bool


def _read_style(sid: str, st: etree._Element) -> _StyleEntry:
    props = w_children(st)
    name = (attr(props.get("name")) or "").lower()
    rpr, ppr = props.get("rPr"), props.get("pPr")
    rprops = w_children(rpr)
    is_heading = (
        (ppr is not None and is_outline(ppr))
        or name.startswith(("heading", "title", "subtitle"))
        or sid.lower().startswith(("heading", "title"))
    )
    note = bool(_NOTE_STYLE.search(name) or _NOTE_STYLE.search(sid))
    return _StyleEntry(attr(props.get("basedOn")), toggle(rprops.get("b")), is_heading,
                       Look(note_style=note).merged(look_of_props(rprops, ppr)),
                       "placeholder" in name or "placeholder" in sid.lower())


_NO_STYLE = (False, False, Look())
"""What :meth:`Styles._resolve` answers for no style or an unknown one (made once: it is asked for
most runs and paragraphs, and a :class:`Look` takes a microsecond to make)."""


@dataclass
class Styles:
    """Bold, heading and look of the document's styles, with ``basedOn`` resolved. A style is
    resolved when a paragraph or run first uses it (a styles part declares hundreds, a form uses
    a few); an unknown or ``None`` style is not bold, not a heading and has the default look."""

    default_para: str | None = None
    default_look: Look = Look()
    _elements: dict[str, etree._Element] = field(default_factory=dict)
    _stated: dict[str, _StyleEntry] = field(default_factory=dict)
    _resolved: dict[str, tuple[bool, bool, Look]] = field(default_factory=dict)

    @classmethod
    def from_xml(cls, root: etree._Element | None) -> Styles:
        styles = cls()
        if root is None:
            return styles
        defaults = find_path(root, "docDefaults", "rPrDefault", "rPr")
        styles.default_look = look_of(defaults)
        for st in root.iterchildren(*(f"{{{ns}}}style" for ns in W_NS)):
            sid = attr(st, "styleId") or ""
            styles._elements.setdefault(sid, st)
            if attr(st, "type") == "paragraph" and attr(st, "default") in ("1", "true", "on"):
                styles.default_para = sid
        return styles

    def placeholder(self, sid: str | None) -> bool:
        """True when style ``sid`` is a placeholder-text style (its name or id says so)."""
        entry = self._entry(sid)
        return entry is not None and entry.placeholder

    def _entry(self, sid: str | None) -> _StyleEntry | None:
        """Style ``sid`` as stated, read from its element on first use; ``None`` when unknown."""
        if sid is None:
            return None
        entry = self._stated.get(sid)
        if entry is None and sid in self._elements:
            entry = self._stated[sid] = _read_style(sid, self._elements[sid])
        return entry

    def bold(self, sid: str | None) -> bool:
        """True when style ``sid`` (or the first of its bases to say) sets bold."""
        return self._resolve(sid)[0]

    def heading(self, sid: str | None) -> bool:
        """True when style ``sid`` or one of its bases is a heading (or outline-levelled)."""
        return self._resolve(sid)[1]

    def look(self, sid: str | None) -> Look:
        """Style ``sid``'s look with its ``basedOn`` chain applied (the base first)."""
        return self._resolve(sid)[2]

    def _resolve(self, sid: str | None) -> tuple[bool, bool, Look]:
        if not sid or sid not in self._elements:
            return _NO_STYLE
        found = self._resolved.get(sid)
        if found is None:
            chain: list[_StyleEntry] = []
            seen: set[str] = set()
            cur: str | None = sid
            while cur and cur not in seen and len(seen) < 20 and (entry := self._entry(cur)) is not None:
                seen.add(cur)
                chain.append(entry)
                cur = entry.based
            bold = next((e.bold for e in chain if e.bold is not None), None)
            look = Look()
            for entry in reversed(chain):
                look = look.merged(entry.look)
            found = self._resolved[sid] = (bool(bold), any(e.heading for e in chain), look)
        return found


@dataclass
class Answer:
    """A content control or form field met inside a paragraph."""

    name: str | None
    value: str | None
    label: str = ""


@dataclass
class OpenField:
    """An open complex field (``w:fldChar begin`` ... ``end``)."""

    ff: etree._Element | None
    instr: list[str] = field(default_factory=list)
    result: list[str] = field(default_factory=list)
    in_result: bool = False
    answer: Answer | None = None
    """The answer already placed in the paragraph where a FORMTEXT result began, when the result
    runs on over paragraph marks; ``None`` while the field stays within one paragraph."""

    @property
    def kind(self) -> str:
        code = "".join(self.instr).strip().upper()
        return code.split()[0] if code else ""


_GENERIC_NAME = re.compile(
    r"^(?:(?:rich |plain )?text(?: ?(?:box|field|input|form field))?|content ?control|control|field|"
    r"form ?field|untitled|answer|response|check ?box|drop ?down|combo ?box|date)?\s*\d*$",
    re.I,
)


def generic_name(name: str) -> bool:
    """A control or field name Word made up ("Text1", "Rich Text Content Control"), not a field name."""
    return bool(_GENERIC_NAME.match(name.strip())) or name.strip().lower().endswith("content control")


def choice(alt: etree._Element) -> etree._Element:
    """The part of an ``mc:AlternateContent`` to read: the first Choice, else the Fallback."""
    for c in alt:
        if mc_name(c) == "Choice":
            return c
    for c in alt:
        if mc_name(c) == "Fallback":
            return c
    return etree.Element("empty")


def text_boxes(el: etree._Element) -> list[etree._Element]:
    """The outermost ``w:txbxContent`` under a drawing, read once per AlternateContent."""
    if mc_name(el) == "AlternateContent":
        el = choice(el)
    if next(el.iter(*_TEXT_BOX_TAGS), None) is None:
        return []  # none at all (most drawings: pictures): lxml's tag-filtered iter() says so in C
    found: list[etree._Element] = []
    # A stack of the nodes still to visit, last first: popping from the end keeps document order
    # at O(1) a node (the front of a list cost O(n), and 250,000 empty children took 30 s).
    stack = list(reversed(el))
    while stack:
        node = stack.pop()
        if w_name(node) == "txbxContent":
            found.append(node)
        elif mc_name(node) == "AlternateContent":
            stack.extend(reversed(choice(node)))
        else:
            stack.extend(reversed(node))
    return found


_TEXT_BOX_TAGS = tuple(f"{{{ns}}}txbxContent" for ns in W_NS)
"""``w:txbxContent`` in each of the Word namespaces."""

_RUN_TEXT = {"tab": "\t", "ptab": "\t", "br": "\n", "cr": "\n", "noBreakHyphen": "-"}


def run_text(child: etree._Element, name: str | None) -> str:
    if name == "t":
        return child.text or ""
    if name == "sym":
        code = attr(child, "char") or ""
        try:
            ch = chr(int(code, 16))
        except ValueError:
            return ""
        return "" if 0xF000 <= ord(ch) <= 0xF0FF else ch
    return _RUN_TEXT.get(name or "", "")


def form_field_answer(fld: OpenField) -> Answer | None:
    """The answer a finished legacy form field holds; ``None`` for other fields and checkboxes."""
    kind = fld.kind
    ff = fld.ff
    if kind == "FORMTEXT":
        typed = re.sub(r"\n{3,}", "\n\n", clean("".join(fld.result).replace("\u2002", " ")))
        default = attr(find_path(ff, "textInput", "default")) if ff is not None else None
        # The field's own help (F1) and status-bar text, typed into the field as a hint, is no answer.
        hints = [attr(w_child(ff, n)) for n in ("helpText", "statusText")] if ff is not None else []
        shown = {clean(h) for h in (default, *hints) if h}
        empty = not typed or is_placeholder(typed) or typed in shown
        return Answer(form_field_name(ff), None if empty else typed)
    if kind == "FORMDROPDOWN" and ff is not None:
        dd = w_child(ff, "ddList")
        if dd is None:
            return None
        entries = [attr(e) or "" for e in dd if w_name(e) == "listEntry"]
        idx_text = attr(w_child(dd, "result")) or attr(w_child(dd, "default")) or "0"
        idx = int(idx_text) if idx_text.isdigit() else 0
        value = entries[idx] if 0 <= idx < len(entries) else None
        return Answer(form_field_name(ff), value or None)
    return None


def find_path(el: etree._Element | None, *path: str) -> etree._Element | None:
    for name in path:
        if el is None:
            return None
        el = w_child(el, name)
    return el


def form_field_name(ff: etree._Element | None) -> str | None:
    name = attr(w_child(ff, "name")) if ff is not None else None
    return humanise(name) if name else None


@dataclass
class SdtProps:
    name: str | None
    placeholder: bool
    transparent: bool

    @classmethod
    def of(cls, sdt: etree._Element) -> SdtProps:
        pr = w_child(sdt, "sdtPr")
        if pr is None:
            return cls(None, False, True)
        alias = attr(w_child(pr, "alias"))
        tag = attr(w_child(pr, "tag"))
        placeholder = (
            w_child(pr, "showingPlcHdr") is not None and toggle(w_child(pr, "showingPlcHdr")) is not False
        )
        structural = any(local_name(c) in _STRUCTURAL_SDT for c in pr)
        return cls(alias or (humanise(tag) if tag else None), placeholder, structural)


_STRUCTURAL_SDT = {
    "docPartObj",
    "docPartList",
    "bibliography",
    "citation",
    "group",
    "repeatingSection",
    "repeatingSectionItem",
    "checkbox",
}
"""Controls that are containers or tick boxes, not a typed answer: their content is read as is."""


_NAME_PREFIX = re.compile(r"^(?:txt|ctl|cc|fld|frm|tb|str|ctrl)(?=[A-Z_\-\d])")


_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


def humanise(name: str) -> str:
    """A control tag or form-field name as words: ``txtJobTitle`` -> ``Job Title``,
    ``JOB_TITLE`` -> ``JOB TITLE``; human text such as ``Your name`` is kept."""
    if " " in name.strip():
        return name.strip()
    words = _CAMEL.sub(" ", _NAME_PREFIX.sub("", name))
    return re.sub(r"[\s_\-.]+", " ", words).strip() or name


def local_name(el: etree._Element) -> str:
    tag = el.tag
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def table_rows(tbl: etree._Element) -> Iterator[etree._Element]:
    for child in tbl:
        name = w_name(child)
        if name == "tr":
            yield child
        elif name in ("sdt", "customXml", "ins", "moveTo"):
            inner = w_child(child, "sdtContent") if name == "sdt" else child
            if inner is not None:
                yield from table_rows(inner)


def row_cells(
    tr: etree._Element, props: SdtProps | None = None
) -> Iterator[tuple[etree._Element, SdtProps | None]]:
    for child in tr:
        name = w_name(child)
        if name == "tc":
            yield child, props
        elif name == "sdt":
            inner = w_child(child, "sdtContent")
            if inner is not None:
                yield from row_cells(inner, SdtProps.of(child))
        elif name in ("customXml", "ins", "moveTo"):
            yield from row_cells(child, props)
