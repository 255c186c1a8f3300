"""Blocks to answers: find the form's labels in a candidate and read the answer after each.

Layouts understood, in any order and mixed:

* ``Label: value`` on one line (separators ``:`` ``-`` ``–`` ``—`` ``?`` or none), the answer
  possibly continuing on the following lines and paragraphs;
* a label on its own line (or a bold/heading paragraph) with the answer in the paragraphs below,
  until the next label;
* :class:`~parsers.blocks.Pair` (the layout pairs label and answer) and
  :class:`~parsers.blocks.Tagged` (metadata names the field) blocks from document readers.

Each field takes the first answer found for it; a label that matches no field clearly is text.
Paragraphs inside one answer are joined with a blank line. Text before the first label (greeting,
introduction) and from a sign-off, signature, disclaimer or "End of form" on is not part of any answer.

Rules that keep answers whole and apart:

* An answer line is never read as ``Label: value`` unless the words before the separator are
  (nearly all) words of the form's labels: "Quarrington Borough Council – Libraries" under its label
  stays the answer. On the line right after a label, a line naming that same field (or one already
  answered) is the answer too.
* Hard-wrapped text is joined back into the lines typed (:func:`parsers.lines.unwrap`), so a wrapped
  answer or label hint is read whole.
* A line that looks like one of this form's questions but names no field (numbered next in the same
  style, or ending in "?" or ":" like the recognised labels, or bold like them, or carrying a
  word-count hint) ends the answer before it. What follows it goes to a field whose label was not
  seen when its label loosely names one, or when it is the one question left unmatched; otherwise a
  clearly numbered or hinted question's text is dropped, and a mere ":" heading goes back into the
  answer it interrupted (it was a heading inside that answer).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from parsers.blocks import Block, Pair, Para, Tagged
from parsers.labels import LabelMatch, LabelMatcher, content_words, normalise
from parsers.lines import (
    HINT_GROUP,
    Numbering,
    is_closing_line,
    is_closing_sentence,
    is_contact_line,
    is_disclaimer,
    is_form_end,
    is_hint_only,
    numbering,
    strip_leading_hint,
    unwrap,
    wrap_width,
)
from parsers.schema import FieldSpec, FormSchema

# Separators between a label and its answer on one line. ":" is not one inside "http://" or "10:30".
_SEPARATORS = re.compile(r"(?<!\d):(?!//)(?!\d)|\?(?=\s|$)|\s[-\u2013\u2014]+\s"
                         r"|(?<=[A-Za-z)])[-\u2013\u2014]+(?=\s)|\)(?=\s)|\t|(?<=\S) {2,}(?=\S)")
# What may sit between a label and its answer besides the separator itself (a bullet "- " in an
# answer is the sender's text and stays).
_LEAD_JUNK = re.compile(r"^[\s:*_]+")
_LEAD_SEPARATOR = re.compile(r"^\s*(?:[:*_]+|[-\u2013\u2014]+(?=\s|$))\s*")
_NUMBERED = re.compile(r"^\s*(?:q(?:uestion)?\s*\d+[a-z]?|\d{1,2}[a-z]?)\s*[.):]\s", re.I)
_MARKDOWN_BOLD = re.compile(r"^[*_]([^*_\n]{1,100})[*_]\s*(?=\S)")
# Outlook's text/plain rendition of a link: "jo@x.gov.uk<mailto:jo@x.gov.uk>", "our report <https://...>".
_ADDRESS_START = re.compile(r"<?(?:mailto:)?[^@\s<>]+@[^@\s<>]+\.\w")
_OUTLOOK_LINK = re.compile(r"(?<=\S)\s?<(?:mailto:[^<>\s]+|(?:https?|ftp)://[^<>\s]+)>", re.I)
_MAX_LABEL_CHARS = 160
_MAX_UNKNOWN_LABEL_WORDS = 14
# The share of a label's words that must be words of the form's labels for a "Label: value" split:
# stricter on the line right after a label, where the line is most likely that label's answer.
_KNOWN_SHARE = 0.5
_KNOWN_SHARE_AWAITING = 0.75
# The most words a label typed before its answer on one line may have to be matched by its concepts
# alone: fewer before the first label, where an introduction ("Here is our case study for the
# collection - happy to help") is more likely than a label.
_LOOSE_WORDS = 7
_LOOSE_WORDS_FIRST = 6
# The start of a sentence, never of a label ("Here is our case study - happy to help").
_SENTENCE = re.compile(r"^(?:here\b|i\b|i'[mvd]\b|we\b|we'(?:re|ve|d)\b|this is\b|these are\b|it\b|it's\b|"
                       r"attached\b|please (?:find|see)\b|thanks?\b|thank you\b|hope\b|"
                       r"as (?:promised|requested|discussed)\b)", re.I)
# A label matched at least this well names its field for sure.
_STRONG = 0.9
_TAG_PREFIXES = frozenset({"txt", "fld", "cc", "ctl", "frm", "tb", "text", "field", "ff", "sdt", "f", "q"})


@dataclass
class FieldResult:
    """Answers read from one candidate. ``fields`` has every key (``None`` = no answer);
    ``labels`` holds the keys whose label was seen, answered or not."""

    fields: dict[str, str | None]
    labels: set[str] = field(default_factory=set)

    @property
    def found(self) -> int:
        return sum(1 for v in self.fields.values() if v)


@dataclass
class _Line:
    text: str
    emphasis: bool
    para_start: bool
    para_lines: int = 1


@dataclass
class _Hit:
    """A label found on a line: the field, the answer text after it ("" when below), the mark
    that ended the label ("?", ":", "-" or "" for none), the match score and the label text."""

    key: str
    value: str
    mark: str
    score: float = 1.0
    label: str = ""


@dataclass
class _Orphan:
    """The text after a question-like line that names no field. ``strong`` when the line is clearly
    a question (numbered next, or carrying a hint); ``interrupted`` is the answer it ended."""

    label: str
    strong: bool
    interrupted: str | None
    line: tuple[str, bool]
    inline: bool = False
    lines: list[tuple[str, bool]] = field(default_factory=list)


@dataclass
class _Style:
    """How the recognised labels of this candidate look: the last question number and its style,
    and how many labels ended with "?", with ":" or were bold."""

    number: Numbering | None = None
    marks: dict[str, int] = field(default_factory=dict)

    def note(self, line: _Line, hit: _Hit) -> None:
        num = numbering(line.text)
        if num is not None:
            self.number = num
        mark = "emphasis" if line.emphasis else hit.mark
        if mark:
            self.marks[mark] = self.marks.get(mark, 0) + 1

    def is_next_number(self, num: Numbering | None) -> bool:
        last = self.number
        return (num is not None and last is not None and num.style == last.style
                and 0 < num.number - last.number <= 2)


@dataclass
class _State:
    signers: list[str]
    answers: dict[str, list[list[str]]] = field(default_factory=dict)
    labels: set[str] = field(default_factory=set)
    current: str | None = None
    orphan: _Orphan | None = None
    orphans: list[_Orphan] = field(default_factory=list)
    style: _Style = field(default_factory=_Style)
    claims: dict[str, tuple[str, float]] = field(default_factory=dict)
    stopped: bool = False

    def start(self, key: str, first: str, claim: tuple[str, float] = ("", 1.0)) -> None:
        self.labels.add(key)
        self.answers[key] = [[first]] if first else []
        self.claims[key] = claim
        self.current = key
        self.orphan = None

    def taken(self, key: str, direct: dict[str, str | None]) -> bool:
        return key in self.labels or key in direct

    def start_orphan(self, label: str, first: str, line: _Line, *, strong: bool) -> None:
        self.orphan = _Orphan(label, strong, self.current, (line.text, line.para_start), bool(first))
        if first:
            self.orphan.lines.append((first, True))
        self.orphans.append(self.orphan)
        self.current = None

    def stop_answer(self) -> None:
        self.current = None
        self.orphan = None

    def awaiting(self) -> bool:
        """True right after a label whose answer has not started yet."""
        return self.current is not None and not self.answers.get(self.current)

    def answered(self, key: str) -> bool:
        return bool(self.answers.get(key))

    def answer_words(self) -> int:
        """Words in the current answer so far (0 when there is none)."""
        if self.current is None:
            return 0
        return sum(len(line.split()) for para in self.answers.get(self.current, []) for line in para)

    def add(self, text: str, para_start: bool) -> None:
        if self.orphan is not None:
            self.orphan.lines.append((text, para_start))
            return
        if self.current is None:
            return
        _append(self.answers[self.current], text, para_start)


def _append(paras: list[list[str]], text: str, para_start: bool) -> None:
    if para_start or not paras:
        paras.append([text])
    else:
        paras[-1].append(text)


def extract_fields(blocks: list[Block], schema: FormSchema, *, signers: tuple[str, ...] = (),
                   matcher: LabelMatcher | None = None) -> FieldResult:
    """Read the answers in ``blocks``. ``signers`` are names of the sender (a paragraph starting
    with one of them after an answer is a signature)."""
    matcher = matcher or LabelMatcher(schema)
    state = _State(signers=_signer_forms(signers))
    direct: dict[str, str | None] = {}
    width = wrap_width([ln for b in blocks if isinstance(b, Para) for ln in b.text.split("\n")])
    for block in blocks:
        if isinstance(block, Pair | Tagged):
            if _direct(block, matcher, state, direct) or isinstance(block, Tagged):
                continue
            # A pair whose label is no question of the form (a layout table's cells): its text
            # may still hold the form, so it is read as paragraphs.
            paras = [Para(block.label), *(Para(p) for p in (block.value or "").split("\n\n"))]
        else:
            paras = [block]
        for para in paras:
            for line in _lines(para, width, matcher):
                if state.stopped:
                    break
                _feed(line, matcher, state, direct)
    _settle_orphans(state, schema, matcher, direct)
    fields: dict[str, str | None] = {}
    for key in schema.keys:
        if key in direct:
            fields[key] = direct[key]
        else:
            fields[key] = _join(state.answers.get(key, []))
    return FieldResult(fields=fields, labels=state.labels | {k for k in direct})


def _lines(block: Para, width: int | None, matcher: LabelMatcher) -> list[_Line]:
    parts = [strip_links(p.strip()) for p in block.text.split("\n") if p.strip()]
    parts = unwrap(parts, width, lambda text, after_sentence: _starts_line(text, matcher, after_sentence))
    return [_Line(p, block.emphasis, i == 0, len(parts)) for i, p in enumerate(parts)]


def _starts_line(text: str, matcher: LabelMatcher, after_sentence: bool = False) -> bool:
    """True when ``text`` cannot continue a wrapped line: a label with its answer after it, or a
    label ending in ":", "?" or a dash. (A bare label-like phrase such as "library service", or
    "Borough Council – Libraries", can be the end of a wrapped answer.) After a sentence ended,
    any label with its answer starts a line."""
    if _end_mark(text) and len(text.split()) <= 10:
        return True
    hit = _find(text, matcher, strict=not after_sentence)
    return hit is not None and bool(hit.value or hit.mark)


def strip_links(text: str) -> str:
    """``text`` without the link targets Outlook's plain-text rendition adds after a linked text:
    "jo@x.gov.uk<mailto:jo@x.gov.uk>" -> "jo@x.gov.uk", "our report <https://x/r>" -> "our report"."""
    if "<" not in text:
        return text
    return _OUTLOOK_LINK.sub("", text)


def _direct(block: Pair | Tagged, matcher: LabelMatcher, state: _State,
            direct: dict[str, str | None]) -> bool:
    """Take a pair's or tagged block's answer; False when its label names no field."""
    label = block.label if isinstance(block, Pair) else tag_words(block.name)
    found = matcher.match(label, threshold=0.6, loose=True)
    if found is None or (isinstance(block, Pair) and _holds_labels(block.value or "", matcher)):
        return False
    key = found.key
    state.stop_answer()
    if state.taken(key, direct):
        key = _reclaim(_Hit(key, "", "", found.score, label), matcher, state, direct) or ""
        if not key:
            return True
    value = _clean_value(strip_links(block.value or ""))
    direct[key] = value or None
    state.labels.add(key)
    state.claims[key] = (label, found.score)
    return True


def _holds_labels(value: str, matcher: LabelMatcher) -> bool:
    """True when an answer cell itself holds two or more labelled lines (a layout table around a
    typed form, not a form row)."""
    lines = [ln for ln in value.split("\n") if ln.strip()][:60]
    return sum(1 for ln in lines if find_label(ln, matcher) is not None) >= 2


def tag_words(name: str) -> str:
    """A content control's tag or a form field's bookmark as words: "txtJobTitle" and
    "job_title" both read "job title" (a control-type prefix such as txt/fld/cc is dropped)."""
    words = re.sub(r"(?<=[a-z0-9])(?=[A-Z])|[_\W\d]+", " ", name).split()
    if len(words) > 1 and words[0].lower() in _TAG_PREFIXES:
        words = words[1:]
    return " ".join(words)


def _feed(line: _Line, matcher: LabelMatcher, state: _State, direct: dict[str, str | None]) -> None:
    """Process one line: a new label, the end of the form, or more of the current answer."""
    awaiting = state.awaiting()
    if _ends_here(line, state, awaiting=awaiting):
        state.stopped = True
        state.stop_answer()
        return
    if awaiting and is_hint_only(line.text):
        # The label's word-count hint on the line below it.
        return
    hit = _find(line.text, matcher, emphasis=line.emphasis, strict=awaiting, started=bool(state.labels))
    if hit is not None and awaiting and (hit.key == state.current or state.answered(hit.key)):
        # Right after a label, a line naming the same field (or one already answered) is its answer.
        hit = None
    if hit is None:
        if state.labels and _unknown_label(line, matcher, state):
            return
        state.add(strip_leading_hint(line.text) if awaiting else line.text, line.para_start)
        return
    if state.taken(hit.key, direct):
        if hit.value and state.current not in (None, hit.key) and state.answer_words() >= 15:
            # "Summary: ..." inside a long answer given after the summary: the sender's text.
            state.add(line.text, line.para_start)
            return
        key = _reclaim(hit, matcher, state, direct)
        if key is None:
            # A bare label seen again (a repeated, empty form) ends the answer.
            state.stop_answer()
            return
        hit = _Hit(key, hit.value, hit.mark, hit.score, hit.label)
    state.style.note(line, hit)
    state.start(hit.key, _clean_value(hit.value), (hit.label, hit.score))


def _reclaim(hit: _Hit, matcher: LabelMatcher, state: _State, direct: dict[str, str | None]) -> str | None:
    """The field for a label whose best field is taken, or ``None`` (the label is a repeat).

    Labels can be ambiguous ("Official title": a job title or the case study's title?). A weak
    label (scored under 0.9) takes its next-best free field; a strong one takes its field back
    from the weak label that claimed it first, whose answer moves to that label's next-best free
    field."""
    if hit.score < _STRONG:
        return _next_field(hit.label, hit.key, matcher, state, direct)
    label, score = state.claims.get(hit.key, ("", 1.0))
    if score >= _STRONG or not label:
        return None
    other = _next_field(label, hit.key, matcher, state, direct)
    if other is None:
        return None
    if hit.key in direct:
        direct[other] = direct.pop(hit.key)
    else:
        state.answers[other] = state.answers.pop(hit.key, [])
        if state.current == hit.key:
            state.current = other
    state.labels.discard(hit.key)
    state.labels.add(other)
    state.claims[other] = (label, 0.0)
    return hit.key


def _next_field(label: str, key: str, matcher: LabelMatcher, state: _State,
                direct: dict[str, str | None]) -> str | None:
    """The best field ``label`` names after ``key`` that is still free (scored at least 0.3)."""
    if not label:
        return None
    for m in matcher.score(normalise(label)):
        if m.key != key and not state.taken(m.key, direct) and m.score >= 0.3:
            return m.key
    return None


def _ends_here(line: _Line, state: _State, *, awaiting: bool) -> bool:
    if not state.labels:
        return False
    if is_form_end(line.text):
        return True
    if line.para_start:
        return _ends_form(line, state, awaiting=awaiting)
    return is_closing_line(line.text)


def find_label(line: str, matcher: LabelMatcher, *, emphasis: bool = False,
               strict: bool = False) -> tuple[str, str] | None:
    """The field a line's label names and the answer text after it on the same line ("" when the
    answer follows below), or ``None`` when the line does not start with a label.

    ``strict`` is for the line right after a label with no answer yet: there, a line is a label
    only when it (nearly) exactly is one, or its words before a separator are all label words,
    since it is most likely the answer.
    """
    hit = _find(line, matcher, emphasis=emphasis, strict=strict)
    return None if hit is None else (hit.key, hit.value)


def _find(line: str, matcher: LabelMatcher, *, emphasis: bool = False, strict: bool = False,
          started: bool = True) -> _Hit | None:
    text = _unbold(line.strip())
    if not text:
        return None
    # A numbered or bold label is a label even before the first one was seen.
    sure = started or emphasis or bool(numbering(text) or _MARKDOWN_BOLD.match(line.strip()))
    hit = _split_label(text, matcher, known_share=_KNOWN_SHARE_AWAITING if strict else _KNOWN_SHARE,
                       loose_words=_LOOSE_WORDS if sure else _LOOSE_WORDS_FIRST)
    if hit is not None:
        return hit
    if len(text) <= _MAX_LABEL_CHARS:
        mark = _end_mark(text)
        marked = emphasis or bool(HINT_GROUP.search(text) or _NUMBERED.match(text))
        threshold = 0.6 if marked else (0.9 if strict else 0.7)
        shaped = (marked or bool(mark)) and not strict
        whole = matcher.match(text, threshold=threshold, loose=shaped)
        if (whole is not None and _looks_like_label(text, whole, matcher, shaped=shaped)
                and (not strict or matcher.known_share(text) >= _KNOWN_SHARE_AWAITING)):
            return _Hit(whole.key, "", mark, whole.score, text)
    prefix = None if strict else matcher.exact_prefix(text)
    if prefix is not None:
        key, n = prefix
        return _Hit(key, _LEAD_SEPARATOR.sub("", " ".join(text.split()[n:]), count=1).strip(), "")
    return None


def _unbold(text: str) -> str:
    bold = _MARKDOWN_BOLD.match(text)
    if bold:
        # "*Your name* Jo Bloggs" (a bold label in a text/plain rendition): the bold ends the label.
        return bold.group(1) + "\t" + text[bold.end():]
    if text.startswith(("*", "_")):
        return text.strip("*_").strip()
    return text


def _split_label(text: str, matcher: LabelMatcher, *, known_share: float,
                 loose_words: int = 0) -> _Hit | None:
    """The best "Label<separator>value" reading of ``text`` whose label part matches a field and is
    made (nearly) only of the form's label words; ``None`` when there is none. A label part of at
    most ``loose_words`` words ended by ":", "?" or a dash may be matched by its concepts alone."""
    best: tuple[float, _Hit] | None = None
    if _SENTENCE.match(text):
        return None
    for m in _SEPARATORS.finditer(text[:_MAX_LABEL_CHARS]):
        if _open_bracket(text[: m.start()]):
            # "Summary (word limit: 50)": a colon inside the hint separates nothing.
            continue
        if m.group(0) in (")", "?"):
            # The bracket or question mark ends the label; a separator may still follow it.
            label, value = text[: m.end()], _LEAD_SEPARATOR.sub("", text[m.end():], count=1)
        else:
            label, value = text[: m.start()], text[m.end():]
        mark = _sep_mark(m.group(0) + value[:2])
        shaped = ((bool(mark) or numbering(label) is not None)
                  and len(content_words(normalise(label))) <= loose_words)
        found = matcher.match(label, threshold=0.6, loose=shaped)
        if found is None or (best is not None and found.score <= best[0]):
            continue
        value = strip_leading_hint(_LEAD_JUNK.sub("", value)).strip()
        dashless = re.sub(r"^[-\u2013\u2014]+\s+", "", value)
        if mark == ":" and _fits_email(found.key, dashless, matcher):
            # "EMAIL: - jo@x.gov.uk": a dash after the colon is a second separator, not a bullet.
            value = dashless
        share = matcher.known_share(label)
        if (share < known_share and not _fits_email(found.key, value, matcher)
                and not (known_share <= _KNOWN_SHARE and share >= 0.33 and matcher.head_known(label))):
            continue
        best = (found.score, _Hit(found.key, value, mark, found.score, label))
    return None if best is None else best[1]


def _open_bracket(text: str) -> bool:
    return text.count("(") > text.count(")") or text.count("[") > text.count("]")


def _sep_mark(sep: str) -> str:
    """The kind of separator ending a label: "?", ":", "-" (a dash), or "" (tab, spaces, bracket)."""
    if "?" in sep[:1]:
        return "?"
    if ":" in sep:
        return ":"
    return "-" if re.match(r"\s*[-\u2013\u2014]", sep) else ""


def _end_mark(text: str) -> str:
    """The mark a label on its own line ends with ("Your name:", "Your role?", "SUBMITTER –")."""
    text = text.rstrip("*_ ")
    if text.endswith(("?", ":")):
        return text[-1]
    return "-" if re.search(r"\s[-\u2013\u2014]+$", text) else ""


def _fits_email(key: str, value: str, matcher: LabelMatcher) -> bool:
    """True when ``key`` is an email field and ``value`` starts with an address: the label names
    the field whatever other words it has ("Best email to reach you: jo@x.gov.uk")."""
    return matcher.kinds.get(key) == "email" and bool(_ADDRESS_START.match(value))


def _looks_like_label(text: str, found: LabelMatch, matcher: LabelMatcher, *, shaped: bool = False) -> bool:
    """A line with no separator is a label when it (nearly) is one, carries a word-count hint,
    or is short, not a sentence, and either shaped like a label (``shaped``: ends in ":" or "?",
    numbered or bold) or at least half its words belong to the label it matched (an answer such as
    "Bolton Libraries and Museum Services" shares words with "Library service" but is mostly other
    words)."""
    if found.score >= 0.95 or HINT_GROUP.search(text):
        return True
    words = normalise(text).split()
    if len(words) > 12 or text.rstrip().endswith("."):
        return False
    return shaped or matcher.coverage(normalise(text), found.key) >= 0.5


# --- question-like lines that name no field ------------------------------------------------------

def _unknown_label(line: _Line, matcher: LabelMatcher, state: _State) -> bool:
    """Start an orphan answer when ``line`` looks like one of this form's questions but names no
    field; False (and nothing done) when it does not look like one."""
    head, value, mark = _question_parts(line.text)
    words = head.split()
    if not words or len(words) > _MAX_UNKNOWN_LABEL_WORDS or head.rstrip(" ?:").endswith("."):
        return False
    if not any(c.isalpha() for c in head) or "@" in head or "://" in head:
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
    state.start_orphan(head, _clean_value(strip_leading_hint(value)), line, strong=strong)
    return True


def _question_parts(text: str) -> tuple[str, str, str]:
    """A question-like line split into its label, the answer after it and the mark between
    ("?", ":" or ""): "5) Sponsor : Jo" -> ("5) Sponsor", "Jo", ":")."""
    text = _unbold(text.strip())
    m = re.search(r"\?(?=\s|$)|(?<!\d):(?!//)(?!\d)|\s[-\u2013\u2014]\s", text[:_MAX_LABEL_CHARS])
    if m is None:
        return text, "", ""
    head = text[: m.end()] if m.group(0) == "?" else text[: m.start()]
    value = _LEAD_SEPARATOR.sub("", text[m.end():], count=1).strip()
    if m.group(0) == "?" and value.startswith(("(", "[")):
        hint = HINT_GROUP.match(value)
        if hint:
            head, value = head + " " + hint.group(0), _LEAD_SEPARATOR.sub("", value[hint.end():], count=1)
    return head.strip(), value.strip(), _sep_mark(m.group(0))


def _settle_orphans(state: _State, schema: FormSchema, matcher: LabelMatcher,
                    direct: dict[str, str | None]) -> None:
    """Give each orphan's text to a field or back to the answer it interrupted (see module doc)."""
    for orphan in state.orphans:
        missing = [f for f in schema.fields
                   if f.key not in state.labels and f.key not in direct and not state.answered(f.key)]
        key = _orphan_field(orphan, missing, matcher)
        if key is not None:
            state.labels.add(key)
            paras: list[list[str]] = []
            for text, para_start in orphan.lines:
                _append(paras, text, para_start)
            state.answers[key] = paras
        elif not orphan.strong and orphan.interrupted is not None:
            target = state.answers.setdefault(orphan.interrupted, [])
            _append(target, *orphan.line)
            for text, para_start in orphan.lines[1 if orphan.inline else 0:]:
                _append(target, text, para_start)


