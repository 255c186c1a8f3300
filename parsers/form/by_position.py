"""Answers numbered like the form's questions but without their labels ("1. Jane Smith",
"2) Head of Libraries", "Q3 jane@x.org"), as people type them on a phone or when they answer the
call email by number.

They are read by position only when they fit the form: one answer per question, numbered 1 to N
in order, and each answer of the right kind (the email position holds an address). Otherwise
:func:`read_by_position` gives ``None`` and nothing is guessed; :func:`misfit` then says why
numbered answers that are plainly the sender's answers (about as many as the form's questions,
the first naming the sender or one holding an address) do not fit, so staff read them.
"""

from __future__ import annotations

import re

from parsers.closing import is_closing_line, is_contact_line
from parsers.mail.addresses import ADDRESS_IN_TEXT
from parsers.schema import FormSchema

BY_POSITION = "by position"
"""What ``field_sources`` says for answers read by their number."""

_ITEM = re.compile(r"^\s*(?:q(?:uestion)?\s*)?(\d{1,2})\s*(?:[.):\-\u2013]\s*|\s+)(\S.*)?$", re.I)


def numbered_items(text: str) -> list[tuple[int, str]]:
    """The numbered items of ``text`` in order, each with its continuation lines joined; empty when
    the text has none. Reading stops at a sign-off or a contact line."""
    items: list[tuple[int, list[str]]] = []
    for raw in text.split("\n"):
        line = raw.strip()
        if items and (is_closing_line(line) or is_contact_line(line)):
            break
        m = _ITEM.match(line)
        if m and (not items or int(m.group(1)) == items[-1][0] + 1):
            items.append((int(m.group(1)), [m.group(2) or ""]))
        elif items and line:
            items[-1][1].append(line)
        elif items and not line:
            items[-1][1].append("")
    return [(n, "\n".join(" ".join(p.split("\n")).strip() for p in "\n".join(parts).strip().split("\n\n")))
            for n, parts in items]


def read_by_position(text: str, schema: FormSchema) -> dict[str, str | None] | None:
    """The answers of ``text`` by their number, keyed by the form's fields in order, when the
    numbered items fit the form (as many as it has questions, numbered from 1, an address at
    each email position, none empty); ``None`` when there are no such items or they do not fit."""
    items = numbered_items(text)
    if len(items) != len(schema.fields) or items[0][0] != 1:
        return None
    fields: dict[str, str | None] = {}
    for spec, (_, value) in zip(schema.fields, items, strict=True):
        if not value or (spec.kind == "email" and not ADDRESS_IN_TEXT.fullmatch(value.strip())):
            return None
        fields[spec.key] = value
    return fields


def misfit(text: str, schema: FormSchema, senders: tuple[str, ...] = ()) -> str | None:
    """Why the numbered answers of ``text`` cannot be read by position, for staff ("9 numbered
    answers for the form's 8 questions"); ``None`` when they fit, or when the text holds no
    numbered answers to this form: fewer or more than one off the form's count, not numbered
    from 1, or with neither the sender's name first (``senders``: the From name, the address's
    local part as words) nor an email address among them (a numbered list in a question is not
    a set of answers)."""
    items = numbered_items(text)
    n = len(schema.fields)
    if not items or items[0][0] != 1 or abs(len(items) - n) > 1 or read_by_position(text, schema) is not None:
        return None
    first = " ".join(items[0][1].lower().split())
    names_sender = bool(first) and any(first in " ".join(s.lower().split()) for s in senders if s)
    if not names_sender and not any(ADDRESS_IN_TEXT.search(v) for _, v in items):
        return None
    if len(items) != n:
        return f"{len(items)} numbered answers for the form's {n} questions"
    return ("numbered answers that do not fit the form's questions "
            "(one empty, or no address where it asks for one)")
