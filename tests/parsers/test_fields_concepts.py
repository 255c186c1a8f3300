"""parsers.form.fields and labels: labels read by what they mean, not only by their words."""

from __future__ import annotations

import pytest

from parsers.form.fields import extract_fields
from parsers.form.labels import LabelMatcher
from parsers.mail.body_blocks import text_to_blocks
from parsers.schema import DEFAULT_SCHEMA, FieldSpec, FormSchema


def read(text: str, schema: FormSchema = DEFAULT_SCHEMA) -> dict[str, str | None]:
    return extract_fields(text_to_blocks(text), schema).fields


def in_form(label: str, answer: str) -> str:
    """``label`` and its answer between two labels every matcher knows."""
    return f"Email address: jo@example.gov.uk\n\n{label}\n{answer}\n\nKey lessons learned: Start small."


@pytest.mark.parametrize(("label", "key"), [
    ("What would you like to call your case study?", "title"),
    ("What is your case study called?", "title"),
    ("What did you do?", "description"),
    ("Please tell us what you did", "description"),
    ("Can you summarise the case study?", "summary"),
    ("Which library service or local authority do you work for?", "organisation"),
    ("What is your role in the service?", "job_title"),
])
def test_question_style_labels_name_their_fields(label: str, key: str) -> None:
    fields = read(in_form(label, "The answer."))
    assert fields[key] == "The answer."
    assert fields["email"] == "jo@example.gov.uk"


@pytest.mark.parametrize(("label", "key"), [
    ("Overview", "summary"), ("Synopsis", "summary"), ("In brief", "summary"), ("Abstract", "summary"),
    ("Name of submitter", "name"), ("Submitter", "name"), ("Main contact", "name"),
    ("Employer", "organisation"), ("Library authority", "organisation"),
    ("Headline", "title"),
    ("Post held", "job_title"), ("Designation", "job_title"),
    ("Tell us about the project", "description"), ("Details of the project", "description"),
])
def test_synonyms_of_a_fields_words_name_that_field(label: str, key: str) -> None:
    assert read(in_form(label + ":", "The answer."))[key] == "The answer."


@pytest.mark.parametrize(("label", "key"), [
    ("What did you learn?", "lessons"), ("What would you do differently next time?", "lessons"),
    ("Key takeaways", "lessons"), ("Recommendations", "lessons"), ("Top tips for others", "lessons"),
])
def test_lessons_are_named_in_many_ways(label: str, key: str) -> None:
    fields = read(f"Email address: jo@example.gov.uk\n\n{label}\nStart small.\n\nKind regards,\nJo")
    assert fields[key] == "Start small."


def test_name_of_the_library_service_is_the_organisation_not_the_submitters_name() -> None:
    fields = read("Name of library service: Exampleshire Libraries\nName of submitter: Jo Bloggs")
    assert fields["organisation"] == "Exampleshire Libraries"
    assert fields["name"] == "Jo Bloggs"


@pytest.mark.parametrize(("label", "key"), [
    ("Title of project", "title"), ("Project title", "title"), ("Project name", "title"),
    ("Role in organisation", "job_title"), ("Position in the organisation", "job_title"),
    ("Name of organisation", "organisation"), ("Summary of project", "summary"),
])
def test_the_head_noun_decides_between_fields_that_share_words(label: str, key: str) -> None:
    assert read(in_form(label + ":", "The answer."))[key] == "The answer."


@pytest.mark.parametrize("label", ["Lead officer name:", "Name of person completing this form:",
                                   "1) Lead officer name -"])
def test_a_label_with_words_the_form_does_not_know_is_read_by_its_concepts(label: str) -> None:
    text = f"{label} Jo Bloggs\nJob title / position: Head of Libraries"
    assert read(text)["name"] == "Jo Bloggs"


def test_an_introduction_with_a_dash_is_not_read_as_a_label() -> None:
    text = ("Here is our case study for the collection - happy to provide more detail.\n\n"
            "Your name: Jo Bloggs\nSuggested title for case study: Warm spaces")
    fields = read(text)
    assert fields["title"] == "Warm spaces"
    assert fields["name"] == "Jo Bloggs"


def test_an_answer_that_mentions_a_label_word_is_not_read_as_a_label() -> None:
    text = ("Your name:\nJo Bloggs\n\nJob title / position:\nLibrary Services Manager\n\n"
            "Email address: jo@x.gov.uk")
    assert read(text)["job_title"] == "Library Services Manager"


