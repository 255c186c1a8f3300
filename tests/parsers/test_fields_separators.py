"""parsers.form.fields: arrows and dot leaders between a label and its answer, and quoted answers."""

from __future__ import annotations

import pytest

from parsers.form.fields import extract_fields
from parsers.mail.body_blocks import text_to_blocks
from parsers.schema import DEFAULT_SCHEMA


def read(text: str) -> dict[str, str | None]:
    return extract_fields(text_to_blocks(text), DEFAULT_SCHEMA).fields


@pytest.mark.parametrize("sep", [" => ", " -> ", " \u2192 ", " ........ ", " \u2026\u2026 ", " ......: ",
                                 "........ "])
def test_reads_arrows_and_dot_leaders_as_separators(sep: str) -> None:
    text = (f"Your name{sep}Jo Bloggs\nEmail address{sep}jo@example.gov.uk\n"
            f"Suggested title for case study{sep}Warm Spaces\nSummary of case study{sep}We opened.")
    fields = read(text)
    assert (fields["name"], fields["email"], fields["title"], fields["summary"]) == (
        "Jo Bloggs", "jo@example.gov.uk", "Warm Spaces", "We opened.")


def test_reads_short_labels_before_dot_leaders() -> None:
    fields = read("Name ........ Jo Bloggs\nJob title ........ Libraries Manager\n")
    assert (fields["name"], fields["job_title"]) == ("Jo Bloggs", "Libraries Manager")


def test_reads_a_line_ending_in_a_dot_leader_as_a_label_with_its_answer_below() -> None:
    text = "Your name: Jo Bloggs\nSummary of case study (max 50 words) ....\nWe opened on Sundays.\n"
    assert read(text)["summary"] == "We opened on Sundays."


def test_keeps_a_colon_in_an_answer_after_a_dot_leader() -> None:
    fields = read("Your name: Jo Bloggs\nYour title ...... Job title: reader in residence\n")
    assert (fields["title"], fields["job_title"]) == ("Job title: reader in residence", None)


@pytest.mark.parametrize(("typed", "answer"), [
    ('"Jo Bloggs"', "Jo Bloggs"), ("\u201cSeed Library\u201d", "Seed Library"), ("'Jo Bloggs'", "Jo Bloggs"),
    ("'Tom's Library'", "Tom's Library"), ('"Seed" and "Grow"', '"Seed" and "Grow"'),
    ('The "Seed" Library', 'The "Seed" Library'),
])
def test_reads_an_answer_wholly_in_quotes_as_the_text_inside(typed: str, answer: str) -> None:
    assert read(f"Your name: Jo\nSuggested title for case study: {typed}\n")["title"] == answer


def test_reads_a_quoted_answer_over_several_paragraphs_without_its_quotes() -> None:
    text = 'Your name: Jo\nSummary of case study:\n"We opened.\n\nIt worked."\nKey lessons learned: Few.'
    assert read(text)["summary"] == "We opened.\n\nIt worked."
