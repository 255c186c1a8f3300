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
introduction) and from a sign-off, signature or disclaimer on is not part of any answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from parsers.blocks import Block, Pair, Para, Tagged
from parsers.labels import LabelMatch, LabelMatcher, normalise
from parsers.schema import FormSchema

# Separators between a label and its answer on one line. ":" is not one inside "http://" or "10:30".
_SEPARATORS = re.compile(r"(?<!\d):(?!//)(?!\d)|\?(?=\s|$)|\s[-\u2013\u2014]+\s"
                         r"|(?<=[A-Za-z)])[-\u2013\u2014]+(?=\s)|\)(?=\s)|\t|(?<=\S) {2,}(?=\S)")
# What may sit between a label and its answer besides the separator itself (a bullet "- " in an
# answer is the sender's text and stays).
_LEAD_JUNK = re.compile(r"^[\s:*_]+")
_LEAD_SEPARATOR = re.compile(r"^\s*(?:[:*_]+|[-\u2013\u2014]+(?=\s|$))\s*")
# A word-count hint in brackets: "(max 50 words)", "[no more than 750 words]", "(50 words)".
_HINT_GROUP = re.compile(r"[(\[][^()\[\]]{0,40}\bwords?\b[^()\[\]]{0,20}[)\]]", re.I)
_NUMBERED = re.compile(r"^\s*(?:q(?:uestion)?\s*\d+[a-z]?|\d{1,2}[a-z]?)\s*[.):]\s", re.I)
_MARKDOWN_BOLD = re.compile(r"^[*_]([^*_\n]{1,100})[*_]\s*(?=\S)")
_MAX_LABEL_CHARS = 160
_TAG_PREFIXES = frozenset({"txt", "fld", "cc", "ctl", "frm", "tb", "text", "field", "ff", "sdt", "f", "q"})

# A sign-off: the closing words, then at most a name ("Thanks, Jo", "Kind regards", "Best,").
_CLOSING = re.compile(
    r"^(?i:(?:(?:many|much|big|with(?: many)?|and)\s+)?(?:thanks|thank\s+you|thank-you|cheers|ta)"
    r"(?:\s+(?:again|so much|very much|in advance|all))?(?:\s+for\s[^.]{0,60})?"
    r"|(?:(?:kind|best|warm|warmest|kindest|many|with (?:best|kind|warm))\s+)?(?:regards|wishes)"
    r"|all (?:the )?best|best|yours(?: sincerely| faithfully| truly)?|sincerely|respectfully|"
    r"take care|speak soon|talk soon|bw|kr)"
    r"[\s,.!]*(?:[A-Z][\w'\u2019.-]*[\s,]*){0,3}$"
    r"|^(?i:sent from my)\b")
# A closing remark after the last answer; specific enough not to match an answer's own sentences
# ("We are happy to share our toolkit" is a lesson; "happy to provide more details" is not).
_MORE = r"(?:any |some )?(?:more |further |additional |extra )?(?:information|info|details?|questions?|" \
        r"clarification|photos|pictures|images|anything)"
_CLOSING_SENTENCE = re.compile(
    r"^(?:please (?:do )?(?:let (?:me|us) know|get in touch|contact (?:me|us)|don'?t hesitate|feel free)|"
    r"(?:i'?m |we'?re |i am |we are |i'?d be |i would be |we'?d be |we would be )?(?:very |more than )?"
    r"(?:happy|glad|pleased) to (?:help|(?:provide|discuss|answer|share|send|supply|give|talk through) "
    + _MORE + r")|"
    r"(?:i|we) (?:look|am looking|are looking) forward to (?:hearing|your)|"
    r"looking forward to (?:hearing|your)|"
    r"hope (?:this|that) (?:helps|is (?:useful|ok|okay|fine|helpful|what you need))|"
    r"let (?:me|us) know if|if you (?:need|have|require|would like) " + _MORE + r"|any questions)", re.I)
