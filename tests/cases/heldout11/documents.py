"""Sources the producers turn into forms: flat ODT for LibreOffice (four layouts, with text-input
fields, comments, tracked changes or content controls), markdown for pandoc, plain HTML for AbiWord,
and the form as typed into a mail body.

Layouts: ``table2`` (label cell | answer cell), ``table_rows`` (one column, a label row above each
answer row), ``bold_paras`` (a bold label paragraph, then the answer's paragraphs) and ``colon``
(``Label: answer`` on the label line, further paragraphs below).
"""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape

from .content import KEYS, Submission

_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
    'xmlns:loext="urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0"')

_STYLES = (
    '<office:automatic-styles>'
    '<style:style style:name="B" style:family="text"><style:text-properties fo:font-weight="bold"/>'
    '</style:style>'
    '<style:style style:name="Shade" style:family="table-cell"><style:table-cell-properties '
    'fo:background-color="#d9e2f3" fo:border="0.5pt solid #000000"/></style:style>'
    '<style:style style:name="Cell" style:family="table-cell"><style:table-cell-properties '
    'fo:border="0.5pt solid #000000"/></style:style>'
    '<style:style style:name="T" style:family="table"><style:table-properties style:width="17cm" '
    'table:align="margins"/></style:style>'
    '<style:style style:name="C1" style:family="table-column"><style:table-column-properties '
    'style:column-width="5.5cm"/></style:style>'
    '<style:style style:name="C2" style:family="table-column"><style:table-column-properties '
    'style:column-width="11.5cm"/></style:style>'
    '</office:automatic-styles>')


@dataclass(frozen=True)
class Extras:
    """What a flat ODT carries besides the answers. ``fields``: short answers inside text-input
    fields; ``comment``: a reviewer's comment on the title label; ``tracked``: the title replaced
    and a phrase inserted into the description as unaccepted changes; ``controls``: answers inside
    content controls (a blank answer shows the placeholder); ``heading``: the form's title and
    introduction above it."""

    fields: bool = False
    comment: bool = False
    tracked: bool = False
    controls: bool = False
    heading: bool = True


OLD_TITLE = "Working title - to be confirmed"
INSERTED = " with partners across the council"
PLACEHOLDER = "Click or tap here to enter text."


def _p(inner: str, style: str = "") -> str:
    attr = f' text:style-name="{style}"' if style else ""
    return f"<text:p{attr}>{inner}</text:p>"


def _bold(text: str) -> str:
    return f'<text:span text:style-name="B">{escape(text)}</text:span>'


