"""Word tables read into label/answer pairs: the layouts forms use."""

from __future__ import annotations

from parsers.blocks import Pair, Para
from parsers.documents.formats import read_document
from parsers.schema import Limits
from tests.parsers.docx_build import docx_from_xml, p, tbl, tc, tr

SHADE = '<w:shd w:val="clear" w:color="auto" w:fill="D9E2F3"/>'


def read(body: str) -> list:
    blocks = read_document("form.docx", "application/octet-stream", docx_from_xml(body), Limits())
    assert blocks is not None
    return blocks


def test_two_column_table_rows_become_label_answer_pairs() -> None:
    blocks = read(
        tbl(
            tr(tc(p("Your name", bold=True)), tc(p("Zoë Vaughan"))),
            tr(tc(p("Email address", bold=True)), tc(p("zoe@conwy.gov.uk"))),
        )
    )
    assert blocks == [Pair("Your name", "Zoë Vaughan"), Pair("Email address", "zoe@conwy.gov.uk")]


def test_answer_paragraphs_in_one_cell_join_with_a_blank_line() -> None:
    blocks = read(tbl(tr(tc(p("Description")), tc(p("First paragraph."), "<w:p/>", p("Second one.")))))
    assert blocks == [Pair("Description", "First paragraph.\n\nSecond one.")]


def test_empty_answer_cell_reads_as_none() -> None:
    assert read(tbl(tr(tc(p("Suggested title")), tc()))) == [Pair("Suggested title", None)]


def test_hint_paragraph_under_a_bold_label_is_not_part_of_the_label() -> None:
    blocks = read(
        tbl(tr(tc(p("Summary (max 50 words)", bold=True), p("A short overview.")), tc(p("We did it."))))
    )
    assert blocks == [Pair("Summary (max 50 words)", "We did it.")]


def test_label_row_above_answer_row_pairs_each_label_with_the_row_below() -> None:
    blocks = read(
        tbl(
            tr(tc(p("Your name", bold=True), extra=SHADE)),
            tr(tc(p("Kieran Tomlinson"))),
            tr(tc(p("Job title / position", bold=True), extra=SHADE)),
            tr(tc(p("Head of Libraries"))),
        )
    )
    assert blocks == [
        Pair("Your name", "Kieran Tomlinson"),
        Pair("Job title / position", "Head of Libraries"),
    ]


def test_shaded_label_row_without_bold_still_pairs_with_the_plain_row_below() -> None:
    blocks = read(tbl(tr(tc(p("Your name"), extra=SHADE)), tr(tc(p("Kieran")))))
    assert blocks == [Pair("Your name", "Kieran")]


def test_label_row_above_an_empty_answer_row_gives_an_unanswered_pair() -> None:
    blocks = read(
        tbl(tr(tc(p("Title", bold=True))), tr(tc()), tr(tc(p("Summary", bold=True))), tr(tc(p("Short."))))
    )
    assert blocks == [Pair("Title", None), Pair("Summary", "Short.")]


def test_side_by_side_labels_above_answers_pair_by_column() -> None:
    blocks = read(
        tbl(
            tr(tc(p("Your name", bold=True)), tc(p("Job title", bold=True)), tc(p("Email", bold=True))),
            tr(tc(p("Ann Lee")), tc(p("Librarian")), tc(p("ann@example.org"))),
        )
    )
    assert blocks == [
        Pair("Your name", "Ann Lee"),
        Pair("Job title", "Librarian"),
        Pair("Email", "ann@example.org"),
    ]


def test_column_heading_row_is_not_read_as_a_field() -> None:
    blocks = read(
        tbl(
            tr(tc(p("Question", bold=True)), tc(p("Your response", bold=True))),
            tr(tc(p("Your name", bold=True)), tc(p("Angharad O’Shea"))),
        )
    )
    assert blocks == [Pair("Your name", "Angharad O’Shea")]