_DISCLAIMER = re.compile(
    r"intended recipient|intended (?:solely |only )?for the (?:use|addressee|person)|"
    r"consider the environment|before printing this|see our privacy (?:notice|policy)|"
    r"this (?:e-?mail|message|communication)(?:,)? (?:and any (?:files|attachments)|is intended|may contain|"
    r"has been (?:scanned|checked)|is confidential)|received this (?:e-?mail|message|communication) in error|"
    r"views expressed (?:in this|are)|(?:e-?mail|message) is (?:confidential|private|for the)|"
    r"please (?:notify|inform) the sender",
    re.I)
_CONTACT_LINE = re.compile(r"^(?:(?:tel|telephone|phone|mobile|mob|fax)\b\.?\s*:?|"
                           r"(?:direct(?: line| dial)?|ext|m|t|w|office|switchboard)\.?\s*:)\s*[+(\d]|"
                           r"^(?:www\.|https?://)\S+$", re.I)


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
class _State:
    signers: list[str]
    answers: dict[str, list[list[str]]] = field(default_factory=dict)
    labels: set[str] = field(default_factory=set)
    current: str | None = None
    stopped: bool = False

    def start(self, key: str, first: str) -> None:
        self.labels.add(key)
        self.answers[key] = [[first]] if first else []
        self.current = key

    def answer_words(self) -> int:
        """Words in the current answer so far (0 when there is none)."""
        if self.current is None:
            return 0
        return sum(len(line.split()) for para in self.answers.get(self.current, []) for line in para)

    def add(self, text: str, para_start: bool) -> None:
        if self.current is None:
            return
        paras = self.answers[self.current]
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
            for line in _lines(para):
                if state.stopped:
                    break
                _feed(line, matcher, state, direct)
    fields: dict[str, str | None] = {}
    for key in schema.keys:
        if key in direct:
            fields[key] = direct[key]
        else:
            fields[key] = _join(state.answers.get(key, []))
    return FieldResult(fields=fields, labels=state.labels | {k for k in direct})


def _lines(block: Para) -> list[_Line]:
    parts = [p for p in block.text.split("\n") if p.strip()]
    return [_Line(p.strip(), block.emphasis, i == 0, len(parts)) for i, p in enumerate(parts)]


def _direct(block: Pair | Tagged, matcher: LabelMatcher, state: _State,
            direct: dict[str, str | None]) -> bool:
    """Take a pair's or tagged block's answer; False when its label names no field."""
    label = block.label if isinstance(block, Pair) else tag_words(block.name)
    found = matcher.match(label, threshold=0.6)
    if found is None or (isinstance(block, Pair) and _holds_labels(block.value or "", matcher)):
        return False
    key = found.key
    state.current = None
    if key in direct or state.answers.get(key):
        return True
    value = _clean_value(block.value or "")
    direct[key] = value or None
    state.labels.add(key)
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
    awaiting_answer = state.current is not None and not state.answers.get(state.current)
    if state.labels and line.para_start and _ends_form(line, state, awaiting=awaiting_answer):
        state.stopped = True
        state.current = None
        return
    if state.labels and not line.para_start and _is_closing_line(line.text):
        state.stopped = True
        state.current = None
        return
    label = find_label(line.text, matcher, emphasis=line.emphasis, strict=awaiting_answer)
    if label is not None:
        key, value = label
        if key in state.labels or key in direct:
            if value and state.current not in (None, key) and state.answer_words() >= 15:
                # "Summary: ..." inside a long answer given after the summary: the sender's text.
                state.add(line.text, line.para_start)
                return
            # A bare label seen again (a repeated, empty form) ends the answer.
            state.current = None
            return
        state.start(key, _clean_value(value))
        return
    state.add(line.text, line.para_start)


