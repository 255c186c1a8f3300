"""Blocks to answers: find the form's labels in a candidate and read the answer after each.

Layouts understood, in any order and mixed:

* ``Label: value`` on one line (separators ``:`` ``-`` ``–`` ``—`` ``?``, arrows, dot leaders or
  none), the answer possibly continuing on the following lines and paragraphs;
* a label on its own line (or a bold/heading paragraph) with the answer in the paragraphs below,
  until the next label;
* :class:`~parsers.blocks.Pair` (the layout pairs label and answer) and
  :class:`~parsers.blocks.Tagged` (metadata names the field) blocks from document readers.

Each field takes the first answer found for it, except that a form field's own value (a
:class:`~parsers.blocks.Tagged` block) outranks what the text read under the same field's label
(a fillable PDF's text layer holds its labels and help, never its answers); a label that matches
no field clearly is text. The form's title, wrapped over up to three lines, is never a label or
an answer. Paragraphs inside one answer are joined with a blank line. Text before the first label (greeting,
introduction) and from a sign-off, signature, disclaimer or "End of form" on is not part of any answer.

Rules that keep answers whole and apart:

* An answer line is never read as ``Label: value`` unless the words before the separator are
  (nearly all) words of the form's labels: "Quarrington Borough Council – Libraries" under its label
  stays the answer. On the line right after a label, a line naming that same field (or one already
  answered) is the answer too.
* Hard-wrapped text is joined back into the lines typed (:func:`parsers.form.hard_wrap.unwrap`), so a wrapped
  answer or label hint is read whole.
* A line that looks like one of this form's questions but names no field ends the answer before
  it, and a label that could name two fields gives way to a clearer one (:mod:`parsers.form.questions`).
* Labels read as concepts (:mod:`parsers.form.labels`): question-style labels, synonyms and labels with
  words the form does not know are matched where the layout shows a label (a line ending in ":",
  "?" or a dash, a numbered or bold line, a table's label cell).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from parsers.blocks import Block, Pair, Para, Tagged
from parsers.closing import closing_rule, is_short_contact_line
from parsers.documents.front_matter import is_intro
from parsers.form.answer_state import Hit, Line, ReadState, join
from parsers.form.guidance import is_form_title, is_instruction
from parsers.form.hard_wrap import open_bracket, unwrap, wrap_width
from parsers.form.labels import LabelMatch, LabelMatcher, content_words, normalise
from parsers.form.numbering import numbering
from parsers.form.questions import STRONG, reclaim, settle_orphans, unknown_label
from parsers.form.separators import (
    LEAD_JUNK,
    LEAD_SEPARATOR,
    LEADER_SEPARATOR,
    MARKDOWN_BOLD,
    MAX_LABEL_CHARS,
    SENTENCE_START,
    clean_value,
    end_mark,
    sep_mark,
    unbold,
)
from parsers.form.word_limits import HINT_GROUP, is_hint_only, strip_leading_hint
from parsers.schema import FormSchema

# Separators between a label and its answer on one line. ":" is not one inside "http://" or "10:30".
# Arrows and dot leaders come first: "Title ......: x" ends at the colon after the dots.
_SEPARATORS = re.compile(LEADER_SEPARATOR.pattern
                         + r"|(?<!\d):(?!//)(?!\d)|\?(?=\s|$)|\s[-\u2013\u2014]+\s|\s\|\s"
                         r"|(?<=[A-Za-z)])[-\u2013\u2014]+(?=\s)|\)(?=\s)|\t|(?<=\S) {2,}(?=\S)")
_SEPARATOR_PARTS = (":", "?", "-", "\u2013", "\u2014", "|", ")", "\t", "  ", "...", "\u2026", "=>", "\u2192")
"""What every :data:`_SEPARATORS` match holds: a line with none of them has no separator."""
_NUMBERED = re.compile(r"^\s*(?:q(?:uestion)?\s*\d+[a-z]?|\d{1,2}[a-z]?)\s*[.):]\s", re.I)
# Outlook's text/plain rendition of a link: "jo@x.gov.uk<mailto:jo@x.gov.uk>", "our report <https://...>".
_ADDRESS_START = re.compile(r"<?(?:mailto:)?[^@\s<>]+@[^@\s<>]+\.\w")
_OUTLOOK_LINK = re.compile(r"(?<=\S)\s?<(?:mailto:[^<>\s]+|(?:https?|ftp)://[^<>\s]+)>", re.I)
# The share of a label's words that must be words of the form's labels for a "Label: value" split:
# stricter on the line right after a label, where the line is most likely that label's answer.
_KNOWN_SHARE = 0.5
_KNOWN_SHARE_AWAITING = 0.75
# The most words a label typed before its answer on one line may have to be matched by its concepts
# alone: fewer before the first label, where an introduction ("Here is our case study for the
# collection - happy to help") is more likely than a label.
_LOOSE_WORDS = 7
_LOOSE_WORDS_FIRST = 6
_TAG_PREFIXES = frozenset({"txt", "fld", "cc", "ctl", "frm", "tb", "text", "field", "ff", "sdt", "f", "q"})


@dataclass
class FieldResult:
    """Answers read from one candidate. ``fields`` has every key (``None`` = no answer);
    ``labels`` holds the keys whose label was seen, answered or not."""

    fields: dict[str, str | None]
    labels: set[str] = field(default_factory=set)
    compared: frozenset[str] = frozenset()
    """The first words of the lines compared with the sender's names (see :func:`may_sign`)."""

    @property
    def found(self) -> int:
        return sum(1 for v in self.fields.values() if v)


