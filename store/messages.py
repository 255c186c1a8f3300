"""Messages seen and mailbox keys: the store's side of "record every message, store it once".

A message is an opaque record of bytes with the metadata the application chose to keep; nothing
here parses email. Functions take an open session and never commit: the caller owns the transaction.
"""

from __future__ import annotations

import functools
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import Insert, and_, bindparam, case, delete, insert, or_, update
from sqlmodel import Session, col, func, select

from store.db import upsert_insert, write
from store.models import Attachment, MailboxSeen, Message, Outbox, ParseAttempt, Submission, utcnow

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


@dataclass(frozen=True)
class Seen:
    """What the store already holds of an arriving message.

    ``duplicate`` is the stored copy of this message (same bytes, or the same Message-ID or sender
    with the same content); ``None`` when it is new. ``reuses`` is an earlier, *different* message
    with the same Message-ID: the new one is stored as its own message and flagged.
    """

    duplicate: Message | None = None
    reuses: Message | None = None


def find_message(session: Session, *, sha256: str, content_sha256: str,
                 message_id: str | None = None) -> Seen:
    """Look the message up: the same bytes are a duplicate; so is the same Message-ID (or, without
    one, the same sender) with the same content after the headers, as when a server re-delivers
    with one more trace header. The same Message-ID with other content is never dropped: it comes
    back as ``reuses``. An empty or missing ``message_id`` is never matched. One query of ids and
    digests, built once (every message is looked up twice, and almost always nothing is found);
    the row found, if any, is then loaded."""
    conn = session.connection()
    if not message_id:
        found = conn.execute(_SAME_BYTES_OR_CONTENT, {"sha": sha256, "content": content_sha256}).first()
        return Seen(duplicate=_load(session, found[0] if found else None))
    rows = conn.execute(_SAME_BYTES_OR_ID, {"sha": sha256, "mid": message_id}).all()
    if rows and rows[0].sha256 == sha256:  # the same bytes come first
        return Seen(duplicate=_load(session, rows[0].id))
    same_id = rows[:50]
    for candidate in same_id:
        # Rows stored before content digests existed cannot be compared: taken as the same message.
        if candidate.content_sha256 in (content_sha256, None):
            return Seen(duplicate=_load(session, candidate.id))
    return Seen(reuses=_load(session, same_id[0].id) if same_id else None)


def _load(session: Session, row_id: int | None) -> Message | None:
    return None if row_id is None else session.get(Message, row_id)


_SAME_BYTES_FIRST = case((col(Message.sha256) == bindparam("sha"), 0), else_=1)
_CANDIDATE = (col(Message.id), col(Message.sha256), col(Message.content_sha256))
_SAME_BYTES_OR_ID = (select(*_CANDIDATE)
                     .where(or_(col(Message.sha256) == bindparam("sha"),
                                col(Message.message_id) == bindparam("mid")))
                     .order_by(_SAME_BYTES_FIRST, col(Message.id)).limit(51))
_SAME_BYTES_OR_CONTENT = (select(*_CANDIDATE)
                          .where(or_(col(Message.sha256) == bindparam("sha"),
                                     and_(col(Message.content_sha256) == bindparam("content"),
                                          col(Message.message_id).is_(None))))
                          .order_by(_SAME_BYTES_FIRST, col(Message.id)).limit(1))


@dataclass(frozen=True)
class StoredMessage:
    """A message row as the pipeline wrote it, with what the steps after the write read of it
    (the row's id, its bytes and its Message-ID; ``None``: it has none)."""

    id: int
    raw: bytes
    message_id: str | None


def record_message(session: Session, *, raw: bytes, sha256: str, origin: str, outcome: str,
                   message_id: str | None = None, reason: str | None = None, error: str | None = None,
                   from_addr: str | None = None, from_name: str | None = None,
                   subject: str | None = None, content_sha256: str | None = None,
                   reuses_message_id_of: int | None = None) -> Message:
    """Add the row for one message seen, as an object of the session; flushed so that ``id`` is
    set (staff paths that go on changing it; the pipeline writes with :func:`insert_message`)."""
    row = Message(**_message_values(
        raw=raw, sha256=sha256, origin=origin, outcome=outcome, message_id=message_id, reason=reason,
        error=error, from_addr=from_addr, from_name=from_name, subject=subject,
        content_sha256=content_sha256, reuses_message_id_of=reuses_message_id_of))
    session.add(row)
    session.flush()
    return row


