"""Hard-wrapped text (lines broken at a fixed width, not flowed): the lines typed are joined back so
that a wrapped answer or label is read as one line."""

from __future__ import annotations

import re
from collections.abc import Callable

from parsers.closing import is_closing_line
from parsers.form.numbering import numbering


def wrap_width(lines: list[str]) -> int | None:
    """The width text was hard-wrapped at (the longest line), or ``None`` when it was not wrapped:
    no line longer than 100 characters and at least three lines within 15 of the longest."""
    lengths = [len(ln) for ln in lines if ln.strip()]
    if len(lengths) < 4:
        return None
    longest = max(lengths)
    if longest > 100 or longest < 50:
        return None
    if sum(1 for n in lengths if n >= longest - 15) < 3:
        return None
    return longest


def unwrap(parts: list[str], width: int | None, starts_line: Callable[[str, bool], bool]) -> list[str]:
    """Join the lines of one paragraph that a hard wrap broke: a line continues the one before when
    its first word would not have fitted on it (the classic re-flow test), or when it closes a
    bracket the line before left open ("(up to 750" / "words):"). A line for which ``starts_line``
    is true (a label, a numbered or bulleted item, a sign-off) always starts a new line; its second
    argument says whether the line before ended a sentence (where a label is more likely)."""
    out: list[str] = []
    last = ""
    for part in parts:
        after_sentence = last.endswith((".", "!", "?"))
        if out and (_closes_bracket(out[-1], part)
                    or _continues(last, part, width) and not starts_line(part, after_sentence)):
            out[-1] = out[-1] + " " + part
        else:
            out.append(part)
        last = part
    return out


_BRACKET_CLOSED = re.compile(r"^[^()\[\]]{0,30}[)\]]")
"""The start of a line that closes a bracket within its first words."""
_BULLET = re.compile(r"^[-*\u2022\u25aa\u25cf]\s")


def _closes_bracket(prev: str, cur: str) -> bool:
    """True when ``cur`` closes a bracket ``prev`` left open ("(up to 750" / "words):")."""
    return open_bracket(prev) and _BRACKET_CLOSED.match(cur) is not None


def _continues(prev: str, cur: str, width: int | None) -> bool:
    if width is None or prev.endswith((":", "?")):
        return False
    if numbering(cur) is not None or _BULLET.match(cur) or is_closing_line(cur):
        return False
    words = cur.split()
    if not words:  # a blank cell of a plain-text grid table: nothing to join
        return False
    return len(prev) + 1 + len(words[0]) > width


def open_bracket(text: str) -> bool:
    """True when ``text`` ends inside brackets ("6) Summary (word count")."""
    return text.rfind("(") > text.rfind(")") or text.rfind("[") > text.rfind("]")
