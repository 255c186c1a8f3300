"""Operations on the review queue, shared by the worker, the CLI and the web app.

Every state change writes an :class:`~store.models.Event` row in the same transaction. Functions
take an open session and never commit: the caller owns the transaction.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Insert, Update, bindparam, func, insert, text, update
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session, col, select

from store.db import upsert_insert, write
from store.models import Event, ReferenceCounter, Submission, SubmissionVersion, utcnow
from store.states import STATUSES, Status


class QueueError(Exception):
    """A queue operation was refused (unknown reference, unknown status)."""


@dataclass(frozen=True)
class VersionInput:
    """A new reading of a submission, as the application hands it to the store."""

    fields: dict[str, Any]
    problems: list[dict[str, Any]]
    source: str | None
    field_sources: dict[str, Any]
    message_row_id: int | None
    forwarded_by: str | None = None
    #: The member of staff who typed this reading (a corrected answer); ``None`` for a message's.
    edited_by: str | None = None


def next_reference(session: Session, prefix: str = "CS", year: int | None = None) -> str:
    """The next free reference such as ``CS-2026-0001`` (numbers restart each year).

    One statement: an insert of the year's counter row that adds one to the row already there and
    returns the number. On PostgreSQL the row stays locked until the commit, so workers sharing
    the database take numbers one after the other (SQLite's ``BEGIN IMMEDIATE`` already
    serialises writers), and the first number of a year needs no other path."""
    year = year or utcnow().year
    last = write(session, _numbering(session.get_bind().dialect.name), {"b_year": year}).scalar_one()
    return f"{prefix}-{year}-{last:04d}"


@functools.cache
def _numbering(dialect: str) -> Insert:
    q = upsert_insert(dialect)(ReferenceCounter).values(year=bindparam("b_year"), last=1)
    return q.on_conflict_do_update(index_elements=[col(ReferenceCounter.year)],
                                   set_={"last": col(ReferenceCounter.last) + 1}).returning(
        col(ReferenceCounter.last))


def status_for(problems: list[dict[str, Any]]) -> Status:
    """``needs_attention`` when the reading has problems, else ``pending_review``."""
    return Status.NEEDS_ATTENTION if problems else Status.PENDING_REVIEW


def _version_changes(sub: Submission, v: VersionInput) -> dict[str, Any]:
    """What reading ``v`` changes of ``sub``: the submitter, title and organisation it answers
    (an empty answer keeps the one before), its count of problems, and when it changed."""
    return {"submitter_email": v.fields.get("email") or sub.submitter_email or None,
            "submitter_name": v.fields.get("name") or sub.submitter_name,
            "title": v.fields.get("title") or sub.title,
            "organisation": v.fields.get("organisation") or sub.organisation,
            "problem_count": len(v.problems), "updated_at": utcnow()}


def _save(session: Session, sub: Submission, changes: dict[str, Any]) -> None:
    """Write the columns of ``changes`` whose value differs from ``sub``'s with one UPDATE, and set
    them on ``sub`` as the state read from the database: the unit of work has none of them left to
    write (the pipeline changes a submission two or three times for each message it takes in, and
    every flush of the object cost more than the statement)."""
    assert sub.id is not None
    changed = {name: value for name, value in changes.items() if getattr(sub, name) != value}
    if changed:
        write(session, _updating(tuple(changed)),
              {"b_id": sub.id, **{f"b_{name}": value for name, value in changed.items()}})
    for name, value in changed.items():
        set_committed_value(sub, name, value)
    session.add(sub)


@functools.cache
def _updating(names: tuple[str, ...]) -> Update:
    """The UPDATE of the columns ``names`` of one submission, built once for each set of them."""
    return (update(Submission).where(col(Submission.id) == bindparam("b_id"))
            .values({name: bindparam(f"b_{name}") for name in names}))


def create_submission(session: Session, v: VersionInput, *, prefix: str = "CS",
                      sender: str | None = None, sender_name: str | None = None) -> Submission:
    """A new submission at version 1. ``sender`` and ``sender_name`` are the From address and
    display name (``None``: none), used when the form's email or name answer is missing."""
    status = status_for(v.problems)
    sub = Submission(reference=next_reference(session, prefix), status=status.value, version=1)
    for name, value in _version_changes(sub, v).items():
        setattr(sub, name, value)
    if not sub.submitter_email and sender:
        sub.submitter_email = sender
    if not sub.submitter_name and sender_name and sender_name.strip():
        sub.submitter_name = " ".join(sender_name.split())[:500]
    session.add(sub)
    session.flush()
    assert sub.id is not None
    write(session, _VERSION_INSERT, _version_values(sub.id, 1, v))
    write_event(session, sub.id, "received", to_status=status.value, data={"version": 1, "source": v.source})
    return sub


