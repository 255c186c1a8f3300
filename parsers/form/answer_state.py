"""The state of reading one candidate's lines into answers (see :mod:`parsers.form.fields`)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from parsers.form.guidance import is_request
from parsers.form.numbering import Numbering, numbering


@dataclass
class Line:
    """One logical line of a paragraph (hard wraps joined)."""

    text: str
    emphasis: bool
    para_start: bool
    para_lines: int = 1


@dataclass(frozen=True)
class Hit:
    """A label found on a line: the field, the answer text after it ("" when below), the mark
    that ended the label ("?", ":", "-" or "" for none), the match score and the label text."""

    key: str
    value: str
    mark: str
    score: float = 1.0
    label: str = ""


@dataclass
class Orphan:
    """The text after a question-like line that names no field. ``strong`` when the line is clearly
    a question (numbered next, or carrying a hint); ``interrupted`` is the answer it ended."""

    label: str
    strong: bool
    interrupted: str | None
    line: tuple[str, bool]
    inline: bool = False
    lines: list[tuple[str, bool]] = field(default_factory=list)


@dataclass
class Style:
    """How the recognised labels of this candidate look: the last question number and its style,
    and how many labels ended with "?", with ":" or were bold."""

    number: Numbering | None = None
    marks: dict[str, int] = field(default_factory=dict)

    def note(self, line: Line, hit: Hit) -> None:
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
class ReadState:
    """Answers read so far. ``answers`` holds each field's paragraphs (lists of lines) from text;
    ``direct`` the answers documents pair with their labels; ``claims`` the label text and score
    that claimed each field; ``orphans`` the answers to questions that name no field."""

    signers: list[str]
    direct: dict[str, str | None] = field(default_factory=dict)
    answers: dict[str, list[list[str]]] = field(default_factory=dict)
    labels: set[str] = field(default_factory=set)
    current: str | None = None
    orphan: Orphan | None = None
    orphans: list[Orphan] = field(default_factory=list)
    style: Style = field(default_factory=Style)
    claims: dict[str, tuple[str, float]] = field(default_factory=dict)
    stopped: bool = False
    held: list[tuple[str, bool]] = field(default_factory=list)
    """An instruction-shaped line right under a label: dropped as guidance when the answer follows
    it, kept as the answer when the next label (or the end) comes first."""
    held_help: bool = False
    """Every held line is text the document set apart as the form's printed help (``Para.guidance``)."""
    help_set_apart: int = 0
    """How often printed help under a label was followed by an answer in another look: the
    document sets its help apart, so help alone under a label is no answer (:meth:`help_only`)."""
    help_answers: set[str] = field(default_factory=set)
    """Keys whose answer is only the printed help held under their label."""
    compared: set[str] = field(default_factory=set)
    """The first word of every line compared with the sender's names (normalised): a name that
    starts none of them would read the same (:func:`parsers.form.fields.may_sign`)."""

    def hold(self, text: str, para_start: bool, *, printed_help: bool) -> None:
        """Hold a line under a label until it is known whether an answer follows it."""
        self.held_help = printed_help and (self.held_help or not self.held)
        self.held.append((text, para_start))

    def help_only(self) -> set[str]:
        """Keys answered only by printed help, in a document that set its help apart elsewhere
        (the label was left blank); empty when the document never showed help apart from an answer."""
        return self.help_answers if self.help_set_apart else set()

    def flush_held(self) -> None:
        """Keep the held line as the current answer: nothing else answered its label. The form's
        own request ("Please give...") is never an answer: the label is then left unanswered."""
        held, self.held = self.held, []
        if self.current is not None and not self.answers.get(self.current):
            for text, para_start in held:
                if is_request(text):
                    continue
                append(self.answers.setdefault(self.current, []), text, para_start)
            if held and self.held_help:
                self.help_answers.add(self.current)
        self.held_help = False

    def start(self, key: str, first: str, claim: tuple[str, float] = ("", 1.0)) -> None:
        self.flush_held()
        self.labels.add(key)
        self.answers[key] = [[first]] if first else []
        self.claims[key] = claim
        self.current = key
        self.orphan = None

    def taken(self, key: str) -> bool:
        return key in self.labels or key in self.direct

    def start_orphan(self, label: str, first: str, line: Line, *, strong: bool) -> None:
        self.flush_held()
        self.orphan = Orphan(label, strong, self.current, (line.text, line.para_start), bool(first))
        if first:
            self.orphan.lines.append((first, True))
        self.orphans.append(self.orphan)
        self.current = None

    def drop_last_line_if(self, test: Callable[[str], bool]) -> None:
        """Take the current answer's last line back when ``test`` says it is not part of it (a
        signature's name line), unless it is the answer's only line."""
        paras = self.answers.get(self.current) if self.current is not None else None
        if not paras or not paras[-1] or (len(paras) == 1 and len(paras[0]) == 1):
            return
        if test(paras[-1][-1]):
            paras[-1].pop()
            if not paras[-1]:
                paras.pop()

    def stop_answer(self) -> None:
        self.flush_held()
        self.current = None
        self.orphan = None

    def awaiting(self) -> bool:
        """True right after a label whose answer has not started yet."""
        return self.current is not None and not self.answers.get(self.current)

    def holding(self) -> bool:
        """True while a label's answer has not started but guidance under it is held."""
        return self.current is not None and not self.answers.get(self.current) and bool(self.held)

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
        if self.held and self.held_help:
            self.help_set_apart += 1
        self.held, self.held_help = [], False
        append(self.answers[self.current], text, para_start)


def append(paras: list[list[str]], text: str, para_start: bool) -> None:
    if para_start or not paras:
        paras.append([text])
    else:
        paras[-1].append(text)


def join(paragraphs: list[list[str]]) -> str | None:
    """An answer's paragraphs as text: lines joined by a newline, paragraphs by a blank line,
    without rule lines at its start or end (a "-----" typed between the sections of a form is no
    part of the answer above it); ``None`` when there is no text."""
    paragraphs = _without_edge_rules(paragraphs)
    text = "\n\n".join("\n".join(lines) for lines in paragraphs if any(ln.strip() for ln in lines)).strip()
    return unquote(text) or None


def _without_edge_rules(paragraphs: list[list[str]]) -> list[list[str]]:
    """``paragraphs`` without the rule lines before their first line of words and after their last."""
    from parsers.closing import is_rule_line

    flat = [(p, line) for p, para in enumerate(paragraphs) for line in para]
    words = [n for n, (_, line) in enumerate(flat) if not is_rule_line(line)]
    if len(words) == len(flat):
        return paragraphs
    out: list[list[str]] = [[] for _ in paragraphs]
    for p, line in flat[words[0]:words[-1] + 1] if words else []:
        out[p].append(line)
    return out


_QUOTE_PAIRS = {'"': '"', "\u201c": "\u201d", "'": "'", "\u2018": "\u2019", "\u00ab": "\u00bb"}


def unquote(text: str) -> str:
    """``text`` without one pair of matching quotes wrapping the whole of it ('"Jo Bloggs"',
    "\u201cSeed Library\u201d"); unchanged when it is not wholly wrapped, or when a quote stands
    inside it other than as an apostrophe between letters ('"a" and "b"' stays)."""
    if len(text) < 3 or _QUOTE_PAIRS.get(text[0]) != text[-1]:
        return text
    inner = text[1:-1]
    marks = re.escape(text[0] + text[-1])
    if re.search(r"(?<![^\W_])[" + marks + r"]|[" + marks + r"](?![^\W_])", inner):
        return text
    return inner.strip() or text
