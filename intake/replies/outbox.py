"""The outbox table: queue a composed email in the caller's transaction, list rows, and the staff
actions on them (retry a failed row, cancel a pending one).

Row states: ``pending`` (due when ``next_attempt_at`` is ``None`` or past), ``sending`` (claimed by
a send job; ``next_attempt_at`` is then the end of its lease), ``sent``, ``failed``, ``cancelled``.
Functions take an open session and never commit.
"""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import Session, col, select

from intake.replies.compose import Composed
from intake.replies.errors import ReplyError
from store.models import Outbox, Submission
from store.queue import add_event

OUTBOX_STATUSES = ("pending", "sending", "sent", "failed", "cancelled")


def queue(session: Session, composed: Composed, *, kind: str, submission_id: int | None = None,
          message_row_id: int | None = None) -> Outbox:
    """Add ``composed`` to the outbox as a pending row, due now."""
    row = Outbox(submission_id=submission_id, message_row_id=message_row_id, kind=kind,
                 to_addr=composed.to_addr, subject=composed.subject, message_id=composed.message_id,
                 raw=composed.raw, status="pending")
    session.add(row)
    session.flush()
    return row


def list_rows(session: Session, *, status: str | None = None, limit: int = 200) -> list[Outbox]:
    """Outbox rows newest first, optionally of one status; raises :class:`ReplyError` for an
    unknown status."""
    q = select(Outbox)
    if status:
        if status not in OUTBOX_STATUSES:
            raise ReplyError(f"unknown outbox status {status!r}; "
                             f"expected one of {', '.join(OUTBOX_STATUSES)}")
        q = q.where(Outbox.status == status)
    return list(session.exec(q.order_by(col(Outbox.created_at).desc(), col(Outbox.id).desc()).limit(limit)))


def counts(session: Session) -> dict[str, int]:
    """Rows per outbox status; every status is present, zero when empty (for ``intake status``)."""
    out = dict.fromkeys(OUTBOX_STATUSES, 0)
    rows = session.exec(select(Outbox.status, func.count()).group_by(Outbox.status)).all()
    out.update({status: n for status, n in rows})
    return out


def get(session: Session, row_id: int) -> Outbox:
    """The outbox row ``row_id``; raises :class:`ReplyError` when there is none."""
    row = session.get(Outbox, row_id)
    if row is None:
        raise ReplyError(f"no outbox row {row_id}")
    return row


def retry(session: Session, row_id: int, *, actor: str) -> Outbox:
    """Put a failed (or cancelled) row back in the queue, due now, with its attempts reset.
    Raises :class:`ReplyError` for a row that is pending, sending or already sent."""
    row = get(session, row_id)
    if row.status not in ("failed", "cancelled"):
        raise ReplyError(f"outbox row {row_id} is {row.status}; only failed or cancelled rows can be retried")
    old = row.status
    row.status, row.attempts, row.next_attempt_at = "pending", 0, None
    session.add(row)
    _note(session, row, "email_retry", actor=actor, note=f"{row.kind} email to {row.to_addr} ({old} before)")
    return row


def cancel(session: Session, row_id: int, *, actor: str) -> Outbox:
    """Stop a pending or failed row from going out. Raises :class:`ReplyError` otherwise."""
    row = get(session, row_id)
    if row.status not in ("pending", "failed"):
        raise ReplyError(f"outbox row {row_id} is {row.status}; only pending or failed rows can be cancelled")
    row.status, row.next_attempt_at = "cancelled", None
    session.add(row)
    _note(session, row, "email_cancelled", actor=actor, note=f"{row.kind} email to {row.to_addr}")
    return row


def _note(session: Session, row: Outbox, action: str, *, actor: str, note: str) -> None:
    """An audit event on the row's submission, when it has one."""
    sub = session.get(Submission, row.submission_id) if row.submission_id else None
    if sub is not None:
        add_event(session, sub, action, actor=actor, note=note, data={"outbox_id": row.id})
