"""The outbox table: queue a composed email in the caller's transaction, list rows, and the staff
actions on them (retry a failed row, cancel a pending one).

Row states: ``pending`` (due when ``next_attempt_at`` is ``None`` or past), ``sending`` (claimed by
a send job; ``next_attempt_at`` is then the end of its lease), ``sent``, ``failed``, ``cancelled``.
Functions take an open session and never commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import bindparam, func, insert
from sqlmodel import Session, col, select

from intake.replies.errors import ReplyError
from store.db import write
from store.models import MAX_ROW_ID, Outbox, Submission, utcnow
from store.queue import add_event

if TYPE_CHECKING:  # the templates (jinja2) load only where an email is composed
    from intake.replies.compose import Composed

OUTBOX_STATUSES = ("pending", "sending", "sent", "failed", "cancelled")
SECRET_KINDS = ("invite", "password_reset")
"""Kinds whose body holds a set-password link (:mod:`intake.notify`): a page listing emails shows
their subject and state, never their body."""


@dataclass(frozen=True)
class Queued:
    """An automatic reply just queued: its outbox row's id and the address it goes to."""

    id: int
    to_addr: str


def queue(session: Session, composed: Composed, *, kind: str, submission_id: int | None = None,
          message_row_id: int | None = None) -> Outbox:
    """Add ``composed`` to the outbox as a pending row, due now, as an object of the session
    (flushed: ``id`` is set)."""
    row = Outbox(**_row_values(composed, kind=kind, submission_id=submission_id,
                               message_row_id=message_row_id))
    session.add(row)
    session.flush()
    return row


def add(session: Session, composed: Composed, *, kind: str, submission_id: int | None = None,
        message_row_id: int | None = None) -> Queued:
    """:func:`queue` with one INSERT and no ORM object (the pipeline queues a reply to nearly every
    message it takes in)."""
    key = write(session, _INSERT, _row_values(composed, kind=kind, submission_id=submission_id,
                                              message_row_id=message_row_id)).inserted_primary_key
    assert key is not None
    return Queued(id=int(key[0]), to_addr=composed.to_addr)


def _row_values(composed: Composed, *, kind: str, submission_id: int | None,
                message_row_id: int | None) -> dict[str, Any]:
    """The columns of a pending outbox row, due now, holding ``composed``."""
    return {"submission_id": submission_id, "message_row_id": message_row_id, "kind": kind,
            "to_addr": composed.to_addr, "subject": composed.subject, "message_id": composed.message_id,
            "raw": composed.raw, "status": "pending", "attempts": 0, "created_at": utcnow()}


_INSERT = insert(Outbox)


def _checked_status(status: str | None) -> str | None:
    if status and status not in OUTBOX_STATUSES:
        raise ReplyError(f"unknown outbox status {status!r}; expected one of {', '.join(OUTBOX_STATUSES)}")
    return status or None


def list_rows(session: Session, *, status: str | None = None, limit: int = 200,
              offset: int = 0) -> list[Outbox]:
    """Outbox rows newest first, optionally of one status (``None`` or ``""``: all), skipping
    ``offset`` rows; raises :class:`ReplyError` for an unknown status."""
    q = select(Outbox)
    if _checked_status(status):
        q = q.where(Outbox.status == status)
    q = q.order_by(col(Outbox.created_at).desc(), col(Outbox.id).desc())
    return list(session.exec(q.offset(max(0, offset)).limit(max(0, limit))))


def count_rows(session: Session, *, status: str | None = None) -> int:
    """How many rows :func:`list_rows` can list for ``status`` (``None``: all)."""
    q = select(func.count()).select_from(Outbox)
    if _checked_status(status):
        q = q.where(Outbox.status == status)
    return int(session.exec(q).one())


def of_submission(session: Session, submission_id: int) -> list[Outbox]:
    """The emails of one submission (any status), oldest first; empty when it has none."""
    q = select(Outbox).where(Outbox.submission_id == submission_id).order_by(col(Outbox.id))
    return list(session.exec(q))


KIND_NAMES = {"acknowledgement": "ack", "question": "how-to-submit", "changes_requested": "changes",
              "accepted": "accepted", "rejected": "rejected", "message": "email", "invite": "invitation",
              "password_reset": "password link", "assigned": "assignment", "digest": "digest",
              "failure_notice": "unreadable notice", "answer": "answer"}
# The state a summary shows first: a failure needs staff, then what is still to go, then the rest.
_SHOWN_FIRST = ("failed", "pending", "sending", "sent", "cancelled")


def reply_summary(rows: list[tuple[int, str, str]]) -> str | None:
    """One phrase for the emails of a submission, such as ``ack sent``, ``ack failed`` or
    ``changes pending``, from its ``(id, kind, status)`` rows: the newest failed row if any,
    else the newest waiting one, else the newest. ``None`` when there are no rows."""
    if not rows:
        return None
    rank = {status: n for n, status in enumerate(_SHOWN_FIRST)}
    _, kind, status = min(rows, key=lambda r: (rank.get(r[2], len(rank)), -r[0]))
    return f"{KIND_NAMES.get(kind, kind)} {status}"


def references_of(session: Session, submission_ids: list[int]) -> dict[int, str]:
    """The reference of each submission id given (ids with no submission are left out)."""
    if not submission_ids:
        return {}
    q = select(Submission.id, Submission.reference).where(col(Submission.id).in_(set(submission_ids)))
    return {int(i): ref for i, ref in session.exec(q).all() if i is not None}


def reply_summaries(session: Session, submission_ids: list[int]) -> dict[int, str]:
    """:func:`reply_summary` of each submission in ``submission_ids`` that has emails (those
    without are left out). Reads only ids, kinds and states, a few hundred submissions a query."""
    found: dict[int, list[tuple[int, str, str]]] = {}
    for start in range(0, len(submission_ids), 500):
        chunk = submission_ids[start:start + 500]
        for row_id, sub_id, kind, status in session.exec(_REPLIES_OF, params={"b_ids": chunk}):
            if row_id is not None and sub_id is not None:
                found.setdefault(sub_id, []).append((row_id, kind, status))
    return {sub_id: text for sub_id, rows in found.items() if (text := reply_summary(rows))}


# Built once: the queue page asks it for each of its pages.
_REPLIES_OF = (select(Outbox.id, Outbox.submission_id, Outbox.kind, Outbox.status)
               .where(col(Outbox.submission_id).in_(bindparam("b_ids", expanding=True))))


def counts(session: Session) -> dict[str, int]:
    """Rows per outbox status; every status is present, zero when empty (for ``intake status``)."""
    out = dict.fromkeys(OUTBOX_STATUSES, 0)
    rows = session.exec(select(Outbox.status, func.count()).group_by(Outbox.status)).all()
    out.update({status: n for status, n in rows})
    return out


MAX_ID = MAX_ROW_ID
"""The largest id a database row can have (see :data:`store.models.MAX_ROW_ID`)."""


def get(session: Session, row_id: int) -> Outbox:
    """The outbox row ``row_id``; raises :class:`ReplyError` when there is none (also for an id
    no database integer can hold)."""
    row = session.get(Outbox, row_id) if 1 <= row_id <= MAX_ID else None
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


def failed_ids(session: Session) -> list[int]:
    """The ids of every failed row, oldest first (for ``intake outbox retry --failed``)."""
    q = select(Outbox.id).where(col(Outbox.status) == "failed").order_by(col(Outbox.id))
    return [i for i in session.exec(q).all() if i is not None]


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
