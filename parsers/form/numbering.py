"""Question numbering at the start of a line ("Q5.", "5)", "(5)", "Question 5:") and its style, so
that the next number in the same style can be recognised as the next question."""

from __future__ import annotations

import re
from dataclasses import dataclass

_NUMBER = re.compile(r"^\s*(\(?)((?:q(?:uestion)?|no)\.?\s*)?(\d{1,2})[a-z]?(\)?)\s*([.:\-\u2013]?)(?=\s|$)",
                     re.I)


@dataclass(frozen=True)
class Numbering:
    """A question number at the start of a line: ``number`` 5 and ``style`` "q." for "Q5."."""

    number: int
    style: str
    end: int


def numbering(text: str) -> Numbering | None:
    """The question number starting ``text``, or ``None`` when it starts with none."""
    m = _NUMBER.match(text)
    if m is None or not (m.group(1) or m.group(2) or m.group(4) or m.group(5)):
        # A bare number ("2024 was...") is no numbering; "5.", "5)", "(5)" and "Q5" are.
        return None
    style = (m.group(1) + ("q" if m.group(2) else "") + m.group(4) + m.group(5)).lower()
    return Numbering(int(m.group(3)), style, m.end())
