"""parsers.form.fields: a form's title and the guidance it prints under labels are never answers."""

from __future__ import annotations

import pytest

from parsers.blocks import Block, Pair, Para
from parsers.form.fields import extract_fields
from parsers.mail.body_blocks import text_to_blocks
from parsers.schema import DEFAULT_SCHEMA
from tests.parsers.forms import ANSWERS, inline_form, lines_form


def read(blocks: list[Block]) -> dict[str, str | None]:
    return extract_fields(blocks, DEFAULT_SCHEMA).fields


def test_form_heading_naming_a_label_word_is_not_taken_for_that_label() -> None:
    fields = read([
        Para("Library Services Association \u2013 Case Study Submission Form", emphasis=True),
        Para("Thank you for sharing your work. Please complete every section."),
        Pair("Your name", "Jo Bloggs"),
        Pair("Name of library service/local authority", "Anytown Libraries"),
    ])
    assert fields["organisation"] == "Anytown Libraries"
    assert fields["name"] == "Jo Bloggs"


@pytest.mark.parametrize("title", [
    "Libraries Connected \u2013 case study\ntemplate 2027",
    "Libraries Connected \u2013\ncase study\ntemplate 2027",
    "Case study submission form \u2013 Library\nServices",
])
@pytest.mark.parametrize("layout", ["inline", "lines"])
def test_form_title_wrapped_over_lines_is_never_a_label_or_an_answer(title: str, layout: str) -> None:
    """A title the text wrapped (a plain-text body, a PDF text layer without type sizes): its
    first line alone reads as "Libraries Connected - ..." (a label and its answer), its last
    ("Services") as a label."""
    form = inline_form() if layout == "inline" else lines_form()
    body = (f"{title}\n\nWe publish a selection of case studies each spring. Complete one form for each\n"
            f"project; you can attach photographs separately.\n\n{form}")
    assert read(text_to_blocks(body)) == ANSWERS


def test_form_title_wrapped_over_lines_one_paragraph_per_line() -> None:
    fields = read([Para("Libraries Connected \u2013"), Para("case study"), Para("template 2027"),
                   Para("Name of library service/local authority"), Para("Anytown Libraries")])
    assert fields["organisation"] == "Anytown Libraries"


def test_guidance_paragraph_under_a_label_is_skipped_before_the_answer() -> None:
    fields = read([
        Para("Summary of case study (max 50 words)", emphasis=True),
        Para("Please give a short overview for the toolkit index", guidance=True),
        Para("We opened six warm spaces."),
        Para("Key lessons learned (max 100 words)", emphasis=True),
        Para("What would you tell another service?", guidance=True),
        Para("Start small."),
    ])
    assert fields["summary"] == "We opened six warm spaces."
    assert fields["lessons"] == "Start small."


def test_answer_a_reader_marked_as_guidance_is_kept_when_nothing_else_answers() -> None:
    fields = read([
        Para("1. Your name", emphasis=True),
        Para("Jo Bloggs", guidance=True),
        Para("2. Job title / position", emphasis=True),
        Para("Libraries Manager", guidance=True),
    ])
    assert fields["name"] == "Jo Bloggs"
    assert fields["job_title"] == "Libraries Manager"


def test_instruction_line_under_a_plain_text_label_is_guidance_when_the_answer_follows() -> None:
    text = ("Summary of case study\nPlease give a short overview for the index\n\n"
            "We opened six warm spaces.\n\n"
            "Job title / position\nYour current role\n\nLibrarian\n\n"
            "Key lessons learned\n(Include anything you would do differently)\n\nStart small.")
    fields = read(text_to_blocks(text))
    assert fields["summary"] == "We opened six warm spaces."
    assert fields["job_title"] == "Librarian"
    assert fields["lessons"] == "Start small."


def test_instruction_shaped_line_is_the_answer_when_the_next_label_follows() -> None:
    text = "Suggested title for case study\n(Seeds for all)\n\nKey lessons learned\nStart small."
    fields = read(text_to_blocks(text))
    assert fields["title"] == "(Seeds for all)"


def test_guidance_after_a_line_break_in_a_label_cell_stays_out_of_the_answer() -> None:
    fields = read([
        Pair("Description of the project / initiative / approach (max 750 words)\n"
             "What was the challenge, what did you do, who did you work with "
             "and what difference did it make?",
             "We lent seeds."),
        Pair("Key lessons learned (max 100 words)\nWhat would you tell another library service?",
             "Start small."),
    ])
    assert fields["description"] == "We lent seeds."
    assert fields["lessons"] == "Start small."
