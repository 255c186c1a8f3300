"""parsers.form.fields and hard_wrap: answers kept whole and apart whatever the typed layout."""

from __future__ import annotations

import pytest

from parsers.blocks import Para
from parsers.form.fields import extract_fields
from parsers.form.hard_wrap import unwrap, wrap_width
from parsers.form.numbering import numbering
from parsers.mail.body_blocks import text_to_blocks
from parsers.schema import DEFAULT_SCHEMA


def read(text: str) -> dict[str, str | None]:
    return extract_fields(text_to_blocks(text), DEFAULT_SCHEMA).fields


def test_answers_below_their_label_keep_their_dash_or_colon() -> None:
    text = ("Name of library service/local authority\nQuarrington Borough Council \u2013 Libraries\n\n"
            "Suggested title for case study\nHome library service: reaching residents who cannot visit\n\n"
            "Job title / position\nService Manager: Libraries, Museums and Archives")
    fields = read(text)
    assert fields["organisation"] == "Quarrington Borough Council \u2013 Libraries"
    assert fields["title"] == "Home library service: reaching residents who cannot visit"
    assert fields["job_title"] == "Service Manager: Libraries, Museums and Archives"


HARD_WRAPPED = """\
(1) Your name: Dafydd Lamont
(2) Job title / position: Community Library Lead
(4) Name of library service/local authority: Saltcombe Borough Council -
Libraries and Heritage
(5) Suggested title for case study: Library on the doorstep: a new home
library service
(6) Summary of case study (up to 50 words): We relaunched our home
library service in partnership with adult social care. Volunteers now
visit 3,288 housebound residents each month.
(7) Description of the project / initiative / approach (up to 750
words):
Our home library service had shrunk to a van round serving a few care
homes. We recruited and trained 170 volunteers.
(8) Key lessons learned (up to 100 words):
Volunteers need a named coordinator."""


def test_hard_wrapped_answers_continue_over_their_lines_until_the_next_label() -> None:
    fields = read(HARD_WRAPPED)
    assert fields["title"] == "Library on the doorstep: a new home library service"
    assert fields["organisation"] == "Saltcombe Borough Council - Libraries and Heritage"
    assert (fields["summary"] or "").endswith("3,288 housebound residents each month.")
    assert (fields["description"] or "").startswith("Our home library service")
    assert fields["lessons"] == "Volunteers need a named coordinator."


def test_unwrap_joins_only_lines_a_wrap_broke() -> None:
    lines = ["Our home library service had shrunk to a van round serving a few care",
             "homes. Volunteers need a named coordinator.", "Short line.", "Another short line."]
    width = wrap_width(lines + ["x" * 70, "y" * 68])
    assert width == 70
    assert unwrap(lines, width, lambda text, after: False) == [
        lines[0] + " " + lines[1], "Short line.", "Another short line."]


def test_text_that_is_not_hard_wrapped_has_no_wrap_width() -> None:
    assert wrap_width(["Your name: Jo", "a" * 300, "Email: jo@example.gov.uk", "b"]) is None


@pytest.mark.parametrize("hint", ["(max 50)", "(50 words max)", "(no more than 50 words)", "(up to 50 words)",
                                  "[50 words]", "- max 50 words", "(maximum 50 words)", "(50 words maximum)",
                                  "(word limit: 50)", "(50-word limit)", "(WORD COUNT: 50)"])
@pytest.mark.parametrize("layout", ["inline", "below"])
def test_word_count_hints_in_any_format_never_reach_the_answer(hint: str, layout: str) -> None:
    sep = "\n" if layout == "below" else " "
    text = f"Your name: Jo\n6) Summary of case study {hint}:{sep}We opened warm spaces.\nEmail: jo@x.org"
    assert read(text)["summary"] == "We opened warm spaces."


def test_a_hint_wrapped_onto_the_line_below_its_label_is_not_the_answer() -> None:
    text = "Your name: Jo\n\nSummary of case study\n(max 50 words)\nWe opened warm spaces.\n\nEmail: jo@x.org"
    assert read(text)["summary"] == "We opened warm spaces."


def test_outlook_link_targets_are_stripped_from_answers() -> None:
    text = ("Email address: q.jukes@example.gov.uk<mailto:q.jukes@example.gov.uk>\n"
            "Description of the project:\nSee our report <https://example.gov.uk/report> for the figures.")
    fields = read(text)
    assert fields["email"] == "q.jukes@example.gov.uk"
    assert fields["description"] == "See our report for the figures."


def test_end_of_form_marker_ends_the_last_answer() -> None:
    text = "Your name: Jo\nKey lessons learned:\nStart small.\n\nEnd of form"
    assert read(text)["lessons"] == "Start small."


@pytest.mark.parametrize("text", ["Your name: \u2013 Jo Bloggs", "Your name: \u2013\nJo Bloggs",
                                  "Your name:\t\u2014\tJo Bloggs"])
def test_a_second_separator_after_the_colon_is_not_part_of_the_answer(text: str) -> None:
    assert read(text + "\nEmail address: jo@x.gov.uk")["name"] == "Jo Bloggs"


def test_a_hyphen_bullet_after_a_label_colon_stays_in_the_answer() -> None:
    text = "Your name: Jo\nKey lessons learned: - Start small.\n- Measure from day one."
    assert read(text)["lessons"] == "- Start small.\n- Measure from day one."


def test_numbering_reads_number_and_style() -> None:
    q = numbering("Q5. What would you like to call it?")
    assert q is not None and (q.number, q.style) == (5, "q.")
    paren = numbering("(5) Your name")
    assert paren is not None and (paren.number, paren.style) == (5, "()")
    assert numbering("2024 was a good year") is None


