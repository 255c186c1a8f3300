"""What ends a label and starts its answer on a typed line: separators (":", "-", "?", arrows, dot
leaders, a tab), Markdown bold around a label, the leftovers of a separator in front of an answer,
and the start of a sentence (which is never a label)."""

from __future__ import annotations

import re

SENTENCE_START = re.compile(
    r"^(?:here\b|i\b|i'[mvd]\b|we\b|we'(?:re|ve|d|ll)\b|they\b|there (?:is|are|was|were)\b|this (?:is|was)\b|"
    r"these (?:are|were)\b|it\b|it's\b|attached\b|please (?:find|see)\b|thanks?\b|thank you\b|hope\b|"
    r"as (?:promised|requested|discussed)\b)", re.I)
"""The start of a sentence, never of a label ("Here is our case study - happy to help", "We did
three things:")."""
MAX_LABEL_CHARS = 160
"""The longest text read as a label."""
MARKDOWN_BOLD = re.compile(r"^[*_]([^*_\n]{1,100})[*_]\s*(?=\S)")
# What may sit between a label and its answer besides the separator itself (a bullet "- " in an
# answer is the sender's text and stays).
LEAD_JUNK = re.compile(r"^[\s:*_]+")
# An arrow ("=>", "->", "\u2192") or a run of dots or dot leaders ("Your name ........ Jo",
# "Email \u2026\u2026 x@y", "Title ......:"), alone or before a colon: it ends a label as surely as ":".
LEADER_SEPARATOR = re.compile(r"\s*(?:=>|->|\u2192|(?:\.{3,}|\u2026)[.\u2026]*(?:\s*:)?)(?=\s|$)")
LEAD_SEPARATOR = re.compile(r"^\s*(?:[:*_]+|[-\u2013\u2014]+(?=\s|$))\s*")


def unbold(text: str) -> str:
    """``text`` with a Markdown-style bold label ("*Your name* Jo Bloggs", as Gmail's text/plain
    rendition writes bold) ended by a tab, or the asterisks around a whole line removed."""
    bold = MARKDOWN_BOLD.match(text)
    if bold:
        return bold.group(1) + "\t" + text[bold.end():]
    if text.startswith(("*", "_")):
        return text.strip("*_").strip()
    return text


def sep_mark(sep: str) -> str:
    """The kind of separator ending a label: "?", ":", "-" (a dash), or "" (tab, spaces, bracket)."""
    if "?" in sep[:1]:
        return "?"
    if ":" in sep or LEADER_SEPARATOR.match(sep):
        return ":"
    return "-" if re.match(r"\s*[-\u2013\u2014]", sep) else ""


def end_mark(text: str) -> str:
    """The mark a label on its own line ends with ("Your name:", "Your role?", "SUBMITTER –"), or
    ""."""
    text = text.rstrip("*_ ")
    if text.endswith(("?", ":")):
        return text[-1]
    if LEADER_SEPARATOR.search(text[-4:]) and LEADER_SEPARATOR.search(text):
        # "Summary ......" with the answer on the lines below.
        return ":"
    if not text.rstrip("\n").endswith(("-", "\u2013", "\u2014")):
        return ""
    return "-" if _DASH_END.search(text) else ""


_DASH_END = re.compile(r"\s[-\u2013\u2014]+$")


def clean_value(value: str) -> str:
    """An answer typed after its label without the separator's leftovers (":", "*", "_")."""
    value = LEAD_JUNK.sub("", value).strip()
    if value.endswith("*") and value.count("*") % 2 == 1:
        value = value.rstrip("*").strip()
    return value
