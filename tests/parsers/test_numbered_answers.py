"""Answers numbered 1-8 without labels are read by position when they fit the form, and marked
"by position" in ``field_sources``; when they do not fit nothing is guessed. Messages composed by mutt."""

from __future__ import annotations

from pathlib import Path

import pytest

from parsers import extract_message
from tests.fixtures.mailers import mutt_message

ANSWERS = ["Jane Smith", "Head of Libraries", "jane.smith@northbridge.example.org", "Northbridge Libraries",
           "Story walks", "We ran story walks in three parks.", "We walked, read and talked with families.",
           "Start small."]


def _message(tmp_path: Path, lines: list[str], title: str = "") -> bytes:
    body = (f"{title}\n\n" if title else "") + "Hi, my answers:\n\n" + "\n".join(lines)
    body += "\n\nThanks,\nJane\n"
    return mutt_message(tmp_path, "Case study", body, sender="jane.smith@northbridge.example.org")


@pytest.mark.parametrize("style", ["{n}. {a}", "{n}) {a}", "Q{n} {a}", "Q{n}: {a}"])
def test_numbered_answers_that_fit_the_form_are_read_by_position(style: str, tmp_path: Path) -> None:
    ex = extract_message(_message(tmp_path, [style.format(n=i + 1, a=a) for i, a in enumerate(ANSWERS)]))
    assert ex.kind == "submission"
    assert list(ex.fields.values()) == ANSWERS
    assert set(ex.field_sources.values()) == {"body by position"}


def test_a_form_title_above_numbered_answers_is_neither_label_nor_answer(tmp_path: Path) -> None:
    lines = [f"{i + 1}. {a}" for i, a in enumerate(ANSWERS)]
    ex = extract_message(_message(tmp_path, lines, title="Libraries Connected: call for case studies"))
    assert ex.fields["name"] == "Jane Smith" and ex.fields["organisation"] == "Northbridge Libraries"
    assert "call for case studies" not in " ".join(v or "" for v in ex.fields.values())


@pytest.mark.parametrize("lines", [
    [f"{i + 1}. {a}" for i, a in enumerate(ANSWERS[:7])],  # one answer short
    # no address at the email position
    [f"{i + 1}. {a}" for i, a in enumerate([*ANSWERS[:2], "Northbridge Libraries", *ANSWERS[3:]])],
], ids=["seven-of-eight", "no-address-at-the-email-position"])
def test_numbered_answers_that_do_not_fit_are_not_guessed_but_flagged_for_staff(
        lines: list[str], tmp_path: Path) -> None:
    ex = extract_message(_message(tmp_path, lines))
    # A submission in the queue (never "not a submission", where no reviewer looks)...
    assert ex.kind == "submission"
    # ...with nothing guessed: every field missing, each source saying it was not read by position.
    assert set(ex.fields.values()) == {None}
    assert sorted(p.field for p in ex.problems if p.code == "missing") == sorted(ex.fields)
    assert all("by position" in src and "not read" in src for src in ex.field_sources.values())
    assert set(ex.field_sources) == set(ex.fields)
    assert any("numbered" in w for w in ex.warnings)


def test_nine_numbered_answers_for_eight_questions_are_flagged_not_read(tmp_path: Path) -> None:
    lines = [f"{i + 1}. {a}" for i, a in enumerate([*ANSWERS, "Photographs to follow."])]
    ex = extract_message(_message(tmp_path, lines))
    assert ex.kind == "submission" and set(ex.fields.values()) == {None}
    assert "9 numbered answers" in ex.field_sources["name"]


def test_a_question_with_a_short_numbered_list_is_not_a_submission(tmp_path: Path) -> None:
    body = ("Hello,\n\nBefore we send our case study, three questions:\n\n1. Can we send photos?\n"
            "2. Is there a word limit for the title?\n3. Can two services submit together?\n\n"
            "Thanks,\nJane\n")
    sender = "jane.smith@northbridge.example.org"
    ex = extract_message(mutt_message(tmp_path, "Question", body, sender=sender))
    assert ex.kind == "not_submission"


def test_a_form_title_above_labelled_answers_is_not_the_organisation(tmp_path: Path) -> None:
    body = ("Libraries Connected: call for case studies\n\nYour name: Jane Smith\n"
            "Job title / position: Head\n"
            "Email address: jane.smith@northbridge.example.org\nSuggested title for case study: Story walks\n"
            "Summary of case study (max 50 words): We ran walks.\n")
    ex = extract_message(mutt_message(tmp_path, "Case study", body))
    assert ex.fields["organisation"] is None and ex.fields["name"] == "Jane Smith"
