"""Text the form prints for the writer, never an answer: its own title ("Case Study Submission
Form") and instructions under a label ("Please give a short overview", "(Include partners)")."""

from __future__ import annotations

import re

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


# What makes a request the form's own words: it speaks to the writer or about the answer's size.
# "Give young people a real budget." (a lesson typed as an answer) has none of these.
_TO_WRITER = re.compile(r"\b(?:you|your|yours|please|tell\s+us|e\.g\.|for\s+example|words?|max(?:imum)?)\b",
                        re.I)


def is_request(text: str) -> bool:
    """True for the form's request to the writer ("Please give...", "Tell us...", "Describe your..."):
    an :func:`is_instruction` line that speaks to the writer (or names a word limit), which no one
    types as an answer, even when nothing follows it. An imperative answer ("Give young people a
    real budget.") is not one; a bracketed or question-shaped line may still be an answer."""
    text = text.strip()
    return bool(_REQUEST.match(text)) and is_instruction(text) and bool(_TO_WRITER.search(text))


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
