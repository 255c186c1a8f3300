"""Tables of the review queue. This package knows nothing of email: a "message" here is an
opaque record of bytes that arrived, with the metadata the application chose to keep."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Column, Index, LargeBinary, UniqueConstraint
from sqlmodel import Field, SQLModel

MAX_ROW_ID = 2**31 - 1
"""The largest row id every supported database can hold: ids are INTEGER columns, 32-bit on
PostgreSQL (SQLite's are 64-bit). A larger id can name nothing, so it is refused before any query."""


def utcnow() -> datetime:
    """The current time, timezone-aware in UTC (the column type refuses naive datetimes)."""
    return datetime.now(UTC)


class Message(SQLModel, table=True):
    """Every message seen, including those that yield nothing.

    ``outcome`` is one of ``submission``, ``resubmission``, ``not_submission``, ``failed``.
    ``error`` is ``None`` unless processing failed.
    """

    id: int | None = Field(default=None, primary_key=True)
    sha256: str = Field(index=True, unique=True, max_length=64)
    message_id: str | None = Field(default=None, index=True, max_length=998)
    origin: str = Field(default="", max_length=500)
    received_at: datetime = Field(default_factory=utcnow)
    from_addr: str | None = Field(default=None, max_length=320)
    from_name: str | None = Field(default=None, max_length=500)
    subject: str | None = Field(default=None)
    outcome: str = Field(default="failed", index=True, max_length=32)
    reason: str | None = Field(default=None, max_length=64)
    error: str | None = Field(default=None)
    size: int = 0
    raw: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    submission_id: int | None = Field(default=None, foreign_key="submission.id", index=True)
    #: SHA-256 of the sender and everything after the headers: recognises a re-delivery that adds
    #: trace headers, and a message without a Message-ID seen twice. ``None`` on rows older than it.
    content_sha256: str | None = Field(default=None, index=True, max_length=64)
    #: The earlier message that carries the same Message-ID with other content (a sender's bug or a
    #: forgery): this one is kept as its own message and flagged for staff. ``None`` normally.
    reuses_message_id_of: int | None = Field(default=None, foreign_key="message.id")
    #: How staff re-filed the message (``submission``, ``correction`` or ``handled``), who and when
    #: (see ``store.decisions.file_message``); all ``None`` while nobody has.
    filed_as: str | None = Field(default=None, index=True, max_length=16)
    filed_by: str | None = Field(default=None, max_length=320)
    filed_at: datetime | None = None
    filed_note: str | None = Field(default=None)


class MailboxSeen(SQLModel, table=True):
    """One row per (account, folder, UIDVALIDITY, UID) fetched from an IMAP or Maildir source.

    ``finished`` is False between the database commit and the source's post-action (move/flag),
    so a crash there leads to the post-action alone at the next poll.
    """

    __table_args__ = (UniqueConstraint("account", "folder", "uidvalidity", "uid"),
                      # the finished UIDs of a folder, read from the index alone at every poll
                      Index("ix_mailboxseen_finished", "account", "folder", "uidvalidity", "finished", "uid"))
    id: int | None = Field(default=None, primary_key=True)
    account: str = Field(max_length=320)
    folder: str = Field(max_length=500)
    uidvalidity: int = 0
    uid: str = Field(max_length=200)
    sha256: str = Field(index=True, max_length=64)
    message_id: str | None = Field(default=None, max_length=998)
    message_row_id: int | None = Field(default=None, foreign_key="message.id")
    finished: bool = False
    seen_at: datetime = Field(default_factory=utcnow)


class MailboxMark(SQLModel, table=True):
    """How far one IMAP folder is known to be done: under ``uidvalidity``, every message of the
    folder with a UID up to ``uid`` had a finished key when a whole-folder scan last looked (new
    mail only gets higher UIDs), so an idle poll searches above ``uid`` alone. No row: the next
    poll scans the whole folder. 64-bit columns: UIDVALIDITY and UIDs are unsigned 32-bit numbers
    (RFC 3501 2.3.1.1), past PostgreSQL's INTEGER."""

    account: str = Field(primary_key=True, max_length=320)
    folder: str = Field(primary_key=True, max_length=500)
    uidvalidity: int = Field(sa_column=Column(BigInteger, nullable=False))
    uid: int = Field(sa_column=Column(BigInteger, nullable=False))
    marked_at: datetime = Field(default_factory=utcnow)


class Submission(SQLModel, table=True):
    """A case study in the review queue. ``status`` is one of the queue states (see ``store.queue``).
    The indexes serve keyset pages of the queue (``store.search``); the title order's indexes are on
    expressions, outside the models (``store.search.EXPRESSION_INDEXES``)."""

    __table_args__ = (
        Index("ix_submission_status_id", "status", "id"),
        Index("ix_submission_assigned_id", "assigned_to", "id"),
    )
    id: int | None = Field(default=None, primary_key=True)
    reference: str = Field(index=True, unique=True, max_length=32)
    status: str = Field(index=True, max_length=32)
    version: int = 1
    submitter_email: str | None = Field(default=None, index=True, max_length=320)
    submitter_name: str | None = Field(default=None, max_length=500)
    title: str | None = Field(default=None)
    organisation: str | None = Field(default=None)
    problem_count: int = 0
    assigned_to: str | None = Field(default=None, max_length=320)
    tags: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, index=True)
    updated_at: datetime = Field(default_factory=utcnow)


