"""What reviewers do beside changing a status and scoring (``store.scores``): tags, assignment,
staff accounts, and the reads the review pages need. Every change writes an event
(``store.queue.add_event``) in the caller's transaction. Functions take an open session and never commit.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from sqlalchemy import func
from sqlalchemy.orm import defer
from sqlmodel import Session, col, select

from store.models import (
    Attachment,
    Event,
    Heartbeat,
    Message,
    Outbox,
    Submission,
    SubmissionVersion,
    User,
)
from store.queue import QueueError, add_event

ROLES = ("reviewer", "admin")
_TAG_RE = re.compile(r"^[\w][\w &'/+.-]{0,39}$", re.UNICODE)


class ReviewError(QueueError):
    """A review action was refused (bad tag, score out of range, unknown or disabled user)."""


# Tags


def clean_tag(tag: str) -> str:
    """``tag`` trimmed and with inner whitespace collapsed; raises :class:`ReviewError` when it is
    empty, longer than 40 characters or holds characters other than letters, digits, spaces and
    ``&'/+.-``."""
    cleaned = " ".join(tag.split())
    if not _TAG_RE.match(cleaned):
        raise ReviewError(f"a tag is 1-40 letters, digits, spaces or &'/+.- characters, not {tag!r}")
    return cleaned


def add_tag(session: Session, sub: Submission, tag: str, *, actor: str, note: str | None = None) -> bool:
    """Add ``tag`` (see :func:`clean_tag`); returns False when the submission already had it."""
    tag = clean_tag(tag)
    current = list(sub.tags or [])
    if tag in current:
        return False
    sub.tags = [*current, tag]  # a new list, so the JSON column sees the change
    add_event(session, sub, "tag", actor=actor, note=note, data={"added": tag})
    return True


def remove_tag(session: Session, sub: Submission, tag: str, *, actor: str, note: str | None = None) -> bool:
    """Remove ``tag``; returns False when the submission did not have it."""
    current = list(sub.tags or [])
    if tag not in current:
        return False
    sub.tags = [t for t in current if t != tag]
    add_event(session, sub, "tag", actor=actor, note=note, data={"removed": tag})
    return True


# Assignment


def assign(session: Session, sub: Submission, reviewer: str | None, *, actor: str,
           note: str | None = None) -> None:
    """Assign ``sub`` to the active staff account ``reviewer``; ``None`` clears the assignment."""
    if reviewer is not None and active_user(session, reviewer) is None:
        raise ReviewError(f"no active staff account {reviewer}")
    previous = sub.assigned_to
    sub.assigned_to = reviewer
    add_event(session, sub, "assign", actor=actor, note=note, data={"from": previous, "to": reviewer})


# Reads for the pages


def latest_versions(session: Session, subs: list[Submission]) -> dict[int, SubmissionVersion]:
    """The newest version of each submission, by submission id (one query)."""
    wanted = {(s.id, s.version) for s in subs if s.id is not None}
    if not wanted:
        return {}
    q = select(SubmissionVersion).where(col(SubmissionVersion.submission_id).in_([i for i, _ in wanted]))
    return {v.submission_id: v for v in session.exec(q).all() if (v.submission_id, v.version) in wanted}


def latest_answers(session: Session, subs: list[Submission]) -> dict[int, dict[str, Any]]:
    """The answers (``fields``) of each submission's newest version, by submission id (one query
    that reads no other column: the queue page tags each of its rows by its answers). Submissions
    without that version are absent."""
    ids = [s.id for s in subs if s.id is not None]
    if not ids:
        return {}
    q = (select(col(SubmissionVersion.submission_id), col(SubmissionVersion.fields))
         .join(Submission, (col(Submission.id) == col(SubmissionVersion.submission_id))
               & (col(Submission.version) == col(SubmissionVersion.version)))
         .where(col(Submission.id).in_(ids)))
    return {sid: dict(fields) for sid, fields in session.exec(q).all()}


def version_of(session: Session, sub: Submission, version: int) -> SubmissionVersion | None:
    """Version ``version`` of ``sub``; ``None`` when there is no such version."""
    return session.exec(select(SubmissionVersion).where(SubmissionVersion.submission_id == sub.id,
                                                        SubmissionVersion.version == version)).first()


def accepted_with_versions(session: Session) -> list[tuple[Submission, SubmissionVersion]]:
    """Accepted submissions, oldest first, each with its newest version."""
    subs = list(session.exec(select(Submission).where(Submission.status == "accepted")
                             .order_by(col(Submission.created_at), col(Submission.id))).all())
    latest = latest_versions(session, subs)
    return [(s, latest[s.id]) for s in subs if s.id in latest]


def notes_by_submission(session: Session, submission_ids: list[int]) -> dict[int, list[Event]]:
    """The staff notes (``note`` events) of each submission, oldest first; ids without notes are
    absent."""
    out: dict[int, list[Event]] = {}
    if not submission_ids:
        return out
    q = (select(Event).where(col(Event.submission_id).in_(submission_ids), Event.action == "note")
         .order_by(col(Event.at), col(Event.id)))
    for ev in session.exec(q).all():
        out.setdefault(ev.submission_id, []).append(ev)
    return out


