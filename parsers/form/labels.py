"""Tolerant matching of a label someone typed against the form's labels and aliases.

Labels are read as concept words (:mod:`parsers.form.vocabulary`: normalised, stemmed, synonyms and phrases
read as the concept they name) and scored against every label, alias and key of the form:

* a Dice overlap of concept words, each word weighted by how few fields use it (so "name" in
  "Name of library service" says little), with a bonus when the head nouns agree ("Title" in
  "Title of project");
* a character similarity (difflib) that forgives typos.

The best field wins only when it clears a threshold and beats the next field clearly; a label
never names two fields.

:meth:`LabelMatcher.match` with ``loose=True`` is for text the layout already shows to be a label
(a table's label cell, a line ending in ":" or "?", a numbered or bold question). There, words the
form does not know ("Lead officer name", "Name of person completing this form") do not count
against a field: the field is the one whose labels are headed by the typed label's head concept,
or else the one that holds the largest weighted share of the typed words the form knows.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher

from parsers.form.vocabulary import CONCEPTS, HINT, STOPWORDS, content_words, head_word, normalise, stem
from parsers.schema import FormSchema

__all__ = ["HINT", "STOPWORDS", "LabelMatch", "LabelMatcher", "content_words", "head_word", "normalise",
           "stem"]

_LOOSE_SCORE = 0.75
"""The score of a loose match: above the usual thresholds (0.6, 0.7), below the strict one (0.9)."""


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


def _letter_ratio(a: Counter[str], a_len: int, b: Counter[str], b_len: int) -> float:
    """``SequenceMatcher.quick_ratio`` from letter counts made once: an upper bound of the ratio,
    so that a label far from every variant costs no matcher (20,000 one-word table cells, each
    compared with every one-word label, took seconds)."""
    total = a_len + b_len
    return 2 * sum((a & b).values()) / total if total else 1.0


class LabelMatcher:
    """Matches typed labels against one form. Build once per schema; matching is pure."""

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
        # Labels repeat across the candidates of one message; the caches live with this matcher.
        self._cache: dict[tuple[str, bool], LabelMatch | None] = {}
        self._typos: dict[str, bool] = {}
        self._letters = {v.text: Counter(v.text) for v in self.variants}

    def weight(self, word: str) -> float:
        return self.weights.get(word, 1.0)

    def score(self, typed: str) -> list[LabelMatch]:
        """Every field's best score for ``typed`` (already normalised), best first."""
        words = content_words(typed) or typed.split()
        a = set(words)
        a_weight = sum(self.weight(w) for w in a)
        head = head_word(typed)
        n_words = typed.count(" ") + 1
        best: dict[str, float] = {}
        letters: Counter[str] | None = None
        for v in self.variants:
            s = self._dice(a, a_weight, head, v)
            if v.n_words == n_words and s < 0.85:
                letters = Counter(typed) if letters is None else letters
                if _letter_ratio(letters, len(typed), self._letters[v.text], len(v.text)) >= 0.85:
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

    def known_share(self, label: str) -> float:
        """The share of ``label``'s content words that are words of the form's labels (or concepts
        of the synonym table): 1.0 for "Title of your case study", 1/3 for "Quarrington Borough
        Council", whose other words are a place. 0.0 when it has no words."""
        words = content_words(normalise(label))
        if not words:
            return 0.0
        return sum(1 for w in words if self._known(w)) / len(words)

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
        if word not in self._typos:
            self._typos[word] = any(_similar(word, v) for v in self.vocabulary)
        return self._typos[word]

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

    def match(self, label: str, threshold: float = 0.6, *, loose: bool = False) -> LabelMatch | None:
        """The field ``label`` names, or ``None`` when no field clears ``threshold`` clearly.
        ``loose`` (the layout shows ``label`` is a label) also accepts a label read by its
        concepts alone (see the module docstring), scored 0.75."""
        if label.count(" ") > 2 * self.max_words + 16:
            return None
        if (label, loose) not in self._cache:
            best = self._best(label)
            if loose and (best is None or best.score < _LOOSE_SCORE):
                best = self._loose(label) or best
            self._cache[(label, loose)] = best
        best = self._cache[(label, loose)]
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


def _similar(a: str, b: str) -> bool:
    """True when ``a`` is a typo of ``b`` ("nmae" of "name")."""
    return abs(len(a) - len(b)) <= 2 and SequenceMatcher(None, a, b, autojunk=False).ratio() >= 0.75


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