class SubmissionVersion(SQLModel, table=True):
    """One reading of a submission; a resubmission adds version N+1.

    ``fields`` maps each form key to the answer or ``None``; ``problems`` is a list of
    ``{"field", "code", "message"}`` dicts.
    """

    __table_args__ = (UniqueConstraint("submission_id", "version"),)
    id: int | None = Field(default=None, primary_key=True)
    submission_id: int = Field(foreign_key="submission.id", index=True)
    version: int
    message_row_id: int | None = Field(default=None, foreign_key="message.id")
    fields: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    problems: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    source: str | None = Field(default=None, max_length=500)
    field_sources: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    forwarded_by: str | None = Field(default=None, max_length=320)
    #: The member of staff who typed this version (a corrected answer); ``None`` for a reading of
    #: a message. The submitter's own versions are never changed.
    edited_by: str | None = Field(default=None, max_length=320)
    created_at: datetime = Field(default_factory=utcnow)


class Event(SQLModel, table=True):
    """An audit row: who did what to a submission, when. ``actor`` is ``"system"`` for the worker."""

    id: int | None = Field(default=None, primary_key=True)
    submission_id: int = Field(foreign_key="submission.id", index=True)
    at: datetime = Field(default_factory=utcnow)
    actor: str = Field(default="system", max_length=320)
    action: str = Field(max_length=64)
    from_status: str | None = Field(default=None, max_length=32)
    to_status: str | None = Field(default=None, max_length=32)
    note: str | None = Field(default=None)
    data: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class Attachment(SQLModel, table=True):
    """A file that came with a message, kept so staff can download the original."""

    id: int | None = Field(default=None, primary_key=True)
    message_row_id: int = Field(foreign_key="message.id", index=True)
    filename: str = Field(max_length=500)
    content_type: str = Field(max_length=200)
    size: int = 0
    content: bytes | None = Field(default=None, sa_column=Column(LargeBinary, nullable=True))


class Outbox(SQLModel, table=True):
    """An email waiting to go out (or gone). ``status``: ``pending``, ``sending``
    (claimed by a send run), ``sent``, ``failed``, ``cancelled``.

    ``raw`` is the complete RFC 5322 message built when the row was queued.
    ``next_attempt_at`` is when the send job may try again; ``None`` means now.
    """

    __table_args__ = (Index("ix_outbox_status_created", "status", "created_at", "id"),)  # the send order

    id: int | None = Field(default=None, primary_key=True)
    submission_id: int | None = Field(default=None, foreign_key="submission.id", index=True)
    message_row_id: int | None = Field(default=None, foreign_key="message.id")
    kind: str = Field(max_length=32)
    to_addr: str = Field(max_length=320)
    subject: str = Field(default="")
    message_id: str = Field(index=True, max_length=998)
    raw: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    status: str = Field(default="pending", index=True, max_length=16)
    attempts: int = 0
    next_attempt_at: datetime | None = None
    last_error: str | None = None
    created_at: datetime = Field(default_factory=utcnow)
    sent_at: datetime | None = None
    #: The send run that claimed the row (``host:pid``) while it is ``sending``; ``None`` otherwise.
    claimed_by: str | None = Field(default=None, max_length=200)
    #: When the row last gave up (``failed``); ``None`` when it never did.
    failed_at: datetime | None = None


