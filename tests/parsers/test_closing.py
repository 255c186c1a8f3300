"""parsers.closing: one list of rules for where an answer ends, read by body and document readers."""

from __future__ import annotations

import pytest

from parsers.blocks import Block, Pair, Para
from parsers.closing import CLOSING_RULES, closing_rule, is_closing, trim_end
from parsers.form.fields import extract_fields
from parsers.mail.body_blocks import text_to_blocks
from parsers.schema import DEFAULT_SCHEMA

LESSONS = "Start small and measure what matters."

# Each of the two former lists knew some of these and not the others.
FORM_ENDS = ["End of form", "[End of the form]", "*** END OF SUBMISSION ***", "End of template",
             "End of the application", "End of case study form", "END OF CASE STUDY TEMPLATE",
             "End of questionnaire", "This form ends here"]


def body_lessons(closing: str) -> str | None:
    text = f"Your name: Jo Bloggs\nSuggested title for case study: Books on wheels\n\nKey lessons learned\n" \
           f"{LESSONS}\n\n{closing}\n\nThe rest of the letter."
    return extract_fields(text_to_blocks(text), DEFAULT_SCHEMA).fields["lessons"]


def document_tail(closing: str) -> list[Block]:
    return trim_end([Para("Key lessons learned", emphasis=True), Para(LESSONS), Para(closing)])


def test_rules_are_named_once_and_in_order() -> None:
    names = [rule.name for rule in CLOSING_RULES]
    assert len(names) == len(set(names))
    assert names[:2] == ["form_end", "sign_off"]


@pytest.mark.parametrize("marker", FORM_ENDS)
def test_every_form_end_ends_a_body_answer(marker: str) -> None:
    assert body_lessons(marker) == LESSONS


@pytest.mark.parametrize("marker", FORM_ENDS)
def test_every_form_end_is_cut_from_a_document(marker: str) -> None:
    assert document_tail(marker)[-1] == Para(LESSONS)


@pytest.mark.parametrize("line", ["Kind regards, Jo", "Sent from my iPhone", "Tel: 01234 567890",
                                  "Mob: 07700 900123", "M: 07700 900123",
                                  "This email is confidential and intended for the addressee only.",
                                  "Happy to provide more details if needed."])
def test_sign_offs_contact_lines_and_disclaimers_end_answers_in_bodies_and_documents(line: str) -> None:
    assert body_lessons(line) == LESSONS
    assert document_tail(line)[-1] == Para(LESSONS)


def test_a_contact_line_right_after_its_label_is_the_answer() -> None:
    assert closing_rule("Tel: 01234 567890", para_start=True, after_label=True) is None
    blocks = [Para("Key lessons learned", emphasis=True), Para("Tel: 01234 567890")]
    assert trim_end(blocks) == blocks


@pytest.mark.parametrize("line", ["Page 2 of 3", "Registered charity no. 1234567", "Version 2.1",
                                  "Please return this form to cases@example.org", "For office use only"])
def test_tail_rules_close_a_document_only(line: str) -> None:
    assert document_tail(line)[-1] == Para(LESSONS)
    assert closing_rule(line, para_start=True, after_label=False) is None


def test_a_page_number_inside_a_typed_form_does_not_end_it() -> None:
    text = f"Key lessons learned\n{LESSONS}\n\nPage 2 of 3\n\nYour name: Jo Bloggs"
    fields = extract_fields(text_to_blocks(text), DEFAULT_SCHEMA).fields
    assert fields["name"] == "Jo Bloggs"


def test_a_sign_off_ends_an_answer_inside_its_paragraph_and_a_disclaimer_only_at_its_start() -> None:
    assert closing_rule("Kind regards,", para_start=False, after_label=False) is not None
    disclaimer = "This email is confidential and intended for the addressee only."
    assert closing_rule(disclaimer, para_start=False, after_label=False) is None
    assert closing_rule(disclaimer, para_start=True, after_label=False) is not None


@pytest.mark.parametrize("text", ["Thanks to the council, we opened four new branches.",
                                  "We will do it again next year.",
                                  "The end result was a 40% rise in visits.",
                                  "Telephone befriending reached 300 people."])
def test_answer_sentences_are_not_closing_lines(text: str) -> None:
    assert not is_closing(text, after_answer=True)
    assert closing_rule(text, para_start=True, after_label=False) is None


def test_a_pair_at_the_end_is_never_trimmed() -> None:
    blocks: list[Block] = [Para(LESSONS), Pair("Signed", "Jo Bloggs")]
    assert trim_end(blocks) == blocks
