"""Which columns of a form table hold the labels and the answers, decided once per table.

Forms add columns around ``label | answer``: a numbering column in front ("1.", "Q2"), a word
count after the answer ("35", "35 words", "35 / 50", and "n/a" for questions with no limit), a
guidance column beside the question. Reading cell by cell, such a column joins the answer
("Ann Lee n/a"). So a table's columns are judged as a whole, on texts only:

* a heading row ("Question | Your response | Word count") names the role of each column: when it
  names both a question column and an answer column, only those two are read; otherwise the
  columns it names as counts, numbering or guidance are dropped;
* without one, a column after the first whose every filled cell is a count or a "not
  applicable" mark (and at least one cell a real number) is a count column, and a first column
  whose every filled cell is a number or "Q3" is numbering.

At least two columns are always kept: a table of figures ("Year | Visits | Loans") keeps all.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Literal

Role = Literal["label", "answer", "count", "number", "note"]

NUMBERING = re.compile(r"^\(?(?:q(?:uestion)?\s*)?(?:\d{1,3}|[a-z]|[ivx]{1,5})[.):]?\)?$", re.I)
"""A numbering cell or paragraph: "1.", "(b)", "Q3", "iv)"."""

_NUMBER = r"\d[\d,]*"
COUNT = re.compile(
    r"^\(?\s*(?:(?:max(?:imum)?|up\s+to|limit|approx(?:imately|\.)?|c\.|about)\s*:?\s*)?"
    rf"{_NUMBER}\s*(?:(?:/|of|out\s+of)\s*{_NUMBER}\s*)?(?:words?)?\s*(?:used|max(?:imum)?)?\s*\)?\.?$"
    r"|^\(?\s*word\s*count\b.*$"
    rf"|^\(?\s*(?:words?(?:\s+used)?|(?:no\.?|number)\s+of\s+words)\s*[:=]?\s*{_NUMBER}\s*\)?$",
    re.I,
)
"""A word count or word limit: "35", "35 words", "35 / 50", "35 of 50 words", "Word count: 35"."""

NOT_APPLICABLE = re.compile(
    r"^\(?\s*(?:n\s*/\s*a|n\.a\.?|na|none|nil|not applicable|no (?:word )?limit|unlimited|"
    r"-+|\u2013|\u2014|\u2012)\s*\)?$",
    re.I,
)
"""What a count column shows for a question that has no limit."""

WORD_COUNT_NOTE = re.compile(
    rf"^\(?\s*(?:(?:word\s*count|words?(?:\s+used)?|(?:no\.?|number)\s+of\s+words)\s*[:=\-\u2013]?\s*{_NUMBER}"
    rf"|{_NUMBER}\s*(?:(?:/|of|out\s+of)\s*{_NUMBER}\s*)?words?(?:\s+used)?)\s*\)?\.?$",
    re.I,
)
"""A paragraph that only states a word count and says so in words: "(35 words)", "Word count: 35".
A bare number does not match: it may be an answer."""

_ROLE_WORDS: tuple[tuple[Role, re.Pattern[str]], ...] = (
    ("count", re.compile(
        r"^(?:word ?counts?|(?:no\.?|number|count|total) of words|words?(?: used| count| total| limit)?|"
        r"word ?limits?|count|limit|length|max(?:imum)?(?: words)?)$")),
    ("number", re.compile(r"^(?:no\.?|number|#|ref(?:erence)?|q(?:uestion)? ?(?:no\.?|number)|item no\.?)$")),
    ("label", re.compile(
        r"^(?:questions?|fields?|items?|labels?|prompts?|topics?|headings?|(?:information|details) required|"
        r"the question|form questions?)$")),
    ("answer", re.compile(
        r"^(?:(?:your|the|applicant'?s?|our)\s+)?(?:answers?|responses?|reply|replies|details|information|"
        r"entry|entries|values?|submission|text)(?:\s+(?:here|below))?$"
        r"|^(?:please )?(?:complete|fill in|type|enter)(?: (?:here|below|your answer))?$")),
    ("note", re.compile(
        r"^(?:guidance(?: notes?)?|notes?|hints?|help|instructions?|comments?|remarks?|explanation|"
        r"what (?:we|to) (?:are looking for|include)|sections?|parts?)$")),
)
_HINT = re.compile(r"\s*[(\[][^()\[\]]{0,40}[)\]]\s*")


def heading_role(text: str) -> Role | None:
    """The role a column heading names, or ``None`` when ``text`` is no column heading."""
    t = _HINT.sub(" ", text).strip().rstrip(":").strip().lower()
    t = re.sub(r"\s+", " ", t)
    for role, pattern in _ROLE_WORDS:
        if pattern.match(t):
            return role
    return None


def is_heading_row(texts: list[str]) -> bool:
    """A row of column headings ("Question | Answer | Word count"): at least two filled cells,
    every one a heading. ``texts`` holds the row's cell texts ("" for an empty cell)."""
    filled = [t for t in texts if t.strip()]
    return len(filled) >= 2 and all(heading_role(t) is not None for t in filled)


