"""Word tables with columns besides label and answer: the columns are judged per table."""

from __future__ import annotations

from parsers.blocks import Pair
from parsers.documents.formats import read_document
from parsers.documents.table_columns import plan_columns
from parsers.schema import Limits
from tests.parsers.docx_build import docx_from_xml, p, tbl, tc, tr


def read(body: str) -> list:
    blocks = read_document("form.docx", "application/octet-stream", docx_from_xml(body), Limits())
    assert blocks is not None
    return blocks


def row(*texts: str, bold_first: bool = True) -> str:
    return tr(*(tc(p(t, bold=bold_first and i == 0) if t else "") for i, t in enumerate(texts)))


def test_word_count_column_saying_n_a_never_joins_the_answer() -> None:
    blocks = read(
        tbl(
            row("Question", "Your response", "Word count"),
            row("Contact name", "Tomasz Fforde", "n/a"),
            row("E-mail", "t.fforde@example.gov.uk", "N/A"),
            row("Summary (max 50 words)", "Libraries ran holiday clubs in 12 branches.", "35 words"),
        )
    )
    assert blocks == [
        Pair("Contact name", "Tomasz Fforde"),
        Pair("E-mail", "t.fforde@example.gov.uk"),
        Pair("Summary (max 50 words)", "Libraries ran holiday clubs in 12 branches."),
    ]


def test_count_column_is_recognised_by_its_contents_without_a_heading_row() -> None:
    blocks = read(
        tbl(
            row("Your name", "Ann Lee", "-"),
            row("Job title", "Librarian", "n/a"),
            row("Summary", "We lend laptops.", "3 / 50"),
            row("Key lessons", "Start small.", "2"),
        )
    )
    assert blocks == [
        Pair("Your name", "Ann Lee"),
        Pair("Job title", "Librarian"),
        Pair("Summary", "We lend laptops."),
        Pair("Key lessons", "Start small."),
    ]


def test_heading_row_naming_question_and_answer_leaves_the_guidance_column_out() -> None:
    blocks = read(
        tbl(
            row("Question", "Guidance", "Your answer"),
            row("Summary", "A short overview for the contents page", "We lend laptops."),
            row("Key lessons", "What would you tell another service?", "Start small."),
        )
    )
    assert blocks == [Pair("Summary", "We lend laptops."), Pair("Key lessons", "Start small.")]


def test_numbering_count_and_answer_columns_read_as_label_and_answer() -> None:
    blocks = read(
        tbl(
            row("1.", "Your name", "Ann Lee", "n/a", bold_first=False),
            row("2.", "Summary", "We lend laptops.", "3", bold_first=False),
        )
    )
    assert blocks == [Pair("Your name", "Ann Lee"), Pair("Summary", "We lend laptops.")]


def test_an_answer_that_is_a_number_stays_when_the_count_column_goes() -> None:
    blocks = read(
        tbl(
            row("Number of branches", "12", "n/a"),
            row("Summary", "Every branch lends laptops.", "4 words"),
        )
    )
    assert blocks == [Pair("Number of branches", "12"), Pair("Summary", "Every branch lends laptops.")]


def test_word_count_typed_under_the_answer_in_its_cell_is_left_out() -> None:
    blocks = read(tbl(tr(tc(p("Summary", bold=True)), tc(p("We lend laptops."), p("(3 words)")))))
    assert blocks == [Pair("Summary", "We lend laptops.")]


def test_table_of_figures_keeps_every_column() -> None:
    figures = [["Year", "Visits", "Loans"], ["2023", "3,400", "1,200"], ["2024", "5,100", "1,900"]]
    assert plan_columns(figures) is None


def test_word_limit_column_between_question_and_answer_is_left_out() -> None:
    blocks = read(
        tbl(
            row("Your name", "No limit", "Ann Lee"),
            row("Summary", "Max 50 words", "We lend laptops."),
            row("Key lessons", "100 words (approx.)", "Start small."),
        )
    )
    assert blocks == [
        Pair("Your name", "Ann Lee"),
        Pair("Summary", "We lend laptops."),
        Pair("Key lessons", "Start small."),
    ]


def test_two_question_and_answer_column_pairs_under_headings_are_both_read() -> None:
    blocks = read(
        tbl(
            row("Question", "Answer", "Question", "Answer"),
            tr(tc(p("Name:")), tc(p("Ann Lee")), tc(p("Email:")), tc(p("ann@example.org"))),
        )
    )
    assert blocks == [Pair("Name", "Ann Lee"), Pair("Email", "ann@example.org")]
