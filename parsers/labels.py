"""Tolerant matching of a label someone typed against the form's labels and aliases.

A label is normalised (case, numbering such as ``1.`` or ``Q1``, hints such as ``(max 50 words)``
or ``(50 words)``, punctuation, a trailing ``?``, British/American spelling, simple word endings)
and scored against every label, alias and key of the form with two measures, keeping the higher:

* a Dice overlap of content words, each word weighted by how few fields use it (so "name" in
  "Name of library service" says little), with a bonus when the last word (the head noun) agrees;
* a character similarity (difflib) that forgives typos.

The best field wins only when it clears a threshold; a label never names two fields.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher

from parsers.schema import FormSchema

_BRACKETS = re.compile(r"\([^()]{0,80}\)|\[[^\[\]]{0,80}\]")
_HINT = re.compile(
    r"\b(?:(?:max(?:imum)?|up\s+to|no\s+more\s+than|not\s+more\s+than|not\s+exceeding|limit(?:ed)?\s+to|"
    r"approx(?:imately)?|about|around|under|less\s+than|fewer\s+than|within|in)\.?\s*(?:of\s+)?)?"
    r"\d[\d,]*\s*words?(?:\s*(?:max(?:imum)?|limit|or\s+(?:less|fewer)|maximum))?\b", re.I)
_NUMBERING = re.compile(r"^\s*(?:(?:(?:q(?:uestion)?|no\.?|section|part)\s*\d+[a-z]?|\d+[a-z]?(?:\.\d+)*)"
                        r"\s*[.):\-\u2013\u2014]?|\(?(?:[a-h]|[ivx]{1,4})[.)])\s+", re.I)
_BULLET = re.compile(r"^\s*[*\u2022\u25aa\u25cf\u2023\u2043>#\-]+\s*")
_EMAIL_WORD = re.compile(r"\be\s*-\s*mail")
_ORGANIZATION = re.compile(r"organi[sz]ation")
_NON_WORD = re.compile(r"[\W_]+")
STOPWORDS = frozenset(
    "your the of for a an please give enter provide state tell us what is are was were our my you "
    "did do does to in and or this that it its with on we by from have has which who how s i me "
    "here below above there any".split())
_SUFFIXES = ("isation", "ization", "ations", "ation", "ising", "izing", "ised", "ized", "ise", "ize",
             "ies", "ied", "ing", "ed", "es", "s", "y", "e")


def normalise(text: str) -> str:
    """Lower-case words of a label with hints, numbering and punctuation removed."""
    s = unicodedata.normalize("NFKC", text).lower()
    s = s.replace("\u2019", "'").replace("\u2018", "'")
    s = _EMAIL_WORD.sub("email", s)
    s = _ORGANIZATION.sub("organisation", s)
    s = _BULLET.sub("", s)
    s = _NUMBERING.sub("", s, count=1)
    s = _BRACKETS.sub(" ", s)
    s = _HINT.sub(" ", s)
    return " ".join(_NON_WORD.sub(" ", s).split())


def stem(word: str) -> str:
    """A crude, symmetric suffix strip ("lessons" and "lesson", "summary" and "summarise")."""
    if len(word) <= 4:
        return word
    for suf in _SUFFIXES:
        if word.endswith(suf) and len(word) - len(suf) >= 4:
            return word[: -len(suf)]
    return word


def content_words(normalised: str) -> list[str]:
    return [stem(w) for w in normalised.split() if w not in STOPWORDS]


@dataclass(frozen=True)
class Variant:
    """One way the form names a field: its label, an alias or its key, normalised.
    ``weight`` is the summed weight of ``words`` (set once the form's vocabulary is known)."""

    key: str
    text: str
    words: tuple[str, ...]
    canonical: bool
    weight: float = 0.0

    @property
    def n_words(self) -> int:
        return self.text.count(" ") + 1


@dataclass(frozen=True)
class LabelMatch:
    key: str
    score: float


class LabelMatcher:
    """Matches typed labels against one form. Build once per schema; matching is pure."""

    def __init__(self, schema: FormSchema) -> None:
        variants: list[Variant] = []
        for f in schema.fields:
            texts = [(f.label, True), *((a, False) for a in f.aliases), (f.key.replace("_", " "), False)]
            seen: set[str] = set()
            for text, canonical in texts:
                n = normalise(text)
                if n and n not in seen:
                    seen.add(n)
                    variants.append(Variant(f.key, n, tuple(content_words(n)) or tuple(n.split()),
                                            canonical))
        self.variants = variants
        fields_of: dict[str, set[str]] = {}
        for v in variants:
            for w in v.words:
                fields_of.setdefault(w, set()).add(v.key)
        self.weights = {w: 1.0 / len(keys) for w, keys in fields_of.items()}
        self.variants = [Variant(v.key, v.text, v.words, v.canonical,
                                 sum(self.weight(w) for w in set(v.words))) for v in variants]
        variants = self.variants
        self.exact = {v.text: v for v in variants}
        self._canonical_starts = tuple(v.text + " " for v in variants if v.canonical)
        self.max_words = max((len(v.text.split()) for v in variants), default=8)
        # Labels repeat across the candidates of one message; the cache lives with this matcher.
        self._cache: dict[str, LabelMatch | None] = {}

    def weight(self, word: str) -> float:
        return self.weights.get(word, 1.0)

    def score(self, typed: str) -> list[LabelMatch]:
        """Every field's best score for ``typed`` (already normalised), best first."""
        words = content_words(typed) or typed.split()
        a = set(words)
        a_weight = sum(self.weight(w) for w in a)
        n_words = typed.count(" ") + 1
        best: dict[str, float] = {}
        for v in self.variants:
            s = self._dice(words, a, a_weight, v)
            if v.n_words == n_words and s < 0.85:
                s = max(s, self._typo_score(typed, v.text))
            if s > best.get(v.key, 0.0):
                best[v.key] = s
        return sorted((LabelMatch(k, s) for k, s in best.items()), key=lambda m: -m.score)

    def _dice(self, words: list[str], a: set[str], a_weight: float, v: Variant) -> float:
        """Weighted Dice overlap of content words, with a bonus when the head nouns agree."""
        common = a.intersection(v.words)
        if not common:
            return 0.0
        inter = sum(self.weight(w) for w in common)
        total = a_weight + v.weight
        dice = 2 * inter / total if total else 0.0
        if words[-1] == v.words[-1]:
            dice = min(0.99, dice + 0.1)
        if len(common) == len(a) == len(set(v.words)):
            dice = max(dice, 0.97)
        return dice

    @staticmethod
    def _typo_score(typed: str, text: str) -> float:
        """Character similarity for labels typed with typos ("Sumary of case stduy"): counted only
        when both have the same number of words and every word is close to its counterpart, so
        "contact details" never passes for "contact email"."""
        a, b = typed.split(), text.split()
        if len(a) != len(b) or abs(len(typed) - len(text)) > max(4, len(text) // 4):
            return 0.0
        sm = SequenceMatcher(None, typed, text, autojunk=False)
        if sm.quick_ratio() < 0.85:
            return 0.0
        ratio = sm.ratio()
        if ratio < 0.85:
            return 0.0
        for x, y in zip(a, b, strict=True):
            if x != y and SequenceMatcher(None, x, y, autojunk=False).ratio() < 0.7:
                return 0.0
        return ratio

    def coverage(self, typed: str, key: str) -> float:
        """The largest share of ``typed``'s content words found in one label or alias of ``key``."""
        words = set(content_words(typed) or typed.split())
        if not words:
            return 0.0
        best = 0.0
        for v in self.variants:
            if v.key == key:
                best = max(best, len(words & set(v.words)) / len(words))
        return best

    def match(self, label: str, threshold: float = 0.6) -> LabelMatch | None:
        """The field ``label`` names, or ``None`` when no field clears ``threshold`` clearly."""
        if label.count(" ") > 2 * self.max_words + 16:
            return None
        if label not in self._cache:
            self._cache[label] = self._best(label)
        best = self._cache[label]
        return best if best is not None and best.score >= threshold else None

    def _best(self, label: str) -> LabelMatch | None:
        typed = normalise(label)
        if not typed or len(typed.split()) > self.max_words + 8:
            return None
        exact = self.exact.get(typed)
        if exact is not None:
            return LabelMatch(exact.key, 1.0)
        ranked = self.score(typed)
        if not ranked or ranked[0].score <= 0.0:
            return None
        if len(ranked) > 1 and ranked[0].score - ranked[1].score < 0.05:
            return None
        return ranked[0]

    def exact_prefix(self, line: str) -> tuple[str, int] | None:
        """A label typed with no separator before its answer ("Your name Jo Bloggs"): the field and
        the number of words the label takes, when the first words are exactly the form's label
        (hints aside; an alias such as "Library service" is too likely to begin an answer);
        ``None`` otherwise."""
        whole = normalise(line[:160]) + " "
        if not whole.startswith(self._canonical_starts):
            return None
        words = line.split()
        for n in range(min(len(words) - 1, self.max_words + 6), 0, -1):
            typed = normalise(" ".join(words[:n]))
            v = self.exact.get(typed)
            if v is not None and v.canonical:
                return v.key, n
        return None