@dataclass(frozen=True)
class ColumnPlan:
    """The columns to read in rows of ``width`` cells; rows of other widths are left as they are."""

    width: int
    keep: tuple[int, ...]

    def apply(self, row: list[str]) -> list[int]:
        """Indices of ``row``'s cells to read (all of them when the row is not ``width`` wide)."""
        return list(self.keep) if len(row) == self.width else list(range(len(row)))


def plan_columns(rows: list[list[str]]) -> ColumnPlan | None:
    """The plan for a table given as cell texts per row, or ``None`` when every column is read
    (fewer than three columns, or no column that is numbering, counts or guidance)."""
    widths = Counter(len(r) for r in rows if len(r) >= 3)
    if not widths:
        return None
    width = widths.most_common(1)[0][0]
    table = [r for r in rows if len(r) == width]
    header = next((r for r in table if any(t.strip() for t in r)), None)
    if header is not None and is_heading_row(header):
        keep = _by_heading(header)
        body = [r for r in table if r is not header]
    else:
        keep, body = list(range(width)), table
    keep = _drop_by_content(keep, body)
    if len(keep) < 2 or len(keep) == width:
        return None
    return ColumnPlan(width, tuple(keep))


def _by_heading(header: list[str]) -> list[int]:
    roles = [heading_role(t) if t.strip() else None for t in header]
    if roles.count("label") == 1 and roles.count("answer") == 1:
        return [roles.index("label"), roles.index("answer")]
    keep = [i for i, r in enumerate(roles) if r not in ("count", "number", "note")]
    return keep if len(keep) >= 2 else list(range(len(header)))


def _drop_by_content(keep: list[int], body: list[list[str]]) -> list[int]:
    """Without the numbering first column and the count columns, when two columns of words remain
    (a table of figures keeps every column)."""
    if len(keep) < 3:
        return keep
    words = [
        i for n, i in enumerate(keep)
        if not _is_count_column([r[i] for r in body])
        and not (n == 0 and _is_numbering_column([r[i] for r in body]))
    ]
    return words if len(words) >= 2 else keep


def is_count(text: str) -> bool:
    """A short cell stating a word count or limit ("35 words (limit 50)") or "n/a"."""
    t = text.strip()
    if not t or len(t.split()) > 6:
        return False
    bare = _HINT.sub(" ", t).strip()
    return any(bool(COUNT.match(s) or NOT_APPLICABLE.match(s)) for s in (t, bare) if s)


def _is_count_column(texts: list[str]) -> bool:
    filled = [t.strip() for t in texts if t.strip()]
    return (
        len(filled) >= 1
        and all(is_count(t) for t in filled)
        and any(any(ch.isdigit() for ch in t) for t in filled)
    )


def _is_numbering_column(texts: list[str]) -> bool:
    filled = [t.strip() for t in texts if t.strip()]
    return len(filled) >= 2 and all(NUMBERING.match(t) for t in filled)