def extract_fields(blocks: list[Block], schema: FormSchema, *, signers: tuple[str, ...] = (),
                   matcher: LabelMatcher | None = None) -> FieldResult:
    """Read the answers in ``blocks``. ``signers`` are names of the sender (a paragraph starting
    with one of them after an answer is a signature)."""
    matcher = matcher or LabelMatcher.for_schema(schema)
    state = ReadState(signers=_signer_forms(signers))
    width = wrap_width([ln for b in blocks if isinstance(b, Para) for ln in b.text.split("\n")])
    for block in _title_joined(blocks, matcher):
        if isinstance(block, Pair | Tagged):
            if _direct(block, matcher, state) or isinstance(block, Tagged):
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
                if para.guidance and _skip_guidance(line, matcher, state):
                    continue
                _feed(line, matcher, state)
    state.flush_held()
    settle_orphans(state, schema, matcher)
    fields: dict[str, str | None] = {}
    blank = state.help_only()
    for key in schema.keys:
        if key in state.direct:
            fields[key] = state.direct[key]
        else:
            fields[key] = None if key in blank else join(state.answers.get(key, []))
    return FieldResult(fields=fields, labels=state.labels | set(state.direct),
                       compared=frozenset(state.compared))


def may_sign(result: FieldResult, name: str) -> bool:
    """True when reading the same blocks again with ``name`` among the signers could change
    ``result``: a line compared with the signers starts with the first word of ``name``. False
    when it could not (the reading would be the same, so it need not be done)."""
    return any(form.split()[0] in result.compared for form in _signer_forms((name,)))


_TITLE_LINES = 3
"""The most lines a form's title wraps over."""


def _title_joined(blocks: list[Block], matcher: LabelMatcher) -> list[Block]:
    """``blocks`` with the form's title, when it wrapped over two or three lines at the top
    ("Libraries Connected – case study" / "template 2027"), as one paragraph: whole, it is a
    title (:func:`is_form_title`, never a label or an answer); in pieces, its first line may
    read as a label with its answer and its last as an answer or a label. The title is the
    fewest first lines that make one, none of them after the first a label, and then the next
    lines of the same paragraph while they still make one and are not shaped as a label (a ":"
    or an answer after it). Unchanged when the first lines make no title."""
    lines: list[tuple[int, str]] = []
    for i, block in enumerate(blocks):
        if not isinstance(block, Para) or len(lines) >= _TITLE_LINES:
            break
        lines.extend((i, ln.strip()) for ln in block.text.split("\n") if ln.strip())
    texts = [t for _, t in lines[:_TITLE_LINES]]

    def title(k: int) -> bool:
        return is_form_title(" ".join(texts[:k]))

    n = next((k for k in range(1, len(texts) + 1) if title(k)), 0)
    if not n or any(_find(t, matcher, started=False) is not None for t in texts[1:n]):
        return blocks
    while n < len(texts) and lines[n][0] == lines[n - 1][0] and title(n + 1):
        hit = _find(texts[n], matcher, started=False)
        if hit is not None and (hit.value or hit.mark):
            break
        n += 1
    if n == 1:
        return blocks
    last, used = lines[n - 1][0], sum(1 for i, _ in lines[:n] if i == lines[n - 1][0])
    tail = blocks[last]
    own = [ln for ln in tail.text.split("\n") if ln.strip()] if isinstance(tail, Para) else []
    rest = [replace(tail, text="\n".join(own[used:]))] if isinstance(tail, Para) and own[used:] else []
    return [Para(" ".join(texts[:n]), True, True), *rest, *blocks[last + 1 :]]


