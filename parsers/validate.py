"""Checks on the answers: required fields, word limits and email address syntax. Each problem
states the fact for staff; the sentence the sender reads is the application's template (see
:class:`parsers.models.Problem`).

Word count rule: the number of whitespace-separated tokens (spaces, tabs, line breaks and
non-breaking spaces all separate). This is the rule Microsoft Word's word count applies: a run of
non-space characters is one word, so "co-operate", "£210,000" and "28%" are one word each and a
dash typed between spaces counts as a word.

email-validator lives behind this module (syntax only, ``check_deliverability=False``: no DNS).
"""

from __future__ import annotations

import re

from parsers.mail.addresses import parse_address
from parsers.models import Problem
from parsers.schema import FieldSpec, FormSchema

_HINT = re.compile(r"\s*[(\[][^()\[\]]*\d[^()\[\]]*[)\]]\s*")


def count_words(text: str | None) -> int:
    """Words in ``text`` by the documented rule; 0 for ``None`` or blank text."""
    return len(text.split()) if text else 0


def field_name(spec: FieldSpec) -> str:
    """The label as shown to a sender, without a word-count hint ("Summary of case study")."""
    return _HINT.sub(" ", spec.label).strip() or spec.key


# Neither side may hold another "@": with it, each start position could backtrack over the whole
# value, and an answer of "a@" x 50,000 took minutes.
_ADDRESS = re.compile(r"[^\s<>()\[\]:;,/\"'@]+@[^\s<>()\[\]:;,/\"'@]+")
# RFC 5321 §4.5.3.1.3: a path is at most 256 octets; an answer far longer is not one address, and
# is refused before any parsing of it.
_MAX_ADDRESS_ANSWER = 1000
_OUTLOOK_MAILTO = re.compile(r"^(\S+@\S+?)\s?<mailto:\1>$", re.I)


def email_problem(value: str) -> str | None:
    """Why ``value`` is not a usable email address, or ``None`` when it is one.

    A value naming two different addresses ("jo@x.org<mailto:sam@y.org>", "jo@x.org, sam@y.org")
    is not one address; Outlook's "jo@x.org<mailto:jo@x.org>" is."""
    if len(value) > _MAX_ADDRESS_ANSWER:
        return f"it is {len(value)} characters long, too long for an email address"
    addresses = {a.lower().removeprefix("mailto:") for a in _ADDRESS.findall(value)}
    if len(addresses) > 1:
        return "it holds more than one address"
    text = _OUTLOOK_MAILTO.sub(r"\1", value.strip())
    text = text.strip().strip("<>").strip()
    if text.lower().startswith("mailto:"):
        text = text[7:]
    if re.search(r"\s", text) or "<" in text:
        _, addr = parse_address(text)
        at_tokens = [t.strip("<>()[],;:") for t in text.split() if "@" in t]
        if addr and "@" in addr and not re.search(r"\s", addr) and "<" in text:
            text = addr
        elif len(at_tokens) == 1 and not _glued_to_words(text):
            # "jo@example.org / 01234 567890": the one address typed with other details.
            text = at_tokens[0]
    # Imported here: it compiles its grammar on import, and most commands never check an address.
    from email_validator import EmailNotValidError, validate_email

    try:
        validate_email(text, check_deliverability=False)
    except EmailNotValidError as err:
        return str(err)
    return None


def _glued_to_words(text: str) -> bool:
    """True when the address is preceded by a bare word ("jo bloggs@example.org"): the words are
    part of what was typed as the address, not a separate detail."""
    tokens = text.split()
    at = next(i for i, t in enumerate(tokens) if "@" in t)
    return at > 0 and re.fullmatch(r"[A-Za-z'.\-]+", tokens[at - 1]) is not None


def validate(fields: dict[str, str | None], schema: FormSchema) -> list[Problem]:
    """The problems of a submission's answers, in form order; an empty list when there are none."""
    problems: list[Problem] = []
    for spec in schema.fields:
        problem = _check(spec, fields.get(spec.key))
        if problem is not None:
            problems.append(problem)
    return problems


def _check(spec: FieldSpec, value: str | None) -> Problem | None:
    name = field_name(spec)
    if not value or not value.strip():
        if spec.required:
            return Problem(spec.key, "missing", f"{name}: no answer", {"label": name})
        return None
    if spec.max_words is not None:
        n = count_words(value)
        if n > spec.max_words:
            return Problem(spec.key, "over_word_limit", f"{name}: {n} words; the limit is {spec.max_words}",
                           {"label": name, "words": n, "limit": spec.max_words})
    if spec.kind == "email":
        why = email_problem(value)
        if why is not None:
            reason = why.rstrip(".")
            return Problem(spec.key, "invalid", f'{name}: "{value.strip()}" is not a usable email address '
                           f"({reason})", {"label": name, "value": value.strip(), "reason": reason})
    return None
