"""Word (.docx) renderings of a filled case-study form, built with python-docx plus raw WordprocessingML
for the parts python-docx has no API for (content controls, legacy form fields, tracked changes,
text boxes).

Each builder takes a :class:`FormDoc` (the labels as printed on the form, the answers as typed,
and how a missing answer shows) and returns the .docx bytes. Output is deterministic: zip entry
times and document dates are fixed, and the package is slimmed of parts nothing reads (the 430 kB
stylesWithEffects part, the thumbnail) to keep the corpus small.
"""

from __future__ import annotations

import datetime as dt
import io
import random
import re
import zipfile
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import docx
from docx.enum.text import WD_BREAK  # noqa: F401  (kept for callers that want page breaks)
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_NS_ALL = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:v="urn:schemas-microsoft-com:vml" '
    'xmlns:o="urn:schemas-microsoft-com:office:office" '
    'xmlns:w10="urn:schemas-microsoft-com:office:word" '
    'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml"'
)
FIXED_DATE = dt.datetime(2025, 3, 10, 9, 30, 0)
PLACEHOLDER = "Click or tap here to enter text."


@dataclass
class FormDoc:
    """What goes into the Word form. ``answers[key]`` is a list of paragraphs or ``None``;
    ``missing[key]`` says how an absent answer shows: ``"blank"`` (empty cell/paragraph),
    ``"absent"`` (question not on the form), ``"placeholder"`` (content control showing its
    placeholder) or ``"unfilled"`` (legacy form field left at its default)."""

    order: list[str]
    labels: dict[str, str]
    answers: dict[str, list[str] | None]
    author: str
    rng: random.Random
    missing: dict[str, str] = field(default_factory=dict)
    doc_title: str = "Libraries Advocacy Network - case study submission form"
    intro: str = (
        "Please complete every section and return the form to casestudies@librariesadvocacy.org.uk. "
        "Word limits apply to the summary, the description and the key lessons."
    )
    tracked: dict[str, list[list[tuple[str, str]]]] = field(default_factory=dict)
    comment_on: str | None = None


# ---------------------------------------------------------------- helpers


def _new_doc(form: FormDoc, heading_style: str = "Heading 1") -> docx.document.Document:
    d = docx.Document()
    cp = d.core_properties
    cp.author = form.author
    cp.last_modified_by = form.author
    cp.title = "Case study form"
    cp.created = FIXED_DATE
    cp.modified = FIXED_DATE
    cp.revision = form.rng.randint(2, 9)
    style = d.styles["Normal"]
    style.font.name = form.rng.choice(["Calibri", "Arial", "Aptos"])
    style.font.size = Pt(11)
    d.add_paragraph(form.doc_title, style=heading_style)
    d.add_paragraph(form.intro)
    return d


def _append_body(d: Any, el: Any) -> None:
    body = d.element.body
    sect = body.find(qn("w:sectPr"))
    if sect is not None:
        sect.addprevious(el)
    else:
        body.append(el)


def _r(text: str, bold: bool = False, extra_rpr: str = "") -> str:
    rpr = ("<w:b/>" if bold else "") + extra_rpr
    rpr_xml = f"<w:rPr>{rpr}</w:rPr>" if rpr else ""
    return f'<w:r>{rpr_xml}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def _p(inner: str, ppr: str = "") -> str:
    return f"<w:p>{('<w:pPr>' + ppr + '</w:pPr>') if ppr else ''}{inner}</w:p>"


def _wrap(xml: str) -> Any:
    """Parse a fragment that uses the w (and mc/wps/wp/a/v/o) prefixes: declare them on its first tag."""
    tag_end = xml.index(">")
    if xml[tag_end - 1] == "/":
        tag_end -= 1
    first_space = xml.find(" ", 0, tag_end)
    cut = tag_end if first_space == -1 else first_space
    return parse_xml(xml[:cut] + " " + _NS_ALL + xml[cut:])


def _label_text(form: FormDoc, key: str) -> str:
    return form.labels[key]


def _answer_paras(form: FormDoc, key: str) -> list[str]:
    return form.answers.get(key) or []


def _keys(form: FormDoc) -> list[str]:
    return [k for k in form.order if form.missing.get(k) != "absent"]