def _lines(block: Para, width: int | None, matcher: LabelMatcher) -> list[Line]:
    parts = [strip_links(_unpipe(p.strip())) for p in block.text.split("\n") if p.strip()]
    parts = unwrap(parts, width, lambda text, after_sentence: _starts_line(text, matcher, after_sentence))
    return [Line(p, block.emphasis, i == 0, len(parts)) for i, p in enumerate(parts)]


def _unpipe(text: str) -> str:
    """A row of a table typed with pipes ("| Your name | Jo Bloggs |") as "Your name<TAB>Jo Bloggs"."""
    if len(text) > 2 and text.startswith("|") and text.endswith("|"):
        return "\t".join(cell.strip() for cell in text.strip("|").split("|"))
    return text


def _starts_line(text: str, matcher: LabelMatcher, after_sentence: bool = False) -> bool:
    """True when ``text`` cannot continue a wrapped line: a label with its answer after it, or a
    label ending in ":", "?" or a dash. (A bare label-like phrase such as "library service", or
    "Borough Council – Libraries", can be the end of a wrapped answer.) After a sentence ended,
    any label with its answer starts a line."""
    if end_mark(text) and len(text.split()) <= 10:
        return True
    hit = _find(text, matcher, strict=not after_sentence)
    return hit is not None and bool(hit.value or hit.mark)


def strip_links(text: str) -> str:
    """``text`` without the link targets Outlook's plain-text rendition adds after a linked text:
    "jo@x.gov.uk<mailto:jo@x.gov.uk>" -> "jo@x.gov.uk", "our report <https://x/r>" -> "our report"."""
    if "<" not in text:
        return text
    return _OUTLOOK_LINK.sub("", text)


def _direct(block: Pair | Tagged, matcher: LabelMatcher, state: ReadState) -> bool:
    """Take a pair's or tagged block's answer; False when its label names no field."""
    label = block.label if isinstance(block, Pair) else block.name
    found = _match_cell_label(label, matcher)
    if isinstance(block, Tagged):
        for name in (block.name, *block.aliases):
            for typed in (name, tag_words(name)):
                # A tag ("txtJobTitle") reads as words; a visible label (a PDF field's) is
                # matched as it is. The name that names a field best wins.
                if found is not None and found.score >= 1.0:
                    break
                better = _match_cell_label(typed, matcher)
                if better is not None and (found is None or better.score > found.score):
                    label, found = typed, better
    if found is None or (isinstance(block, Pair) and _holds_labels(block.value or "", matcher)):
        return False
    key = found.key
    state.stop_answer()
    if isinstance(block, Tagged) and key not in state.direct and (
        not state.answered(key) or _outranks_text(block, found, state.claims.get(key))
    ):
        # A field's label printed on the page (seen as text, unanswered there) does not stop
        # the field's own value from answering it; nor does an answer the text read under that
        # label (its help line, a fillable PDF's text layer holds no answers).
        state.answers.pop(key, None)
        state.help_answers.discard(key)
        state.labels.discard(key)
    if state.taken(key):
        key = reclaim(Hit(key, "", "", found.score, label), matcher, state) or ""
        if not key:
            return True
    value = clean_value(strip_links(block.value or ""))
    state.direct[key] = value or None
    state.labels.add(key)
    state.claims[key] = (label, found.score)
    return True


def _outranks_text(block: Tagged, found: LabelMatch, claim: tuple[str, float] | None) -> bool:
    """True when a form field's own value answers its field rather than the text read for that
    field: the field holds a value and names it as surely as the text's label did (a weak name
    gives way to a strong label)."""
    return block.value is not None and bool(clean_value(block.value)) and (
        found.score >= STRONG or claim is None or found.score >= claim[1]
    )


def _match_cell_label(label: str, matcher: LabelMatcher) -> LabelMatch | None:
    """The field a label cell names. A cell whose first line is the label and whose next lines are
    the form's guidance ("Summary (max 50 words)\nA short overview for the index") is named by its
    first line; ``None`` when neither the first line nor the whole cell names a field."""
    found = matcher.match(label, threshold=0.6, loose=True)
    for part in _label_heads(label):
        head = matcher.match(part, threshold=0.6, loose=True)
        if head is not None and (found is None or head.score >= found.score):
            found = head
    return found


