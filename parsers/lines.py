"""The shape of one line of a typed form, independent of any form's labels.

* what ends the form: a sign-off ("Kind regards, Jo"), a closing remark ("Happy to provide more
  details"), a disclaimer, a contact line of a signature, an "End of form" marker;
* word-count hints ("(max 50 words)", "[50 words]", "(up to 750)", "- max 750 words") and lines that
  are nothing but a hint;
* question numbering ("Q5.", "5)", "(5)", "Question 5:") and its style, so that the next number in
  the same style can be recognised as the next question;
* hard-wrapped text (lines broken at a fixed width, not flowed): the lines typed are joined back so
  that a wrapped answer or label is read as one line.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from parsers.labels import HINT

# A sign-off: the closing words, then at most a name ("Thanks, Jo", "Kind regards", "Best,").
_CLOSING = re.compile(
    r"^(?i:(?:(?:many|much|big|with(?: many)?|and)\s+)?(?:thanks|thank\s+you|thank-you|cheers|ta)"
    r"(?:\s+(?:again|so much|very much|in advance|all))?(?:\s+for\s[^.]{0,60})?"
    r"|(?:(?:kind|best|warm|warmest|kindest|many|with (?:best|kind|warm))\s+)?(?:regards|wishes)"
    r"|all (?:the )?best|best|yours(?: sincerely| faithfully| truly)?|sincerely|respectfully|"
    r"take care|speak soon|talk soon|bw|kr|"
    # Welsh sign-offs, common in Welsh authorities' mail: "Diolch yn fawr", "Cofion gorau", "Yn gywir".
    r"diolch(?: yn fawr(?: iawn)?)?|cofion(?: gorau| cynnes)?|yn gywir)"
    r"[\s,.!]*(?:[A-Z][\w'\u2019.-]*[\s,]*){0,3}$"
    # Mail apps' own signatures: "Sent from my iPhone", "Sent from Outlook for iOS",
    # "Get Outlook for Android<https://aka.ms/...>", "Sent with Proton Mail", "Sent from Mail for Windows".
    r"|^(?i:sent (?:from|with|via|using)\s|get outlook for\s)")
_BILINGUAL = re.compile(r"\s[/|]\s")
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
    r"let (?:me|us) know if|if you (?:need|have|require|would like) " + _MORE + r"|any questions|"
    r"(?:i'?m |we'?re |i am |we are |i'?d be |we'?d be )?(?:very )?(?:happy|glad|pleased) to "
    r"(?:discuss|talk|chat)\b|"
    # An offer of material: "We have photographs available if they would be useful."
    r"(?:(?:we|i) (?:have|can (?:send|share|provide)|could (?:send|share|provide)) "
    r"(?:some |more |further )?)?"
    r"(?:photos|photographs|pictures|images|videos?|quotes|testimonials)\b.{0,60}"
    r"\b(?:if (?:they|these|it|that|you)|on request|available|useful|helpful))", re.I)
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
# "End of form", "[End of the form]", "*** END OF SUBMISSION ***": what the form itself says last.
_FORM_END = re.compile(r"^[\W_]*end\s+of\s+(?:the\s+)?(?:form|document|submission|questionnaire|"
                       r"case\s+study(?:\s+form)?)[\W_]*$", re.I)

# A word-count hint in brackets: "(max 50 words)", "[no more than 750 words]", "(50 words)",
# "(max 50)", "(word limit: 750)", "(750 max)": a number with a word that makes it a limit.
_LIMIT_WORD = (r"(?:words?|max(?:imum)?|limit|up\s+to|no\s+more\s+than|not\s+more\s+than|under|"
               r"approx(?:imately)?|fewer|less\s+than|within|not\s+exceeding)")
HINT_GROUP = re.compile(
    r"[(\[](?=[^()\[\]]{0,60}[)\]])(?=[^()\[\]]*\d)(?=[^()\[\]]*\b" + _LIMIT_WORD
    + r"\b)[^()\[\]]{1,60}[)\]]", re.I)
_HINT_ONLY = re.compile(r"^[\s(\[\-\u2013\u2014*_]*(?:" + HINT.pattern
                        + r")[\s)\]\-\u2013\u2014:*_.]*$", re.I)
_LEAD_HINT = re.compile(r"^\s*(?:[-\u2013\u2014:]\s*)?(?:" + HINT_GROUP.pattern + r"|(?:" + HINT.pattern
                        + r"))\s*(?:[:*_]+|[-\u2013\u2014]+(?=\s|$))?\s*", re.I)

SENTENCE_START = re.compile(
    r"^(?:here\b|i\b|i'[mvd]\b|we\b|we'(?:re|ve|d|ll)\b|they\b|there (?:is|are|was|were)\b|this (?:is|was)\b|"
    r"these (?:are|were)\b|it\b|it's\b|attached\b|please (?:find|see)\b|thanks?\b|thank you\b|hope\b|"
    r"as (?:promised|requested|discussed)\b)", re.I)
"""The start of a sentence, never of a label ("Here is our case study - happy to help", "We did
three things:")."""
MAX_LABEL_CHARS = 160
"""The longest text read as a label."""
MARKDOWN_BOLD = re.compile(r"^[*_]([^*_\n]{1,100})[*_]\s*(?=\S)")
# What may sit between a label and its answer besides the separator itself (a bullet "- " in an
# answer is the sender's text and stays).
LEAD_JUNK = re.compile(r"^[\s:*_]+")
# An arrow ("=>", "->", "\u2192") or a run of dots or dot leaders ("Your name ........ Jo",
# "Email \u2026\u2026 x@y", "Title ......:"), alone or before a colon: it ends a label as surely as ":".
LEADER_SEPARATOR = re.compile(r"\s*(?:=>|->|\u2192|(?:\.{3,}|\u2026)[.\u2026]*(?:\s*:)?)(?=\s|$)")
LEAD_SEPARATOR = re.compile(r"^\s*(?:[:*_]+|[-\u2013\u2014]+(?=\s|$))\s*")
_NUMBER = re.compile(r"^\s*(\(?)((?:q(?:uestion)?|no)\.?\s*)?(\d{1,2})[a-z]?(\)?)\s*([.:\-\u2013]?)(?=\s|$)",
                     re.I)


def is_closing_line(text: str) -> bool:
    """A short sign-off line ("Kind regards,", "Thanks, Jo", "Sent from Outlook for iOS"), also in two
    languages ("Cofion gorau / Best wishes,")."""
    words = text.split()
    if not 0 < len(words) <= 10:
        return False
    if len(words) <= 6 and _CLOSING.match(text.strip()):
        return True
    # One part of "Cofion gorau / Best wishes," that is a sign-off by itself.
    parts = [p.strip() for p in _BILINGUAL.split(text)] if _BILINGUAL.search(text) else []
    return any((p.endswith(",") or len(p.split()) >= 2) and len(p.split()) <= 6 and _CLOSING.match(p)
               for p in parts)


def is_closing_sentence(text: str) -> bool:
    """A closing remark ("Please let me know if you need anything else.")."""
    return len(text.split()) <= 40 and bool(_CLOSING_SENTENCE.match(text))


def is_disclaimer(text: str) -> bool:
    return bool(_DISCLAIMER.search(text))


def is_contact_line(text: str) -> bool:
    """A signature's telephone or web address line ("Tel: 01234 567890", "www.example.gov.uk")."""
    return bool(_CONTACT_LINE.match(text))


def is_form_end(text: str) -> bool:
    """"End of form" and the like: nothing after it is an answer."""
    return len(text) <= 60 and bool(_FORM_END.match(text.strip()))


def is_hint_only(text: str) -> bool:
    """True for a line that is only a word-count hint ("(max 750 words)", "max. 100 words:"), as
    when a hint wraps below its label."""
    return len(text) <= 60 and bool(_HINT_ONLY.match(text))


def strip_leading_hint(value: str) -> str:
    """``value`` without a word-count hint (and the separator after it) at its start: what a split
    between a label and its hint leaves ("(max 50): We opened..." -> "We opened...")."""
    stripped = _LEAD_HINT.sub("", value, count=1)
    return stripped if stripped != value else value


@dataclass(frozen=True)
class Numbering:
    """A question number at the start of a line: ``number`` 5 and ``style`` "q." for "Q5."."""

    number: int
    style: str
    end: int


def numbering(text: str) -> Numbering | None:
    """The question number starting ``text``, or ``None`` when it starts with none."""
    m = _NUMBER.match(text)
    if m is None or not (m.group(1) or m.group(2) or m.group(4) or m.group(5)):
        # A bare number ("2024 was...") is no numbering; "5.", "5)", "(5)" and "Q5" are.
        return None
    style = (m.group(1) + ("q" if m.group(2) else "") + m.group(4) + m.group(5)).lower()
    return Numbering(int(m.group(3)), style, m.end())


# --- hard-wrapped text ---------------------------------------------------------------------------

def wrap_width(lines: list[str]) -> int | None:
    """The width text was hard-wrapped at (the longest line), or ``None`` when it was not wrapped:
    no line longer than 100 characters and at least three lines within 15 of the longest."""
    lengths = [len(ln) for ln in lines if ln.strip()]
    if len(lengths) < 4:
        return None
    longest = max(lengths)
    if longest > 100 or longest < 50:
        return None
    if sum(1 for n in lengths if n >= longest - 15) < 3:
        return None
    return longest


def unwrap(parts: list[str], width: int | None, starts_line: Callable[[str, bool], bool]) -> list[str]:
    """Join the lines of one paragraph that a hard wrap broke: a line continues the one before when
    its first word would not have fitted on it (the classic re-flow test), or when it closes a
    bracket the line before left open ("(up to 750" / "words):"). A line for which ``starts_line``
    is true (a label, a numbered or bulleted item, a sign-off) always starts a new line; its second
    argument says whether the line before ended a sentence (where a label is more likely)."""
    out: list[str] = []
    last = ""
    for part in parts:
        after_sentence = last.endswith((".", "!", "?"))
        if out and (_closes_bracket(out[-1], part)
                    or _continues(last, part, width) and not starts_line(part, after_sentence)):
            out[-1] = out[-1] + " " + part
        else:
            out.append(part)
        last = part
    return out


def _closes_bracket(prev: str, cur: str) -> bool:
    """True when ``cur`` closes a bracket ``prev`` left open ("(up to 750" / "words):")."""
    return open_bracket(prev) and re.match(r"^[^()\[\]]{0,30}[)\]]", cur) is not None


def _continues(prev: str, cur: str, width: int | None) -> bool:
    if width is None or prev.endswith((":", "?")):
        return False
    if numbering(cur) is not None or re.match(r"^[-*\u2022\u25aa\u25cf]\s", cur) or is_closing_line(cur):
        return False
    return len(prev) + 1 + len(cur.split()[0]) > width


def open_bracket(text: str) -> bool:
    """True when ``text`` ends inside brackets ("6) Summary (word count")."""
    return text.rfind("(") > text.rfind(")") or text.rfind("[") > text.rfind("]")


# --- labels and their separators -----------------------------------------------------------------

def unbold(text: str) -> str:
    """``text`` with a Markdown-style bold label ("*Your name* Jo Bloggs", as Gmail's text/plain
    rendition writes bold) ended by a tab, or the asterisks around a whole line removed."""
    bold = MARKDOWN_BOLD.match(text)
    if bold:
        return bold.group(1) + "\t" + text[bold.end():]
    if text.startswith(("*", "_")):
        return text.strip("*_").strip()
    return text


def sep_mark(sep: str) -> str:
    """The kind of separator ending a label: "?", ":", "-" (a dash), or "" (tab, spaces, bracket)."""
    if "?" in sep[:1]:
        return "?"
    if ":" in sep or LEADER_SEPARATOR.match(sep):
        return ":"
    return "-" if re.match(r"\s*[-\u2013\u2014]", sep) else ""


def end_mark(text: str) -> str:
    """The mark a label on its own line ends with ("Your name:", "Your role?", "SUBMITTER –"), or
    ""."""
    text = text.rstrip("*_ ")
    if text.endswith(("?", ":")):
        return text[-1]
    if LEADER_SEPARATOR.search(text[-4:]) and LEADER_SEPARATOR.search(text):
        # "Summary ......" with the answer on the lines below.
        return ":"
    return "-" if re.search(r"\s[-\u2013\u2014]+$", text) else ""


def clean_value(value: str) -> str:
    """An answer typed after its label without the separator's leftovers (":", "*", "_")."""
    value = LEAD_JUNK.sub("", value).strip()
    if value.endswith("*") and value.count("*") % 2 == 1:
        value = value.rstrip("*").strip()
    return value


# A form's own title: "Library Services Association – Case Study Submission Form", "Case studies
# 2025: submission template", "Libraries Connected: call for case studies", "Case study submission
# form – Library Services". Words naming the document end it, or come before a short dash- or
# colon-separated qualifier; never an answer.
_FORM_DOC = (r"(?:form|template|pro[\s-]?forma|questionnaire|submissions?|application|"
             r"call\s+for\s+(?:[\w'\u2019-]+\s+){0,3}[\w'\u2019-]+)")
_FORM_TITLE = re.compile(
    rf"\b{_FORM_DOC}(?:\s+\(?\d{{4}}(?:[-/]\d{{2,4}})?\)?)?"
    r"(?:\s+[-\u2013\u2014:|]\s*[^:?\s][^:?]{0,60})?\s*[.!]?\s*$", re.I)
# An instruction the form prints under a label: "Please give a short overview", "Tell us what
# happened", "(Include partners and dates)". Never the start of an answer to that label.
_INSTRUCTION = re.compile(
    r"^(?:\(.*\)|\[.*\]|(?:please|tell\s+us|describe|include|you\s+may|you\s+can|give|explain|"
    r"outline|list|provide|summari[sz]e|briefly|keep\s+it|use\s+this|in\s+no\s+more\s+than|"
    r"up\s+to\s+\d+)\b.*)$", re.I)

_ADDRESSED = re.compile(r"\b(?:you|your|yours)\b|\be\.g\.|\bfor example\b", re.I)


def is_form_title(text: str) -> bool:
    """True for a line that is a form's title rather than a label or an answer: it ends with a
    word naming the document ("... Submission Form") and not with a label's ":" or "?"."""
    text = text.strip()
    if not text or len(text) > 160 or text.endswith((":", "?")):
        return False
    return bool(_FORM_TITLE.search(text))


_REQUEST = re.compile(
    r"^(?:please|tell\s+us|describe|include|you\s+may|you\s+can|give|explain|outline|provide|"
    r"summari[sz]e|briefly|keep\s+it|use\s+this|in\s+no\s+more\s+than|up\s+to\s+\d+)\b", re.I)


def is_request(text: str) -> bool:
    """True for the form's request to the writer ("Please give...", "Tell us...", "Describe..."):
    an :func:`is_instruction` line that no one types as an answer, even when nothing follows it
    (a bracketed or question-shaped line may still be an answer)."""
    return bool(_REQUEST.match(text.strip())) and is_instruction(text)


def is_instruction(text: str) -> bool:
    """True for a line shaped like the form's instruction to the writer: "Please ...", "Tell us ...",
    "Describe ...", "Include ...", "You may ...", wholly in brackets, a question, or a phrase that
    addresses the writer ("your", "e.g.") and is no sentence."""
    text = text.strip()
    if not 0 < len(text) <= 300:
        return False
    if _INSTRUCTION.match(text) or text.endswith("?"):
        return True
    # Addressed to the writer and not a sentence of an answer: "Your current role", "As you would
    # like it to appear, e.g. 'Anytown Libraries'".
    return not text.endswith(".") and bool(_ADDRESSED.search(text))