def add_version(session: Session, sub: Submission, v: VersionInput, *, actor: str = "system",
                action: str = "resubmitted", note: str | None = None,
                follows_from: tuple[str, ...] | None = None) -> SubmissionVersion:
    """Record a resubmission as version N+1; the status follows the new reading when it is one of
    ``follows_from`` (``None``: every open status, so accepted/rejected/withdrawn stay as they
    are). The event names ``actor``, ``action`` and ``note``. Returns the version's row, an object
    of the session (the pipeline, which reads nothing of it, calls :func:`append_version`)."""
    row = SubmissionVersion(**_next_version(session, sub, v, actor=actor, action=action, note=note,
                                            follows_from=follows_from))
    session.add(row)
    return row


def append_version(session: Session, sub: Submission, v: VersionInput, *, actor: str = "system",
                   action: str = "resubmitted", note: str | None = None,
                   follows_from: tuple[str, ...] | None = None) -> None:
    """:func:`add_version` with the version's row written by one INSERT and no ORM object (every
    resubmission the pipeline takes in writes one)."""
    write(session, _VERSION_INSERT, _next_version(session, sub, v, actor=actor, action=action, note=note,
                                                  follows_from=follows_from))


def _next_version(session: Session, sub: Submission, v: VersionInput, *, actor: str, action: str,
                  note: str | None, follows_from: tuple[str, ...] | None) -> dict[str, Any]:
    """Move ``sub`` on to version N+1, read as ``v`` (see :func:`add_version`), with its event;
    returns the columns of the version's row."""
    assert sub.id is not None
    old = sub.status
    follows = old in (OPEN_STATUSES if follows_from is None else follows_from)
    status = status_for(v.problems).value if follows else old
    _save(session, sub, {"version": sub.version + 1, "status": status, **_version_changes(sub, v)})
    write_event(session, sub.id, action, actor=actor, from_status=old, to_status=sub.status, note=note,
                data={"version": sub.version, "source": v.source,
                      **({"edited_by": v.edited_by} if v.edited_by else {})})
    return _version_values(sub.id, sub.version, v)


def _version_values(submission_id: int, version: int, v: VersionInput) -> dict[str, Any]:
    """The columns of the row of version ``version`` of a submission, read as ``v``."""
    return {"submission_id": submission_id, "version": version, "message_row_id": v.message_row_id,
            "fields": dict(v.fields), "problems": list(v.problems), "source": v.source,
            "field_sources": dict(v.field_sources), "forwarded_by": v.forwarded_by,
            "edited_by": v.edited_by, "created_at": utcnow()}


_VERSION_INSERT = insert(SubmissionVersion)


def get_by_reference(session: Session, reference: str) -> Submission:
    """The submission with this reference (case-insensitive); raises :class:`QueueError` if none."""
    q = select(Submission).where(func.upper(Submission.reference) == reference.upper())
    sub = session.exec(q).first()
    if sub is None:
        raise QueueError(f"no submission with reference {reference}")
    return sub


