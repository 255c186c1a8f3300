"""Messages seen and mailbox keys: the store's side of "record every message, store it once".

A message is an opaque record of bytes with the metadata the application chose to keep; nothing
here parses email. Functions take an open session and never commit: the caller owns the transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from sqlmodel import Session, col, select

from store.models import Attachment, MailboxSeen, Message, Outbox, Submission, utcnow

OUTCOMES = ("submission", "resubmission", "not_submission", "failed")


class MailboxKey(Protocol):
    """Where a message sat in a mailbox: (account, folder, UIDVALIDITY, UID). The application's
    source keys fit this shape."""

    @property
    def account(self) -> str: ...
    @property
    def folder(self) -> str: ...
    @property
    def uidvalidity(self) -> int: ...
    @property
    def uid(self) -> str: ...


@dataclass(frozen=True)
class AttachmentInput:
    """A file that came with a message. ``content`` is ``None`` when it was too large to keep."""

    filename: str
    content_type: str
    size: int
    content: bytes | None = None


def find_message(session: Session, *, sha256: str, message_id: str | None = None) -> Message | None:
    """The message already stored with these bytes, else one with this Message-ID.

    Returns ``None`` when neither is known. An empty or missing ``message_id`` is never matched.
    """
    row = session.exec(select(Message).where(Message.sha256 == sha256)).first()
    if row is not None or not message_id:
        return row
    q = select(Message).where(Message.message_id == message_id).order_by(col(Message.id))
    return session.exec(q).first()


def record_message(session: Session, *, raw: bytes, sha256: str, origin: str, outcome: str,
                   message_id: str | None = None, reason: str | None = None, error: str | None = None,
                   from_addr: str | None = None, from_name: str | None = None,
                   subject: str | None = None) -> Message:
    """Add the row for one message seen; flushed so that ``id`` is set."""
    if outcome not in OUTCOMES:
        raise ValueError(f"unknown outcome {outcome!r}")
    row = Message(sha256=sha256, message_id=_clip(message_id, 998), origin=_clip(origin, 500) or "",
                  outcome=outcome, reason=_clip(reason, 64), error=error,
                  from_addr=_clip(from_addr, 320), from_name=_clip(from_name, 500), subject=subject,
                  size=len(raw), raw=raw)
    session.add(row)
    session.flush()
    return row


def add_attachments(session: Session, message: Message, items: list[AttachmentInput]) -> list[Attachment]:
    """Keep the files that came with ``message``, in the order given."""
    assert message.id is not None
    rows = [Attachment(message_row_id=message.id, filename=_clip(a.filename, 500) or "attachment",
                       content_type=_clip(a.content_type, 200) or "application/octet-stream",
                       size=a.size, content=a.content) for a in items]
    session.add_all(rows)
    return rows


def attachments_of(session: Session, message_row_id: int) -> list[Attachment]:
    """The files kept for one message, in the order they were stored; empty when none."""
    q = select(Attachment).where(Attachment.message_row_id == message_row_id).order_by(col(Attachment.id))
    return list(session.exec(q).all())


def seen_row(session: Session, key: MailboxKey) -> MailboxSeen | None:
    """The row for this mailbox key, or ``None`` when it was never seen."""
    q = select(MailboxSeen).where(MailboxSeen.account == key.account, MailboxSeen.folder == key.folder,
                                  MailboxSeen.uidvalidity == key.uidvalidity, MailboxSeen.uid == key.uid)
    return session.exec(q).first()


def remember_key(session: Session, key: MailboxKey, *, sha256: str, message_id: str | None,
                 message_row_id: int | None) -> MailboxSeen:
    """Record (or refresh) ``key`` as seen but not finished: its post-action is still to do."""
    row = seen_row(session, key) or MailboxSeen(account=key.account, folder=key.folder,
                                                uidvalidity=key.uidvalidity, uid=key.uid, sha256=sha256)
    row.sha256 = sha256
    row.message_id = _clip(message_id, 998)
    row.message_row_id = message_row_id
    row.finished = False
    row.seen_at = utcnow()
    session.add(row)
    return row


def mark_finished(session: Session, key: MailboxKey) -> bool:
    """Note that the post-action for ``key`` is done. False when the key was never recorded."""
    row = seen_row(session, key)
    if row is None:
        return False
    row.finished = True
    session.add(row)
    return True


def finished_uids(session: Session, account: str, folder: str, uidvalidity: int) -> set[str]:
    """UIDs of one folder whose processing and post-action are both done; empty when none."""
    q = select(MailboxSeen.uid).where(MailboxSeen.account == account, MailboxSeen.folder == folder,
                                      MailboxSeen.uidvalidity == uidvalidity,
                                      col(MailboxSeen.finished).is_(True))
    return set(session.exec(q).all())


def submission_replied_to(session: Session, message_ids: list[str]) -> Submission | None:
    """The submission whose acknowledgement (an outbox row) has one of ``message_ids``.

    ``None`` when none of them is one of ours, or the row belongs to no submission.
    """
    ids = [m for m in message_ids if m]
    if not ids:
        return None
    q = (select(Submission).join(Outbox, col(Outbox.submission_id) == col(Submission.id))
         .where(col(Outbox.message_id).in_(ids)).order_by(col(Outbox.id).desc()))
    return session.exec(q).first()


def message_view(row: Message) -> dict[str, Any]:
    """A JSON-friendly summary of a message row (no raw bytes)."""
    return {"id": row.id, "sha256": row.sha256, "message_id": row.message_id, "origin": row.origin,
            "received_at": row.received_at.isoformat(), "from": row.from_addr, "subject": row.subject,
            "outcome": row.outcome, "reason": row.reason, "error": row.error, "size": row.size,
            "submission_id": row.submission_id}


def list_messages(session: Session, *, outcome: str | None = None, limit: int | None = None,
                  offset: int = 0) -> list[Message]:
    """Messages newest first, optionally of one outcome (``failed``, ``not_submission``...)."""
    q = select(Message)
    if outcome:
        q = q.where(Message.outcome == outcome)
    q = q.order_by(col(Message.id).desc()).offset(offset)
    if limit is not None:
        q = q.limit(limit)
    return list(session.exec(q).all())


def _clip(value: str | None, length: int) -> str | None:
    """``value`` cut to the column's length (PostgreSQL refuses longer strings)."""
    return None if value is None else value[:length]