def find_label(line: str, matcher: LabelMatcher, *, emphasis: bool = False,
               strict: bool = False) -> tuple[str, str] | None:
    """The field a line's label names and the answer text after it on the same line ("" when the
    answer follows below), or ``None`` when the line does not start with a label.

    ``strict`` is for the line right after a label with no answer yet: there, a line with no
    separator is a label only when it is (nearly) exactly one, since it is most likely the answer.
    """
    text = line.strip()
    bold = _MARKDOWN_BOLD.match(text)
    if bold:
        # "*Your name* Jo Bloggs" (a bold label in a text/plain rendition): the bold ends the label.
        text = bold.group(1) + "\t" + text[bold.end():]
    elif text.startswith(("*", "_")):
        text = text.strip("*_").strip()
    if not text:
        return None
    best: tuple[float, int, str, str] | None = None
    for m in _SEPARATORS.finditer(text[:_MAX_LABEL_CHARS]):
        if m.group(0) in (")", "?"):
            # The bracket or question mark ends the label; a separator may still follow it.
            label, value = text[: m.end()], _LEAD_SEPARATOR.sub("", text[m.end():], count=1)
        else:
            label, value = text[: m.start()], text[m.end():]
        found = matcher.match(label, threshold=0.6)
        if found is not None and (best is None or found.score > best[0]):
            best = (found.score, m.start(), found.key, value)
    if best is not None:
        return best[2], _strip_hint(best[3])
    if len(text) <= _MAX_LABEL_CHARS:
        marked = emphasis or bool(_HINT_GROUP.search(text) or _NUMBERED.match(text))
        threshold = 0.6 if marked else (0.9 if strict else 0.7)
        whole = matcher.match(text, threshold=threshold)
        if whole is not None and _looks_like_label(text, whole, matcher):
            return whole.key, ""
    prefix = None if strict else matcher.exact_prefix(text)
    if prefix is not None:
        key, n = prefix
        return key, _LEAD_SEPARATOR.sub("", " ".join(text.split()[n:]), count=1).strip()
    return None


def _looks_like_label(text: str, found: LabelMatch, matcher: LabelMatcher) -> bool:
    """A line with no separator is a label when it (nearly) is one, carries a word-count hint,
    or is short, not a sentence, and at least half its words belong to the label it matched (an
    answer such as "Bolton Libraries and Museum Services" shares words with "Library service"
    but is mostly other words)."""
    if found.score >= 0.95 or _HINT_GROUP.search(text):
        return True
    words = normalise(text).split()
    if len(words) > 12 or text.rstrip().endswith("."):
        return False
    return matcher.coverage(normalise(text), found.key) >= 0.5


def _strip_hint(value: str) -> str:
    """The answer after a label, without a hint the split left in front of it
    ("What are the lessons? (max 100 words): ..." splits at the "?")."""
    value = _LEAD_JUNK.sub("", value)
    hint = _HINT_GROUP.match(value)
    if hint:
        value = _LEAD_SEPARATOR.sub("", value[hint.end():], count=1)
    return value.strip()


def _ends_form(line: _Line, state: _State, *, awaiting: bool = False) -> bool:
    """True when the paragraph starting with ``line`` is a sign-off, signature or disclaimer.
    ``awaiting`` (a label was just read) needs stronger evidence of a signature: there, the
    sender's name alone or a phone number is the answer."""
    text = line.text
    if _is_closing_line(text) or _DISCLAIMER.search(text):
        return True
    if len(text.split()) <= 40 and _CLOSING_SENTENCE.match(text):
        return True
    if awaiting and line.para_lines < 2:
        return False
    low = normalise(text)
    if low and any(low == s for s in state.signers):
        return True
    if low and line.para_lines >= 2 and len(low.split()) <= 4 and low.split()[0] in state.signers:
        # "Rhys V." over a job title and an employer: a signature block.
        return True
    return not awaiting and bool(_CONTACT_LINE.match(text))


def _is_closing_line(text: str) -> bool:
    words = text.split()
    return 0 < len(words) <= 6 and bool(_CLOSING.match(text.strip()))


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