class _Fodt:
    """The body of one flat ODT, built field by field."""

    def __init__(self, sub: Submission, extras: Extras) -> None:
        self.sub = sub
        self.extras = extras
        self.changes: list[str] = []

    def answer_paras(self, key: str) -> list[str]:
        """The answer's paragraphs as ODF inline XML (one empty paragraph for a blank answer)."""
        paras = [escape(p) for p in self.sub.paragraphs(key)]
        if self.extras.tracked and key == "title" and paras:
            self.changes.append(
                '<text:changed-region text:id="ct1"><text:deletion>' + _info()
                + f"<text:p>{escape(OLD_TITLE)}</text:p></text:deletion></text:changed-region>")
            paras[0] = '<text:change text:change-id="ct1"/>' + paras[0]
        if self.extras.tracked and key == "description" and paras and escape(INSERTED) in paras[0]:
            at = paras[0].index(escape(INSERTED))
            self.changes.append('<text:changed-region text:id="ct2"><text:insertion>' + _info()
                                + "</text:insertion></text:changed-region>")
            end = at + len(escape(INSERTED))
            paras[0] = (paras[0][:at] + '<text:change-start text:change-id="ct2"/>' + paras[0][at:end]
                        + '<text:change-end text:change-id="ct2"/>' + paras[0][end:])
        if self.extras.fields and key in ("name", "job_title", "email", "organisation") and paras:
            label = escape(self.sub.labels[key])
            paras = [f'<text:text-input text:description="{label}">{paras[0]}</text:text-input>']
        if self.extras.controls:
            if not paras:
                return [f'<loext:content-control loext:showing-place-holder="true">{PLACEHOLDER}'
                        "</loext:content-control>"]
            return [f"<loext:content-control>{p}</loext:content-control>" for p in paras]
        return paras or [""]

    def label(self, key: str) -> str:
        text = _bold(self.sub.labels[key])
        if self.extras.comment and key == "title":
            text += ("<office:annotation><dc:creator>Jo Whitlock</dc:creator><dc:date>2025-03-04T10:12:00"
                     "</dc:date><text:p>Could we make the title shorter?</text:p></office:annotation>")
        return text

    def body(self, layout: str) -> str:
        parts: list[str] = []
        if self.extras.heading:
            parts.append(_p(_bold("Library Leaders Case Study Form 2025")))
            parts.append(_p("Please complete every section and return the form by 31 March."))
        if layout == "table2":
            rows = "".join(
                f'<table:table-row><table:table-cell table:style-name="Shade" office:value-type="string">'
                f'{_p(self.label(k))}</table:table-cell><table:table-cell table:style-name="Cell" '
                f'office:value-type="string">{"".join(_p(a) for a in self.answer_paras(k))}'
                "</table:table-cell></table:table-row>" for k in KEYS)
            parts.append('<table:table table:name="Form" table:style-name="T"><table:table-column '
                         'table:style-name="C1"/><table:table-column table:style-name="C2"/>'
                         f"{rows}</table:table>")
        elif layout == "table_rows":
            rows = "".join(
                f'<table:table-row><table:table-cell table:style-name="Shade" office:value-type="string">'
                f'{_p(self.label(k))}</table:table-cell></table:table-row><table:table-row>'
                f'<table:table-cell table:style-name="Cell" office:value-type="string">'
                f'{"".join(_p(a) for a in self.answer_paras(k))}</table:table-cell></table:table-row>'
                for k in KEYS)
            parts.append('<table:table table:name="Form" table:style-name="T"><table:table-column/>'
                         f"{rows}</table:table>")
        elif layout == "bold_paras":
            for k in KEYS:
                parts.append(_p(self.label(k)))
                parts.extend(_p(a) for a in self.answer_paras(k))
                parts.append(_p(""))
        elif layout == "colon":
            for k in KEYS:
                answer = self.answer_paras(k)
                parts.append(_p(self.label(k) + ": " + answer[0]))
                parts.extend(_p(a) for a in answer[1:])
        else:
            raise ValueError(layout)
        return "".join(parts)


def _info() -> str:
    return ("<office:change-info><dc:creator>Jo Whitlock</dc:creator><dc:date>2025-03-04T10:15:00"
            "</dc:date></office:change-info>")


def fodt(sub: Submission, layout: str, extras: Extras = Extras(), *, before: tuple[str, ...] = (),
         after: tuple[str, ...] = ()) -> str:
    """A flat ODT of the filled form; ``before``/``after`` are plain paragraphs around it (a note
    and signature when the document becomes a mail body)."""
    doc = _Fodt(sub, extras)
    body = doc.body(layout)
    head = "".join(_p(escape(t)) for t in before)
    tail = "".join(_p(escape(t)) for t in after)
    tracked = f"<text:tracked-changes>{''.join(doc.changes)}</text:tracked-changes>" if doc.changes else ""
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<office:document {_NS} office:version="1.3" '
            'office:mimetype="application/vnd.oasis.opendocument.text">'
            "<office:meta><meta:creation-date>2025-03-01T09:00:00</meta:creation-date>"
            "<dc:date>2025-03-04T10:20:00</dc:date><dc:title>Case study form</dc:title></office:meta>"
            f"{_STYLES}<office:body><office:text>{tracked}{head}{body}{tail}</office:text></office:body>"
            "</office:document>\n")