def sender_addresses(session: Session, submission_ids: list[int]) -> dict[int, str]:
    """The From address of the message each submission first came in (version 1); ids whose
    first version has no stored message or no From are absent."""
    if not submission_ids:
        return {}
    q = (select(SubmissionVersion.submission_id, Message.from_addr)
         .join(Message, col(Message.id) == col(SubmissionVersion.message_row_id))
         .where(col(SubmissionVersion.submission_id).in_(submission_ids), SubmissionVersion.version == 1))
    return {sid: addr for sid, addr in session.exec(q).all() if addr}


def _handled(handled: bool) -> Any:
    """The condition "staff marked it as handled" (or, with ``handled`` False, "not yet")."""
    marked = col(Message.filed_as) == "handled"
    return marked if handled else (col(Message.filed_as).is_(None) | ~marked)


def count_messages(session: Session, outcome: str, *, handled: bool = False) -> int:
    """Number of messages with this outcome (``failed``, ``not_submission``...) that staff have not
    marked as handled (with ``handled``: that they have)."""
    q = select(func.count()).select_from(Message).where(Message.outcome == outcome, _handled(handled))
    return int(session.exec(q).one())


def message_summaries(session: Session, outcome: str, *, limit: int, offset: int = 0,
                      handled: bool = False) -> list[Message]:
    """Messages with this outcome, not marked as handled (with ``handled``: marked), newest first,
    without loading their raw bytes."""
    q = (select(Message).where(Message.outcome == outcome, _handled(handled))
         .options(defer(Message.raw))  # type: ignore[arg-type]
         .order_by(col(Message.received_at).desc(), col(Message.id).desc()).offset(offset).limit(limit))
    return list(session.exec(q).all())


def outbox_of(session: Session, sub: Submission) -> list[Outbox]:
    """Emails queued for ``sub`` (any status), oldest first."""
    return list(session.exec(select(Outbox).where(Outbox.submission_id == sub.id).order_by(col(Outbox.id))))


def heartbeats(session: Session) -> list[Heartbeat]:
    """Worker health rows, by mailbox name; empty before the first poll."""
    return list(session.exec(select(Heartbeat).order_by(col(Heartbeat.mailbox))).all())


# Staff accounts


def add_user(session: Session, email: str, *, role: str, password_hash: str) -> User:
    """Create a staff account; raises :class:`ReviewError` for an unknown role or a taken address."""
    if role not in ROLES:
        raise ReviewError(f"role must be one of {', '.join(ROLES)}, not {role!r}")
    email = email.strip().lower()
    if find_user(session, email) is not None:
        raise ReviewError(f"there is already an account for {email}")
    user = User(email=email, role=role, password_hash=password_hash)
    session.add(user)
    session.flush()
    return user


def find_user(session: Session, email: str) -> User | None:
    """The account with this address (case-insensitive), active or not; ``None`` when none."""
    return session.exec(select(User).where(User.email == email.strip().lower())).first()


def active_user(session: Session, email: str) -> User | None:
    """The active account with this address; ``None`` when missing or disabled."""
    user = find_user(session, email)
    return user if user is not None and user.active else None


def list_users(session: Session, *, active_only: bool = False) -> list[User]:
    """Staff accounts by address."""
    q = select(User).order_by(col(User.email))
    if active_only:
        q = q.where(col(User.active).is_(True))
    return list(session.exec(q).all())


def set_active(session: Session, email: str, active: bool) -> User:
    """Enable or disable an account; raises :class:`ReviewError` when there is none."""
    user = find_user(session, email)
    if user is None:
        raise ReviewError(f"no account for {email}")
    user.active = active
    if not active:
        end_sessions(session, user)
    session.add(user)
    return user


def set_password_hash(session: Session, user: User, password_hash: str, *, end_other_sessions: bool = True
                      ) -> None:
    """Replace ``user``'s password hash. A change ends every session of the account; a rehash with
    newer parameters at sign-in passes ``end_other_sessions=False``."""
    user.password_hash = password_hash
    if end_other_sessions:
        end_sessions(session, user)
    session.add(user)


def end_sessions(session: Session, user: User) -> None:
    """End every session of ``user`` at once (each cookie names the generation it was made under)."""
    user.session_generation += 1
    session.add(user)


def when(value: datetime | None) -> str | None:
    """An ISO 8601 timestamp, or ``None``."""
    return value.isoformat() if value else None


def attachment_list(session: Session, message_row_id: int) -> list[Attachment]:
    """The files that came with a message, in order, without loading their content."""
    q = (select(Attachment).where(Attachment.message_row_id == message_row_id)
         .options(defer(Attachment.content))  # type: ignore[arg-type]
         .order_by(col(Attachment.id)))
    return list(session.exec(q).all())
