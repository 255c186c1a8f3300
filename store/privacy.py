"""Personal data on request and on a schedule: purge raw mail after a retention period, erase one
person everywhere, and take a consistent backup.

What is erased is overwritten in place (rows keep their ids, so references, counts and the audit
trail still add up); the audit event that records an erasure names no personal data.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine, make_url, update
from sqlmodel import Session, col, select

from store.models import Attachment, Event, Message, Outbox, Score, Submission, SubmissionVersion
from store.queue import add_event
from store.states import Status

#: Submissions still being reviewed keep their original mail: staff may need to read it.
OPEN_STATUSES = (Status.NEEDS_ATTENTION, Status.PENDING_REVIEW, Status.CHANGES_REQUESTED)
ERASED = "(erased)"
_BATCH = 200


class PrivacyError(Exception):
    """A purge, erasure or backup could not be done; the text says why."""


@dataclass(frozen=True)
class PurgeReport:
    """What :func:`purge_raw` removed."""

    messages: int
    attachments: int
    emails: int


@dataclass(frozen=True)
class ForgetReport:
    """What :func:`forget` erased for one address."""

    submissions: list[str]
    messages: int
    emails: int


def purge_raw(session: Session, *, before: datetime) -> PurgeReport:
    """Remove the raw mail and attachments of messages received before ``before`` and the bodies of
    emails sent before it. The submissions (their answers, history and decisions) stay; so does the
    raw mail of a submission still under review."""
    open_ids = select(Submission.id).where(col(Submission.status).in_([s.value for s in OPEN_STATUSES]))
    old = (select(Message.id).where(Message.received_at < before, col(Message.raw) != b"")
           .where((col(Message.submission_id).is_(None)) | (col(Message.submission_id).not_in(open_ids))))
    ids = [i for i in session.exec(old).all() if i is not None]
    attachments = 0
    for chunk in _chunks(ids):
        session.exec(update(Message).where(col(Message.id).in_(chunk)).values(raw=b""))
        result = session.exec(update(Attachment).where(col(Attachment.message_row_id).in_(chunk),
                                                       col(Attachment.content).is_not(None)).values(content=None))
        attachments += int(result.rowcount or 0)
    sent = session.exec(update(Outbox).where(
        col(Outbox.created_at) < before, col(Outbox.status).in_(["sent", "cancelled", "failed"]),
        col(Outbox.raw) != b"").values(raw=b""))
    return PurgeReport(messages=len(ids), attachments=attachments, emails=int(sent.rowcount or 0))


def forget(session: Session, email: str, *, actor: str) -> ForgetReport:
    """Erase everything stored about the person with this address: their submissions' answers,
    names and titles, the mail they sent (and any other mail that names the address), the emails
    sent to them, and the notes on their submissions. Each submission keeps its reference and an
    audit event "erased" that names nobody."""
    address = email.strip().lower()
    if "@" not in address:
        raise PrivacyError(f"{email!r} is not an email address")
    subs = _submissions_of(session, address)
    sub_ids = [s.id for s in subs if s.id is not None]
    messages = _messages_naming(session, address, sub_ids)
    for row in messages:
        row.raw, row.from_addr, row.from_name, row.subject, row.error = b"", None, None, None, None
        row.message_id = None
        session.add(row)
    msg_ids = [m.id for m in messages if m.id is not None]
    for chunk in _chunks(msg_ids):
        for att in session.exec(select(Attachment).where(col(Attachment.message_row_id).in_(chunk))).all():
            session.delete(att)
    emails = list(session.exec(select(Outbox).where(
        (col(Outbox.to_addr) == address) | (col(Outbox.submission_id).in_(sub_ids)))).all())
    for out in emails:
        out.raw, out.to_addr, out.subject, out.last_error = b"", ERASED, ERASED, None
        session.add(out)
    for sub in subs:
        _erase_submission(session, sub, actor=actor)
    return ForgetReport(submissions=[s.reference for s in subs], messages=len(messages), emails=len(emails))


def _submissions_of(session: Session, address: str) -> list[Submission]:
    by_sender = set(session.exec(select(Submission.id).where(
        col(Submission.submitter_email) == address)).all())
    for version in session.exec(select(SubmissionVersion)).yield_per(_BATCH):
        answer = version.fields.get("email")
        if isinstance(answer, str) and answer.strip().lower() == address:
            by_sender.add(version.submission_id)
    return list(session.exec(select(Submission).where(col(Submission.id).in_(by_sender))).all())


def _messages_naming(session: Session, address: str, sub_ids: list[int]) -> list[Message]:
    """Messages from the address, belonging to its submissions, or whose raw bytes name it."""
    needle = address.encode()
    found: dict[int, Message] = {}
    q = select(Message).where((col(Message.from_addr) == address) | (col(Message.submission_id).in_(sub_ids)))
    for row in session.exec(q).all():
        found[row.id or 0] = row
    for row in session.exec(select(Message).where(col(Message.raw) != b"")).yield_per(_BATCH):
        if row.id not in found and needle in row.raw.lower():
            found[row.id or 0] = row
    return list(found.values())


def _erase_submission(session: Session, sub: Submission, *, actor: str) -> None:
    for version in session.exec(select(SubmissionVersion).where(
            SubmissionVersion.submission_id == sub.id)).all():
        version.fields = {key: None for key in version.fields}
        version.problems, version.field_sources, version.source, version.forwarded_by = [], {}, None, None
        session.add(version)
    for event in session.exec(select(Event).where(Event.submission_id == sub.id)).all():
        event.note, event.data = None, {}
        session.add(event)
    for score in session.exec(select(Score).where(Score.submission_id == sub.id)).all():
        session.delete(score)
    sub.submitter_email = sub.submitter_name = sub.organisation = None
    sub.title, sub.tags, sub.problem_count = ERASED, [], 0
    session.add(sub)
    add_event(session, sub, "erased", actor=actor, note="personal data erased on request")


def _chunks(ids: list[int]) -> Iterable[list[int]]:
    for start in range(0, len(ids), _BATCH):
        yield ids[start:start + _BATCH]


# -- backup ------------------------------------------------------------------------------------------


def backup(engine: Engine, target: Path, *, timeout_s: float = 3600.0) -> None:
    """A consistent copy of the whole database in ``target`` while the worker keeps running:
    SQLite's online backup API (a database file), or ``pg_dump --format=custom`` for PostgreSQL.
    ``target`` is created 0600 and must not exist yet."""
    if target.exists():
        raise PrivacyError(f"{target} exists already; choose a new file name")
    url = engine.url
    if url.get_backend_name() == "sqlite":
        _sqlite_copy(str(url.database or ""), target)
    elif url.get_backend_name() == "postgresql":
        _pg_dump(url.render_as_string(hide_password=False), target, timeout_s)
    else:
        raise PrivacyError(f"cannot back up a {url.get_backend_name()} database")


def restore(engine: Engine, source: Path, *, timeout_s: float = 3600.0) -> None:
    """Replace the database's content with the backup in ``source`` (made by :func:`backup`).
    The caller makes sure no worker or web app is using the database."""
    if not source.is_file():
        raise PrivacyError(f"no backup file at {source}")
    url = engine.url
    engine.dispose()
    if url.get_backend_name() == "sqlite":
        _check_backup(source)
        _sqlite_copy(str(source), Path(url.database or ""), replace=True)
    elif url.get_backend_name() == "postgresql":
        _pg_restore(url.render_as_string(hide_password=False), source, timeout_s)
    else:
        raise PrivacyError(f"cannot restore a {url.get_backend_name()} database")


def _sqlite_copy(source: str, target: Path, *, replace: bool = False) -> None:
    if not replace:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.touch(mode=0o600, exist_ok=False)
    try:
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=30)
        try:
            dst = sqlite3.connect(target, timeout=30)
            try:
                src.backup(dst)
            finally:
                dst.close()
        finally:
            src.close()
    except sqlite3.Error as err:
        raise PrivacyError(f"copying {source} to {target} failed: {err}") from err


def _check_backup(source: Path) -> None:
    try:
        con = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            con.execute("SELECT version_num FROM alembic_version").fetchall()
        finally:
            con.close()
    except sqlite3.Error as err:
        raise PrivacyError(f"{source} is not a case-intake backup ({err})") from err


def _pg_dump(url: str, target: Path, timeout_s: float) -> None:
    _run_pg(["pg_dump", "--format=custom", "--no-owner", f"--file={target}", _libpq(url)], timeout_s)
    target.chmod(0o600)


def _pg_restore(url: str, source: Path, timeout_s: float) -> None:
    _run_pg(["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
             f"--dbname={_libpq(url)}", str(source)], timeout_s)


def _libpq(url: str) -> str:
    """A libpq connection URI from SQLAlchemy's (``postgresql+psycopg://`` -> ``postgresql://``)."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def _run_pg(argv: list[str], timeout_s: float) -> None:
    if shutil.which(argv[0]) is None:
        raise PrivacyError(f"{argv[0]} is not installed (Debian: apt-get install postgresql-client)")
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=timeout_s, check=False)
    except subprocess.TimeoutExpired:
        raise PrivacyError(f"{argv[0]} did not finish within {timeout_s:.0f} s") from None
    if done.returncode != 0:
        lines = (done.stderr or done.stdout).strip().splitlines()
        raise PrivacyError(f"{argv[0]} failed: {lines[-1] if lines else f'exit {done.returncode}'}")
