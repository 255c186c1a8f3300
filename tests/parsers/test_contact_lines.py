"""Contact lines with short labels ("Tel:", "Mob:", "org:", "M:", "T:", "E:", "W:") end an answer and
are never read as a field, on messages composed by mutt."""

from __future__ import annotations

from pathlib import Path

import pytest

from parsers import extract_message
from parsers.closing import is_short_contact_line
from tests.fixtures.mailers import mutt_message

FORM = [("Your name", "Jane Okafor"), ("Job title / position", "Head of Libraries"),
        ("Suggested title for case study", "Story walks"),
        ("Summary of case study (max 50 words)", "We ran story walks in three parks."),
        ("Description of the project / initiative / approach (max 750 words)", "We walked and read."),
        ("Key lessons learned (max 100 words)", "Start small.")]

SIGNATURES = [
    "Jane Okafor\nTel: 01234 567890\nMob: 07700 900123",
    "Jane\nM: 07700 900123\nT: 01234 567890\nE: jane@northbridge.example.org\nW: www.northbridge.example.org",
    "Jane Okafor\norg: Northbridge Council\nTel: 01234 567890",
    "Tel. 01234 567890 ext 204",
    "E: jane@northbridge.example.org\nW: northbridge.example.org",
    "Tel: 01234 567890 | M: 07700 900123\norg: Northbridge Council",
]


@pytest.mark.parametrize("blank_line", [False, True], ids=["right-under", "after-a-blank-line"])
@pytest.mark.parametrize("signature", SIGNATURES)
def test_a_contact_line_ends_the_last_answer(signature: str, blank_line: bool, tmp_path: Path) -> None:
    body = "Hello,\n\n" + "\n".join(f"{label}: {value}" for label, value in FORM)
    body += ("\n\n" if blank_line else "\n") + signature + "\n"
    ex = extract_message(mutt_message(tmp_path, "Case study", body, sender="jane@northbridge.example.org"))
    assert ex.fields["lessons"] == "Start small."
    # "org:" and "E:" in a signature never fill the organisation or email fields.
    assert ex.fields["organisation"] is None and ex.fields["email"] is None


@pytest.mark.parametrize("line", ["Tel: 01234 567890", "Mob: 07700 900123", "M: 07700 900123",
                                  "T: +44 1234 567890", "E: jo@example.org", "W: www.example.org",
                                  "org: Stockport Council", "Mob. 07700 900123"])
def test_short_labelled_contact_lines_are_recognised(line: str) -> None:
    assert is_short_contact_line(line)


@pytest.mark.parametrize("line", ["Timeline: 2024 to 2025", "Method: we read aloud",
                                  "Email address: jo@x.org", "Team: 3 staff", "What we did: ran walks",
                                  "Organisation: Stockport Council"])
def test_labels_of_a_form_are_not_contact_lines(line: str) -> None:
    assert not is_short_contact_line(line)


@pytest.mark.parametrize("signature", ["Von meinem iPhone gesendet", "Envoyé de mon iPhone",
                                       "Inviato da iPhone", "Skickat från min iPhone", "Wysłane z iPhone'a"])
def test_a_translated_mobile_signature_ends_the_last_answer(signature: str, tmp_path: Path) -> None:
    body = "\n".join(f"{label}: {value}" for label, value in FORM) + "\n" + signature + "\n"
    ex = extract_message(mutt_message(tmp_path, "Case study", body))
    assert ex.fields["lessons"] == "Start small."


def test_a_contact_line_under_the_first_answer_ends_that_answer_and_the_form_goes_on(tmp_path: Path) -> None:
    lines = [f"{label}: {value}" for label, value in FORM]
    lines.insert(1, "Mob: 07700 900123")
    body = "Hello,\n\n" + "\n\n".join(lines) + "\n"
    ex = extract_message(mutt_message(tmp_path, "Case study", body, sender="jane@northbridge.example.org"))
    assert ex.kind == "submission"
    assert ex.fields["name"] == "Jane Okafor"
    assert ex.fields["job_title"] == "Head of Libraries" and ex.fields["lessons"] == "Start small."