def _orphan_field(orphan: _Orphan, missing: list[FieldSpec], matcher: LabelMatcher) -> str | None:
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


def _fits(spec: FieldSpec, orphan: _Orphan) -> bool:
    """True when the orphan's text has the shape of an answer to ``spec``: an address for an email
    field, a few words for a field with no word limit."""
    text = " ".join(t for t, _ in orphan.lines)
    if spec.kind == "email":
        return "@" in text or " at " in text
    if spec.max_words is None:
        return len(text.split()) <= 25
    return True


# --- the end of the form ---------------------------------------------------------------------------

def _ends_form(line: _Line, state: _State, *, awaiting: bool = False) -> bool:
    """True when the paragraph starting with ``line`` is a sign-off, signature or disclaimer.
    ``awaiting`` (a label was just read) needs stronger evidence of a signature: there, the
    sender's name alone or a phone number is the answer."""
    text = line.text
    if is_closing_line(text) or is_disclaimer(text) or is_closing_sentence(text):
        return True
    if awaiting and line.para_lines < 2:
        return False
    low = normalise(text)
    if low and any(low == s for s in state.signers):
        return True
    if low and line.para_lines >= 2 and len(low.split()) <= 4 and low.split()[0] in state.signers:
        # "Rhys V." over a job title and an employer: a signature block.
        return True
    return not awaiting and is_contact_line(text)


def _signer_forms(names: tuple[str, ...]) -> list[str]:
    """Normalised forms of the sender's names: full, "First Last" from "Last, First", first name."""
    forms: set[str] = set()
    for name in names:
        if not name:
            continue
        if "," in name:
            last, _, first = name.partition(",")
            name = f"{first.strip()} {last.strip()}"
        n = normalise(name)
        if n:
            forms.add(n)
            first_word = n.split()[0]
            if len(first_word) >= 2:
                forms.add(first_word)
    return sorted(forms)


def _clean_value(value: str) -> str:
    value = _LEAD_JUNK.sub("", value).strip()
    if value.endswith("*") and value.count("*") % 2 == 1:
        value = value.rstrip("*").strip()
    return value


def _join(paragraphs: list[list[str]]) -> str | None:
    text = "\n\n".join("\n".join(lines) for lines in paragraphs if any(ln.strip() for ln in lines)).strip()
    return text or None
