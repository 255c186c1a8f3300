"""Section-heading rows in Word tables (one merged cell spanning the table): headings, not labels."""

from __future__ import annotations

from parsers.blocks import Pair, Para
from parsers.documents.formats import read_document
from parsers.schema import Limits
from tests.parsers.docx_build import docx_from_xml, p, tbl, tc, tr

SPAN = '<w:gridSpan w:val="2"/>'
SHADED = '<w:shd w:val="clear" w:color="auto" w:fill="D9D9D9"/>'


def read(body: str) -> list:
    blocks = read_document("form.docx", "application/octet-stream", docx_from_xml(body), Limits())
    assert blocks is not None
    return blocks


def heading_row(text: str) -> str:
    return tr(tc(p(text, bold=True), extra=SPAN + SHADED))


def test_section_heading_row_over_a_merged_instruction_row_is_not_a_label() -> None:
    body = tbl(
        heading_row("Part B: About the project"),
        tr(tc(p("Please answer all questions below."), extra=SPAN)),
        tr(tc(p("Title", bold=True)), tc(p("Books on prescription"))),
    )
    assert read(body) == [
        Para("Part B: About the project", True),
        Para("Please answer all questions below."),
        Pair("Title", "Books on prescription"),
    ]


def test_section_heading_row_over_an_empty_merged_row_is_not_an_unanswered_field() -> None:
    body = tbl(
        heading_row("Section 2 \u2013 Your case study"),
        tr(tc(p(""), extra=SPAN)),
        tr(tc(p("Title", bold=True)), tc(p("Books on prescription"))),
    )
    assert read(body) == [
        Para("Section 2 \u2013 Your case study", True),
        Pair("Title", "Books on prescription"),
    ]


def test_section_heading_with_its_guidance_in_one_merged_cell_is_not_a_label() -> None:
    cell = tc(p("Section 3 \u2013 Lessons", bold=True), p("Tell us what you learned."), extra=SPAN)
    body = tbl(tr(cell), tr(tc(p("Lessons", bold=True)), tc(p("Start early."))))
    blocks = read(body)
    assert blocks[0] == Para("Section 3 \u2013 Lessons", True)
    assert all(not (isinstance(b, Pair) and b.label.startswith("Section")) for b in blocks)


def test_merged_bold_question_row_over_its_merged_answer_row_is_still_a_pair() -> None:
    body = tbl(
        heading_row("Section 2 \u2013 Your case study"),
        heading_row("Describe the project"),
        tr(tc(p("Libraries ran health checks."), extra=SPAN)),
    )
    assert read(body) == [
        Para("Section 2 \u2013 Your case study", True),
        Pair("Describe the project", "Libraries ran health checks."),
    ]
