"""Sources for the producers: flat ODT for LibreOffice, HTML for AbiWord and fillable PDFs, markdown
for pandoc. Each writes the same form (an optional title heading and introduction, then the eight
questions) in one of a few layouts; the producers then write the file a submitter would attach.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from html import escape as html_escape
from xml.sax.saxutils import escape

from tests.cases.heldout10.content import GUIDANCE, KEYS, LABELS, Answers


@dataclass(frozen=True)
class Layout:
    """How one form is laid out.

    ``style`` is "table" (label | answer rows) or "paragraphs" (a bold label paragraph, then the
    answer). ``guidance`` is "none", "label" (grey italic help under the label) or "answer" (help
    left at the top of the answer space). ``blank`` lists questions left unanswered. ``title`` and
    ``intro`` are None when the form has no heading or introduction.
    """

    style: str = "table"
    title: str | None = None
    intro: str | None = None
    guidance: str = "none"
    blank: frozenset[str] = frozenset()
    label_cm: float = 6.0
    labels: Mapping[str, str] = field(default_factory=lambda: dict(LABELS))


def _answer_paras(answers: Answers, key: str, layout: Layout) -> list[str]:
    if key in layout.blank:
        return []
    return list(answers.paragraphs) if key == "description" else [answers.value(key)]


_FODT_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:styles>
 <style:style style:name="Standard" style:family="paragraph" style:class="text">
  <style:paragraph-properties fo:margin-bottom="0.2cm"/>
  <style:text-properties style:font-name="Liberation Sans" fo:font-size="11pt"/></style:style>
 <style:style style:name="Heading_20_1" style:display-name="Heading 1" style:family="paragraph"
  style:parent-style-name="Standard" style:default-outline-level="1">
  <style:paragraph-properties fo:margin-bottom="0.4cm"/>
  <style:text-properties fo:font-size="17pt" fo:font-weight="bold" fo:color="#1f3864"/></style:style>
 <style:style style:name="Form_20_label" style:display-name="Form label" style:family="paragraph"
  style:parent-style-name="Standard"><style:text-properties fo:font-weight="bold"/></style:style>
 <style:style style:name="Guidance" style:family="paragraph" style:parent-style-name="Standard">
  <style:text-properties fo:color="#7f7f7f" fo:font-style="italic" fo:font-size="9pt"/></style:style>
</office:styles>
<office:automatic-styles>
 <style:style style:name="Form" style:family="table">
  <style:table-properties style:width="17cm" table:align="left"/></style:style>
 <style:style style:name="Form.A" style:family="table-column">
  <style:table-column-properties style:column-width="{label}cm"/></style:style>
 <style:style style:name="Form.B" style:family="table-column">
  <style:table-column-properties style:column-width="{answer}cm"/></style:style>
 <style:style style:name="Form.C" style:family="table-cell">
  <style:table-cell-properties fo:padding="0.12cm" fo:border="0.5pt solid #000000"/></style:style>
</office:automatic-styles>
<office:body><office:text>
"""


def _p(style: str, text: str) -> str:
    return f'<text:p text:style-name="{style}">{escape(text)}</text:p>'


def fodt(answers: Answers, layout: Layout) -> str:
    """The form as flat ODT XML, for LibreOffice to open and write in another format."""
    parts = [_FODT_HEAD.replace("{label}", f"{layout.label_cm:.1f}")
             .replace("{answer}", f"{17 - layout.label_cm:.1f}")]
    if layout.title:
        parts.append(f'<text:h text:style-name="Heading_20_1" text:outline-level="1">'
                     f"{escape(layout.title)}</text:h>")
    if layout.intro:
        parts.append(_p("Standard", layout.intro))
    if layout.style == "table":
        parts.append('<table:table table:name="Form" table:style-name="Form">'
                     '<table:table-column table:style-name="Form.A"/>'
                     '<table:table-column table:style-name="Form.B"/>')
    for key in KEYS:
        label = [_p("Form_20_label", layout.labels[key])]
        help_ = [_p("Guidance", GUIDANCE[key])] if layout.guidance != "none" else []
        answer = [_p("Standard", t) for t in _answer_paras(answers, key, layout)]
        if layout.style == "table":
            left = label + (help_ if layout.guidance == "label" else [])
            right = (help_ if layout.guidance == "answer" else []) + answer or [_p("Standard", "")]
            cells = "".join(f'<table:table-cell table:style-name="Form.C" office:value-type="string">'
                            f'{"".join(c)}</table:table-cell>' for c in (left, right))
            parts.append(f"<table:table-row>{cells}</table:table-row>")
        else:
            parts += label + help_ + (answer or [_p("Standard", "")])
    if layout.style == "table":
        parts.append("</table:table>")
    parts.append(_p("Standard", "Thank you for completing this form."))
    parts.append("</office:text></office:body></office:document>\n")
    return "\n".join(parts)