# The end of a label cell's label when help text follows it on the same line: its word-limit
# hint, or the end of its first sentence.
_HEAD_END = re.compile(HINT_GROUP.pattern + r"|[.?:](?=\s+[A-Z])")


def _label_heads(label: str) -> list[str]:
    """Shorter readings of a label cell whose label runs on into its help text: the first line
    ("Summary (max 50 words)\nA short overview"), and the text up to its word-limit hint or the
    end of its first sentence ("Key lessons learned (max 100 words) What would you tell ...?",
    as a PDF cell or a pandoc table cell writes label and help in one paragraph)."""
    text = label.strip()
    heads = [text.split("\n", 1)[0]]
    m = _HEAD_END.search(heads[0])
    if m is not None and heads[0][m.end():].strip():
        heads.append(heads[0][: m.end()])
    return [h for h in heads if h != text]


def _skip_guidance(line: Line, matcher: LabelMatcher, state: ReadState) -> bool:
    """True when a line of the form's guidance (``Para.guidance``) is not to be read as text. Before
    the first label it is read only when it is a label. Right under a label it is held: dropped when
    the answer follows it, kept as the answer when the next label comes first (a reader may take
    an answer typed in a grey style for guidance). Inside an answer it is read as text."""
    if not state.labels:
        # The form's introduction ("Thank you for sharing... Please complete every section.") is
        # prose, whatever label words it holds.
        return is_intro(line.text) or _find(line.text, matcher, emphasis=line.emphasis, started=False) is None
    if state.awaiting():
        state.hold(line.text, line.para_start, printed_help=True)
        return True
    return False


def _holds_labels(value: str, matcher: LabelMatcher) -> bool:
    """True when an answer cell itself holds two or more labelled lines (a layout table around a
    typed form, not a form row)."""
    return labelled_lines(value, matcher, at_least=2, within=60)


def labelled_lines(text: str, matcher: LabelMatcher, *, at_least: int = 1, within: int | None = None) -> bool:
    """True when ``at_least`` of the first ``within`` filled lines of ``text`` (all when ``None``)
    start with a label of the form (:func:`find_label`)."""
    found = 0
    for line in [ln for ln in text.split("\n") if ln.strip()][:within]:
        if find_label(line, matcher) is not None:
            found += 1
            if found >= at_least:
                return True
    return False


def tag_words(name: str) -> str:
    """A content control's tag or a form field's bookmark as words: "txtJobTitle" and
    "job_title" both read "job title" (a control-type prefix such as txt/fld/cc is dropped)."""
    words = re.sub(r"(?<=[a-z0-9])(?=[A-Z])|[_\W\d]+", " ", name).split()
    if len(words) > 1 and words[0].lower() in _TAG_PREFIXES:
        words = words[1:]
    return " ".join(words)


def _feed(line: Line, matcher: LabelMatcher, state: ReadState) -> None:
    """Process one line: a new label, the end of the form, or more of the current answer."""
    awaiting = state.awaiting()
    if not state.labels and is_form_title(line.text):
        # "Library Services Association - Case Study Submission Form": the form's title, not a
        # label with its answer.
        return
    if state.labels and not awaiting and is_short_contact_line(line.text):
        # "Mob: 07700 900577" typed under an answer ends that answer and is never read as a
        # field; the form goes on ("Job title: ..." may follow).
        if not line.para_start:
            state.drop_last_line_if(lambda text: _names_signer(text, state))
        state.stop_answer()
        return
    if _ends_here(line, state, awaiting=awaiting):
        state.stopped = True
        state.stop_answer()
        return
    if awaiting and is_hint_only(line.text):
        # The label's word-count hint on the line below it.
        return
    # Under printed help the document set apart, the next line is most likely the answer.
    strict = awaiting and (not state.held or state.held_help)
    hit = _find(line.text, matcher, emphasis=line.emphasis, strict=strict, started=bool(state.labels))
    if hit is not None and awaiting and (hit.key == state.current or state.answered(hit.key)):
        # Right after a label, a line naming the same field (or one already answered) is its answer.
        hit = None
    elif hit is not None and (_dash_inside_prose(hit, line, state) or _sentence_tail(hit, line, state)):
        hit = None
    if hit is None:
        if state.labels and unknown_label(line, matcher, state):
            return
        if awaiting and is_instruction(line.text):
            # "Please give a short overview ..." under its label: the form's guidance when more
            # text follows before the next label; the answer otherwise.
            state.hold(line.text, line.para_start, printed_help=False)
            return
        state.add(strip_leading_hint(line.text) if awaiting else line.text, line.para_start)
        return
    if state.taken(hit.key) and hit.key == state.current and state.answer_words() >= 15:
        # A form never asks the question being answered twice in a row: a line naming it again
        # inside its own long answer ("What we did" within a description) is a sub-heading there.
        state.add(line.text, line.para_start)
        return
    if state.taken(hit.key):
        key = reclaim(hit, matcher, state)
        if key is None:
            if (hit.value or hit.score < STRONG) and state.current is not None and state.answer_words() >= 15:
                # "Summary: ..." inside a long answer given after the summary, or a heading such
                # as "What happened next" inside a description: the sender's text.
                state.add(line.text, line.para_start)
            else:
                # A bare label seen again (a repeated, empty form) ends the answer.
                state.stop_answer()
            return
        hit = Hit(key, hit.value, hit.mark, hit.score, hit.label)
    state.style.note(line, hit)
    state.start(hit.key, clean_value(hit.value), (hit.label, hit.score))


