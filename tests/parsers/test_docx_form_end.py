"""Closing lines after the last answer of a Word form are not part of that answer."""

from __future__ import annotations

import pytest

from parsers import extract_file
from parsers.blocks import Pair, Para
from parsers.closing import is_closing
from parsers.documents.formats import read_document
from parsers.schema import Limits
from tests.parsers.docx_build import docx_from_xml, p, tbl, tc, tr
from tests.parsers.forms import ANSWERS, LABELS

LAST = Para("Start small and measure.")


def read(body: str) -> list:
    blocks = read_document("form.docx", "application/octet-stream", docx_from_xml(body), Limits())
    assert blocks is not None
    return blocks


def styled(text: str, rpr: str = "", ppr: str = "") -> str:
    """One paragraph with direct run properties ``rpr`` and paragraph properties ``ppr``."""
    return (
        f"<w:p><w:pPr>{ppr}</w:pPr><w:r><w:rPr>{rpr}</w:rPr>"
        f'<w:t xml:space="preserve">{text}</w:t></w:r></w:p>'
    )


def headings_form(closing: str) -> bytes:
    """The form as heading-styled labels over Normal answer paragraphs, then ``closing`` XML."""
    body = "".join(
        p(label, style="Heading2") + "".join(p(par) for par in ANSWERS[key].split("\n\n"))
        for key, label in LABELS.items()
    )
    return docx_from_xml(body + closing)


@pytest.mark.parametrize(
    "closing",
    [
        "End of form",
        "- End of form -",
        "Thank you for your submission.",
        "Thank you for completing this form",
        "Please return this form to casestudies@example.org by 30 May.",
        "Completed forms should be returned to the Network office.",
        "Libraries Advocacy Network is a registered charity, no. 1234567",
        "Version 2.1 – March 2025",
        "________________________________",
    ],
)
def test_closing_line_after_the_last_answer_is_left_out(closing: str) -> None:
    result = extract_file(headings_form(p(closing)), "form.docx")
    assert result.fields == ANSWERS


def test_several_closing_lines_are_all_left_out() -> None:
    closing = p("Thank you.") + p("Please return this form to casestudies@example.org.") + p("Page 2 of 2")
    assert extract_file(headings_form(closing), "form.docx").fields == ANSWERS


@pytest.mark.parametrize(
    ("rpr", "ppr"),
    [
        ("<w:i/>", ""),
        ("", '<w:jc w:val="center"/>'),
        ('<w:sz w:val="16"/>', ""),
        ('<w:color w:val="808080"/>', ""),
    ],
    ids=["italic", "centred", "smaller", "grey"],
)
def test_short_note_set_apart_in_look_from_the_last_answer_is_left_out(rpr: str, ppr: str) -> None:
    blocks = read(p("Key lessons", bold=True) + p("Start small and measure.")
                  + styled("Our network supports every library service in the region.", rpr, ppr))
    assert blocks == [Para("Key lessons", True), LAST]


def test_footer_styled_paragraph_after_the_last_answer_is_left_out() -> None:
    blocks = read(p("Key lessons", bold=True) + p("Start small and measure.")
                  + p("Libraries Advocacy Network, 1 High Street", style="Footer"))
    assert blocks == [Para("Key lessons", True), LAST]


def test_last_answer_paragraph_set_like_the_others_is_kept() -> None:
    blocks = read(p("Key lessons", bold=True) + p("Start small and measure.")
                  + p("Thanks to our volunteers, the scheme now runs itself."))
    assert blocks[-1] == Para("Thanks to our volunteers, the scheme now runs itself.")


def test_closing_words_right_after_a_label_are_its_answer() -> None:
    blocks = read(p("Key lessons", bold=True) + p("Thank you for asking: partnership matters most."))
    assert blocks[-1] == Para("Thank you for asking: partnership matters most.")


def test_italic_answer_right_after_its_label_is_kept() -> None:
    blocks = read(p("Key lessons", bold=True) + styled("Start small and measure.", "<w:i/>"))
    assert blocks == [Para("Key lessons", True), LAST]


def test_italic_help_under_the_last_label_is_help_once_the_form_has_shown_help_over_an_answer() -> None:
    """The last question left blank (LibreOffice's .doc read through .docx ends so)."""
    blocks = read(p("Summary", bold=True) + styled("A short overview.", "<w:i/>") + p("We lend laptops.")
                  + p("Key lessons", bold=True) + styled("What would you tell a colleague?", "<w:i/>"))
    assert blocks[-1] == Para("What would you tell a colleague?", guidance=True)
    assert Para("A short overview.", guidance=True) in blocks


def test_word_count_note_under_an_answer_is_left_out() -> None:
    blocks = read(p("Summary", bold=True) + p("We lend laptops.") + p("Word count: 3")
                  + p("Key lessons", bold=True) + p("Start small and measure."))
    assert Para("Word count: 3") not in blocks and blocks[-1] == LAST


@pytest.mark.parametrize(
    "text", ["Thanks to the council, we opened four new branches.", "We will do it again next year.",
             "The end result was a 40% rise in visits."],
)
def test_answer_sentences_are_not_closing_lines(text: str) -> None:
    assert not is_closing(text, after_answer=True)


def test_office_use_box_after_the_last_answer_is_cut_off() -> None:
    office = tbl(tr(tc(p("Date received")), tc(p(""))), tr(tc(p("Reference")), tc(p("CS-"))))
    result = extract_file(headings_form(p("For office use only", bold=True) + office), "form.docx")
    assert result.fields == ANSWERS


def test_office_use_box_at_the_top_of_a_short_form_cuts_nothing() -> None:
    top = p("Case study form", bold=True) + p("For office use only", bold=True)
    rows = [tr(tc(p("Reference")), tc(p("")))] + [
        tr(tc(p(LABELS[key])), tc(p(ANSWERS[key]))) for key in ("name", "job_title", "email", "title")
    ]
    blocks = read(top + tbl(*rows))
    assert blocks[-1] == Pair(LABELS["title"], ANSWERS["title"])


@pytest.mark.parametrize(
    "rpr", ['<w:sz w:val="22"/>', '<w:color w:val="1F1F1F"/>'], ids=["one-point-smaller", "near-black"]
)
def test_last_answer_paragraph_pasted_in_slightly_other_type_is_kept(rpr: str) -> None:
    blocks = read(p("Key lessons", bold=True) + styled("Start small.", '<w:sz w:val="24"/>')
                  + styled("Measure from the first day.", rpr))
    assert blocks[-1] == Para("Measure from the first day.")