_GREY = 'style="color:#808080"'


def html_form(answers: Answers, layout: Layout) -> str:
    """The form as HTML, for AbiWord to import and write as .doc/.rtf/.odt/.docx."""
    out = ['<html><head><meta charset="utf-8"><title>Case study form</title></head><body>']
    if layout.title:
        out.append(f"<h1>{html_escape(layout.title)}</h1>")
    if layout.intro:
        out.append(f"<p>{html_escape(layout.intro)}</p>")
    if layout.style == "table":
        out.append('<table border="1" cellpadding="4">')
    for key in KEYS:
        label = f"<b>{html_escape(layout.labels[key])}</b>"
        help_ = f'<i><span {_GREY}>{html_escape(GUIDANCE[key])}</span></i>'
        answer = [html_escape(t) for t in _answer_paras(answers, key, layout)]
        if layout.style == "table":
            left = label + (f"<br>{help_}" if layout.guidance == "label" else "")
            right = "".join(f"<p>{t}</p>" for t in
                            ([help_] if layout.guidance == "answer" else []) + answer) or "&nbsp;"
            out.append(f'<tr><td width="35%">{left}</td><td>{right}</td></tr>')
        else:
            out.append(f"<p>{label}</p>")
            if layout.guidance != "none":
                out.append(f"<p>{help_}</p>")
            out += [f"<p>{t}</p>" for t in answer] or ["<p>&nbsp;</p>"]
    if layout.style == "table":
        out.append("</table>")
    out.append("</body></html>\n")
    return "\n".join(out)


def markdown_form(answers: Answers, layout: Layout) -> str:
    """The form as pandoc markdown: a pipe table, or bold label paragraphs with italic guidance."""
    out: list[str] = []
    if layout.title:
        out += [f"# {layout.title}", ""]
    if layout.intro:
        out += [layout.intro, ""]
    if layout.style == "table":
        out += ["| Question | Your answer |", "|:-----------|:---------------------------------------|"]
        for key in KEYS:
            label = _md(layout.labels[key])
            if layout.guidance == "label":
                label += f" *{_md(GUIDANCE[key])}*"
            answer = " ".join(_answer_paras(answers, key, layout))
            out.append(f"| {label} | {_md(answer)} |")
        out.append("")
    else:
        for key in KEYS:
            out += [f"**{_md(layout.labels[key])}**", ""]
            if layout.guidance != "none":
                out += [f"*{_md(GUIDANCE[key])}*", ""]
            for text in _answer_paras(answers, key, layout):
                out += [_md(text), ""]
    return "\n".join(out) + "\n"


def _md(text: str) -> str:
    for char in "\\|*_<>[]":
        text = text.replace(char, "\\" + char)
    return text


# Field names a fillable form's author might give each question.
ACRO_NAMES: dict[str, str] = {"name": "your_name", "job_title": "job_title", "email": "email_address",
                              "organisation": "library_service", "title": "case_study_title",
                              "summary": "summary", "description": "description",
                              "lessons": "key_lessons"}
MULTILINE = frozenset({"summary", "description", "lessons"})


def acro_html(names: Mapping[str, str], layout: Layout) -> str:
    """An empty fillable form as HTML: LibreOffice turns each input into a PDF form field.

    ``names`` maps question key to field name. With ``layout.style == "beside"`` each label is
    printed on the same line as its field; otherwise above it.
    """
    out = ['<html><head><meta charset="utf-8"><title>Case study form</title></head><body>']
    if layout.title:
        out.append(f"<h1>{html_escape(layout.title)}</h1>")
    if layout.intro:
        out.append(f"<p>{html_escape(layout.intro)}</p>")
    out.append("<form>")
    for key in KEYS:
        label = f"<b>{html_escape(layout.labels[key])}</b>"
        if key in MULTILINE:
            widget = f'<textarea name="{names[key]}" rows="{8 if key == "description" else 4}" cols="70">' \
                     "</textarea>"
        else:
            size = 40 if layout.style == "beside" else 60
            widget = f'<input type="text" name="{names[key]}" size="{size}">'
        help_ = (f'<br><i><span {_GREY}>{html_escape(GUIDANCE[key])}</span></i>'
                 if layout.guidance != "none" else "")
        if layout.style == "beside" and key not in MULTILINE:
            out.append(f"<p>{label} {widget}{help_}</p>")
        else:
            out.append(f"<p>{label}{help_}<br>{widget}</p>")
    out.append('<p><input type="checkbox" name="consent" value="Yes"> I agree that Libraries Connected '
               "may publish this case study.</p>")
    out.append('<p><input type="checkbox" name="photos" value="Yes"> I will send photographs separately.</p>')
    out.append("</form></body></html>\n")
    return "\n".join(out)