def test_a_numbered_list_inside_an_answer_is_not_read_as_questions() -> None:
    text = ("1. Your name: Jo\n2. Key lessons learned:\n1. Start small.\n2. Measure.\n3. Celebrate.\n\n"
            "3. Email address: jo@x.gov.uk")
    fields = read(text)
    assert fields["lessons"] == "1. Start small.\n2. Measure.\n3. Celebrate."
    assert fields["email"] == "jo@x.gov.uk"


def test_bold_paragraphs_that_look_like_the_labels_end_the_answer_before_them() -> None:
    blocks = [Para("Your name", emphasis=True), Para("Jo Bloggs"),
              Para("Email address", emphasis=True), Para("jo@x.gov.uk"),
              Para("Favourite colour", emphasis=True), Para("Blue"),
              Para("Key lessons learned", emphasis=True), Para("Start small.")]
    fields = extract_fields(blocks, DEFAULT_SCHEMA).fields
    assert fields["email"] == "jo@x.gov.uk"
    assert fields["lessons"] == "Start small."


@pytest.mark.parametrize("sign_off", ["Cofion gorau / Best wishes,", "Diolch / Thanks,",
                                      "Happy to discuss any of this further.",
                                      "We have photographs available if they would be useful."])
def test_bilingual_sign_offs_and_closing_offers_end_the_last_answer(sign_off: str) -> None:
    text = f"Your name: Jo\nKey lessons learned:\nStart small. Measure what matters.\n\n{sign_off}\n\nJo"
    assert read(text)["lessons"] == "Start small. Measure what matters."


def test_a_subheading_that_resembles_a_label_stays_inside_a_long_answer() -> None:
    text = ("Your name: Jo\n\nDescription of the project:\nThe challenge\n\n"
            "Our libraries were not in the council's economic strategy, so we set out to change that.\n\n"
            "What happened next\n\nThe economic development team now refers new businesses to us.\n\n"
            "Key lessons learned:\nStart small.")
    fields = read(text)
    assert (fields["description"] or "").endswith("now refers new businesses to us.")
    assert "What happened next" in (fields["description"] or "")
    assert fields["lessons"] == "Start small."


def test_a_section_heading_about_the_case_study_does_not_take_a_field() -> None:
    from parsers.blocks import Pair

    blocks = [Para("Section 2 \u2013 Your case study", emphasis=True), Pair("Title", "Warm spaces"),
              Pair("Brief summary (50 words)", "We opened warm spaces."), Pair("Lessons", "Start small.")]
    fields = extract_fields(blocks, DEFAULT_SCHEMA).fields
    assert (fields["title"], fields["summary"]) == ("Warm spaces", "We opened warm spaces.")


def test_a_dash_in_the_middle_of_a_long_answer_is_prose_not_a_label() -> None:
    text = ("Your name: Jo\nDescription of the project:\nWe opened warm spaces in twelve branches with "
            "funding from public health and the voluntary sector.\n"
            "Libraries \u2013 the council's front door \u2013 are trusted.\n"
            "Organisation: Exampleshire Libraries")
    fields = read(text)
    assert (fields["description"] or "").endswith("are trusted.")
    assert fields["organisation"] == "Exampleshire Libraries"


def test_rows_of_a_table_typed_with_pipes_are_labels_and_answers() -> None:
    fields = read("| Your name | Jo Bloggs |\n| Email address | jo@x.gov.uk |\nSuggested title | Warm spaces")
    assert (fields["name"], fields["email"], fields["title"]) == ("Jo Bloggs", "jo@x.gov.uk", "Warm spaces")


def test_a_sentence_ending_in_a_colon_inside_an_answer_is_not_a_question() -> None:
    answer = "Background\nWe did three things:\n- opened warm spaces\n- trained staff"
    text = f"Your name:\nJo\n\nEmail:\njo@x.gov.uk\n\nDescription:\n{answer}\n\nKey lessons:\nStart."
    assert read(text)["description"] == answer


def test_a_subheading_naming_the_field_being_answered_stays_inside_that_answer() -> None:
    text = ("Your name: Priya Nair\nJob title / position: Libraries Manager\n\n"
            "Description of the project / initiative / approach (max 750 words):\n"
            "Background\nThe council asked the library service to find savings, and we proposed a "
            "volunteer-run home library service working with adult social care.\n\n"
            "What we did\nWe recruited forty volunteers and visited housebound readers every month.\n\n"
            "Key lessons learned (max 100 words):\nStart with the partner's own targets.")
    fields = read(text)
    assert fields["description"] is not None
    assert fields["description"].endswith("visited housebound readers every month.")
    assert "What we did" in fields["description"]
    assert fields["lessons"] == "Start with the partner's own targets."


@pytest.mark.parametrize("signature", ["Sent from Outlook for iOS", "Get Outlook for Android<https://aka.ms/x>",
                                       "Sent from my Galaxy", "Sent from Mail for Windows"])
def test_a_mail_apps_signature_is_not_part_of_the_last_answer(signature: str) -> None:
    text = ("Your name: Priya Nair\n\nKey lessons learned (max 100 words):\n"
            f"Measure what your partners measure.\n\n{signature}")
    assert read(text)["lessons"] == "Measure what your partners measure."


@pytest.mark.parametrize("signoff", ["Diolch yn fawr,", "Cofion gorau,", "Yn gywir"])
def test_a_welsh_signoff_is_not_part_of_the_last_answer(signoff: str) -> None:
    text = ("Your name: Rhian Morgan\n\nKey lessons learned (max 100 words):\n"
            f"Measure what your partners measure.\n\n{signoff}\nRhian Morgan\nCyngor Sir Example")
    assert read(text)["lessons"] == "Measure what your partners measure."