def insert_message(session: Session, *, raw: bytes, sha256: str, origin: str, outcome: str,
                   message_id: str | None = None, reason: str | None = None, error: str | None = None,
                   from_addr: str | None = None, from_name: str | None = None,
                   subject: str | None = None, content_sha256: str | None = None,
                   reuses_message_id_of: int | None = None, submission_id: int | None = None
                   ) -> StoredMessage:
    """The row of :func:`record_message` written with one INSERT and no ORM object (every message
    the pipeline takes in writes one; through the unit of work it cost twice the statement).
    ``submission_id`` links it to a submission at once (``None``: to none, for now)."""
    values = _message_values(
        raw=raw, sha256=sha256, origin=origin, outcome=outcome, message_id=message_id, reason=reason,
        error=error, from_addr=from_addr, from_name=from_name, subject=subject,
        content_sha256=content_sha256, reuses_message_id_of=reuses_message_id_of)
    key = write(session, _MESSAGE_INSERT, {**values, "submission_id": submission_id}).inserted_primary_key
    assert key is not None
    return StoredMessage(id=int(key[0]), raw=raw, message_id=values["message_id"])


def rewrite_message(session: Session, row_id: int, *, outcome: str, reason: str | None = None,
                    error: str | None = None, from_addr: str | None = None, from_name: str | None = None,
                    subject: str | None = None, submission_id: int | None = None) -> StoredMessage | None:
    """Write a new outcome on the stored message ``row_id`` (a failed message processed again),
    with the same rules as a new row's, in one UPDATE; ``submission_id`` links it to a submission
    (``None``: its link is left as it is). ``None`` when there is no such row."""
    changed = _outcome_values(outcome=outcome, reason=reason, error=error, from_addr=from_addr,
                              from_name=from_name, subject=subject)
    if submission_id is not None:
        changed["submission_id"] = submission_id
    found = write(session, update(Message).where(col(Message.id) == row_id).values(**changed)
                  .returning(col(Message.raw), col(Message.message_id))).first()
    return None if found is None else StoredMessage(id=row_id, raw=found.raw, message_id=found.message_id)


def link_submission(session: Session, message_row_id: int, submission_id: int) -> None:
    """Link the stored message ``message_row_id`` to the submission ``submission_id``."""
    write(session, _LINKING, {"b_id": message_row_id, "b_submission": submission_id})


_MESSAGE_INSERT = insert(Message)
_LINKING = (update(Message).where(col(Message.id) == bindparam("b_id"))
            .values(submission_id=bindparam("b_submission")))


def _message_values(*, raw: bytes, sha256: str, origin: str, outcome: str, message_id: str | None,
                    reason: str | None, error: str | None, from_addr: str | None, from_name: str | None,
                    subject: str | None, content_sha256: str | None,
                    reuses_message_id_of: int | None) -> dict[str, Any]:
    """The columns of a new message row (see :func:`_outcome_values`)."""
    return {**_outcome_values(outcome=outcome, reason=reason, error=error, from_addr=from_addr,
                              from_name=from_name, subject=subject),
            "sha256": sha256, "message_id": _clip(message_id, 998), "origin": _clip(origin, 500) or "",
            "size": len(raw), "raw": raw, "content_sha256": content_sha256,
            "reuses_message_id_of": reuses_message_id_of, "received_at": utcnow()}


def _outcome_values(*, outcome: str, reason: str | None, error: str | None, from_addr: str | None,
                    from_name: str | None, subject: str | None) -> dict[str, Any]:
    """The columns that say what became of a message, each cut to its column's length; raises
    ``ValueError`` for an unknown ``outcome``."""
    if outcome not in OUTCOMES:
        raise ValueError(f"unknown outcome {outcome!r}")
    return {"outcome": outcome, "reason": _clip(reason, 64), "error": error,
            "from_addr": _clip(from_addr, 320), "from_name": _clip(from_name, 500), "subject": subject}


def add_attachments(session: Session, message: Message | StoredMessage, items: list[AttachmentInput]) -> None:
    """Keep the files that came with ``message``, in the order given (one INSERT of them all)."""
    assert message.id is not None
    if not items:
        return
    write(session, _ATTACHMENT_INSERT, [
        {"message_row_id": message.id, "filename": _clip(a.filename, 500) or "attachment",
         "content_type": _clip(a.content_type, 200) or "application/octet-stream",
         "size": a.size, "content": a.content} for a in items])


_ATTACHMENT_INSERT = insert(Attachment)


def attachments_of(session: Session, message_row_id: int) -> list[Attachment]:
    """The files kept for one message, in the order they were stored; empty when none."""
    q = select(Attachment).where(Attachment.message_row_id == message_row_id).order_by(col(Attachment.id))
    return list(session.exec(q).all())


