"""Tolerant matching of a label someone typed against the form's labels and aliases.

Labels are read as concept words (:mod:`parsers.form.vocabulary`: normalised, stemmed, synonyms and phrases
read as the concept they name) and scored against every label, alias and key of the form:

* a Dice overlap of concept words, each word weighted by how few fields use it (so "name" in
  "Name of library service" says little), with a bonus when the head nouns agree ("Title" in
  "Title of project");
* a character similarity (rapidfuzz's Indel ratio, as difflib's ratio but computed in C) that
  forgives typos.

The best field wins only when it clears a threshold and beats the next field clearly; a label
never names two fields.

:meth:`LabelMatcher.match` with ``loose=True`` is for text the layout already shows to be a label
(a table's label cell, a line ending in ":" or "?", a numbered or bold question). There, words the
form does not know ("Lead officer name", "Name of person completing this form") do not count
against a field: the field is the one whose labels are headed by the typed label's head concept,
or else the one that holds the largest weighted share of the typed words the form knows.

The form's label words are indexed once per schema (:meth:`LabelMatcher.for_schema`): a typed label
is scored only against the variants that share one of its concept words, or have its number of
words (for the typo check), and every answer is remembered for the rest of the run.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import TypeVar

from rapidfuzz import fuzz, process

from parsers.form.vocabulary import CONCEPTS, HINT, STOPWORDS, content_words, head_word, normalise, stem
from parsers.schema import FormSchema

__all__ = ["HINT", "STOPWORDS", "LabelMatch", "LabelMatcher", "content_words", "head_word", "normalise",
           "stem"]

_LOOSE_SCORE = 0.75
"""The score of a loose match: above the usual thresholds (0.6, 0.7), below the strict one (0.9)."""
_REMEMBERED = 50_000
"""How many typed labels one matcher remembers before it starts afresh (a run's memory stays flat)."""

_K = TypeVar("_K")
_V = TypeVar("_V")


@dataclass(frozen=True)
class Variant:
    """One way the form names a field: its label, an alias or its key, normalised.
    ``weight`` is the summed weight of ``words`` (set once the form's vocabulary is known);
    ``head`` the concept the label is about."""

    key: str
    text: str
    words: tuple[str, ...]
    canonical: bool
    head: str | None = None
    weight: float = 0.0

    @property
    def n_words(self) -> int:
        return self.text.count(" ") + 1


@dataclass(frozen=True)
class LabelMatch:
    key: str
    score: float


_TYPO_LETTERS = 0.85
"""The least :func:`_letter_ratio` of a typed label and a label it may be a typo of."""


def _lengths_allow(a_len: int, b_len: int) -> bool:
    """False when texts of these lengths cannot reach :data:`_TYPO_LETTERS` in :func:`_letter_ratio`
    (it is at most twice the shorter length over both): no letters need counting then."""
    total = a_len + b_len
    return not total or 2 * min(a_len, b_len) / total >= _TYPO_LETTERS


def _letter_ratio(a: Counter[str], a_len: int, b: Counter[str], b_len: int) -> float:
    """``SequenceMatcher.quick_ratio`` from letter counts made once: an upper bound of the ratio,
    so that a label far from every variant costs no matcher (20,000 one-word table cells, each
    compared with every one-word label, took seconds)."""
    total = a_len + b_len
    return 2 * sum((a & b).values()) / total if total else 1.0


class LabelMatcher:
    """Matches typed labels against one form. Build once per schema (:meth:`for_schema`); matching
    is pure, so the answers are remembered."""

    @staticmethod
    def for_schema(schema: FormSchema) -> LabelMatcher:
        """The matcher of ``schema``, built on its first use in this process and shared after."""
        return _matcher_of(schema)

    def __init__(self, schema: FormSchema) -> None:
        variants = _variants(schema)
        fields_of: dict[str, set[str]] = {}
        for v in variants:
            for w in v.words:
                fields_of.setdefault(w, set()).add(v.key)
        self.weights = {w: 1.0 / len(keys) for w, keys in fields_of.items()}
        self.vocabulary = frozenset(fields_of) | CONCEPTS
        self.variants = [Variant(v.key, v.text, v.words, v.canonical, v.head,
                                 sum(self.weight(w) for w in set(v.words))) for v in variants]
        self.keys = [f.key for f in schema.fields]
        self.kinds = {f.key: f.kind for f in schema.fields}
        self.concepts = {k: frozenset(w for v in self.variants if v.key == k for w in v.words)
                         for k in self.keys}
        self.heads = {k: frozenset(v.head for v in self.variants if v.key == k and v.head) for k in self.keys}
        self.canonical_heads = {v.key: v.head for v in self.variants if v.canonical}
        self.head_words = frozenset(h for hs in self.heads.values() for h in hs)
        self.exact = {v.text: v for v in self.variants}
        self._canonical_starts = tuple(v.text + " " for v in self.variants if v.canonical)
        self.max_words = max((len(v.text.split()) for v in self.variants), default=8)
        # The index: which variants use a concept word, which have a given number of words, and
        # the form's vocabulary by word length (a typo is at most two letters longer or shorter).
        by_word: dict[str, list[int]] = {}
        by_length: dict[int, list[int]] = {}
        for i, v in enumerate(self.variants):
            for w in set(v.words):
                by_word.setdefault(w, []).append(i)
            by_length.setdefault(v.n_words, []).append(i)
        self._by_word = {w: tuple(ix) for w, ix in by_word.items()}
        self._by_length = {n: tuple(ix) for n, ix in by_length.items()}
        self._by_key = {k: tuple(v for v in self.variants if v.key == k) for k in self.keys}
        self._vocabulary_by_length: dict[int, list[str]] = {}
        for w in sorted(self.vocabulary):
            self._vocabulary_by_length.setdefault(len(w), []).append(w)
        # Labels repeat across lines, candidates and messages; the answers live with this matcher.
        self._cache: dict[tuple[str, bool], LabelMatch | None] = {}
        self._scores: dict[str, list[LabelMatch]] = {}
        self._shares: dict[str, float] = {}
        self._typos: dict[str, bool] = {}
        self._letters = {v.text: Counter(v.text) for v in self.variants}

    def weight(self, word: str) -> float:
        return self.weights.get(word, 1.0)

    def score(self, typed: str) -> list[LabelMatch]:
        """Every field's best score for ``typed`` (already normalised), best first; fields scoring
        0 are left out."""
        ranked = self._scores.get(typed)
        if ranked is None:
            ranked = _remember(self._scores, typed, self._score(typed))
        return list(ranked)

    def _score(self, typed: str) -> list[LabelMatch]:
        words = content_words(typed) or typed.split()
        a = set(words)
        a_weight = sum(self.weight(w) for w in a)
        head = head_word(typed)
        n_words = typed.count(" ") + 1
        same_length = self._by_length.get(n_words, ())
        # Only variants sharing a word (Dice > 0) or with as many words (the typo check) can score;
        # they are visited in the form's order, so ties rank as before.
        indexes = {i for w in a for i in self._by_word.get(w, ())}
        indexes.update(same_length)
        best: dict[str, float] = {}
        letters: Counter[str] | None = None
        for i in sorted(indexes):
            v = self.variants[i]
            s = self._dice(a, a_weight, head, v)
            if v.n_words == n_words and s < 0.85 and _lengths_allow(len(typed), len(v.text)):
                letters = Counter(typed) if letters is None else letters
                if _letter_ratio(letters, len(typed), self._letters[v.text], len(v.text)) >= _TYPO_LETTERS:
                    s = max(s, self._typo_score(typed, v.text))
            if s > best.get(v.key, 0.0):
                best[v.key] = s
        return sorted((LabelMatch(k, s) for k, s in best.items()), key=lambda m: -m.score)

    def _dice(self, a: set[str], a_weight: float, head: str | None, v: Variant) -> float:
        """Weighted Dice overlap of content words, with a bonus when the head nouns agree."""
        common = a.intersection(v.words)
        if not common:
            return 0.0
        inter = sum(self.weight(w) for w in common)
        total = a_weight + v.weight
        dice = 2 * inter / total if total else 0.0
        if head is not None and head == v.head:
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
        ratio = fuzz.ratio(typed, text, score_cutoff=85.0) / 100.0
        if ratio == 0.0:
            return 0.0
        for x, y in zip(a, b, strict=True):
            if x != y and fuzz.ratio(x, y, score_cutoff=70.0) == 0.0:
                return 0.0
        return ratio

    def known_share(self, label: str) -> float:
        """The share of ``label``'s content words that are words of the form's labels (or concepts
        of the synonym table): 1.0 for "Title of your case study", 1/3 for "Quarrington Borough
        Council", whose other words are a place. 0.0 when it has no words."""
        share = self._shares.get(label)
        if share is None:
            words = content_words(normalise(label))
            share = sum(1 for w in words if self._known(w)) / len(words) if words else 0.0
            _remember(self._shares, label, share)
        return share

    def head_known(self, label: str) -> bool:
        """True when the concept ``label`` is about heads one of the form's labels ("name" in
        "Lead officer name")."""
        return head_word(normalise(label)) in self.head_words

    def _known(self, word: str) -> bool:
        """A word of the form's labels, or a typo of one ("nmae")."""
        if word in self.vocabulary:
            return True
        if len(word) < 4 or word.isdigit():
            return False
        known = self._typos.get(word)
        if known is None:
            near = [v for n in range(len(word) - 2, len(word) + 3)
                    for v in self._vocabulary_by_length.get(n, ())]
            known = _remember(self._typos, word, _typo_of_any(word, near))
        return known

    def coverage(self, typed: str, key: str) -> float:
        """The largest share of ``typed``'s content words found in one label or alias of ``key``."""
        words = set(content_words(typed) or typed.split())
        if not words:
            return 0.0
        return max((len(words.intersection(v.words)) / len(words) for v in self._by_key.get(key, ())),
                   default=0.0)

    def match(self, label: str, threshold: float = 0.6, *, loose: bool = False) -> LabelMatch | None:
        """The field ``label`` names, or ``None`` when no field clears ``threshold`` clearly.
        ``loose`` (the layout shows ``label`` is a label) also accepts a label read by its
        concepts alone (see the module docstring), scored 0.75."""
        if label.count(" ") > 2 * self.max_words + 16:
            return None
        if (label, loose) in self._cache:
            best = self._cache[(label, loose)]
        else:
            best = self._best(label)
            if loose and (best is None or best.score < _LOOSE_SCORE):
                best = self._loose(label) or best
            _remember(self._cache, (label, loose), best)
        return best if best is not None and best.score >= threshold else None

    def _best(self, label: str) -> LabelMatch | None:
        typed = normalise(label)
        if not typed or len(typed.split()) > self.max_words + 8:
            return None
        exact = self.exact.get(typed)
        if exact is not None:
            return LabelMatch(exact.key, 1.0)
        words = set(content_words(typed))
        if words and words <= self.vocabulary and not self._informative(words):
            # "Your case study", "Section 2 - About you": only words every part of the form shares.
            return None
        ranked = self.score(typed)
        if not ranked or ranked[0].score <= 0.0:
            return None
        if len(ranked) > 1 and ranked[0].score - ranked[1].score < 0.05:
            return None
        return ranked[0]

    def _loose(self, label: str) -> LabelMatch | None:
        """The field a label names by its concepts alone, ignoring words the form does not know;
        ``None`` when none or more than one field fits."""
        typed = normalise(label)
        words = content_words(typed)
        known = {w for w in words if w in self.vocabulary}
        if not known or len(words) > self.max_words + 4 or 3 * len(known) < len(words):
            return None
        head = head_word(typed)
        if not self._informative(known):
            # Only qualifiers ("Full details": "full" of "Full name") or the form's topic ("Your
            # case study") are known: not enough.
            return None
        candidates = [k for k in self.keys if head in self.heads[k]] if head in known else []
        if not candidates:
            candidates = self._most_known(known, self.keys, min_share=0.5)
        if len(candidates) > 1:
            candidates = self._most_known(known, candidates, min_share=0.0)
        if len(candidates) > 1:
            candidates = self._by_dice(typed, candidates)
        if len(candidates) > 1 and head is not None:
            candidates = [k for k in candidates if self.canonical_heads.get(k) == head] or candidates
        return LabelMatch(candidates[0], _LOOSE_SCORE) if len(candidates) == 1 else None

    def _informative(self, words: set[str]) -> bool:
        """True when one of ``words`` heads a label of the form or belongs to one field only."""
        return any(w in self.head_words or self.weight(w) >= 1.0 for w in words)

    def _most_known(self, known: set[str], keys: list[str], *, min_share: float) -> list[str]:
        """Of ``keys``, the fields holding the largest weighted share (at least ``min_share``) of
        ``known``."""
        total = sum(self.weight(w) for w in known)
        shares = {k: sum(self.weight(w) for w in known & self.concepts[k]) / total for k in keys}
        top = max(shares.values(), default=0.0)
        if top < min_share or top == 0.0:
            return []
        return [k for k, s in shares.items() if s >= top - 0.01]

    def _by_dice(self, typed: str, keys: list[str]) -> list[str]:
        """Of ``keys``, the one the Dice score prefers by a clear margin (all of them otherwise)."""
        ranked = [m for m in self.score(typed) if m.key in keys]
        if len(ranked) >= 2 and ranked[0].score - ranked[1].score >= 0.05:
            return [ranked[0].key]
        if len(ranked) == 1:
            return [ranked[0].key]
        return keys

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


def _typo_of_any(word: str, words: list[str]) -> bool:
    """True when ``word`` is a typo of one of ``words`` ("nmae" of "name"): an Indel similarity of
    at least 0.75 (``words`` are already those within two letters of its length)."""
    return bool(words) and process.extractOne(word, words, scorer=fuzz.ratio, score_cutoff=75.0) is not None


def _remember(cache: dict[_K, _V], key: _K, value: _V) -> _V:
    """Store ``value`` under ``key`` and return it; a cache that is full is emptied first."""
    if len(cache) >= _REMEMBERED:
        cache.clear()
    cache[key] = value
    return value


@lru_cache(maxsize=16)
def _matcher_of(schema: FormSchema) -> LabelMatcher:
    return LabelMatcher(schema)


def _variants(schema: FormSchema) -> list[Variant]:
    """Every label, alias and key of the form, normalised, once per field."""
    variants: list[Variant] = []
    for f in schema.fields:
        texts = [(f.label, True), *((a, False) for a in f.aliases), (f.key.replace("_", " "), False)]
        seen: set[str] = set()
        for text, canonical in texts:
            n = normalise(text)
            if n and n not in seen:
                seen.add(n)
                words = tuple(content_words(n)) or tuple(n.split())
                variants.append(Variant(f.key, n, words, canonical, head_word(n)))
    return variants