def set_status(session: Session, sub: Submission, status: str, *, actor: str, note: str | None = None,
               action: str | None = None) -> None:
    """Move ``sub`` to ``status`` and record who did it and why."""
    if status not in STATUSES:
        raise QueueError(f"unknown status {status!r}; expected one of {', '.join(STATUSES)}")
    assert sub.id is not None
    write_event(session, sub.id, action or "status", actor=actor, from_status=sub.status, to_status=status,
                note=note)
    sub.status = status
    sub.updated_at = utcnow()
    session.add(sub)


def add_event(session: Session, sub: Submission, action: str, *, actor: str, note: str | None = None,
              data: dict[str, Any] | None = None) -> None:
    """Record an action that does not change the status (note, tag, assign, score, email)."""
    assert sub.id is not None
    write_event(session, sub.id, action, actor=actor, note=note, data=data)
    _save(session, sub, {"updated_at": utcnow()})


def write_event(session: Session, submission_id: int, action: str, *, actor: str = "system",
                from_status: str | None = None, to_status: str | None = None, note: str | None = None,
                data: dict[str, Any] | None = None) -> None:
    """The one way an :class:`~store.models.Event` row is written: one INSERT at once, in the
    caller's transaction (``data`` ``None``: an empty object). Events get their ids in the order
    they happen, and each costs a statement rather than an ORM object (every message taken in
    writes one or two)."""
    write(session, _EVENT_INSERT, {"submission_id": submission_id, "at": utcnow(), "actor": actor,
                                   "action": action, "from_status": from_status, "to_status": to_status,
                                   "note": note, "data": data or {}})


_EVENT_INSERT = insert(Event)


def versions(session: Session, sub: Submission) -> list[SubmissionVersion]:
    """All versions of ``sub``, oldest first."""
    return list(session.exec(select(SubmissionVersion).where(SubmissionVersion.submission_id == sub.id)
                             .order_by(col(SubmissionVersion.version))).all())


def latest_version(session: Session, sub: Submission) -> SubmissionVersion:
    """The current version of ``sub``."""
    row = session.exec(_CURRENT, params={"b_submission": sub.id, "b_version": sub.version}).first()
    if row is None:
        raise QueueError(f"{sub.reference} has no version {sub.version}")
    return row


# Built once: every resubmission taken in reads the version it revises.
_CURRENT = select(SubmissionVersion).where(col(SubmissionVersion.submission_id) == bindparam("b_submission"),
                                           col(SubmissionVersion.version) == bindparam("b_version"))


def events(session: Session, sub: Submission) -> list[Event]:
    """The audit trail of ``sub``, oldest first."""
    return list(session.exec(select(Event).where(Event.submission_id == sub.id)
                             .order_by(col(Event.at), col(Event.id))).all())


def list_submissions(session: Session, *, status: str | None = None, limit: int | None = None,
                     offset: int = 0) -> list[Submission]:
    """Submissions newest first, optionally of one status."""
    q = select(Submission)
    if status:
        if status not in STATUSES:
            raise QueueError(f"unknown status {status!r}; expected one of {', '.join(STATUSES)}")
        q = q.where(Submission.status == status)
    q = q.order_by(col(Submission.created_at).desc(), col(Submission.id).desc()).offset(offset)
    if limit is not None:
        q = q.limit(limit)
    return list(session.exec(q).all())


def counts_by_status(session: Session) -> dict[str, int]:
    """Number of submissions per status; every status is present, zero when empty. Read from the
    queue's tallies (kept by triggers, migration ``0007_queue_indexes_tallies``),
    so it costs the same at any size."""
    rows = session.execute(text("SELECT item, n FROM queue_tally WHERE kind = 'status'")).all()
    out = dict.fromkeys(STATUSES, 0)
    out.update({str(s): int(n) for s, n in rows if s in out})
    return out


RECENT_OPEN = 50
OPEN_STATUSES = (Status.NEEDS_ATTENTION.value, Status.PENDING_REVIEW.value, Status.CHANGES_REQUESTED.value)


