"""The words of labels: normalising what was typed, stemming, and reading words as concepts.

A label is normalised (case, accents, numbering such as ``1.`` or ``Q1``, hints such as
``(max 50 words)``, punctuation, British/American spelling) and split into content words: stopwords
dropped, each word stemmed (the Snowball English stemmer of :mod:`snowballstemmer`, in C through
PyStemmer when installed), and words read
as the concept they name through a small built-in table of synonyms ("Overview" and "Synopsis" are
a summary, "role" and "position" a job, "submitter" and "applicant" a person submitting) and of
phrases ("What did you do?" is a description, "What would you like to call it?" a title, "What would
you do differently?" lessons).
The same reading is applied to the form's own labels and aliases, so the concept words of each
field come from the configured form, and a form with other questions still works.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from functools import lru_cache

import snowballstemmer

_BRACKETS = re.compile(r"\([^()]{0,80}\)|\[[^\[\]]{0,80}\]")
HINT = re.compile(
    r"\b(?:(?:max(?:imum)?|up\s+to|no\s+more\s+than|not\s+more\s+than|not\s+exceeding|limit(?:ed)?\s+to|"
    r"approx(?:imately)?|about|around|under|less\s+than|fewer\s+than|within|in)\.?\s*(?:of\s+)?)?"
    r"\d[\d,]*\s*-?\s*words?(?:\s*(?:max(?:imum)?|limit|or\s+(?:less|fewer)|maximum))?\b"
    r"|\bword\s*(?:limit|count)\s*:?\s*(?:of\s*)?\d[\d,]*|\bmax(?:imum|\.)?\s*\d[\d,]*", re.I)
"""A word-count hint without its brackets ("max 50 words", "750 words maximum", "word limit: 100")."""
_NUMBERING = re.compile(r"^\s*(?:(?:(?:q(?:uestion)?|no\.?|section|part)\s*\d+[a-z]?|\d+[a-z]?(?:\.\d+)*)"
                        r"\s*[.):\-\u2013\u2014]?|\(?(?:[a-h]|[ivx]{1,4})[.)])\s+", re.I)
_BULLET = re.compile(r"^\s*[*\u2022\u25aa\u25cf\u2023\u2043>#\-]+\s*")
_EMAIL_WORD = re.compile(r"\be\s*-?\s*mail\b")
_ORGANIZATION = re.compile(r"organi[sz]ation")
_NON_WORD = re.compile(r"[\W_]+")

STOPWORDS = frozenset(
    "your the of for a an please give enter provide state us what is are was were our my you "
    "did do does to in and or this that it its with on we by from have has which who how s i me "
    "here below above there any would like could can should will shall kindly briefly about "
    "if applicable optional required be as at so other main whole further e g eg etc "
    "points point answer response text box field section".split())
# Words that name the same idea on a form. Each group's words are read as its first word (after
# stemming), in the form's own labels and in typed labels alike.
_SYNONYMS: tuple[tuple[str, ...], ...] = (
    ("summary", "summarise", "summarize", "summarising", "overview", "synopsis", "abstract", "brief",
     "precis", "nutshell", "outline"),
    ("description", "describe", "describing", "tell", "explain", "story", "narrative", "account"),
    ("lessons", "lesson", "learn", "learnt", "learned", "learning", "learnings", "takeaway", "takeaways",
     "advice", "tips", "reflections", "insights", "differently", "recommendations", "recommend"),
    ("title", "headline", "heading"),
    ("submitter", "submitted", "submitting", "person", "applicant", "respondent", "author"),
    ("name", "fullname", "surname"),
    ("job", "role", "position", "post", "occupation", "designation", "grade"),
    ("email", "emails", "mail"),
    ("organisation", "organisations", "employer", "employing", "institution", "council", "authority",
     "company"),
)
# Phrases rewritten to the concept they ask for before a label is split into words.
_PHRASES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\bdo (?:anything |things )?differently\b|\bwhat (?:went|worked)\b|\bdid ?n t work\b|"
                r"\b(?:for|tell|advise|to) others\b"), "lessons"),
    (re.compile(r"\b(?:short|brief) (?:description|account)\b"), "summary"),
    (re.compile(r"\bwhat (?:did|do|have) (?:you|we) (?:do|done)\b|\bwhat (?:you|we) did\b|"
                r"\bwhat happened\b|\bhow did (?:it|you|the project) (?:work|go)\b"), "description"),
    (re.compile(r"\bname (?:of|for) (?:the |your |this )?(?:case stud\w*|project|initiative)\b|"
                r"\b(?:project|case stud\w*|initiative) name\b"), "title case study"),
    (re.compile(r"\bcall (?:your|the|this|it|our)\b|\bcalled\b"), "title"),
    (re.compile(r"\bwho (?:do|does) (?:you|they) work for\b|\bwork (?:for|at)\b|\bwhere do you work\b|"
                r"\bare you from\b"), "organisation"),
    (re.compile(r"\bin (?:brief|a nutshell|short)\b|\bin (?:one|a few|a couple of) (?:sentence|line)s?\b"),
     "summary"),
    (re.compile(r"^who\b|\bwho (?:is|are) (?:submitting|sending|completing)\b|"
                r"^(?:(?:main|lead|primary|key|named) )?contact(?: (?:person|officer))?$"), "submitter"),
    (re.compile(r"\bhow (?:can|should|do) we (?:contact|reach|email) you\b"), "email"),
)
_STEMMER = snowballstemmer.stemmer("english")
# A Snowball stemmer keeps its word in its own state, so one call at a time.
_STEMMER_LOCK = threading.Lock()
_CACHED = 65536
"""How many distinct words and labels the pure functions below remember (labels repeat across lines
and messages; the bound keeps a long-running worker's memory flat)."""
# Words after which the rest of a label qualifies its head noun ("Title | of project").
_HEAD_END = frozenset("of for in from at on about within by".split())
# Head nouns that take their meaning from what follows ("Details of the project").
_LIGHT_HEADS = frozenset("detail details information info particulars".split())
# Adjectives that never carry the subject of a label ("Full details", "Short overview").
_MODIFIERS = frozenset("full short long key main detailed further additional more extra general "
                       "specific other your".split())
_QUESTION_START = frozenset("what which who how can could would please do did tell give when where why "
                            "briefly describe".split())


@lru_cache(maxsize=_CACHED)
def normalise(text: str) -> str:
    """Lower-case words of a label with accents, hints, numbering and punctuation removed."""
    s = unicodedata.normalize("NFKD", text)
    if not s.isascii():  # ASCII holds no combining marks
        s = "".join(c for c in s if not unicodedata.combining(c))
    s = s.lower()
    s = s.replace("\u2019", "'").replace("\u2018", "'")
    s = _EMAIL_WORD.sub("email", s)
    s = _ORGANIZATION.sub("organisation", s)
    s = _BULLET.sub("", s)
    s = _NUMBERING.sub("", s, count=1)
    s = _BRACKETS.sub(" ", s)
    s = HINT.sub(" ", s)
    return " ".join(_NON_WORD.sub(" ", s).split())


@lru_cache(maxsize=_CACHED)
def stem(word: str) -> str:
    """The Snowball (Porter2) English stem of a lower-case word ("lessons" and "lesson" are
    "lesson"); words of four letters or fewer are kept as they are ("data", "role")."""
    if len(word) <= 4:
        return word
    with _STEMMER_LOCK:
        return str(_STEMMER.stemWord(word))


def _concepts() -> dict[str, str]:
    """Word or stem -> the concept of its synonym group. A word listed in a group wins over another
    group's word with the same stem ("author" is a submitter although "authority" stems to it)."""
    table: dict[str, str] = {}
    for group in _SYNONYMS:
        head = stem(group[0])
        for word in group:
            table.setdefault(stem(word), head)
    for group in _SYNONYMS:
        head = stem(group[0])
        for word in group:
            table[word] = head
    return table


_CONCEPT = _concepts()
CONCEPTS = frozenset(_CONCEPT.values())
"""Every concept of the built-in synonym table, as :func:`concept` returns it."""


def concept(word: str) -> str:
    """The stemmed word as the concept it names ("overview" and "summaries" are "summari")."""
    return _CONCEPT.get(word) or _CONCEPT.get(stem(word)) or stem(word)


def _rewrite(normalised: str) -> str:
    for pattern, replacement in _PHRASES:
        if pattern.search(normalised):
            normalised = pattern.sub(f" {replacement} ", normalised)
    return normalised


def content_words(normalised: str) -> list[str]:
    """The concept words of a normalised label: stopwords dropped, phrases and synonyms read as the
    concept they name ("what did you do" -> description)."""
    return list(_content_words(normalised))


@lru_cache(maxsize=_CACHED)
def _content_words(normalised: str) -> tuple[str, ...]:
    return tuple(concept(w) for w in _rewrite(normalised).split()
                 if w not in STOPWORDS and w not in _MODIFIERS)


@lru_cache(maxsize=_CACHED)
def head_word(normalised: str) -> str | None:
    """The concept a label is about: for a question ("What is your job title?", "Can you describe
    the project?") its first content word; otherwise the last content word before a word that
    qualifies it ("Title | of project", "Role | in organisation"), or of the whole label.
    ``None`` when the label has no content words."""
    words = _rewrite(normalised).split()
    if normalised.split()[:1] and normalised.split()[0] in _QUESTION_START:
        found = [concept(w) for w in words if w not in STOPWORDS and w not in _MODIFIERS]
        return found[0] if found else None
    cut = next((i for i, w in enumerate(words) if w in _HEAD_END and i > 0), len(words))
    found = ([w for w in words[:cut] if w not in STOPWORDS and w not in _MODIFIERS]
             or [w for w in words if w not in STOPWORDS and w not in _MODIFIERS])
    if found and found[-1] in _LIGHT_HEADS:
        # "Details of the project" is about the project; "Project details" too.
        rest = [w for w in words if w not in STOPWORDS and w not in _LIGHT_HEADS and w not in _MODIFIERS]
        found = rest if cut < len(words) or len(found) > 1 else found
    return concept(found[-1]) if found else None
