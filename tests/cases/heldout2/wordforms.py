"""Word (.docx) forms in the layouts a council officer would produce, built with python-docx
plus raw WordprocessingML where python-docx has no API (content controls, legacy form fields,
tracked changes). Output is deterministic (fixed zip timestamps and core properties)."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_COLOR_INDEX  # noqa: F401  (kept for callers that want highlights)
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt, RGBColor

FORM_TITLE = "Libraries Advocacy Network – case study form"
FORM_INTRO = ("Please complete every section and return the form to casestudies@librariesadvocacy.org.uk "
              "by Friday 28 March 2025. Word limits are given in brackets.")
FORM_OUTRO = ("Thank you for taking the time to complete this form. We may contact you to discuss your "
              "case study before publication.")

W_DATE = "2025-03-10T09:12:00Z"


# ---------------------------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------------------------

def new_doc(author: str) -> DocxDocument:
    d = Document()
    cp = d.core_properties
    cp.author = author
    cp.last_modified_by = author
    cp.created = dt.datetime(2025, 2, 3, 9, 0, 0)
    cp.modified = dt.datetime(2025, 3, 10, 9, 12, 0)
    cp.revision = 3
    cp.title = ""
    return d


def save(d: DocxDocument) -> bytes:
    buf = io.BytesIO()
    d.save(buf)
    zin = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=(2025, 3, 10, 9, 12, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            zout.writestr(zi, zin.read(info.filename))
    return out.getvalue()


def shade(cell: Any, fill: str) -> None:
    tcPr = cell._tc.get_or_add_tcPr()
    shd = parse_xml(f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" w:fill="{fill}"/>')
    tcPr.append(shd)


def set_cell_paras(cell: Any, paras: list[str] | None, bold: bool = False) -> None:
    """Fill a cell with one paragraph per string (an empty cell when paras is None)."""
    if not paras:
        return
    first = cell.paragraphs[0]
    r = first.add_run(paras[0])
    r.bold = bold or None
    for t in paras[1:]:
        p = cell.add_paragraph()
        rr = p.add_run(t)
        rr.bold = bold or None


def body_append(d: DocxDocument, el: Any) -> None:
    body = d.element.body
    sect = body.find(qn("w:sectPr"))
    if sect is not None:
        sect.addprevious(el)
    else:
        body.append(el)


def intro(d: DocxDocument, title: bool = True, text: bool = True, style_title: str = "Title") -> None:
    if title:
        if style_title == "Title":
            d.add_paragraph(FORM_TITLE, style="Title")
        else:
            d.add_heading(FORM_TITLE, level=1)
    if text:
        d.add_paragraph(FORM_INTRO)


def label_cell(cell: Any, label: str, guidance: str | None = None) -> None:
    p = cell.paragraphs[0]
    r = p.add_run(label)
    r.bold = True
    if guidance:
        g = cell.add_paragraph()
        gr = g.add_run(guidance)
        gr.italic = True
        gr.font.size = Pt(8)
        gr.font.color.rgb = RGBColor(0x59, 0x59, 0x59)


# ---------------------------------------------------------------------------------------------
# layouts. `items` is a list of (key, label, paras|None)
# ---------------------------------------------------------------------------------------------

def two_col(items: Any, author: Any, *, guidance: Any = None, header: Any = None, numbered: Any = False,
            sections: Any = None,
            outro: Any = False, title: Any = True, shade_labels: Any = True) -> bytes:
    """A table: label | answer. guidance: {key: text} shown small under the label.
    header: ("Question", "Response") adds a header row. numbered: a first 'No.' column.
    sections: {index_before: heading} adds merged section rows."""
    d = new_doc(author)
    intro(d, title=title)
    ncols = 3 if numbered else 2
    nrows = len(items) + (1 if header else 0) + (len(sections) if sections else 0)
    t = d.add_table(rows=nrows, cols=ncols)
    t.style = "Table Grid"
    ri = 0
    if header:
        hdr = ([("No.")] if numbered else []) + list(header)
        for ci, h in enumerate(hdr):
            c = t.rows[0].cells[ci]
            c.paragraphs[0].add_run(h).bold = True
            shade(c, "1F3864")
            c.paragraphs[0].runs[0].font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
        ri = 1
    for i, (key, label, paras) in enumerate(items):
        if sections and i in sections:
            row = t.rows[ri]
            merged = row.cells[0].merge(row.cells[ncols - 1])
            merged.paragraphs[0].add_run(sections[i]).bold = True
            shade(merged, "BDD7EE")
            ri += 1
        row = t.rows[ri]
        cells = row.cells
        off = 0
        if numbered:
            cells[0].paragraphs[0].add_run(f"{i + 1}.")
            off = 1
        label_cell(cells[off], label, (guidance or {}).get(key))
        if shade_labels:
            shade(cells[off], "F2F2F2")
        set_cell_paras(cells[off + 1], paras)
        ri += 1
    if outro:
        d.add_paragraph("")
        d.add_paragraph(FORM_OUTRO)
    return save(d)


def bold_paras(items: Any, author: Any, *, colon: Any = True, outro: Any = False,
               blank_between: Any = True) -> bytes:
    d = new_doc(author)
    intro(d, style_title="Heading 1")
    for _key, label, paras in items:
        p = d.add_paragraph()
        p.add_run(label + (":" if colon else "")).bold = True
        for t in paras or []:
            d.add_paragraph(t)
        if blank_between:
            d.add_paragraph("")
    if outro:
        d.add_paragraph(FORM_OUTRO).runs[0].italic = True
    return save(d)


def heading2(items: Any, author: Any, *, outro: Any = False, numbered: Any = False) -> bytes:
    d = new_doc(author)
    intro(d, style_title="Heading 1")
    for i, (_key, label, paras) in enumerate(items):
        d.add_heading(f"{i + 1}. {label}" if numbered else label, level=2)
        for t in paras or []:
            d.add_paragraph(t)
    if outro:
        d.add_paragraph(FORM_OUTRO)
    return save(d)


def inline_paras(items: Any, author: Any) -> bytes:
    """'Label: answer' in one paragraph (bold label run) for short answers; long answers below."""
    d = new_doc(author)
    intro(d)
    for key, label, paras in items:
        p = d.add_paragraph()
        p.add_run(label + ":").bold = True
        if key in ("description", "lessons"):
            for t in paras or []:
                d.add_paragraph(t)
        elif paras:
            p.add_run(" " + paras[0])
        d.add_paragraph("")
    return save(d)


def table_rows(items: Any, author: Any) -> bytes:
    """A one-column table: a shaded label row above each answer row."""
    d = new_doc(author)
    intro(d)
    t = d.add_table(rows=2 * len(items), cols=1)
    t.style = "Table Grid"
    for i, (_key, label, paras) in enumerate(items):
        lc = t.rows[2 * i].cells[0]
        label_cell(lc, label)
        shade(lc, "D9E2F3")
        set_cell_paras(t.rows[2 * i + 1].cells[0], paras)
    return save(d)


# ---------------------------------------------------------------------------------------------
# content controls
# ---------------------------------------------------------------------------------------------

PLACEHOLDER = "Click or tap here to enter text."
_SDT_ID = [1000]


def _sdt_pr(alias: str, tag: str, placeholder: bool, multiline: bool) -> str:
    _SDT_ID[0] += 7
    parts = [
        f'<w:alias w:val="{_x(alias)}"/>',
        f'<w:tag w:val="{_x(tag)}"/>',
        f'<w:id w:val="{_SDT_ID[0]}"/>',
    ]
    if placeholder:
        parts.append('<w:placeholder><w:docPart w:val="DefaultPlaceholder_-1854013440"/></w:placeholder>')
        parts.append("<w:showingPlcHdr/>")
    if not multiline:
        parts.append("<w:text/>")   # plain-text control; block controls are rich text (several paragraphs)
    return "<w:sdtPr>" + "".join(parts) + "</w:sdtPr>"


def _x(t: str) -> str:
    return t.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _run(text: str, placeholder: bool = False, bold: bool = False) -> str:
    rpr = ""
    if placeholder:
        rpr = '<w:rPr><w:rStyle w:val="PlaceholderText"/><w:color w:val="808080"/></w:rPr>'
    elif bold:
        rpr = "<w:rPr><w:b/></w:rPr>"
    return f'<w:r>{rpr}<w:t xml:space="preserve">{_x(text)}</w:t></w:r>'


def sdt_block(alias: str, tag: str, paras: list[str] | None) -> Any:
    ph = not paras
    contents = [PLACEHOLDER] if not paras else paras
    ps = "".join(f"<w:p>{_run(t, ph)}</w:p>" for t in contents)
    xml = f'<w:sdt {nsdecls("w")}>{_sdt_pr(alias, tag, ph, True)}<w:sdtContent>{ps}</w:sdtContent></w:sdt>'
    return parse_xml(xml)


def sdt_inline(alias: str, tag: str, text: str | None) -> Any:
    ph = not text
    xml = (f'<w:sdt {nsdecls("w")}>{_sdt_pr(alias, tag, ph, False)}<w:sdtContent>'
           f'{_run(text or PLACEHOLDER, ph)}</w:sdtContent></w:sdt>')
    return parse_xml(xml)


def content_controls(items: Any, author: Any, *, layout: Any = "table", tags: Any = None) -> bytes:
    """layout 'table': two-column table, block-level controls in the answer cells.
    layout 'paras': 'Label:' paragraphs with inline controls (short fields) and block controls below
    (long fields). Items with paras None are left showing the placeholder."""
    tags = tags or {}
    d = new_doc(author)
    intro(d)
    if layout == "table":
        t = d.add_table(rows=len(items), cols=2)
        t.style = "Table Grid"
        for i, (key, label, paras) in enumerate(items):
            label_cell(t.rows[i].cells[0], label)
            tc = t.rows[i].cells[1]._tc
            for p in tc.findall(qn("w:p")):
                tc.remove(p)
            tc.append(sdt_block(label, tags.get(key, key), paras))
    else:
        for key, label, paras in items:
            if key in ("description", "lessons", "summary"):
                p = d.add_paragraph()
                p.add_run(label).bold = True
                body_append(d, sdt_block(label, tags.get(key, key), paras))
            else:
                p = d.add_paragraph()
                p.add_run(label + ": ").bold = True
                p._p.append(sdt_inline(label, tags.get(key, key), paras[0] if paras else None))
            d.add_paragraph("")
    return save(d)


# ---------------------------------------------------------------------------------------------
# legacy form fields (FORMTEXT)
# ---------------------------------------------------------------------------------------------

UNFILLED = "\u2002" * 5
_FF = [0]


def _ff_begin(name: str) -> str:
    return (f'<w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:name w:val="{name}"/><w:enabled/>'
            '<w:calcOnExit w:val="0"/><w:textInput/></w:ffData></w:fldChar></w:r>'
            '<w:r><w:instrText xml:space="preserve"> FORMTEXT </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r>')


_FF_END = '<w:r><w:fldChar w:fldCharType="end"/></w:r>'


def formtext_paras(paras: list[str] | None, label: str | None = None) -> list[Any]:
    """Paragraph elements holding one legacy text field (spanning several paragraphs)."""
    _FF[0] += 1
    name = f"Text{_FF[0]}"
    contents = paras or [UNFILLED]
    out = []
    lab = _run(label + " ", bold=True) if label else ""
    for i, t in enumerate(contents):
        xml = lab if i == 0 else ""
        if i == 0:
            xml += _ff_begin(name)
        xml += _run(t)
        if i == len(contents) - 1:
            xml += _FF_END
        out.append(parse_xml(f'<w:p {nsdecls("w")}>{xml}</w:p>'))
    return out


def legacy_formfields(items: Any, author: Any, *, layout: Any = "table") -> bytes:
    d = new_doc(author)
    intro(d)
    if layout == "table":
        t = d.add_table(rows=len(items), cols=2)
        t.style = "Table Grid"
        for i, (_key, label, paras) in enumerate(items):
            label_cell(t.rows[i].cells[0], label)
            tc = t.rows[i].cells[1]._tc
            for p in tc.findall(qn("w:p")):
                tc.remove(p)
            for p in formtext_paras(paras):
                tc.append(p)
    else:
        for key, label, paras in items:
            if key in ("description", "lessons", "summary"):
                d.add_paragraph().add_run(label).bold = True
                for p in formtext_paras(paras):
                    body_append(d, p)
            else:
                for p in formtext_paras(paras, label=label + ":"):
                    body_append(d, p)
            d.add_paragraph("")
    settings = d.settings.element
    settings.append(parse_xml(f'<w:documentProtection {nsdecls("w")} w:edit="forms" w:enforcement="1"/>'))
    return save(d)


# ---------------------------------------------------------------------------------------------
# tracked changes
# ---------------------------------------------------------------------------------------------

_REV = [200]


def _ins(text: str, author: str) -> str:
    _REV[0] += 1
    return (f'<w:ins w:id="{_REV[0]}" w:author="{_x(author)}" w:date="{W_DATE}">'
            f'<w:r><w:t xml:space="preserve">{_x(text)}</w:t></w:r></w:ins>')


def _del(text: str, author: str) -> str:
    _REV[0] += 1
    return (f'<w:del w:id="{_REV[0]}" w:author="{_x(author)}" w:date="{W_DATE}">'
            f'<w:r><w:delText xml:space="preserve">{_x(text)}</w:delText></w:r></w:del>')


def tracked_para(final: str, edits: Any, author: str, whole: str | None = None) -> Any:
    """final: the accepted text. edits: list of (anchor, deleted, anchor_is_insertion).
    whole: 'ins' (the whole paragraph inserted) or 'del' (paragraph deleted; `final` is the
    deleted text)."""
    if whole == "del":
        _REV[0] += 1
        mark = (f'<w:pPr><w:rPr><w:del w:id="{_REV[0]}" w:author="{_x(author)}" w:date="{W_DATE}"/>'
                '</w:rPr></w:pPr>')
        return parse_xml(f'<w:p {nsdecls("w")}>{mark}{_del(final, author)}</w:p>')
    if whole == "ins":
        _REV[0] += 1
        mark = (f'<w:pPr><w:rPr><w:ins w:id="{_REV[0]}" w:author="{_x(author)}" w:date="{W_DATE}"/>'
                '</w:rPr></w:pPr>')
        return parse_xml(f'<w:p {nsdecls("w")}>{mark}{_ins(final, author)}</w:p>')
    xml = ""
    rest = final
    for anchor, deleted, is_ins in edits:
        i = rest.find(anchor)
        if i < 0:
            raise ValueError(f"anchor {anchor!r} not in {rest[:60]!r}")
        if is_ins:
            xml += _run(rest[:i]) if i else ""
            xml += _del(deleted, author) if deleted else ""
            xml += _ins(anchor, author)
        else:
            xml += _run(rest[: i + len(anchor)])
            xml += _del(deleted, author)
        rest = rest[i + len(anchor):]
    if rest:
        xml += _run(rest)
    return parse_xml(f'<w:p {nsdecls("w")}>{xml}</w:p>')


def tracked_table(items: Any, author: Any, reviewer: Any, edits: Any, extra_paras: Any = None) -> bytes:
    """Two-column table whose answer paragraphs carry tracked changes.
    edits: {key: {para_index: [(anchor, deleted, is_ins)]}}
    extra_paras: {key: [(position, text, 'ins'|'del')]} whole inserted/deleted paragraphs;
    an inserted paragraph's text must already be in the item's paras at `position`."""
    d = new_doc(author)
    intro(d)
    t = d.add_table(rows=len(items), cols=2)
    t.style = "Table Grid"
    settings = d.settings.element
    settings.append(parse_xml(f'<w:trackRevisions {nsdecls("w")}/>'))
    for i, (key, label, paras) in enumerate(items):
        label_cell(t.rows[i].cells[0], label)
        tc = t.rows[i].cells[1]._tc
        for p in tc.findall(qn("w:p")):
            tc.remove(p)
        kedits = edits.get(key, {})
        kextra = {pos: (txt, kind) for pos, txt, kind in (extra_paras or {}).get(key, [])}
        for j, text in enumerate(paras or [""]):
            if j in kextra and kextra[j][1] == "del":
                tc.append(tracked_para(kextra[j][0], [], reviewer, whole="del"))
            if j in kextra and kextra[j][1] == "ins":
                tc.append(tracked_para(text, [], reviewer, whole="ins"))
                continue
            tc.append(tracked_para(text, kedits.get(j, []), reviewer))
    return save(d)


__all__ = ["two_col", "bold_paras", "heading2", "content_controls", "legacy_formfields",
           "tracked_table", "PLACEHOLDER", "OxmlElement"]