# Built once, run on the session's connection: every submission taken in asks it (ids and titles
# only; the one that matches is then loaded).
_OPEN_FROM = (select(col(Submission.id), col(Submission.title))
              .where(col(Submission.status).in_(OPEN_STATUSES),
                     func.lower(Submission.submitter_email).in_(bindparam("b_emails", expanding=True)))
              .order_by(col(Submission.id).desc()).limit(RECENT_OPEN))


def find_open_submission(session: Session, *, title: str | None, emails: list[str]) -> Submission | None:
    """The newest open submission (not accepted, rejected or withdrawn) with this title from one of
    ``emails`` (compared case-insensitively, titles also ignoring runs of spaces). Only the sender's
    ``RECENT_OPEN`` newest open submissions are looked at, so a shared address with thousands of
    submissions costs no more. ``None`` when the title is empty or nothing matches."""
    wanted_title = " ".join((title or "").split()).lower()
    wanted = {e.strip().lower() for e in emails if e and e.strip()}
    if not wanted_title or not wanted:
        return None
    for row in session.connection().execute(_OPEN_FROM, {"b_emails": sorted(wanted)}):
        if " ".join((row.title or "").split()).lower() == wanted_title:
            return session.get(Submission, row.id)
    return None


def submission_view(sub: Submission) -> dict[str, Any]:
    """A JSON-friendly summary of one submission, as ``intake queue list --json`` prints it."""
    return {"reference": sub.reference, "status": sub.status, "version": sub.version,
            "submitter_name": sub.submitter_name, "submitter_email": sub.submitter_email,
            "title": sub.title, "organisation": sub.organisation, "problems": sub.problem_count,
            "tags": list(sub.tags or []), "assigned_to": sub.assigned_to,
            "created_at": sub.created_at.isoformat(), "updated_at": sub.updated_at.isoformat()}


def submission_detail(session: Session, sub: Submission) -> dict[str, Any]:
    """Everything staff see about one submission: the summary, the current reading (fields,
    problems, where each answer came from), every version and the audit trail."""
    current = latest_version(session, sub)
    out = submission_view(sub)
    out.update({"fields": dict(current.fields), "problem_list": list(current.problems),
                "source": current.source, "field_sources": dict(current.field_sources),
                "forwarded_by": current.forwarded_by})
    out["versions"] = [{"version": v.version, "created_at": v.created_at.isoformat(), "source": v.source,
                        "message_row_id": v.message_row_id, "problems": len(v.problems)}
                       for v in versions(session, sub)]
    out["events"] = [{"at": e.at.isoformat(), "actor": e.actor, "action": e.action,
                      "from_status": e.from_status, "to_status": e.to_status, "note": e.note}
                     for e in events(session, sub)]
    return out


def problems_of(session: Session, subs: list[Submission]) -> dict[int, list[dict[str, Any]]]:
    """The problems of each submission's current version, by id (one query)."""
    wanted = {(s.id, s.version) for s in subs if s.id is not None}
    if not wanted:
        return {}
    q = select(SubmissionVersion).where(col(SubmissionVersion.submission_id).in_([i for i, _ in wanted]))
    return {v.submission_id: list(v.problems) for v in session.exec(q).all()
            if (v.submission_id, v.version) in wanted}


def list_with_problems(session: Session, *, status: str | None = None,
                       limit: int | None = None) -> list[tuple[Submission, list[dict[str, Any]]]]:
    """Submissions newest first, each with the problems of its current version (one query)."""
    if status and status not in STATUSES:
        raise QueueError(f"unknown status {status!r}; expected one of {', '.join(STATUSES)}")
    q = (select(Submission, SubmissionVersion)
         .join(SubmissionVersion, (col(SubmissionVersion.submission_id) == col(Submission.id))
               & (col(SubmissionVersion.version) == col(Submission.version)))
         .order_by(col(Submission.created_at).desc(), col(Submission.id).desc()))
    if status:
        q = q.where(Submission.status == status)
    if limit is not None:
        q = q.limit(limit)
    return [(sub, list(v.problems)) for sub, v in session.exec(q).all()]