def markdown(sub: Submission, layout: str, *, before: tuple[str, ...] = (),
             after: tuple[str, ...] = ()) -> str:
    """Pandoc markdown of the form: bold label paragraphs, or a grid table (label | answer)."""
    out = [x for t in before for x in (_md_escape(t), "")]
    if layout == "grid":
        lw, aw = 30, 90
        sep = "+" + "-" * (lw + 2) + "+" + "-" * (aw + 2) + "+"
        out.append(sep)
        for key in KEYS:
            label_lines = _wrap(_md_escape(sub.labels[key]), lw)
            answer_lines: list[str] = []
            for i, para in enumerate(sub.paragraphs(key)):
                if i:
                    answer_lines.append("")
                answer_lines.extend(_wrap(_md_escape(para), aw))
            n = max(len(label_lines), len(answer_lines), 1)
            label_lines += [""] * (n - len(label_lines))
            answer_lines += [""] * (n - len(answer_lines))
            out.extend(f"| {a:<{lw}} | {b:<{aw}} |" for a, b in zip(label_lines, answer_lines, strict=True))
            out.append(sep)
    else:
        for key in KEYS:
            out.append(f"**{_md_escape(sub.labels[key])}**")
            out.append("")
            for para in sub.paragraphs(key):
                out.extend([_md_escape(para), ""])
            if not sub.paragraphs(key):
                out.append("")
    out.append("")
    for t in after:
        out.extend([_md_escape(t), ""])
    return "\n".join(out) + "\n"


def _md_escape(text: str) -> str:
    for ch in ("\\", "*", "_", "[", "]", "#", "<", ">", "`", "|"):
        text = text.replace(ch, "\\" + ch)
    return text


def _wrap(text: str, width: int) -> list[str]:
    lines: list[str] = []
    line = ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    if line:
        lines.append(line)
    return lines


def html_form(sub: Submission, layout: str, *, before: tuple[str, ...] = (),
              after: tuple[str, ...] = ()) -> str:
    """A plain HTML page of the form for AbiWord to import: bold label paragraphs, or a two-column
    table (label | answer)."""
    def para(text: str, *, bold: bool = False) -> str:
        return f"<p><b>{escape(text)}</b></p>" if bold else f"<p>{escape(text)}</p>"

    parts = [para(t) for t in before]
    parts.append(para("Library Leaders Case Study Form 2025", bold=True))
    if layout == "table2":
        parts.append('<table border="1">')
        for key in KEYS:
            answer = "".join(para(p) for p in sub.paragraphs(key)) or "<p></p>"
            parts.append(f"<tr><td>{para(sub.labels[key], bold=True)}</td><td>{answer}</td></tr>")
        parts.append("</table>")
    else:
        for key in KEYS:
            parts.append(para(sub.labels[key], bold=True))
            parts.extend(para(p) for p in sub.paragraphs(key))
    parts.extend(para(t) for t in after)
    return ('<!DOCTYPE html>\n<html><head><meta http-equiv="Content-Type" content="text/html; '
            'charset=utf-8"><title>Case study form</title></head><body>\n' + "\n".join(parts)
            + "\n</body></html>\n")


def typed_form(sub: Submission, layout: str) -> list[str]:
    """The form as a person types it into a plain-text mail: ``lines`` (label line, answer below,
    blank line between questions) or ``colon`` (``Label: answer``)."""
    lines: list[str] = []
    for key in KEYS:
        paras = sub.paragraphs(key)
        if layout == "colon":
            lines.append(f"{sub.labels[key]}: {paras[0] if paras else ''}".rstrip())
            for p in paras[1:]:
                lines.extend(["", p])
        else:
            lines.append(sub.labels[key])
            for i, p in enumerate(paras):
                if i:
                    lines.append("")
                lines.append(p)
        lines.append("")
    return lines
