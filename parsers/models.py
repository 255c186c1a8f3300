"""Typed results of parsing. Plain dataclasses, JSON-friendly via :meth:`Extraction.to_json`."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, Literal

Kind = Literal["submission", "not_submission"]
ProblemCode = Literal["missing", "over_word_limit", "invalid", "attachment"]


@dataclass(frozen=True)
class Problem:
    """Something the sender must fix. ``field`` is a form key, or ``None`` for the message as a whole
    (for example an attachment that could not be read). ``message`` states the fact in a few words
    for staff and ``intake extract``; the sentence a sender reads is written by the application from
    ``code`` and ``params`` (a template), so it is phrased in one place. ``params`` by code:
    ``missing`` {label}; ``over_word_limit`` {label, words, limit}; ``invalid`` {label, value, reason};
    ``attachment`` {filename, reason, advice} or {filename, size_kb, limit_kb}; empty when unknown."""

    field: str | None
    code: ProblemCode
    message: str
    params: dict[str, Any] = dataclasses.field(default_factory=dict, compare=False)

    def to_json(self) -> dict[str, Any]:
        """The stored shape: ``field``, ``code``, ``message`` and ``params``."""
        return {"field": self.field, "code": self.code, "message": self.message, "params": dict(self.params)}


@dataclass(frozen=True)
class AttachmentInfo:
    """An attachment seen in the message. ``content`` is ``None`` when it was too large to keep."""

    filename: str
    content_type: str
    size: int
    content: bytes | None = None


@dataclass
class Extraction:
    """What was read from one message.

    ``fields`` has every key of the form; a value is ``None`` when no answer was found.
    ``source`` is ``"body"``, ``"attachment:<filename>"`` or ``"forwarded"``-prefixed variants such as
    ``"forwarded:body"``; ``None`` when nothing was read (non-submissions).
    ``field_sources`` maps each found key to the source it came from.
    ``reason`` says why a message is ``not_submission`` (``"auto_reply"``, ``"bounce"``, ``"bulk"``,
    ``"question"``, ``"empty"``); ``None`` for submissions.
    """

    kind: Kind
    fields: dict[str, str | None]
    problems: list[Problem] = field(default_factory=list)
    source: str | None = None
    field_sources: dict[str, str] = field(default_factory=dict)
    reason: str | None = None
    message_id: str | None = None
    subject: str | None = None
    from_name: str | None = None
    from_addr: str | None = None
    forwarded_by: str | None = None
    in_reply_to: str | None = None
    references: list[str] = field(default_factory=list)
    auto_reply: bool = False
    attachments: list[AttachmentInfo] = field(default_factory=list)
    text_body: str | None = None
    html_body: str | None = None
    warnings: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The public shape printed by ``intake extract``."""
        return {
            "kind": self.kind,
            "fields": dict(self.fields),
            "problems": [{"field": p.field, "code": p.code, "message": p.message} for p in self.problems],
            "source": self.source,
        }
