"""parsers.form.fields: labels in their many typed forms, and what counts as an answer."""

from __future__ import annotations

import pytest

from parsers.blocks import Pair, Para, Tagged
from parsers.form.fields import extract_fields
from parsers.mail.body_blocks import text_to_blocks
from parsers.schema import DEFAULT_SCHEMA, FieldSpec, FormSchema
from tests.parsers.forms import ANSWERS, LABELS, inline_form, lines_form


def read(text: str, signers: tuple[str, ...] = ()) -> dict[str, str | None]:
    return extract_fields(text_to_blocks(text), DEFAULT_SCHEMA, signers=signers).fields


def test_reads_label_colon_value_lines() -> None:
    assert read(inline_form()) == ANSWERS


def test_reads_labels_on_their_own_line_with_answers_below() -> None:
    assert read(lines_form()) == ANSWERS


def test_joins_paragraphs_of_one_answer_with_a_blank_line() -> None:
    text = "Description of the project:\nFirst paragraph.\n\nSecond paragraph.\n\nKey lessons learned: Few."
    assert read(text)["description"] == "First paragraph.\n\nSecond paragraph."


@pytest.mark.parametrize("prefix", ["1. ", "1) ", "Q1 ", "Q1. ", "Question 1: ", "a) ", "* "])
def test_ignores_numbering_and_bullets_before_labels(prefix: str) -> None:
    assert read(f"{prefix}Your name: Jo Bloggs")["name"] == "Jo Bloggs"


@pytest.mark.parametrize("label", [
    "Summary of case study (max 50 words)", "Summary of case study (50 words)",
    "Summary of case study", "SUMMARY OF CASE STUDY", "summary of case study (maximum 50 words)",
    "Summary of case study [no more than 50 words]", "Summary (50 words)", "Summary of the case study?",
])
def test_matches_hint_variants_and_case(label: str) -> None:
    assert read(f"{label}: We opened warm spaces.")["summary"] == "We opened warm spaces."


@pytest.mark.parametrize("sep", [": ", " - ", " \u2013 ", " \u2014 ", "\u2013 ", "- ", " : ", "? "])
def test_accepts_each_separator(sep: str) -> None:
    fields = read(f"Your name{sep}Jo Bloggs\nJob title / position{sep}Service Lead \u2013 Libraries")
    assert fields["name"] == "Jo Bloggs"
    assert fields["job_title"] == "Service Lead \u2013 Libraries"


def test_accepts_a_label_followed_by_its_answer_with_no_separator() -> None:
    fields = read("Your name Jo Bloggs\nEmail address jo@example.gov.uk")
    assert (fields["name"], fields["email"]) == ("Jo Bloggs", "jo@example.gov.uk")


def test_accepts_aliases_from_the_schema_in_any_order() -> None:
    fields = read("Lessons learned: Start small.\nEmail: jo@example.gov.uk\nTitle: Warm spaces\nName: Jo")
    assert fields["lessons"] == "Start small."
    assert fields["email"] == "jo@example.gov.uk"
    assert fields["title"] == "Warm spaces"
    assert fields["name"] == "Jo"


def test_matches_labels_with_typos_and_other_phrasings() -> None:
    fields = read("Your nmae: Jo Bloggs\nJob title/position: Lead\nE-mail address: jo@example.gov.uk\n"
                  "Name of library service / local authority: Exampleshire\n"
                  "What is the suggested title for your case study? Warm spaces\n"
                  "Key lesson learnt: Start small.")
    assert fields["name"] == "Jo Bloggs"
    assert fields["job_title"] == "Lead"
    assert fields["email"] == "jo@example.gov.uk"
    assert fields["organisation"] == "Exampleshire"
    assert fields["title"] == "Warm spaces"
    assert fields["lessons"] == "Start small."


def test_reads_markdown_bold_labels_from_gmail_text_parts() -> None:
    assert read("*Your name:* Jo Bloggs\n*Email address:*\njo@example.gov.uk")["email"] == "jo@example.gov.uk"


def test_never_assigns_one_answer_to_two_fields() -> None:
    result = extract_fields(text_to_blocks("Name: Jo\nName: Sam\nTitle: Warm spaces"), DEFAULT_SCHEMA)
    assert result.fields["name"] == "Jo"
    values = [v for v in result.fields.values() if v]
    assert len(values) == len(set(values)) == 2


def test_an_answer_line_that_shares_words_with_a_label_stays_an_answer() -> None:
    text = "Name of library service/local authority\nBolton Libraries and Museum Services\n\nTitle: x"
    assert read(text)["organisation"] == "Bolton Libraries and Museum Services"


def test_empty_answers_are_none() -> None:
    fields = read("Your name:\nJob title / position:\nEmail address: jo@example.gov.uk")
    assert fields["name"] is None and fields["job_title"] is None
    assert fields["email"] == "jo@example.gov.uk"


def test_greeting_before_the_form_is_not_an_answer() -> None:
    fields = read("Dear Helen,\n\nPlease find our submission below.\n\n" + inline_form())
    assert fields == ANSWERS


@pytest.mark.parametrize("ending", [
    "Many thanks,\n\nJo", "Kind regards\nJo Bloggs\nHead of Libraries", "Best wishes,\nJo",
    "Thanks, Jo", "Please let me know if you need anything else.\n\nJo",
    "Jo Bloggs\nHead of Libraries\nTel: 01234 567890\nwww.example.gov.uk",
    "This email and any attachments are confidential and intended solely for the addressee.",
])
def test_sign_offs_signatures_and_disclaimers_are_not_part_of_the_last_answer(ending: str) -> None:
    fields = read(inline_form() + "\n\n" + ending, signers=("Jo Bloggs",))
    assert fields["lessons"] == ANSWERS["lessons"]


