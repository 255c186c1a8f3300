"""Where a document form ends: closing lines after the last answer are not part of it.

Forms close with text that is no answer: "End of form", "Thank you for your submission",
"Please return this form to ...", a footer line (charity number, copyright, version, page
number), a rule of underscores, a "For office use only" box. In a paragraph layout the last answer
runs to the next label, so without this such a line joins the last answer. :func:`trim_end` drops
them from the end of a document's blocks (an end marker with a few short blocks after it cuts
those too); word-count notes ("(35 words)", "Word count: 35") are dropped wherever they are.

Two kinds of evidence:

* the words: a closing pattern (below); a weak one ("Thank you for ...", "Please return ...")
  only counts after answer text, never right after a label, where it would be the answer;
* the look (readers that know it, passed as ``set_apart``): a short last paragraph formatted
  apart from the answer text before it (italic, centred, smaller, coloured, a footer or caption
  style) is a closing note, not more of the answer.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from parsers.blocks import Block, Pair, Para
from parsers.columns import WORD_COUNT_NOTE

_STRONG = re.compile(
    r"^[\W_]*(?:end of (?:the )?(?:form|document|submission|questionnaire|template|application|"
    r"case study(?: form| template)?)|(?:this )?(?:form|document|questionnaire) ends(?: here)?|"
    r"(?:the )?end|ends)[\W_]*$"
    r"|^[\s_.\-\u2013\u2014*=~#]{3,}$"
    r"|^(?:page \d+(?: of \d+)?|\d+ of \d+)$"
    r"|(?:registered (?:charity|company|in england)|charity (?:no\.?|number|reg)|"
    r"company (?:no\.?|number|reg)|"
    r"all rights reserved|\u00a9|\(c\) ?\d{4}|copyright \d{4})"
    r"|^(?:form |template |document )?(?:version|ver\.?|v) ?\d+(?:\.\d+)*(?:[ ,\-\u2013]+\w+ \d{4})?$",
    re.I,
)
"""Never an answer's last paragraph: an end marker, a rule, a page number, a footer line."""

_WEAK = re.compile(
    r"^(?:many |and )?thank(?:s| you)(?! to\b)(?:\s+(?:very much|so much|again))?(?:\s+for\b|[\s,.!]*$)"
    r"|^(?:please |kindly )?(?:return|send|e-?mail|submit|forward|save)\b.{0,80}"
    r"\b(?:this|the|your|completed)\s+(?:completed |filled[- ]in )?"
    r"(?:forms?|templates?|documents?|case stud(?:y|ies))\b"
    r"|^(?:completed |filled[- ]in )?(?:forms?|templates?|case studies) (?:should|must|can|may) be "
    r"(?:returned|sent|e-?mailed|submitted)\b"
    r"|^(?:for office use(?: only)?|office use only)\b"
    r"|^(?:we will|we'll) (?:be in touch|contact you|acknowledge|let you know)\b"
    r"|^(?:your (?:information|personal data|data|details) (?:will|is|are)|data protection|privacy notice|"
    r"gdpr)\b"
    r"|^(?:signed|signature|date(?: signed)?)\s*[:.]?[\s_.]*$",
    re.I,
)
"""A closing remark when it follows answer text ("Thank you for completing the form")."""

_END_MARKER = re.compile(
    r"^[\W_]*(?:end of (?:the )?(?:form|document|submission|questionnaire|template|application)|"
    r"(?:for )?office use(?: only)?|for (?:official|internal|staff) use(?: only)?)\b", re.I
)
"""A line after which nothing belongs to the form, even a small table (an "office use" box)."""

_MAX_WORDS = 40
_MAX_NOTE_WORDS = 25
"""Longest paragraph the look alone can mark as a closing note."""
_MAX_TRIM = 6
_MAX_TAIL = 12
"""Blocks an end marker may cut off: an office-use box, a footer; never a form's worth."""
_SHORT_WORDS = 15


def is_closing(text: str, *, after_answer: bool) -> bool:
    """True when ``text`` is a closing line of a form; ``after_answer`` allows the weak patterns."""
    t = text.strip()
    if not t or len(t.split()) > _MAX_WORDS:
        return False
    if _STRONG.search(t):
        return True
    return after_answer and bool(_WEAK.match(t))


def trim_end(blocks: list[Block], set_apart: Callable[[Para, Para], bool] | None = None) -> list[Block]:
    """``blocks`` without word-count notes and without the closing lines at their end.

    A closing line is dropped only when it ends the document (nothing but other closing lines
    after it). ``set_apart(last, before)`` says whether a reader formatted paragraph ``last``
    apart from ``before``; ``None`` when the reader cannot tell.
    """
    out = [b for b in blocks if not (isinstance(b, Para) and WORD_COUNT_NOTE.match(b.text.strip()))]
    out = _cut_at_end_marker(out)
    for _ in range(_MAX_TRIM):
        if len(out) < 2 or not isinstance(out[-1], Para):
            break
        last, before = out[-1], out[-2]
        after_answer = not (isinstance(before, Para) and before.emphasis)
        if is_closing(last.text, after_answer=after_answer) or _apart(last, before, set_apart):
            out.pop()
            continue
        break
    return out


def _cut_at_end_marker(blocks: list[Block]) -> list[Block]:
    """``blocks`` up to an end marker ("End of form", "For office use only") in their second half,
    when only a few short blocks follow it (a marker at the top of a form cuts nothing)."""
    first = max(len(blocks) - _MAX_TAIL, len(blocks) // 2, 1)
    for i in range(len(blocks) - 1, first - 1, -1):
        if _is_end_marker(blocks[i]):
            return blocks[:i] if all(_short(b) for b in blocks[i + 1 :]) else blocks
    return blocks


def _is_end_marker(block: Block) -> bool:
    if not isinstance(block, Para) or len(block.text.split()) > 12:
        return False
    return bool(_END_MARKER.match(block.text.strip()))


def _short(block: Block) -> bool:
    """A short paragraph or label/answer pair; a :class:`Tagged` answer (a named control, a PDF
    form field) is never cut off."""
    if isinstance(block, Para):
        return len(block.text.split()) <= _SHORT_WORDS
    if isinstance(block, Pair):
        return len(block.label.split()) <= _SHORT_WORDS and len((block.value or "").split()) <= _SHORT_WORDS
    return False


def _apart(last: Para, before: Block, set_apart: Callable[[Para, Para], bool] | None) -> bool:
    """A short last paragraph, set apart in look from the answer text before it."""
    if set_apart is None or not isinstance(before, Para) or before.emphasis:
        return False
    if len(last.text.split()) > _MAX_NOTE_WORDS or "\n" in last.text.strip():
        return False
    return set_apart(last, before)
