"""Word-count hints typed with a label ("(max 50 words)", "[50 words]", "(up to 750)", "- max 750
words"), lines that are nothing but a hint, and a hint left at the start of an answer."""

from __future__ import annotations

import re

from parsers.form.vocabulary import HINT

# A word-count hint in brackets: "(max 50 words)", "[no more than 750 words]", "(50 words)",
# "(max 50)", "(word limit: 750)", "(750 max)": a number with a word that makes it a limit.
_LIMIT_WORD = (r"(?:words?|max(?:imum)?|limit|up\s+to|no\s+more\s+than|not\s+more\s+than|under|"
               r"approx(?:imately)?|fewer|less\s+than|within|not\s+exceeding)")
HINT_GROUP = re.compile(
    r"[(\[](?=[^()\[\]]{0,60}[)\]])(?=[^()\[\]]*\d)(?=[^()\[\]]*\b" + _LIMIT_WORD
    + r"\b)[^()\[\]]{1,60}[)\]]", re.I)
_HINT_ONLY = re.compile(r"^[\s(\[\-\u2013\u2014*_]*(?:" + HINT.pattern
                        + r")[\s)\]\-\u2013\u2014:*_.]*$", re.I)
_LEAD_HINT = re.compile(r"^\s*(?:[-\u2013\u2014:]\s*)?(?:" + HINT_GROUP.pattern + r"|(?:" + HINT.pattern
                        + r"))\s*(?:[:*_]+|[-\u2013\u2014]+(?=\s|$))?\s*", re.I)


def is_hint_only(text: str) -> bool:
    """True for a line that is only a word-count hint ("(max 750 words)", "max. 100 words:"), as
    when a hint wraps below its label."""
    return len(text) <= 60 and bool(_HINT_ONLY.match(text))


def strip_leading_hint(value: str) -> str:
    """``value`` without a word-count hint (and the separator after it) at its start: what a split
    between a label and its hint leaves ("(max 50): We opened..." -> "We opened...")."""
    stripped = _LEAD_HINT.sub("", value, count=1)
    return stripped if stripped != value else value
