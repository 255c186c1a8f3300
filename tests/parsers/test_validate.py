"""parsers.validate: required answers, word limits (Word's count) and email syntax."""

from __future__ import annotations

import pytest

from parsers.schema import DEFAULT_SCHEMA
from parsers.validate import count_words, email_problem, validate
from tests.parsers.forms import ANSWERS


@pytest.mark.parametrize(("text", "words"), [
    ("", 0), ("one", 1), ("co-operate with £210,000 and 28%", 5), ("a \u2013 b", 3),
    ("line one\n\nline\u00a0two\tend", 5), ("  padded   text  ", 2),
])
def test_counts_whitespace_separated_words_like_word(text: str, words: int) -> None:
    assert count_words(text) == words


def test_clean_answers_have_no_problems() -> None:
    assert validate(dict(ANSWERS), DEFAULT_SCHEMA) == []


def test_missing_required_answer_is_reported_by_field() -> None:
    problems = validate({**ANSWERS, "title": None, "summary": "  "}, DEFAULT_SCHEMA)
    assert [(p.field, p.code) for p in problems] == [("title", "missing"), ("summary", "missing")]
    assert "Suggested title for case study" in problems[0].message


def test_over_word_limit_message_quotes_count_and_limit() -> None:
    problems = validate({**ANSWERS, "summary": "word " * 63}, DEFAULT_SCHEMA)
    assert [(p.field, p.code) for p in problems] == [("summary", "over_word_limit")]
    assert "63 words" in problems[0].message and "the limit is 50" in problems[0].message


def test_answer_at_the_limit_is_accepted() -> None:
    assert validate({**ANSWERS, "summary": "word " * 50}, DEFAULT_SCHEMA) == []


@pytest.mark.parametrize("value", ["nadia halloran at durham dot gov dot uk", "therese.fraser@", "jo@",
                                   "@x.org",
                                   "jo@@example.org"])
def test_invalid_email_address_is_reported_and_kept_as_typed(value: str) -> None:
    problems = validate({**ANSWERS, "email": value}, DEFAULT_SCHEMA)
    assert [(p.field, p.code) for p in problems] == [("email", "invalid")]
    assert value in problems[0].message


@pytest.mark.parametrize("value", ["jo@example.gov.uk", "Jo Bloggs <jo@example.gov.uk>",
                                   "mailto:jo@example.org",
                                   "<jo@example.org>"])
def test_valid_email_forms_are_accepted_without_dns(value: str) -> None:
    assert email_problem(value) is None


def test_words_typed_before_an_address_make_it_invalid() -> None:
    assert email_problem("jo bloggs@example.org") is not None
    assert email_problem("jo@example.org / 01234 567890") is None


@pytest.mark.parametrize("value", ["jo@example.org<mailto:sam@example.org>", "jo@example.org, sam@x.org",
                                   "jo@example.org / sam@x.org", "jo@example.org;sam@x.org"])
def test_a_value_naming_two_addresses_is_not_a_usable_address(value: str) -> None:
    problems = validate({**ANSWERS, "email": value}, DEFAULT_SCHEMA)
    assert [(p.field, p.code) for p in problems] == [("email", "invalid")]
    assert "more than one address" in problems[0].message


def test_outlooks_address_with_its_own_mailto_link_is_one_address() -> None:
    assert email_problem("q.jukes@example.gov.uk<mailto:q.jukes@example.gov.uk>") is None
