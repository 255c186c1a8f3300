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
def test_numbered_answers_that_do_not_fit_are_not_guessed(lines: list[str], tmp_path: Path) -> None:
    ex = extract_message(_message(tmp_path, lines))
    assert "body by position" not in ex.field_sources.values()
    assert ex.fields["job_title"] != "Head of Libraries" or ex.fields["name"] != "Jane Smith"


def test_a_form_title_above_labelled_answers_is_not_the_organisation(tmp_path: Path) -> None:
    body = ("Libraries Connected: call for case studies\n\nYour name: Jane Smith\n"
            "Job title / position: Head\n"
            "Email address: jane.smith@northbridge.example.org\nSuggested title for case study: Story walks\n"
            "Summary of case study (max 50 words): We ran walks.\n")
    ex = extract_message(mutt_message(tmp_path, "Case study", body))
    assert ex.fields["organisation"] is None and ex.fields["name"] == "Jane Smith"