def _ends_here(line: Line, state: ReadState, *, awaiting: bool) -> bool:
    """True when ``line`` ends the form: a closing line (:data:`parsers.closing.CLOSING_RULES`),
    or a paragraph that is the sender's signature. ``awaiting`` (a label was just read) needs
    stronger evidence: there, the sender's name alone or a phone number is the answer."""
    if not state.labels:
        return False
    rule = closing_rule(line.text, para_start=line.para_start, after_label=awaiting)
    if rule is not None:
        if rule.name == "short_contact_line" and not line.para_start:
            # "Tel: 01234 ..." right under the last answer: the signature started on the line
            # above when that line is a name.
            state.drop_last_line_if(lambda text: _names_signer(text, state))
        return True
    return line.para_start and _signed(line, state, awaiting=awaiting)


def _names_signer(text: str, state: ReadState) -> bool:
    """A line that is a name: the sender's, or one to four capitalised words with no full stop."""
    low = normalise(text)
    words = text.split()
    if not low or not words:
        return False
    state.compared.add(low.split()[0])
    if low in state.signers or low.split()[0] in state.signers:
        return True
    return len(words) <= 4 and all(w[:1].isupper() for w in words) and not text.rstrip().endswith((".", ":"))


def _sentence_tail(hit: Hit, line: Line, state: ReadState) -> bool:
    """True for a bare label word that is the end of the answer's last sentence, wrapped onto a
    line of its own ("... training is provided by the" / "council."): it starts in lower case
    and ends the sentence the answer's last line left open."""
    paras = state.answers.get(state.current) if state.current is not None else None
    last = paras[-1][-1] if paras and paras[-1] else ""
    text = line.text.strip()
    return (not hit.value and not hit.mark and text[:1].islower() and text.endswith((".", "!", "?"))
            and bool(last) and not last.rstrip().endswith((".", "!", "?", ":", ";")))


def _dash_inside_prose(hit: Hit, line: Line, state: ReadState) -> bool:
    """True for a loosely matched "Word – more text" line in the middle of a long answer
    ("Libraries – the council's front door – are trusted") when no label of this form was typed
    with a dash: the dash is the sender's prose."""
    return (hit.mark == "-" and hit.score < STRONG and bool(hit.value) and not line.emphasis
            and not state.style.marks.get("-") and numbering(line.text) is None
            and state.answer_words() >= 15)


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


_REMEMBERED_LINES = 20_000
_REMEMBERED_LENGTH = 300
"""Lines up to this long have their reading remembered (a form's lines, signatures and notices
repeat across messages, and a text may repeat one line thousands of times); longer ones are
read each time, so the memory stays small."""


def _find(line: str, matcher: LabelMatcher, *, emphasis: bool = False, strict: bool = False,
          started: bool = True) -> Hit | None:
    """The label ``line`` starts with and the answer after it; ``None`` when it starts with none."""
    if len(line) > _REMEMBERED_LENGTH:
        return _read_label(line, matcher, emphasis, strict, started)
    return _remembered_label(line, matcher, emphasis, strict, started)


@lru_cache(maxsize=_REMEMBERED_LINES)
def _remembered_label(line: str, matcher: LabelMatcher, emphasis: bool, strict: bool,
                      started: bool) -> Hit | None:
    return _read_label(line, matcher, emphasis, strict, started)


