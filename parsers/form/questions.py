"""Questions whose labels name no field of the form, and labels that could name two.

* A line that looks like one of this form's questions (numbered next in the same style, ending in
  "?" or ":" like the recognised labels, bold like them, or carrying a word-count hint) but names no
  field ends the answer before it. Its text (an "orphan") goes to a field whose label was not seen
  when its label loosely names one, or when it is clearly a question and the one question left;
  otherwise a clearly numbered or hinted question's text is dropped, a ":" heading inside an answer
  in prose goes back into that answer, and anything else is dropped.
* Labels can be ambiguous ("Official title": a job title or the case study's title?). A weak label
  whose best field is taken takes its next-best free field; a strong label takes its field back
  from a weak one, whose answer moves to that label's next-best free field.
"""

from __future__ import annotations

import re

from parsers.form.answer_state import Hit, Line, Orphan, ReadState, append
from parsers.form.labels import LabelMatcher, normalise
from parsers.form.numbering import numbering
from parsers.form.separators import (
    LEAD_SEPARATOR,
    MAX_LABEL_CHARS,
    SENTENCE_START,
    clean_value,
    sep_mark,
    unbold,
)
from parsers.form.word_limits import HINT_GROUP, strip_leading_hint
from parsers.schema import FieldSpec, FormSchema

_MAX_UNKNOWN_LABEL_WORDS = 14
STRONG = 0.9
"""A label matched at least this well names its field for sure."""


def unknown_label(line: Line, matcher: LabelMatcher, state: ReadState) -> bool:
    """Start an orphan answer when ``line`` looks like one of this form's questions but names no
    field; False (and nothing done) when it does not look like one."""
    head, value, mark = _question_parts(line.text)
    words = head.split()
    if not words or len(words) > _MAX_UNKNOWN_LABEL_WORDS or head.rstrip(" ?:").endswith("."):
        return False
    if not any(c.isalpha() for c in head) or "@" in head or "://" in head or SENTENCE_START.match(head):
        return False
    num = numbering(line.text)
    marks = state.style.marks
    strong = state.style.is_next_number(num) or bool(HINT_GROUP.search(head))
    weak = (mark == "?" and marks.get("?", 0) > 0 and (not value or num is not None)
            or mark == ":" and not value and marks.get(":", 0) >= 2
            or line.emphasis and not value and marks.get("emphasis", 0) >= 2)
    if not (strong or (weak and not state.awaiting())):
        return False
    if strong and num is not None:
        state.style.number = num
    state.start_orphan(head, clean_value(strip_leading_hint(value)), line, strong=strong)
    return True


def _question_parts(text: str) -> tuple[str, str, str]:
    """A question-like line split into its label, the answer after it and the mark between
    ("?", ":" or ""): "5) Sponsor : Jo" -> ("5) Sponsor", "Jo", ":")."""
    text = unbold(text.strip())
    m = re.search(r"\?(?=\s|$)|(?<!\d):(?!//)(?!\d)|\s[-\u2013\u2014]\s", text[:MAX_LABEL_CHARS])
    if m is None:
        return text, "", ""
    head = text[: m.end()] if m.group(0) == "?" else text[: m.start()]
    value = LEAD_SEPARATOR.sub("", text[m.end():], count=1).strip()
    if m.group(0) == "?" and value.startswith(("(", "[")):
        hint = HINT_GROUP.match(value)
        if hint:
            head, value = head + " " + hint.group(0), LEAD_SEPARATOR.sub("", value[hint.end():], count=1)
    return head.strip(), value.strip(), sep_mark(m.group(0))


def settle_orphans(state: ReadState, schema: FormSchema, matcher: LabelMatcher) -> None:
    """Give each orphan's text to a field or back to the answer it interrupted (see module doc)."""
    for orphan in state.orphans:
        missing = [f for f in schema.fields
                   if not state.taken(f.key) and not state.answered(f.key)]
        key = _orphan_field(orphan, missing, matcher)
        if key is not None:
            state.labels.add(key)
            paras: list[list[str]] = []
            for text, para_start in orphan.lines:
                append(paras, text, para_start)
            state.answers[key] = paras
        elif orphan.interrupted and not orphan.strong and _long(state.answers.get(orphan.interrupted)):
            # A heading inside an answer in prose ("Funding and partners:"), not a question.
            target = state.answers.setdefault(orphan.interrupted, [])
            append(target, *orphan.line)
            for text, para_start in orphan.lines[1 if orphan.inline else 0:]:
                append(target, text, para_start)


def _long(paras: list[list[str]] | None) -> bool:
    """True for an answer in prose (where a heading may sit): several paragraphs, 15 words or more,
    or a sentence; False for a name, an address or a title."""
    if not paras:
        return False
    words = sum(len(line.split()) for para in paras for line in para)
    return len(paras) >= 2 or words >= 15 or paras[-1][-1].rstrip().endswith(".")


def _orphan_field(orphan: Orphan, missing: list[FieldSpec], matcher: LabelMatcher) -> str | None:
    """The unseen field an orphan answers: the one its label names best (loosely), or the only
    question left when the orphan is clearly a question and its text fits that field."""
    if not orphan.lines or not missing:
        return None
    keys = {f.key for f in missing}
    ranked = [m for m in matcher.score(normalise(orphan.label)) if m.key in keys]
    if ranked and ranked[0].score >= 0.3 and (len(ranked) == 1 or ranked[0].score - ranked[1].score >= 0.1):
        return ranked[0].key
    if orphan.strong and len(missing) == 1 and _fits(missing[0], orphan):
        return missing[0].key
    return None


def _fits(spec: FieldSpec, orphan: Orphan) -> bool:
    """True when the orphan's text has the shape of an answer to ``spec``: an address for an email
    field, a few words for a field with no word limit."""
    text = " ".join(t for t, _ in orphan.lines)
    if spec.kind == "email":
        return "@" in text or " at " in text
    if spec.max_words is None:
        return len(text.split()) <= 25
    return True


def reclaim(hit: Hit, matcher: LabelMatcher, state: ReadState) -> str | None:
    """The field for a label whose best field is taken, or ``None`` (the label is a repeat).

    Labels can be ambiguous ("Official title": a job title or the case study's title?). A weak
    label (scored under 0.9) takes its next-best free field; a strong one takes its field back
    from the weak label that claimed it first, whose answer moves to that label's next-best free
    field."""
    if hit.score < STRONG:
        return _next_field(hit.label, hit.key, matcher, state)
    label, score = state.claims.get(hit.key, ("", 1.0))
    if score >= STRONG or not label:
        return None
    if not state.direct.get(hit.key) and not state.answered(hit.key):
        # The weak label had no answer (a heading such as "Your case study"): the field is free.
        state.direct.pop(hit.key, None)
        state.labels.discard(hit.key)
        return hit.key
    other = _next_field(label, hit.key, matcher, state)
    if other is None:
        return None
    if hit.key in state.direct:
        state.direct[other] = state.direct.pop(hit.key)
    else:
        state.answers[other] = state.answers.pop(hit.key, [])
        if state.current == hit.key:
            state.current = other
    state.labels.discard(hit.key)
    state.labels.add(other)
    state.claims[other] = (label, 0.0)
    return hit.key


def _next_field(label: str, key: str, matcher: LabelMatcher, state: ReadState) -> str | None:
    """The best field ``label`` names after ``key`` that is still free (scored at least 0.3)."""
    if not label:
        return None
    for m in matcher.score(normalise(label)):
        if m.key != key and not state.taken(m.key) and m.score >= 0.3:
            return m.key
    return None
