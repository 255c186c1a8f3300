"""Word forms: long answers typed as one control per paragraph, and heading rows of layout tables."""

from __future__ import annotations

import io
from html import escape

from docx import Document
from docx.document import Document as DocumentObject
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.text.paragraph import Paragraph

from parsers.blocks import Pair, Para
from parsers.documents.formats import read_document
from parsers.schema import Limits

SDT_RUN = (
    '<w:sdt {ns}><w:sdtPr><w:alias w:val="{tag}"/><w:tag w:val="{tag}"/>{plc}<w:text/></w:sdtPr>'
    '<w:sdtContent><w:r>{rpr}<w:t xml:space="preserve">{text}</w:t></w:r></w:sdtContent></w:sdt>'
)


def read(doc: DocumentObject) -> list:
    out = io.BytesIO()
    doc.save(out)
    blocks = read_document("form.docx", "application/octet-stream", out.getvalue(), Limits())
    assert blocks is not None
    return blocks


def add_control(para: Paragraph, text: str | None, tag: str) -> None:
    """A run-level text control inside ``para``; ``None`` leaves it showing its placeholder."""
    plc = rpr = ""
    if text is None:
        plc, rpr = "<w:showingPlcHdr/>", '<w:rPr><w:rStyle w:val="PlaceholderText"/></w:rPr>'
        text = "Click or tap here to enter text."
    xml = SDT_RUN.format(ns=nsdecls("w"), tag=tag, plc=plc, rpr=rpr, text=escape(text, quote=False))
    para._p.append(parse_xml(xml))


def test_answer_paragraphs_each_in_a_control_under_one_label_make_one_answer() -> None:
    doc = Document()
    doc.add_paragraph().add_run("Description of the project").bold = True
    add_control(doc.add_paragraph(), "We began in 2024.", "description")
    doc.add_paragraph("Volunteers joined in the spring.")
    add_control(doc.add_paragraph(), "It is now run by the council.", "description")
    doc.add_paragraph().add_run("Key lessons learned").bold = True
    add_control(doc.add_paragraph(), None, "lessons")
    add_control(doc.add_paragraph(), None, "lessons")
    assert read(doc) == [
        Pair(
            "Description of the project",
            "We began in 2024.\n\nVolunteers joined in the spring.\n\nIt is now run by the council.",
        ),
        Pair("Key lessons learned", None),
    ]


def test_plain_label_between_unnamed_controls_still_labels_the_next_one() -> None:
    doc = Document()
    doc.add_paragraph("Your name")
    add_control(doc.add_paragraph(), "Ann Lee", "Text1")
    doc.add_paragraph("Email address")
    add_control(doc.add_paragraph(), "ann@example.org", "Text2")
    assert read(doc) == [Pair("Your name", "Ann Lee"), Pair("Email address", "ann@example.org")]


def test_heading_row_above_a_nested_form_table_is_guidance_not_a_pair() -> None:
    doc = Document()
    outer = doc.add_table(rows=2, cols=1)
    top = outer.cell(0, 0)
    top.paragraphs[0].add_run("[LOGO]  Libraries Advocacy Network").bold = True
    top.add_paragraph("Our annual awards")
    inner = outer.cell(1, 0).add_table(rows=1, cols=2)
    inner.cell(0, 0).paragraphs[0].add_run("Name of library service").bold = True
    inner.cell(0, 1).paragraphs[0].add_run("West Marden Borough Council")
    blocks = read(doc)
    assert blocks[:2] == [
        Para("[LOGO] Libraries Advocacy Network", guidance=True),
        Para("Our annual awards", guidance=True),
    ]
    assert Pair("Name of library service", "West Marden Borough Council") in blocks
    assert not any(isinstance(b, Pair) and b.label.startswith("[LOGO]") for b in blocks)


def test_top_row_naming_the_form_is_guidance_not_a_pair() -> None:
    doc = Document()
    table = doc.add_table(rows=2, cols=2)
    table.cell(0, 0).paragraphs[0].add_run("Libraries Advocacy Network").bold = True
    table.cell(0, 1).paragraphs[0].add_run("Case study submission form 2026")
    table.cell(1, 0).paragraphs[0].add_run("Your name").bold = True
    table.cell(1, 1).paragraphs[0].add_run("Ann Lee")
    assert read(doc) == [
        Para("Libraries Advocacy Network", guidance=True),
        Para("Case study submission form 2026", guidance=True),
        Pair("Your name", "Ann Lee"),
    ]