def _shade(cell: Any, fill: str) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    tcpr.append(parse_xml(f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" w:fill="{fill}"/>'))


def _clear_cell(cell: Any) -> None:
    for p in list(cell._tc.findall(qn("w:p"))):
        cell._tc.remove(p)


def _cell_paras(cell: Any, paras: list[str], bold: bool = False) -> None:
    first = True
    for text in paras or [""]:
        p = cell.paragraphs[0] if first else cell.add_paragraph()
        first = False
        if text:
            p.add_run(text).bold = bold


def finish(d: Any, comment: tuple[str, ...] | None = None) -> bytes:
    buf = io.BytesIO()
    d.save(buf)
    return slim(buf.getvalue())


def slim(data: bytes) -> bytes:
    """Drop parts nothing reads and fix zip timestamps and dates, so output is small and repeatable."""
    drop = {"word/stylesWithEffects.xml", "docProps/thumbnail.jpeg"}
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for info in src.infolist():
            if info.filename in drop:
                continue
            blob = src.read(info.filename)
            if info.filename in ("[Content_Types].xml", "_rels/.rels", "word/_rels/document.xml.rels"):
                text = blob.decode("utf-8")
                text = re.sub(r"<Override[^>]*stylesWithEffects[^>]*/>", "", text)
                text = re.sub(r"<Relationship[^>]*(?:stylesWithEffects|thumbnail)[^>]*/>", "", text)
                text = re.sub(r'<Default Extension="jpeg"[^>]*/>', "", text)
                blob = text.encode("utf-8")
            if info.filename == "word/comments.xml":
                blob = re.sub(rb'w:date="[^"]*"', b'w:date="2025-03-10T09:30:00Z"', blob)
            zi = zipfile.ZipInfo(info.filename, date_time=(2025, 3, 10, 9, 30, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(zi, blob)
    return out.getvalue()


# ---------------------------------------------------------------- layouts


def table2(
    form: FormDoc, header: tuple[str, str] | None = None, guidance: dict[str, str] | None = None
) -> bytes:
    """Two-column table: label | answer. Optional header row and a guidance note under some labels."""
    d = _new_doc(form)
    keys = _keys(form)
    t = d.add_table(rows=len(keys) + (1 if header else 0), cols=2)
    t.style = "Table Grid"
    row = 0
    if header:
        for i, h in enumerate(header):
            c = t.cell(0, i)
            c.paragraphs[0].add_run(h).bold = True
            _shade(c, "1F3864")
        row = 1
    for key in keys:
        lc, ac = t.cell(row, 0), t.cell(row, 1)
        lc.paragraphs[0].add_run(_label_text(form, key)).bold = True
        if guidance and key in guidance:
            lc.add_paragraph().add_run(guidance[key]).italic = True
        _shade(lc, "D9E2F3")
        _cell_paras(ac, _answer_paras(form, key))
        row += 1
    d.add_paragraph("Thank you for sharing your work with the network.")
    return finish(d)


def table_rows(form: FormDoc) -> bytes:
    """One-column table: a shaded label row above each answer row."""
    d = _new_doc(form)
    keys = _keys(form)
    t = d.add_table(rows=2 * len(keys), cols=1)
    t.style = "Table Grid"
    for i, key in enumerate(keys):
        lc, ac = t.cell(2 * i, 0), t.cell(2 * i + 1, 0)
        lc.paragraphs[0].add_run(_label_text(form, key)).bold = True
        _shade(lc, form.rng.choice(["E7E6E6", "DEEAF6", "FFF2CC"]))
        _cell_paras(ac, _answer_paras(form, key))
    return finish(d)


def table3(form: FormDoc, count_style: str = "number") -> bytes:
    """Three columns: question | response | word count (the count is not part of the answer)."""
    d = _new_doc(form)
    keys = _keys(form)
    t = d.add_table(rows=len(keys) + 1, cols=3)
    t.style = "Table Grid"
    for i, h in enumerate(["Question", "Your response", "Word count"]):
        t.cell(0, i).paragraphs[0].add_run(h).bold = True
    for r, key in enumerate(keys, start=1):
        t.cell(r, 0).paragraphs[0].add_run(_label_text(form, key)).bold = True
        paras = _answer_paras(form, key)
        _cell_paras(t.cell(r, 1), paras)
        words = sum(len(p.split()) for p in paras)
        if key in ("summary", "description", "lessons"):
            count = {
                "number": str(words),
                "words": f"{words} words",
                "of": f"{words} / {dict(summary=50, description=750, lessons=100)[key]}",
            }[count_style]
        else:
            count = "n/a" if count_style == "words" else ""
        if count:
            t.cell(r, 2).paragraphs[0].add_run(count)
    return finish(d)


def bold_paras(form: FormDoc, colon: bool = False) -> bytes:
    """Each label a bold paragraph, answer paragraphs below, an empty paragraph between questions."""
    d = _new_doc(form)
    for key in _keys(form):
        d.add_paragraph().add_run(_label_text(form, key) + (":" if colon else "")).bold = True
        for text in _answer_paras(form, key):
            d.add_paragraph(text)
        d.add_paragraph()
    return finish(d)


def inline_paras(form: FormDoc, sep: str = ":") -> bytes:
    """Short answers on the label's line ("**Label:** value"); long answers in paragraphs below."""
    d = _new_doc(form)
    for key in _keys(form):
        paras = _answer_paras(form, key)
        p = d.add_paragraph()
        p.add_run(_label_text(form, key) + sep).bold = True
        if key in ("description", "lessons") or not paras:
            for text in paras:
                d.add_paragraph(text)
        else:
            p.add_run(" " + paras[0])
            for text in paras[1:]:
                d.add_paragraph(text)
    return finish(d)


def headings(form: FormDoc, level: int = 2) -> bytes:
    """Labels in Heading N style, answers in Normal paragraphs."""
    d = _new_doc(form)
    for key in _keys(form):
        d.add_heading(_label_text(form, key), level=level)
        for text in _answer_paras(form, key):
            d.add_paragraph(text)
    d.add_paragraph("End of form")
    return finish(d)


# ---------------------------------------------------------------- content controls


def _sdt_pr(form: FormDoc, key: str, alias: str, tag: str, placeholder: bool, plain: bool) -> str:
    sid = form.rng.randint(-2_000_000_000, 2_000_000_000)
    ph = (
        '<w:placeholder><w:docPart w:val="DefaultPlaceholder_-1854013440"/></w:placeholder><w:showingPlcHdr/>'
        if placeholder
        else ""
    )
    kind = "<w:text/>" if plain else ""
    return (
        f'<w:sdtPr><w:rPr><w:rStyle w:val="Answer"/></w:rPr><w:alias w:val={quoteattr(alias)}/>'
        f'<w:tag w:val={quoteattr(tag)}/><w:id w:val="{sid}"/>{ph}{kind}</w:sdtPr>'
    )


def _ph_run() -> str:
    return _r(PLACEHOLDER, extra_rpr='<w:rStyle w:val="PlaceholderText"/>')


def content_controls(
    form: FormDoc,
    layout: str = "table",
    tags: dict[str, str] | None = None,
    aliases: dict[str, str] | None = None,
) -> bytes:
    """Answers inside content controls (w:sdt) carrying an alias and a tag.

    ``layout="table"``: two-column table, block-level sdt in each answer cell.
    ``layout="paras"``: label paragraph; short fields use an inline sdt on the label's line, long
    fields a block-level sdt below. Unfilled controls (``missing[key] == "placeholder"``) show the
    placeholder text with w:showingPlcHdr."""
    d = _new_doc(form)
    tags = tags or {}
    aliases = aliases or {}
    keys = _keys(form)
    table = None
    if layout == "table":
        table = d.add_table(rows=len(keys), cols=2)
        table.style = "Table Grid"
    for i, key in enumerate(keys):
        label = _label_text(form, key)
        alias = aliases.get(key, label)
        tag = tags.get(key, key)
        paras = _answer_paras(form, key)
        placeholder = form.missing.get(key) == "placeholder"
        long_field = key in ("summary", "description", "lessons")
        if placeholder:
            content_paras = _p(_ph_run())
        else:
            content_paras = "".join(_p(_r(t)) for t in paras) or _p("")
        block = (
            f"<w:sdt>{_sdt_pr(form, key, alias, tag, placeholder, not long_field)}<w:sdtEndPr/>"
            f"<w:sdtContent>{content_paras}</w:sdtContent></w:sdt>"
        )
        if table is not None:
            lc, ac = table.cell(i, 0), table.cell(i, 1)
            lc.paragraphs[0].add_run(label).bold = True
            _shade(lc, "D9E2F3")
            _clear_cell(ac)
            ac._tc.append(_wrap(block))
        elif long_field:
            d.add_paragraph().add_run(label).bold = True
            _append_body(d, _wrap(block))
        else:
            inner = _ph_run() if placeholder else _r(paras[0] if paras else "")
            inline = (
                f"<w:sdt>{_sdt_pr(form, key, alias, tag, placeholder, True)}"
                f"<w:sdtContent>{inner}</w:sdtContent></w:sdt>"
            )
            _append_body(d, _wrap(_p(_r(label + ": ", bold=True) + inline)))
    return finish(d)


# ---------------------------------------------------------------- legacy form fields


def legacy_formfields(form: FormDoc) -> bytes:
    """Two-column table protected for forms; each answer is a FORMTEXT field whose result runs hold
    the typed text. A multi-paragraph answer spans several paragraphs inside one field. An
    ``"unfilled"`` field keeps Word's five-en-space default result."""
    d = _new_doc(form)
    keys = _keys(form)
    t = d.add_table(rows=len(keys), cols=2)
    t.style = "Table Grid"
    for i, key in enumerate(keys):
        lc, ac = t.cell(i, 0), t.cell(i, 1)
        lc.paragraphs[0].add_run(_label_text(form, key)).bold = True
        _shade(lc, "F2F2F2")
        _clear_cell(ac)
        name = f"Text{i + 1}"
        maxlen = {"summary": '<w:maxLength w:val="400"/>'}.get(key, "")
        begin = (
            f'<w:bookmarkStart w:id="{i}" w:name="{name}"/><w:r><w:fldChar w:fldCharType="begin">'
            f'<w:ffData><w:name w:val="{name}"/><w:enabled/><w:calcOnExit w:val="0"/>'
            f"<w:textInput>{maxlen}</w:textInput></w:ffData></w:fldChar></w:r>"
            '<w:r><w:instrText xml:space="preserve"> FORMTEXT </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        )
        end = f'<w:r><w:fldChar w:fldCharType="end"/></w:r><w:bookmarkEnd w:id="{i}"/>'
        if form.missing.get(key) == "unfilled":
            paras = ["\u2002" * 5]
        else:
            paras = _answer_paras(form, key) or [""]
        xml_paras = []
        for j, text in enumerate(paras):
            inner = _r(text, extra_rpr="<w:noProof/>") if text else ""
            if j == 0:
                inner = begin + inner
            if j == len(paras) - 1:
                inner = inner + end
            xml_paras.append(_p(inner))
        for xp in xml_paras:
            ac._tc.append(_wrap(xp))
    settings = d.settings.element
    settings.append(parse_xml(f'<w:documentProtection {nsdecls("w")} w:edit="forms" w:enforcement="1"/>'))
    return finish(d)


# ---------------------------------------------------------------- tracked changes


def _tracked_runs(segments: list[tuple[str, str]], rng: random.Random, author: str) -> str:
    out = []
    for kind, text in segments:
        rid = rng.randint(1, 9999)
        date = f"2025-03-0{rng.randint(1, 9)}T1{rng.randint(0, 9)}:0{rng.randint(0, 9)}:00Z"
        if kind == "keep":
            out.append(_r(text))
        elif kind == "ins":
            out.append(f'<w:ins w:id="{rid}" w:author={quoteattr(author)} w:date="{date}">{_r(text)}</w:ins>')
        elif kind == "del":
            out.append(
                f'<w:del w:id="{rid}" w:author={quoteattr(author)} w:date="{date}"><w:r>'
                f'<w:delText xml:space="preserve">{escape(text)}</w:delText></w:r></w:del>'
            )
    return "".join(out)


def tracked_changes(form: FormDoc, reviewer: str) -> bytes:
    """Two-column table where some answers carry unaccepted revisions. ``form.tracked[key]`` is a
    list of paragraphs, each a list of ("keep"|"ins"|"del"|"delpara"|"inspara", text) segments;
    a "delpara" paragraph is a whole deleted paragraph (runs and mark deleted)."""
    d = _new_doc(form)
    keys = _keys(form)
    t = d.add_table(rows=len(keys), cols=2)
    t.style = "Table Grid"
    comment_run = None
    for i, key in enumerate(keys):
        lc, ac = t.cell(i, 0), t.cell(i, 1)
        run = lc.paragraphs[0].add_run(_label_text(form, key))
        run.bold = True
        if key == form.comment_on:
            comment_run = run
        if key in form.tracked:
            _clear_cell(ac)
            for para in form.tracked[key]:
                kinds = {k for k, _ in para}
                if kinds == {"delpara"}:
                    rid = form.rng.randint(1, 9999)
                    mark = (
                        f'<w:rPr><w:del w:id="{rid}" w:author={quoteattr(reviewer)} '
                        f'w:date="2025-03-05T10:00:00Z"/></w:rPr>'
                    )
                    segs = [("del", t_) for _, t_ in para]
                    ac._tc.append(_wrap(_p(_tracked_runs(segs, form.rng, reviewer), mark)))
                elif kinds == {"inspara"}:
                    rid = form.rng.randint(1, 9999)
                    mark = (
                        f'<w:rPr><w:ins w:id="{rid}" w:author={quoteattr(reviewer)} '
                        f'w:date="2025-03-05T10:00:00Z"/></w:rPr>'
                    )
                    segs = [("ins", t_) for _, t_ in para]
                    ac._tc.append(_wrap(_p(_tracked_runs(segs, form.rng, reviewer), mark)))
                else:
                    ac._tc.append(_wrap(_p(_tracked_runs(para, form.rng, reviewer))))
        else:
            _cell_paras(ac, _answer_paras(form, key))
    if comment_run is not None:
        d.add_comment(
            comment_run,
            text="Could we make this a bit snappier? Happy either way.",
            author=reviewer,
            initials="".join(w[0] for w in reviewer.split()),
        )
    settings = d.settings.element
    settings.append(parse_xml(f"<w:trackRevisions {nsdecls('w')}/>"))
    return finish(d)


# ---------------------------------------------------------------- text boxes


def _textbox_run(paras: list[str], n: int) -> str:
    inner = "".join(_p(_r(t)) for t in paras)
    height = 300000 + 220000 * sum(1 + len(t) // 90 for t in paras)
    return (
        '<w:r><w:rPr><w:noProof/></w:rPr><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>'
        f'<wp:anchor distT="45720" distB="45720" distL="114300" distR="114300" simplePos="0" '
        f'relativeHeight="{251659264 + n}" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">'
        '<wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="column"><wp:posOffset>0</wp:posOffset>'
        '</wp:positionH><wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>'
        f'<wp:extent cx="5731510" cy="{height}"/><wp:effectExtent l="0" t="0" r="21590" b="19050"/>'
        f'<wp:wrapTopAndBottom/><wp:docPr id="{n}" name="Text Box {n}"/><wp:cNvGraphicFramePr/>'
        '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        '<wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm><a:off x="0" y="0"/>'
        f'<a:ext cx="5731510" cy="{height}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
        '<a:solidFill><a:schemeClr val="lt1"/></a:solidFill><a:ln w="6350"><a:solidFill>'
        '<a:prstClr val="black"/></a:solidFill></a:ln></wps:spPr>'
        f"<wps:txbx><w:txbxContent>{inner}</w:txbxContent></wps:txbx>"
        '<wps:bodyPr rot="0" vert="horz" wrap="square" lIns="91440" tIns="45720" rIns="91440" bIns="45720" '
        'anchor="t" anchorCtr="0"><a:noAutofit/></wps:bodyPr></wps:wsp></a:graphicData></a:graphic>'
        "</wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict>"
        f'<v:shape id="Text Box {n}" o:spid="_x0000_s10{n:02d}" type="#_x0000_t202" '
        'style="position:absolute;margin-left:0;margin-top:0;width:451.3pt;height:120pt;z-index:251659264" '
        'fillcolor="white [3201]" strokeweight=".5pt"><v:textbox>'
        f"<w:txbxContent>{inner}</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>"
        "</mc:AlternateContent></w:r>"
    )


def textboxes(form: FormDoc, boxed: set[str]) -> bytes:
    """Bold label paragraphs; answers of the ``boxed`` fields sit in a Word text box (DrawingML with
    the VML fallback Word also writes, so the text is in the XML twice), others are plain paragraphs."""
    d = _new_doc(form)
    n = 1
    for key in _keys(form):
        d.add_paragraph().add_run(_label_text(form, key)).bold = True
        paras = _answer_paras(form, key)
        if key in boxed and paras:
            _append_body(d, _wrap(_p(_textbox_run(paras, n))))
            n += 1
        else:
            for text in paras:
                d.add_paragraph(text)
        d.add_paragraph()
    return finish(d)