def remember_key(session: Session, key: MailboxKey, *, sha256: str, message_id: str | None,
                 message_row_id: int | None) -> None:
    """Record (or refresh) ``key`` as seen but not finished: its post-action is still to do (one
    statement: an insert that refreshes the row already there)."""
    write(session, _remembering(session.get_bind().dialect.name), {
        "b_account": key.account, "b_folder": key.folder, "b_uidvalidity": key.uidvalidity, "b_uid": key.uid,
        "b_sha256": sha256, "b_message_id": _clip(message_id, 998), "b_message_row_id": message_row_id,
        "b_seen_at": utcnow()})


@functools.cache
def _remembering(dialect: str) -> Insert:
    names = ("account", "folder", "uidvalidity", "uid", "sha256", "message_id", "message_row_id", "seen_at")
    q = upsert_insert(dialect)(MailboxSeen).values(finished=False, **{n: bindparam(f"b_{n}") for n in names})
    refreshed = {n: q.excluded[n] for n in ("sha256", "message_id", "message_row_id", "seen_at")}
    return q.on_conflict_do_update(index_elements=[col(MailboxSeen.account), col(MailboxSeen.folder),
                                                   col(MailboxSeen.uidvalidity), col(MailboxSeen.uid)],
                                   set_={**refreshed, "finished": False})


_FINISHING = (update(MailboxSeen)
              .where(col(MailboxSeen.account) == bindparam("b_account"),
                     col(MailboxSeen.folder) == bindparam("b_folder"),
                     col(MailboxSeen.uidvalidity) == bindparam("b_uidvalidity"),
                     col(MailboxSeen.uid).in_(bindparam("b_uids", expanding=True)))
              .values(finished=True))


def mark_finished(session: Session, keys: Sequence[MailboxKey]) -> int:
    """Note that the post-action for each of ``keys`` is done, with one UPDATE per folder; returns
    how many were recorded (keys never recorded are not counted)."""
    folders: dict[tuple[str, str, int], list[str]] = {}
    for key in keys:
        folders.setdefault((key.account, key.folder, key.uidvalidity), []).append(key.uid)
    marked = 0
    for (account, folder, uidvalidity), uids in folders.items():
        marked += write(session, _FINISHING, {"b_account": account, "b_folder": folder,
                                              "b_uidvalidity": uidvalidity, "b_uids": uids}).rowcount
    return marked


def finished_uids(session: Session, account: str, folder: str, uidvalidity: int, *,
                  among: Collection[str] | None = None) -> set[str]:
    """UIDs of one folder whose processing and post-action are both done; empty when none. With
    ``among``, only those of these UIDs (``None``: all of them).
    Read through the connection, not the ORM, all rows at once, from an index that holds every
    column asked (``ix_mailboxseen_finished``): a full scan of a folder of 10,000 processed
    messages reads 10,000 of them, and row by row through the ORM cost ten times the query."""
    params = {"b_account": account, "b_folder": folder, "b_uidvalidity": uidvalidity}
    if among is None:
        return set(session.connection().execute(_FINISHED, params).scalars().all())
    found: set[str] = set()
    wanted = sorted(among)
    for start in range(0, len(wanted), _IN_CHUNK):
        chunk = {**params, "b_uids": wanted[start:start + _IN_CHUNK]}
        found.update(session.connection().execute(_FINISHED_AMONG, chunk).scalars().all())
    return found


_IN_FOLDER = (col(MailboxSeen.account) == bindparam("b_account"),
              col(MailboxSeen.folder) == bindparam("b_folder"),
              col(MailboxSeen.uidvalidity) == bindparam("b_uidvalidity"))
"""The keys of one (account, folder, UIDVALIDITY)."""
_FINISHED = select(MailboxSeen.uid).where(*_IN_FOLDER, col(MailboxSeen.finished).is_(True))
_FINISHED_AMONG = _FINISHED.where(col(MailboxSeen.uid).in_(bindparam("b_uids", expanding=True)))
_IN_CHUNK = 500  # UIDs per IN list (SQLite allows 32,766 bound values; PostgreSQL 65,535)


def finished_from(session: Session, account: str, folder: str, uidvalidity: int, uid: int) -> bool:
    """True when a finished numeric UID of one folder is ``uid`` or higher. UIDs are stored as
    text: a longer number is higher, one as long compares as text (no cast, which would fail on
    PostgreSQL for a UID that is not a number, and no sort of the folder's keys)."""
    params = _uid_params(account, folder, uidvalidity, uid)
    rows = session.connection().execute(_FINISHED_FROM, params).scalars()
    return any(found.isdigit() for found in rows)


def _uid_params(account: str, folder: str, uidvalidity: int, uid: int) -> dict[str, object]:
    """The bound values of a query comparing one folder's text UIDs with ``uid`` (length, then text)."""
    digits = str(uid)
    return {"b_account": account, "b_folder": folder, "b_uidvalidity": uidvalidity,
            "b_digits": len(digits), "b_uid": digits}