def test_a_signature_email_line_does_not_fill_a_missing_email() -> None:
    answers = {k: v for k, v in ANSWERS.items() if k != "email"}
    text = inline_form(answers).replace("Email address: \n", "")
    text += "\n\nRegards,\nJo\nEmail: jo@example.gov.uk"
    assert read(text)["email"] is None


def test_a_repeated_empty_form_after_the_answers_does_not_change_them() -> None:
    text = inline_form() + "\n\n" + "\n".join(f"{label}:" for label in LABELS.values())
    assert read(text) == ANSWERS


def test_reads_pair_and_tagged_blocks_from_documents() -> None:
    blocks = [Para("Case study form", emphasis=True), Pair("Your name", "Jo Bloggs"),
              Pair("Job title / position", None), Tagged("email", "jo@example.gov.uk"),
              Tagged("Suggested title for case study", "Warm spaces"), Pair("Question", "Answer")]
    result = extract_fields(blocks, DEFAULT_SCHEMA)
    assert result.fields["name"] == "Jo Bloggs"
    assert result.fields["job_title"] is None
    assert result.fields["email"] == "jo@example.gov.uk"
    assert result.fields["title"] == "Warm spaces"
    assert "job_title" in result.labels


def test_bold_label_paragraphs_with_answer_paragraphs_below() -> None:
    blocks = [Para("Your name", emphasis=True), Para("Jo Bloggs"),
              Para("Description of the project", emphasis=True), Para("One."), Para("Two."),
              Para("Key lessons learned", emphasis=True), Para("Start small.")]
    fields = extract_fields(blocks, DEFAULT_SCHEMA).fields
    assert fields["description"] == "One.\n\nTwo."
    assert fields["lessons"] == "Start small."


def test_a_form_with_other_questions_is_read_from_config_alone() -> None:
    schema = FormSchema(fields=(
        FieldSpec("venue", "Name of venue", ("Venue",)),
        FieldSpec("capacity", "Seating capacity", ("Seats",)),
    ))
    fields = extract_fields(text_to_blocks("Venue - Central Library\nSeats: 120"), schema).fields
    assert fields == {"venue": "Central Library", "capacity": "120"}


def test_a_label_like_line_inside_a_long_answer_stays_in_that_answer() -> None:
    text = ("Summary: Warm spaces.\nDescription:\nWe opened warm spaces in twelve branches across the county "
            "with funding from public health.\n\nSummary: the scheme reached 4,000 people.\n\nLessons: Few.")
    fields = read(text)
    assert fields["summary"] == "Warm spaces."
    assert fields["description"].endswith("Summary: the scheme reached 4,000 people.")
    assert fields["lessons"] == "Few."


@pytest.mark.parametrize(("tag", "key"), [("txtJobTitle", "job_title"), ("q1_name", "name"),
                                          ("ccEmailAddress", "email"), ("SummaryText", "summary")])
def test_content_control_tags_in_code_style_match_fields(tag: str, key: str) -> None:
    assert extract_fields([Tagged(tag, "x")], DEFAULT_SCHEMA).fields[key] == "x"


@pytest.mark.parametrize("ending", ["All the best,\n\nJo", "Let me know if you need anything else.",
                                    "Jo Bloggs\nHead of Libraries"])
def test_an_unanswered_last_question_does_not_take_the_sign_off(ending: str) -> None:
    text = inline_form({**ANSWERS, "lessons": ""}) + "\n\n" + ending
    assert read(text, signers=("Jo Bloggs",))["lessons"] is None


def test_a_hinted_label_after_an_unanswered_question_is_a_label_not_its_answer() -> None:
    text = "7. Description of the project\n\n8. Key learning points (no more than 100 words)\n\nStart small."
    fields = read(text)
    assert fields["description"] is None
    assert fields["lessons"] == "Start small."


def test_reads_markdown_bold_label_with_no_separator() -> None:
    assert read("*Your name* Jo Bloggs\n*Title* Warm spaces")["name"] == "Jo Bloggs"


def test_reads_labels_and_answers_laid_out_in_columns_of_spaces() -> None:
    fields = read("Name        Jo Bloggs\nJob title   Head of Libraries\nEmail       jo@example.gov.uk")
    assert (fields["name"], fields["job_title"], fields["email"]) == (
        "Jo Bloggs", "Head of Libraries", "jo@example.gov.uk")


@pytest.mark.parametrize("paragraph", ["Best practice is key.", "Thanks to volunteers, it worked.",
                                       "Thank you to our partners."])
def test_answer_paragraphs_that_start_like_a_sign_off_stay_in_the_answer(paragraph: str) -> None:
    text = inline_form() + "\n\n" + paragraph + "\n\nKind regards,\nJo"
    assert read(text)["lessons"] == ANSWERS["lessons"] + "\n\n" + paragraph


@pytest.mark.parametrize("paragraph", ["We are happy to share our toolkit with other authorities.",
                                       "We look forward to expanding the service.",
                                       "If you have any doubts, start small."])
def test_answer_sentences_that_resemble_closing_remarks_stay_in_the_answer(paragraph: str) -> None:
    text = inline_form() + "\n\n" + paragraph + "\n\nHappy to provide more details if needed.\n\nJo"
    assert read(text)["lessons"] == ANSWERS["lessons"] + "\n\n" + paragraph


def test_signature_block_starting_with_the_first_name_ends_the_last_answer() -> None:
    text = inline_form() + "\n\nJo B.\nHead of Libraries\nExampleshire Council"
    assert read(text, signers=("Jo Bloggs",))["lessons"] == ANSWERS["lessons"]
