"""Text boxes drawn inside table cells: their text is the cell's own text."""

from __future__ import annotations

from parsers.blocks import Pair
from parsers.documents.word import read_docx
from parsers.schema import Limits
from tests.parsers.docx_build import docx_from_xml, p, tbl, tc, tr

BOX = (
    '<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic>'
    '<a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp>'
    "<wps:txbx><w:txbxContent>{inner}</w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic>"
    "</wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>{inner}"
    "</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>"
)
HELP = (
    '<w:p><w:r><w:rPr><w:i/><w:color w:val="808080"/><w:sz w:val="16"/></w:rPr>'
    "<w:t>What did you do and what difference did it make?</w:t></w:r></w:p>"
)


def read(body: str) -> list[object]:
    return list(read_docx("form.docx", docx_from_xml(body), Limits()))


def test_text_box_in_an_answer_cell_is_that_cells_answer_read_once() -> None:
    box = BOX.format(inner=p("We opened two clubs.") + p("Forty children came."))
    body = tbl(tr(tc(p("Description", bold=True), HELP), tc(box)))
    assert read(body) == [Pair("Description", "We opened two clubs.\n\nForty children came.")]


def test_text_box_in_an_answer_cell_joins_text_typed_beside_it() -> None:
    box = BOX.format(inner=p("Second paragraph."))
    body = tbl(tr(tc(p("Lessons learnt", bold=True)), tc(p("First paragraph."), box)))
    assert read(body) == [Pair("Lessons learnt", "First paragraph.\n\nSecond paragraph.")]


def test_label_cells_grey_help_paragraph_is_never_the_answer() -> None:
    body = tbl(tr(tc(p("Summary (max 50 words)", bold=True), HELP), tc(p(""))))
    assert read(body) == [Pair("Summary (max 50 words)", None)]