def _read_label(line: str, matcher: LabelMatcher, emphasis: bool, strict: bool, started: bool) -> Hit | None:
    text = unbold(line.strip())
    if not text:
        return None
    # A numbered or bold label is a label even before the first one was seen.
    sure = started or emphasis or bool(numbering(text) or MARKDOWN_BOLD.match(line.strip()))
    hit = _split_label(text, matcher, known_share=_KNOWN_SHARE_AWAITING if strict else _KNOWN_SHARE,
                       loose_words=_LOOSE_WORDS if sure else _LOOSE_WORDS_FIRST)
    if hit is not None:
        return hit
    if len(text) <= MAX_LABEL_CHARS:
        mark = end_mark(text)
        marked = emphasis or bool(HINT_GROUP.search(text) or _NUMBERED.match(text))
        threshold = 0.6 if marked else (0.9 if strict else 0.7)
        shaped = (marked or bool(mark)) and not strict
        whole = matcher.match(text, threshold=threshold, loose=shaped)
        if (whole is not None and _looks_like_label(text, whole, matcher, shaped=shaped)
                and (not strict or matcher.known_share(text) >= _KNOWN_SHARE_AWAITING)):
            return Hit(whole.key, "", mark, whole.score, text)
    prefix = None if strict else matcher.exact_prefix(text)
    if prefix is not None:
        key, n = prefix
        return Hit(key, LEAD_SEPARATOR.sub("", " ".join(text.split()[n:]), count=1).strip(), "")
    return None


def _split_label(text: str, matcher: LabelMatcher, *, known_share: float,
                 loose_words: int = 0) -> Hit | None:
    """The best "Label<separator>value" reading of ``text`` whose label part matches a field and is
    made (nearly) only of the form's label words; ``None`` when there is none. A label part of at
    most ``loose_words`` words ended by ":", "?" or a dash may be matched by its concepts alone."""
    best: tuple[float, Hit] | None = None
    head = text[:MAX_LABEL_CHARS]
    if SENTENCE_START.match(text) or not any(c in head for c in _SEPARATOR_PARTS):
        return None
    for m in _SEPARATORS.finditer(head):
        if open_bracket(text[: m.start()]):
            # "Summary (word limit: 50)": a colon inside the hint separates nothing.
            continue
        if m.group(0) in (")", "?"):
            # The bracket or question mark ends the label; a separator may still follow it.
            label, value = text[: m.end()], LEAD_SEPARATOR.sub("", text[m.end():], count=1)
        else:
            label, value = text[: m.start()], text[m.end():]
        mark = sep_mark(m.group(0) + value[:2])
        shaped = ((bool(mark) or numbering(label) is not None)
                  and len(content_words(normalise(label))) <= loose_words)
        found = matcher.match(label, threshold=0.6, loose=shaped)
        if found is None or (best is not None and found.score <= best[0]):
            continue
        value = strip_leading_hint(LEAD_JUNK.sub("", value)).strip()
        if not any(c.isalnum() for c in value):
            # "Your name: –" with the answer below: the dash is a second separator.
            value = ""
        dashless = re.sub(r"^[-\u2013\u2014]+\s+", "", value)
        if mark == ":" and (value[:1] in ("\u2013", "\u2014") or _fits_email(found.key, dashless, matcher)):
            # "Your name: – Jo", "EMAIL: - jo@x.gov.uk": a dash after the colon is a second
            # separator (a hyphen before other answers may be a bullet, and stays).
            value = dashless
        share = matcher.known_share(label)
        if (share < known_share and not _fits_email(found.key, value, matcher)
                and not (known_share <= _KNOWN_SHARE and share >= 0.33 and matcher.head_known(label))):
            continue
        best = (found.score, Hit(found.key, value, mark, found.score, label))
        if LEADER_SEPARATOR.fullmatch(m.group(0)):
            # "Title ...... Seed Library: growing": a dot leader or an arrow ended the label; a
            # colon after it is the answer's own.
            break
    return None if best is None else best[1]


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


# --- the end of the form ---------------------------------------------------------------------------

def _signed(line: Line, state: ReadState, *, awaiting: bool) -> bool:
    """True when the paragraph starting with ``line`` starts with the sender's own name (the one
    closing rule that needs to know the sender, so it is not in :mod:`parsers.closing`)."""
    if awaiting and line.para_lines < 2:
        return False
    low = normalise(line.text)
    if low:
        state.compared.add(low.split()[0])
    if low and any(low == s for s in state.signers):
        return True
    # "Rhys V." over a job title and an employer: a signature block.
    return bool(low) and line.para_lines >= 2 and len(low.split()) <= 4 and low.split()[0] in state.signers


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
