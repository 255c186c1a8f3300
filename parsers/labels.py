"""Tolerant matching of a label someone typed against the form's labels and aliases.

A label is normalised (case, numbering such as ``1.`` or ``Q1``, hints such as ``(max 50 words)``
or ``(50 words)``, punctuation, a trailing ``?``, British/American spelling, simple word endings)
and scored against every label, alias and key of the form with two measures, keeping the higher:

* a Dice overlap of content words, each word weighted by how few fields use it (so "name" in
  "Name of library service" says little), with a bonus when the last word (the head noun) agrees;
* a character similarity (difflib) that forgives typos.

Before scoring, words are read as concepts: a small built-in table of synonyms ("Overview" and
"Synopsis" are a summary, "role" and "position" a job, "submitter" a name, "What did you do?" a
description, "What would you like to call it?" a title, "What did you learn?" lessons) is applied to
the form's own labels and aliases and to what was typed alike, so the fields' concept words come from
the configured form and a form with other questions still works.

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
    r"\d[\d,]*\s*words?(?:\s*(?:max(?:imum)?|limit|or\s+(?:less|fewer)|maximum))?\b"
    r"|\bword\s*(?:limit|count)\s*:?\s*(?:of\s*)?\d[\d,]*|\bmax(?:imum|\.)?\s*\d[\d,]*", re.I)
HINT = _HINT
"""A word-count hint without its brackets ("max 50 words", "750 words maximum", "word limit: 100")."""
_NUMBERING = re.compile(r"^\s*(?:(?:(?:q(?:uestion)?|no\.?|section|part)\s*\d+[a-z]?|\d+[a-z]?(?:\.\d+)*)"
                        r"\s*[.):\-\u2013\u2014]?|\(?(?:[a-h]|[ivx]{1,4})[.)])\s+", re.I)
_BULLET = re.compile(r"^\s*[*\u2022\u25aa\u25cf\u2023\u2043>#\-]+\s*")
_EMAIL_WORD = re.compile(r"\be\s*-\s*mail")
_ORGANIZATION = re.compile(r"organi[sz]ation")
_NON_WORD = re.compile(r"[\W_]+")
STOPWORDS = frozenset(
    "your the of for a an please give enter provide state us what is are was were our my you "
    "did do does to in and or this that it its with on we by from have has which who how s i me "
    "here below above there any would like could can should will shall kindly briefly about "
    "if applicable optional required be as at so other main whole further e g eg etc "
    "points point answer response text box field section".split())
# Words and phrases that name the same idea on a form. Each group's words are read as its first word
# (after stemming), in the form's own labels and in typed labels alike; phrases are rewritten to
# that word before the words are split.
_SYNONYMS: tuple[tuple[str, ...], ...] = (
    ("summary", "summarise", "summarize", "summarising", "overview", "synopsis", "abstract", "brief",
     "precis", "nutshell", "outline"),
    ("description", "describe", "describing", "tell", "explain", "story"),
    ("lessons", "lesson", "learn", "learnt", "learned", "learning", "learnings", "takeaway", "takeaways",
     "advice", "tips", "reflections", "insights", "differently"),
    ("title", "headline", "call", "called"),
    ("name", "submitter", "submitted", "submitting", "person", "fullname"),
    ("job", "role", "position", "post", "occupation", "designation"),
    ("email", "emails", "mail"),
    ("organisation", "organisations", "employer", "institution", "council", "authority", "company"),
)
_PHRASES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\bdo (?:anything |things )?differently\b|\bwhat (?:went|worked) (?:well|wrong)\b"),
     "lessons"),
    (re.compile(r"\bwhat (?:did|do|have) (?:you|we) (?:do|done)\b|\bwhat (?:you|we) did\b|"
                r"\bwhat happened\b|\bhow did (?:it|you|the project) (?:work|go)\b"), "description"),
    (re.compile(r"\bname (?:of|for) (?:the |your |this )?(?:case stud\w*|project|initiative)\b"),
     "title case study"),
    (re.compile(r"\bwho (?:do|does) (?:you|they) work for\b|\bwork (?:for|at)\b|\bwhere do you work\b"),
     "organisation"),
    (re.compile(r"\bin (?:brief|a nutshell|short)\b|\bin (?:one|a few|a couple of) (?:sentence|line)s?\b"),
     "summary"),
    (re.compile(r"\bwho are you\b|\bwho is (?:submitting|sending)\b"), "name"),
    (re.compile(r"\bhow (?:can|should|do) we (?:contact|reach|email) you\b"), "email"),
)
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


def _concepts() -> dict[str, str]:
    table: dict[str, str] = {}
    for group in _SYNONYMS:
        head = stem(group[0])
        for word in group:
            table[word] = head
            table[stem(word)] = head
    return table


_CONCEPT = _concepts()


def concept(word: str) -> str:
    """The stemmed word as the concept it names ("overview" and "summaries" are "summar")."""
    return _CONCEPT.get(word) or _CONCEPT.get(stem(word)) or stem(word)


def content_words(normalised: str) -> list[str]:
    """The concept words of a normalised label: stopwords dropped, phrases and synonyms read as the
    concept they name ("what did you do" -> description)."""
    for pattern, replacement in _PHRASES:
        if pattern.search(normalised):
            normalised = pattern.sub(f" {replacement} ", normalised)
    return [concept(w) for w in normalised.split() if w not in STOPWORDS]


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
        self.vocabulary = frozenset(fields_of) | frozenset(_CONCEPT.values())
        self.variants = [Variant(v.key, v.text, v.words, v.canonical,
                                 sum(self.weight(w) for w in set(v.words))) for v in variants]
        variants = self.variants
        self.exact = {v.text: v for v in variants}
        self._canonical_starts = tuple(v.text + " " for v in variants if v.canonical)
        self.max_words = max((len(v.text.split()) for v in variants), default=8)
        # Labels repeat across the candidates of one message; the cache lives with this matcher.
        self._cache: dict[str, LabelMatch | None] = {}
        self._typos: dict[str, bool] = {}

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

    def known_share(self, label: str) -> float:
        """The share of ``label``'s content words that are words of the form's labels (or concepts
        of the synonym table): 1.0 for "Title of your case study", 1/3 for "Quarrington Borough
        Council", whose other words are a place. 0.0 when it has no words."""
        words = content_words(normalise(label))
        if not words:
            return 0.0
        return sum(1 for w in words if self._known(w)) / len(words)

    def _known(self, word: str) -> bool:
        """A word of the form's labels, or a typo of one ("nmae")."""
        if word in self.vocabulary:
            return True
        if len(word) < 4 or word.isdigit():
            return False
        if word not in self._typos:
            self._typos[word] = any(
                abs(len(v) - len(word)) <= 2 and SequenceMatcher(None, word, v, autojunk=False).ratio() >= 0.75
                for v in self.vocabulary)
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
