"""Every email in and out of one submission (or about one message) as one thread, oldest first:
the messages that arrived (its versions, questions and replies about it) and the emails we sent
(acknowledgements, staff emails, answers), each with its text."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from intake.config import Config
from intake.replies import ReplyError
from intake.replies.answer import answers_to, text_of
from intake.replies.outbox import SECRET_KINDS, of_submission
from intake.web.mailview import view_message
from store.messages import messages_of_submission
from store.models import Message, Outbox


@dataclass(frozen=True)
class ThreadItem:
    """One email of a thread. ``incoming`` is True for a message that arrived (then ``message`` is
    its row and ``outbox`` ``None``), False for one we sent (the reverse). ``body`` is its text;
    ``None`` when it has none (an HTML-only message, or a body removed after the retention period)."""

    at: datetime
    incoming: bool
    party: str
    subject: str
    body: str | None
    message: Message | None = None
    outbox: Outbox | None = None


def _incoming(config: Config, msg: Message) -> ThreadItem:
    mail = view_message(msg.raw, config.limits, label=msg.message_id or f"#{msg.id}")
    sender = (f"{msg.from_name} <{msg.from_addr}>" if msg.from_name and msg.from_addr
              else msg.from_addr or "")
    return ThreadItem(at=msg.received_at, incoming=True, party=sender, subject=msg.subject or "(no subject)",
                      body=mail.text.strip() if mail.text else None, message=msg)


def sent_text(row: Outbox) -> str | None:
    """The text of an email we sent (see :func:`intake.replies.answer.text_of`); ``None`` when it
    has none, cannot be read, or is one staff must not read: a set-password link
    (:data:`intake.replies.outbox.SECRET_KINDS`) opens someone else's account."""
    if row.kind in SECRET_KINDS:
        return None
    try:
        return text_of(row.raw)
    except ReplyError:
        return None


def _outgoing(row: Outbox) -> ThreadItem:
    return ThreadItem(at=row.sent_at or row.created_at, incoming=False, party=row.to_addr,
                      subject=row.subject, body=sent_text(row), outbox=row)


def _ordered(items: list[ThreadItem]) -> list[ThreadItem]:
    return sorted(items, key=lambda i: (i.at, 0 if i.incoming else 1))


def submission_thread(s: Session, config: Config, submission_id: int) -> list[ThreadItem]:
    """The emails of one submission, oldest first: its messages, the emails queued for it and any
    answer to one of its messages."""
    messages = messages_of_submission(s, submission_id)
    rows = {r.id: r for r in of_submission(s, submission_id)}
    rows.update({r.id: r for r in answers_to(s, [m.id for m in messages if m.id is not None])})
    return _ordered([_incoming(config, m) for m in messages] + [_outgoing(r) for r in rows.values()])


def message_thread(s: Session, message: Message) -> list[ThreadItem]:
    """The emails we sent in answer to ``message`` (its acknowledgement, staff answers), oldest
    first; empty when none."""
    assert message.id is not None
    return _ordered([_outgoing(r) for r in answers_to(s, [message.id])])