def test_concept_words_come_from_the_configured_form() -> None:
    schema = FormSchema(fields=(
        FieldSpec("speaker", "Speaker's name"),
        FieldSpec("abstract", "Abstract of the talk", max_words=200),
        FieldSpec("venue", "Preferred venue"),
    ))
    fields = read("Speaker:\nDr Jo Bloggs\n\nOverview:\nA talk about libraries.\n\n"
                  "Preferred venue: Central Library", schema)
    assert fields == {"speaker": "Dr Jo Bloggs", "abstract": "A talk about libraries.",
                      "venue": "Central Library"}


def test_an_unrecognised_numbered_question_ends_the_answer_before_it() -> None:
    text = "1) Your name: Jo Bloggs\n2) Favourite colour: blue\n3) Email address: jo@example.gov.uk"
    fields = read(text)
    assert fields["name"] == "Jo Bloggs"
    assert fields["email"] == "jo@example.gov.uk"
    assert "blue" not in " ".join(v for v in fields.values() if v)


def test_an_unrecognised_question_gives_its_answer_to_the_one_question_left() -> None:
    labels = {"name": "Your name", "job_title": "Job title / position", "email": "Email address",
              "organisation": "Name of library service/local authority", "title": "Suggested title",
              "summary": "Summary", "description": "Description", "lessons": "Key lessons learned"}
    lines = [f"{i}. {labels[k] if k != 'organisation' else 'Where are you based?'}: answer {i}"
             for i, k in enumerate(labels, start=1)]
    fields = read("\n".join(lines))
    assert fields["organisation"] == "answer 4"
    assert fields["job_title"] == "answer 2" and fields["email"] == "answer 3"


def test_a_colon_heading_inside_an_answer_stays_in_that_answer() -> None:
    opening = "In 2023 public health asked us to open warm spaces in all twelve branches over the winter."
    text = (f"Your name:\nJo Bloggs\n\nDescription of the project:\n{opening}\n\n"
            "Funding and partners:\nPublic health paid for it.\n\nKey lessons learned:\nStart small.")
    fields = read(text)
    assert fields["description"] == f"{opening}\n\nFunding and partners:\nPublic health paid for it."
    assert fields["lessons"] == "Start small."


def test_an_unknown_question_after_a_short_answer_does_not_join_that_answer() -> None:
    text = ("Your name:\nJo Bloggs\n\nEmail address:\njo@x.gov.uk\n\nTelephone:\n01234 567890\n\n"
            "Key lessons learned:\nStart small.")
    fields = read(text)
    assert fields["email"] == "jo@x.gov.uk"
    assert "01234" not in " ".join(v for v in fields.values() if v)


def test_an_ambiguous_label_gives_its_field_up_to_a_clear_one() -> None:
    fields = read("Official title: Head of Libraries\nHeadline: Warm spaces in every branch")
    assert fields["job_title"] == "Head of Libraries"
    assert fields["title"] == "Warm spaces in every branch"


def test_an_ambiguous_label_after_a_clear_one_takes_its_next_field() -> None:
    fields = read("Title of case study: Warm spaces in every branch\nOfficial title: Head of Libraries")
    assert fields["title"] == "Warm spaces in every branch"
    assert fields["job_title"] == "Head of Libraries"


def test_loose_matching_needs_the_layout_to_show_a_label() -> None:
    matcher = LabelMatcher(DEFAULT_SCHEMA)
    assert matcher.match("Lead officer name", loose=False) is None
    found = matcher.match("Lead officer name", loose=True)
    assert found is not None and found.key == "name"
    assert matcher.match("Full details", loose=True) is None


def test_an_ambiguous_label_after_a_long_answer_still_takes_its_next_field() -> None:
    text = ("Suggested title: Warm spaces\nDescription of the project:\nWe opened warm spaces in twelve "
            "branches with funding from public health and the voluntary sector.\n"
            "Official title: Head of Libraries")
    fields = read(text)
    assert fields["job_title"] == "Head of Libraries"
    assert (fields["description"] or "").endswith("voluntary sector.")


def test_head_word_is_the_noun_a_label_is_about() -> None:
    from parsers.form.vocabulary import head_word, normalise

    assert head_word(normalise("Title of project")) == head_word(normalise("Title"))
    assert head_word(normalise("Role in organisation")) == head_word(normalise("Job"))
    assert head_word(normalise("Can you describe the project?")) == head_word(normalise("Description"))
    assert head_word(normalise("Project details")) == head_word(normalise("project"))


def test_content_words_read_synonyms_and_phrases_as_one_concept() -> None:
    from parsers.form.vocabulary import content_words, normalise

    assert content_words(normalise("Overview")) == content_words(normalise("Summary"))
    assert content_words(normalise("What did you do?")) == content_words(normalise("Description"))
    assert content_words(normalise("Précis")) == content_words(normalise("Summary"))