_UID_LEN = func.length(col(MailboxSeen.uid))
_FINISHED_FROM = _FINISHED.where(or_(_UID_LEN > bindparam("b_digits"),
                                     and_(_UID_LEN == bindparam("b_digits"),
                                          col(MailboxSeen.uid) >= bindparam("b_uid")))).limit(20)
_UNFINISHED_UPTO = (select(MailboxSeen.uid)
                    .where(*_IN_FOLDER, col(MailboxSeen.finished).is_(False),
                           or_(_UID_LEN < bindparam("b_digits"),
                               and_(_UID_LEN == bindparam("b_digits"),
                                    col(MailboxSeen.uid) <= bindparam("b_uid"))))
                    .limit(bindparam("b_limit")))


def unfinished_upto(session: Session, account: str, folder: str, uidvalidity: int, uid: int, *,
                    limit: int) -> set[str]:
    """Recorded numeric UIDs of one folder, ``uid`` or lower, whose processing or post-action is
    not done (at most ``limit`` of them); empty when none. Compared as :func:`finished_from` does,
    from the same index (``ix_mailboxseen_finished``)."""
    params = {**_uid_params(account, folder, uidvalidity, uid), "b_limit": limit}
    rows = session.connection().execute(_UNFINISHED_UPTO, params).scalars()
    return {found for found in rows if found.isdigit()}


def forget_uids(session: Session, account: str, folder: str, uidvalidity: int) -> int:
    """Delete the mailbox keys of one folder and UIDVALIDITY; returns how many were deleted."""
    q = select(MailboxSeen).where(MailboxSeen.account == account, MailboxSeen.folder == folder,
                                  MailboxSeen.uidvalidity == uidvalidity)
    rows = session.exec(q).all()
    for row in rows:
        session.delete(row)
    return len(rows)


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


def messages_of_submission(session: Session, submission_id: int) -> list[Message]:
    """Every message linked to one submission (the ones that made its versions, and questions or
    replies about it), oldest first; empty when none."""
    q = (select(Message).where(Message.submission_id == submission_id)
         .order_by(col(Message.received_at), col(Message.id)))
    return list(session.exec(q).all())


def message_view(row: Message) -> dict[str, Any]:
    """A JSON-friendly summary of a message row (no raw bytes). ``reuses_message_id_of`` names an
    earlier, different message with the same Message-ID (for staff to look at); ``None`` normally."""
    return {"id": row.id, "sha256": row.sha256, "message_id": row.message_id, "origin": row.origin,
            "received_at": row.received_at.isoformat(), "from": row.from_addr, "subject": row.subject,
            "outcome": row.outcome, "reason": row.reason, "error": row.error, "size": row.size,
            "submission_id": row.submission_id, "reuses_message_id_of": row.reuses_message_id_of}


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


def count_attempt(session: Session, sha256: str) -> None:
    """Add one to the parse attempts of the message with ``sha256`` (one statement: an insert
    that adds one to the row already there)."""
    write(session, _counting(session.get_bind().dialect.name), {"b_sha256": sha256, "b_last_at": utcnow()})


@functools.cache
def _counting(dialect: str) -> Insert:
    q = upsert_insert(dialect)(ParseAttempt).values(sha256=bindparam("b_sha256"), attempts=1,
                                              last_at=bindparam("b_last_at"))
    added = {"attempts": col(ParseAttempt.attempts) + 1, "last_at": q.excluded.last_at}
    return q.on_conflict_do_update(index_elements=[col(ParseAttempt.sha256)], set_=added)


def uncount_attempt(session: Session, sha256: str) -> None:
    """Take back one attempt of the message with ``sha256`` (a try that ended on the database, not
    by killing the worker); nothing to do when none is counted."""
    row = session.get(ParseAttempt, sha256)
    if row is not None and row.attempts > 0:
        row.attempts -= 1
        session.add(row)


def given_up(session: Session, at_least: int) -> dict[str, int]:
    """The messages whose attempts have reached ``at_least``: attempts by SHA-256 (almost always
    none: a row lives only from a message's attempt to its record)."""
    rows = session.connection().execute(_GIVEN_UP, {"b_at_least": at_least})
    return {sha256: int(attempts) for sha256, attempts in rows}


def forget_attempts(session: Session, sha256: str) -> None:
    """Drop the attempt count of a message whose outcome is recorded (no row: nothing to do)."""
    write(session, _FORGETTING, {"b_sha256": sha256})


_GIVEN_UP = select(col(ParseAttempt.sha256), col(ParseAttempt.attempts)).where(
    col(ParseAttempt.attempts) >= bindparam("b_at_least"))
_FORGETTING = delete(ParseAttempt).where(col(ParseAttempt.sha256) == bindparam("b_sha256"))