class User(SQLModel, table=True):
    """A staff account for the review web app. ``role``: ``reviewer`` or ``admin``."""

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(index=True, unique=True, max_length=320)
    role: str = Field(default="reviewer", max_length=16)
    password_hash: str = Field(max_length=500)
    active: bool = True
    #: Raised by every sign-out, password change and disabling: a session cookie carries the
    #: generation it was made under, and one made under an older generation no longer opens a page.
    session_generation: int = 0
    created_at: datetime = Field(default_factory=utcnow)


class LoginFailure(SQLModel, table=True):
    """Failed sign-ins counted per key (``account:<email>`` or ``ip:<address>``), kept in the
    database so a restart of the web app does not reset the throttle. ``last_at`` is seconds since
    the epoch of the newest failure."""

    key: str = Field(primary_key=True, max_length=400)
    count: int = 0
    last_at: float = 0.0


class Score(SQLModel, table=True):
    """A reviewer's 1-5 score of one review criterion (a key of ``[review.criteria]``) of a
    submission; one per (submission, reviewer, criterion), replaced on change. A criterion no longer
    in the config keeps its scores (``overall`` holds the single scores given before criteria)."""

    __tablename__ = "criterion_score"
    __table_args__ = (UniqueConstraint("submission_id", "reviewer", "criterion"),)
    id: int | None = Field(default=None, primary_key=True)
    submission_id: int = Field(foreign_key="submission.id", index=True)
    reviewer: str = Field(max_length=320)
    criterion: str = Field(max_length=64)
    score: int
    at: datetime = Field(default_factory=utcnow)


class Heartbeat(SQLModel, table=True):
    """Worker health per mailbox name. Times are ``None`` until the first success/failure."""

    id: int | None = Field(default=None, primary_key=True)
    mailbox: str = Field(index=True, unique=True, max_length=200)
    last_success_at: datetime | None = None
    last_attempt_at: datetime | None = None
    last_error_at: datetime | None = None
    last_error: str | None = None
    consecutive_failures: int = 0
    last_count: int = 0


class ReferenceCounter(SQLModel, table=True):
    """The last reference number handed out per year (``CS-2026-0001``...)."""

    year: int = Field(primary_key=True)
    last: int = 0


class MailboxLease(SQLModel, table=True):
    """Which worker polls a mailbox (see ``store.leases``). ``holder`` is ``None`` when released;
    ``generation`` grows by one at every change of holder (the fencing token); ``expires_at`` is in
    seconds since the epoch on the database's clock, so workers on several machines agree on it."""

    name: str = Field(primary_key=True, max_length=200)
    holder: str | None = Field(default=None, max_length=200)
    generation: int = 0
    expires_at: float = 0.0
    taken_at: float = 0.0


class WorkerPresence(SQLModel, table=True):
    """A running worker, renewed with its leases: how many workers share the mailboxes.
    ``expires_at`` is on the database's clock, like :class:`MailboxLease`."""

    id: str = Field(primary_key=True, max_length=200)
    started_at: float = 0.0
    expires_at: float = 0.0


class ParseAttempt(SQLModel, table=True):
    """How many times parsing of one message (by SHA-256 of its bytes) was started and did not end
    with a recorded outcome. Committed before each try, so a message that kills the whole worker
    is known at the next start; deleted when the message's outcome is recorded."""

    sha256: str = Field(primary_key=True, max_length=64)
    attempts: int = 0
    last_at: datetime = Field(default_factory=utcnow)


class AccountToken(SQLModel, table=True):
    """A set-password link of a staff account (``purpose``: ``invite`` or ``reset``): only the
    SHA-256 of the token is kept, so the table (or a backup of it) cannot open an account. The link
    works once (``used_at`` is set) and until ``expires_at``; a newer link of the account replaces
    every unused older one."""

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    purpose: str = Field(max_length=16)
    token_sha256: str = Field(index=True, unique=True, max_length=64)
    created_by: str = Field(default="", max_length=320)
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime
    used_at: datetime | None = None


class NotifyMark(SQLModel, table=True):
    """How far a staff notification has got: ``name`` ``assignments`` keeps the last event id whose
    assignment email was queued, ``digest`` the time the last digest covered up to."""

    name: str = Field(primary_key=True, max_length=32)
    last_event_id: int = 0
    last_at: datetime | None = None
