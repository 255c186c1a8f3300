"""Reviewer aids: theme tags from keywords, measurable impact highlighted, word counts, and the
side-by-side difference between two versions. Pure functions over text; HTML comes out as
``Markup`` whose every piece of submitter text has been escaped.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass

from markupsafe import Markup, escape

# The call's themes live with the configuration (one table, one source of truth).
from intake.config import DEFAULT_THEMES as DEFAULT_THEMES  # noqa: E402

# The form's one documented word-counting rule (the one validation applies), re-exported here.
from parsers import count_words as count_words

_MONEY = (r"(?:£|\$|€|GBP\s?)\s?\d[\d,]*(?:\.\d+)?(?:\s?(?:k|m|bn|million|billion|thousand)\b)?"
          r"|\b\d[\d,]*(?:\.\d+)?\s?(?:million|billion|thousand)?\s?(?:pounds|GBP)\b")
_PERCENT = r"\b\d+(?:\.\d+)?\s?(?:%|per\s?cent\b|percent\b)"
_BUDGET = (r"\bbudgets?\s+(?:(?:was|were|has\s+been|have\s+been|is|are)\s+)?"
           r"(?:protected|saved|secured|safeguarded|maintained|increased|ring-?fenced)\b"
           r"|\b(?:protected|saved|secured|safeguarded|ring-?fenced)\s+(?:the\s+|our\s+|its\s+|their\s+)?budgets?\b"
           r"|\b(?:cuts?|closures?)\s+(?:(?:was|were|had\s+been)\s+)?(?:avoided|reversed|prevented)\b")
IMPACT_RE = re.compile(f"{_MONEY}|{_PERCENT}|{_BUDGET}", re.IGNORECASE)


def themes_in_force(configured: Mapping[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    """The configured themes, or :data:`DEFAULT_THEMES` when the config names none."""
    return dict(configured) if configured else dict(DEFAULT_THEMES)


_WORD_CHAR = re.compile(r"\w")


@dataclass(frozen=True)
class _Keyword:
    """A theme keyword, prepared: ``first`` its first word in lower case, ``whole`` its words in
    lower case with any run of punctuation or spaces between them (the last word may run on)."""

    text: str
    first: str
    whole: re.Pattern[str]

    @classmethod
    def of(cls, keyword: str) -> _Keyword | None:
        """``keyword`` prepared; ``None`` when it has no word (it can match nothing)."""
        words = re.findall(r"\w+", keyword.lower())
        if not words:
            return None
        return cls(keyword, words[0], re.compile(r"\W+".join(map(re.escape, words))))

    def found_in(self, lowered: str) -> bool:
        """Whether the keyword starts at a word start of ``lowered`` (a text in lower case). Found
        with ``str.find`` and checked where found: a page of the queue tags fifty long texts, and
        splitting each into words cost more than the rest of the page."""
        at = lowered.find(self.first)
        while at >= 0:
            if (at == 0 or not _WORD_CHAR.match(lowered, at - 1)) and self.whole.match(lowered, at):
                return True
            at = lowered.find(self.first, at + 1)
        return False


class ThemeMatcher:
    """The configured themes, prepared once to tag many texts quickly.

    A keyword matches at the start of a word and may run on ("volunteer" finds "volunteers",
    "cabinet member" finds "Cabinet Members"); its words but the last are whole words. The rule the
    queue's theme filter uses in full-text search. Punctuation and case are ignored.
    """

    def __init__(self, themes: Mapping[str, tuple[str, ...]]) -> None:
        self.themes = dict(themes)
        prepared = {name: [_Keyword.of(k) for k in keywords] for name, keywords in self.themes.items()}
        self._keywords = {name: [k for k in kws if k is not None] for name, kws in prepared.items()}

    def matches(self, text: str) -> dict[str, list[str]]:
        """For each theme found in ``text``, the keywords found; themes not found are absent."""
        lowered = text.lower()
        found = {name: [k.text for k in kws if k.found_in(lowered)] for name, kws in self._keywords.items()}
        return {name: kws for name, kws in found.items() if kws}

    def names(self, text: str) -> list[str]:
        """The themes whose keywords appear in ``text``, in the configured order."""
        lowered = text.lower()
        return [name for name, kws in self._keywords.items() if any(k.found_in(lowered) for k in kws)]


def answers_text(fields: Mapping[str, object] | None) -> str:
    """The answers of a reading as one text for theme tagging, a line each (empty answers left
    out); ``""`` for ``None`` (no reading)."""
    return "\n".join(str(v) for v in (fields or {}).values() if v)


def theme_matches(text: str, themes: Mapping[str, tuple[str, ...]]) -> dict[str, list[str]]:
    """For each theme found in ``text``, the keywords that were found; themes not found are absent."""
    return ThemeMatcher(themes).matches(text)


def themes_for(text: str, themes: Mapping[str, tuple[str, ...]]) -> list[str]:
    """The names of the themes whose keywords appear in ``text``, in the configured order."""
    return ThemeMatcher(themes).names(text)


def impact_phrases(text: str) -> list[str]:
    """Sums of money, percentages and "budget protected"-style phrases in ``text``, in order."""
    return [m.group(0) for m in IMPACT_RE.finditer(text)]


def highlight_impact(text: str) -> Markup:
    """``text`` escaped, with each measurable-impact phrase wrapped in ``<mark class="impact">``."""
    out: list[str] = []
    pos = 0
    for m in IMPACT_RE.finditer(text):
        out.append(str(escape(text[pos:m.start()])))
        out.append(f'<mark class="impact">{escape(m.group(0))}</mark>')
        pos = m.end()
    out.append(str(escape(text[pos:])))
    return Markup("".join(out))


def paragraphs(text: str | None) -> list[str]:
    """The paragraphs of an answer (separated by blank lines); empty for ``None`` or blank text."""
    if not text or not text.strip():
        return []
    return [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]


@dataclass(frozen=True)
class DiffRow:
    """One field compared across two versions. ``changed`` is False when the answers are equal."""

    key: str
    label: str
    old: Markup
    new: Markup
    changed: bool


def word_diff(old: str | None, new: str | None) -> tuple[Markup, Markup]:
    """``old`` and ``new`` escaped, with removed words in ``<del>`` and added words in ``<ins>``."""
    a, b = (old or "").split(), (new or "").split()
    left: list[str] = []
    right: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        old_part, new_part = str(escape(" ".join(a[i1:i2]))), str(escape(" ".join(b[j1:j2])))
        if op == "equal":
            left.append(old_part)
            right.append(new_part)
            continue
        if old_part:
            left.append(f"<del>{old_part}</del>")
        if new_part:
            right.append(f"<ins>{new_part}</ins>")
    return Markup(" ".join(left)), Markup(" ".join(right))


def version_diff(old: Mapping[str, object], new: Mapping[str, object],
                 labels: Mapping[str, str]) -> list[DiffRow]:
    """Every field of either version (form order first), old and new side by side."""
    keys = list(labels) + [k for k in [*old, *new] if k not in labels]
    rows: list[DiffRow] = []
    for key in dict.fromkeys(keys):
        a, b = old.get(key), new.get(key)
        if a is None and b is None:
            continue
        left, right = word_diff(None if a is None else str(a), None if b is None else str(b))
        rows.append(DiffRow(key=key, label=labels.get(key, key), old=left, new=right, changed=a != b))
    return rows
