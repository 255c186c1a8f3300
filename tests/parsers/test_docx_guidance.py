"""Word forms' own guidance: the title and introduction, help text under labels."""

from __future__ import annotations

from parsers.blocks import Block, Para
from parsers.documents.formats import read_document
from parsers.schema import Limits
from tests.parsers.docx_build import docx_from_xml, p

INTRO = "Thank you for sharing your work. Please complete every section and email the form back."


def read(data: bytes) -> list[Block]:
    blocks = read_document("form.docx", "application/octet-stream", data, Limits())
    assert blocks is not None
    return blocks


def styled(text: str, rpr: str) -> str:
    return f"<w:p><w:r><w:rPr>{rpr}</w:rPr><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>"


def guidance(blocks: list[Block]) -> list[str]:
    return [b.text for b in blocks if isinstance(b, Para) and b.guidance]


def test_title_and_intro_paragraph_at_the_top_are_guidance() -> None:
    body = (p("Library Association - Case Study Form", style="Title") + p(INTRO)
            + p("Your name", bold=True) + p("Jo Bloggs")
            + p("Organisation", bold=True) + p("Anytown Libraries"))
    assert guidance(read(docx_from_xml(body))) == ["Library Association - Case Study Form", INTRO]


def test_heading_shared_by_every_label_is_not_a_title() -> None:
    body = (p("Your name", style="Heading2") + p("Jo Bloggs") + p("Organisation", style="Heading2")
            + p("Anytown Libraries"))
    assert guidance(read(docx_from_xml(body))) == []


def test_grey_help_paragraph_under_a_bold_label_is_guidance_and_the_answer_is_not() -> None:
    body = (p("Summary", bold=True) + styled("A short overview for the index", '<w:color w:val="808080"/>')
            + p("We lent seeds in every branch.") + p("Lessons", bold=True) + p("Start small."))
    blocks = read(docx_from_xml(body))
    assert guidance(blocks) == ["A short overview for the index"]
    assert Para("We lent seeds in every branch.") in blocks


def test_answers_smaller_than_heading_styled_labels_stay_answers() -> None:
    body = (p("Your name", style="Heading2") + styled("Jo Bloggs", '<w:sz w:val="18"/>')
            + p("Organisation", style="Heading2") + styled("Anytown Libraries", '<w:sz w:val="18"/>'))
    assert guidance(read(docx_from_xml(body))) == []


def test_italic_help_after_a_line_break_in_a_bold_label_paragraph_is_split_off_as_guidance() -> None:
    body = ('<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>Your name:</w:t></w:r><w:r><w:br/></w:r>'
            '<w:r><w:rPr><w:i/></w:rPr><w:t>The person we should contact</w:t></w:r></w:p>' + p("Jo Bloggs"))
    blocks = read(docx_from_xml(body))
    assert blocks == [Para("Your name:", True), Para("The person we should contact", guidance=True),
                      Para("Jo Bloggs")]