def test_column_headings_over_plain_rows_do_not_pair_by_column() -> None:
    blocks = read(
        tbl(
            tr(tc(p("Question", bold=True)), tc(p("Answer", bold=True)), tc(p("Word count", bold=True))),
            tr(tc(p("Your name")), tc(p("Ann Lee")), tc(p("2"))),
            tr(tc(p("Summary")), tc(p("We prescribed books to patients.")), tc(p("5"))),
        )
    )
    assert blocks == [Pair("Your name", "Ann Lee"), Pair("Summary", "We prescribed books to patients.")]


def test_word_count_column_is_ignored() -> None:
    blocks = read(
        tbl(
            tr(tc(p("Summary (max 50 words)")), tc(p("Libraries host clinics.")), tc(p("3 words"))),
            tr(tc(p("Key lessons")), tc(p("Start early.")), tc(p("2"))),
        )
    )
    assert blocks == [
        Pair("Summary (max 50 words)", "Libraries host clinics."),
        Pair("Key lessons", "Start early."),
    ]


def test_numbering_column_is_ignored() -> None:
    blocks = read(
        tbl(
            tr(tc(p("1.")), tc(p("Your name")), tc(p("Ann Lee"))),
            tr(tc(p("Q2")), tc(p("Job title")), tc(p("Librarian"))),
        )
    )
    assert blocks == [Pair("Your name", "Ann Lee"), Pair("Job title", "Librarian")]


def test_two_pairs_side_by_side_in_one_row_read_as_two_pairs() -> None:
    blocks = read(tbl(tr(tc(p("Name:")), tc(p("Ann Lee")), tc(p("Email:")), tc(p("ann@example.org")))))
    assert blocks == [Pair("Name", "Ann Lee"), Pair("Email", "ann@example.org")]


def test_vertically_merged_label_is_read_once_and_its_rows_join_the_answer() -> None:
    blocks = read(
        tbl(
            tr(tc(p("Description"), extra='<w:vMerge w:val="restart"/>'), tc(p("Part one."))),
            tr(tc(extra="<w:vMerge/>"), tc(p("Part two."))),
        )
    )
    assert blocks == [Pair("Description", "Part one.\n\nPart two.")]


def test_cell_spanning_the_row_is_read_once_as_a_paragraph() -> None:
    blocks = read(
        tbl(
            tr(tc(p("Section A: about you", bold=True), extra='<w:gridSpan w:val="2"/>')),
            tr(tc(p("Your name")), tc(p("Ann Lee"))),
        )
    )
    assert (
        blocks.count(Para("Section A: about you", True))
        + sum(1 for b in blocks if isinstance(b, Pair) and b.label == "Section A: about you")
        == 1
    )
    assert blocks[-1] == Pair("Your name", "Ann Lee")


def test_nested_table_in_a_layout_cell_is_read_as_its_own_rows() -> None:
    inner = tbl(tr(tc(p("Your name")), tc(p("Ann Lee"))), tr(tc(p("Job title")), tc(p("Librarian"))))
    blocks = read(tbl(tr(tc(p("Case study form", bold=True), inner))))
    assert blocks == [
        Para("Case study form", True),
        Pair("Your name", "Ann Lee"),
        Pair("Job title", "Librarian"),
    ]


def test_deleted_table_row_is_not_read() -> None:
    deleted = '<w:trPr><w:del w:id="1" w:author="A" w:date="2025-01-01T00:00:00Z"/></w:trPr>'
    blocks = read(
        tbl(
            tr(tc(p("Old question")), tc(p("Old answer")), props=deleted),
            tr(tc(p("Your name")), tc(p("Ann Lee"))),
        )
    )
    assert blocks == [Pair("Your name", "Ann Lee")]


def test_label_and_answer_paragraphs_in_one_cell_become_a_pair() -> None:
    blocks = read(tbl(tr(tc(p("Key lessons learned", bold=True), p("Start early."), p("Ask often.")))))
    assert blocks == [Pair("Key lessons learned", "Start early.\n\nAsk often.")]


def test_plain_data_table_of_numbers_is_kept() -> None:
    blocks = read(tbl(tr(tc(p("1")), tc(p("2")), tc(p("3")))))
    assert blocks == [Pair("1", "2\n\n3")]
