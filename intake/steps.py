"""The steps of the pipeline: small functions with one signature over one typed :class:`Work`
context. :mod:`intake.pipeline` drives them; reading the two tuples at the end of the step
definitions tells the whole path of a message.

Outcomes are not errors: a duplicate, a non-submission or an unreadable message is a result a
step writes on the context (``work.stop`` ends the run of steps). Exceptions are faults, handled
by the driver at the per-message boundary.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from sqlmodel import Session

from intake.config import Config
from intake.corrections import is_from_submitter, referenced_submission
from intake.headers import HeaderPeek, content_digest, peek_headers
from intake.isolation import ParsePool, ParseResult
from intake.replies.headers import IncomingHeaders
from intake.resubmit import carry_over
from intake.sources import SourceKey
from parsers import answers_in_reply
from parsers.models import Extraction
from store import messages as store_messages
from store import queue as store_queue
from store.db import Store
from store.models import Message, Submission

log = logging.getLogger("intake.pipeline")

Status = Literal["submission", "resubmission", "not_submission", "failed", "duplicate"]


@dataclass(frozen=True)
class PipelineContext:
    """What every step may use: the configuration and the store of this installation, and the
    pool of parse processes; ``parser`` ``None`` means a pool of one is started for each message
    (staff's "process again")."""

    config: Config
    store: Store
    parser: ParsePool | None = None
    _given_up: dict[str, int] = field(default_factory=dict, init=False, repr=False, compare=False)
    _read: list[bool] = field(default_factory=list, init=False, repr=False, compare=False)

    def given_up(self) -> dict[str, int]:
        """The SHA-256 of each message that has stopped the worker ``parse_max_attempts`` times or
        more, with its count: read once, at the first message of this context (a run), in one
        statement that finds almost always nothing, instead of one lookup for every message."""
        if not self._read:
            with self.store.reading() as s:
                self._given_up.update(store_messages.given_up(s, self.config.budget.max_attempts))
            self._read.append(True)
        return self._given_up


@dataclass
class Work:
    """One message on its way through the steps. Steps fill the fields in order; ``None`` means
    "not known yet" or "not applicable" as each field says."""

    raw: bytes
    origin: str
    key: SourceKey | None = None
    backlog: bool = False
    sha256: str = ""
    #: SHA-256 of the sender and everything after the headers (see ``headers.content_digest``).
    content_sha256: str = ""
    peek: HeaderPeek = field(default_factory=HeaderPeek)
    #: The id of the failed row being processed again (``reprocess``); ``None`` for a new message.
    retry_id: int | None = None
    #: The stored row this message duplicates; ``None`` when it is new.
    seen: Message | None = None
    #: An earlier, different message with the same Message-ID; ``None`` when there is none.
    reuses: Message | None = None
    extraction: Extraction | None = None
    #: The headers the reply policy reads, as the parse process read them; ``None``: not read.
    headers: IncomingHeaders | None = None
    #: Why the message could not be read (ParseError text); ``None`` when it was read.
    error: str | None = None
    status: Status = "failed"
    reason: str | None = None
    #: The submission a resubmission adds a version to; ``None`` for a new submission.
    target: Submission | None = None
    #: An open submission this message claims to revise (same title and email answer) although it
    #: comes from another address: staff decide; ``None`` when there is no such claim.
    claims: Submission | None = None
    #: The row written for this message; ``None`` until :func:`record_message` has written it.
    message_row: store_messages.StoredMessage | None = None
    submission: Submission | None = None
    version: int | None = None
    #: The answers and problems recorded as ``version``; ``None`` when no version was recorded.
    recorded: store_queue.VersionInput | None = None
    session: Session | None = None
    stop: bool = False
    #: The parse pool's ticket for this message; ``None`` until it is handed over.
    ticket: int | None = None
    #: This try of the message is counted in the store (see :func:`count_attempt`).
    counted: bool = False


Step = Callable[[PipelineContext, Work], None]


def identify(ctx: PipelineContext, work: Work) -> None:
    """Hash the raw bytes and read the few headers dedupe and the failure record need."""
    work.sha256 = hashlib.sha256(work.raw).hexdigest()
    work.peek = peek_headers(work.raw)
    work.content_sha256 = content_digest(work.raw, work.peek.from_addr)


def skip_if_seen(ctx: PipelineContext, work: Work) -> None:
    """Stop when this message is stored already: the same bytes, or the same content after the
    headers under the same Message-ID (or, without one, from the same sender) - a re-delivery with
    one more trace header. A *different* message reusing a stored Message-ID goes on, to be stored
    as its own message and flagged (``work.reuses``).

    Run twice: before parsing (a re-import costs no parsing) and again inside the write
    transaction, where SQLite's ``BEGIN IMMEDIATE`` makes the answer hold until the commit.
    """
    assert work.session is not None
    found = _lookup(work.session, work)
    work.reuses = found.reuses
    dup = found.duplicate
    if dup is None or dup.id == work.retry_id:
        return
    work.seen, work.status, work.stop = dup, "duplicate", True
    log.info("message %s already stored as message %s (%s)", work.peek.message_id or work.sha256[:12],
             dup.id, dup.outcome)


def _lookup(session: Session, work: Work) -> store_messages.Seen:
    return store_messages.find_message(session, sha256=work.sha256, content_sha256=work.content_sha256,
                                       message_id=work.peek.message_id)


def request_parse(ctx: PipelineContext, work: Work) -> None:
    """Hand the bytes to a parse process; the main process goes on with the next message."""
    if ctx.parser is not None and work.reason != "attempts":
        work.ticket = ctx.parser.submit(work.raw)


def give_up_if_tried(ctx: PipelineContext, work: Work) -> None:
    """A message whose handling has stopped the whole worker ``parse_max_attempts`` times already
    is failed without another try (Mailman's "bad" queue). Those messages are read once per run
    (:meth:`PipelineContext.given_up`): a try that stops the worker ends the run."""
    tried = ctx.given_up().get(work.sha256)
    if tried is not None:
        work.status, work.reason = "failed", "attempts"
        work.error = f"processing this message stopped the worker {tried} times"
        log.error("message %s: %s; filed as failed", work.peek.message_id or work.sha256[:12], work.error)


def count_attempt(ctx: PipelineContext, work: Work) -> None:
    """Commit one more attempt before the message's outcome is taken in (counted here, for the
    message being recorded, not for those parsed ahead of it), unless it was committed already
    with the record of the message before it (:func:`count_attempt_ahead`)."""
    if work.reason != "attempts" and not work.counted:
        with ctx.store.session() as s:
            store_messages.count_attempt(s, work.sha256)
        work.counted = True


def count_attempt_ahead(session: Session, then: Work | None) -> bool:
    """Count the attempt of ``then``, the message to be recorded next, in the transaction that
    records the one before (its attempt is committed before its outcome is taken in all the same,
    and it needs no transaction of its own). Whether it was counted: not for ``None``, a message
    given up or one counted already."""
    if then is None or then.reason == "attempts" or then.counted or not then.sha256:
        return False
    store_messages.count_attempt(session, then.sha256)
    return True


def read_form(ctx: PipelineContext, work: Work) -> None:
    """Take the parse process's answer (waiting for it): the extraction, or a ``failed`` outcome
    for an unreadable message or one whose parsing crashed or ran out of its budget."""
    if work.reason == "attempts":
        return
    result = _parse(ctx, work)
    who = work.peek.message_id or work.sha256[:12]
    if result.extraction is not None:
        work.extraction, work.headers = result.extraction, result.headers
    elif result.fault is not None:
        work.status, work.error, work.reason = "failed", result.reason, result.fault
        log.error("message %s: %s", who, result.reason)
    else:
        work.status, work.error, work.reason = "failed", result.error, "unreadable"
        log.warning("message %s cannot be read: %s", who, result.error)


def _parse(ctx: PipelineContext, work: Work) -> ParseResult:
    if ctx.parser is not None and work.ticket is not None:
        return ctx.parser.result(work.ticket)
    with ParsePool(ctx.config.form, ctx.config.limits, replace(ctx.config.budget, workers=1)) as pool:
        return pool.parse_one(work.raw)


def forget_attempts(ctx: PipelineContext, work: Work) -> None:
    """The outcome is being recorded: the attempts counted for this message are done with."""
    assert work.session is not None
    store_messages.forget_attempts(work.session, work.sha256)


def classify(ctx: PipelineContext, work: Work) -> None:
    """Submission, resubmission or not a submission.

    A resubmission is a submission that replies to one of our emails about an existing submission
    (In-Reply-To/References naming an outbox Message-ID), that names a submission's reference in
    its Subject from the submitter's address (:mod:`intake.corrections`), or that comes from the
    same sender (the From address) with the same title as an open submission. A reference in the
    Subject from anyone else only links the message to that submission (never a version). The
    form's email answer is typed by whoever writes, so it never makes a version by itself: a
    message from another address carrying an open submission's title and email answer becomes a
    submission of its own, linked for staff (``work.claims``), and no email quotes the first
    submitter's answers to its sender. A non-submission replying to one of our emails is linked to
    that submission so staff see it beside the case study.
    """
    ex = work.extraction
    if ex is None:
        return
    assert work.session is not None
    replied = store_messages.submission_replied_to(work.session, _thread_ids(ex))
    if replied is None:
        named = referenced_submission(work.session, ex.subject, ctx.config.replies.reference_prefix)
        if named is not None and not is_from_submitter(work.session, named, ex.from_addr):
            work.status, work.target = "not_submission", named
            work.reason = "reference_from_another_sender"
            return
        replied = named
    if ex.kind != "submission" and replied is not None and ex.reason == "question":
        reread = answers_in_reply(ex, ctx.config.form, ctx.config.limits)
        if reread is not None:
            work.extraction, ex = reread, reread
    if ex.kind != "submission":
        work.status, work.reason, work.target = "not_submission", ex.reason, replied
        return
    same_title = None if replied else store_queue.find_open_submission(
        work.session, title=ex.fields.get("title"), emails=[ex.from_addr or "", ex.fields.get("email") or ""])
    if same_title is not None and not is_from_submitter(work.session, same_title, ex.from_addr):
        work.claims, same_title = same_title, None  # someone else typed the title and address
    work.target = replied or same_title
    work.status = "resubmission" if work.target is not None else "submission"


def record_message(ctx: PipelineContext, work: Work) -> None:
    """The message row (every message, whatever its outcome), linked to the submission it is about
    when that is known already, and its attachments."""
    assert work.session is not None
    ex, peek = work.extraction, work.peek
    values: dict[str, Any] = {"outcome": work.status, "reason": work.reason, "error": work.error,
              "from_addr": (ex.from_addr if ex else None) or peek.from_addr,
              "from_name": (ex.from_name if ex else None) or peek.from_name,
              "subject": (ex.subject if ex else None) or peek.subject,
              "submission_id": work.target.id if work.target is not None else None}
    if work.retry_id is not None:
        row = store_messages.rewrite_message(work.session, work.retry_id, **values)
        assert row is not None
    else:
        row = store_messages.insert_message(
            work.session, raw=work.raw, sha256=work.sha256, origin=work.origin,
            message_id=peek.message_id, content_sha256=work.content_sha256,
            reuses_message_id_of=work.reuses.id if work.reuses else None, **values)
        if work.reuses is not None:
            log.warning("message %s: another message (stored as %s) has this Message-ID with other content; "
                        "kept as message %s and flagged for staff", peek.message_id, work.reuses.id, row.id)
    work.message_row = row
    kept = work.retry_id is not None and store_messages.attachments_of(work.session, row.id)
    if ex is not None and ex.attachments and not kept:  # a new row has none yet: nothing to ask
        store_messages.add_attachments(work.session, row, [
            store_messages.AttachmentInput(a.filename, a.content_type, a.size, a.content)
            for a in ex.attachments])


def record_submission(ctx: PipelineContext, work: Work) -> None:
    """A new submission at version 1, or version N+1 of the one this message revises (the message
    row is linked to it: to a new one here, to one known before by :func:`record_message`)."""
    ex, row = work.extraction, work.message_row
    assert work.session is not None and row is not None
    if ex is None or work.status not in ("submission", "resubmission"):
        return
    v = store_queue.VersionInput(
        fields=dict(ex.fields), problems=[p.to_json() for p in ex.problems], source=ex.source,
        field_sources=dict(ex.field_sources), message_row_id=row.id, forwarded_by=ex.forwarded_by)
    if work.target is not None:
        v = carry_over(store_queue.latest_version(work.session, work.target), v, ctx.config.form)
    if work.target is None:
        sub = store_queue.create_submission(work.session, v, prefix=ctx.config.replies.reference_prefix,
                                            sender=ex.from_addr, sender_name=ex.from_name)
        assert sub.id is not None
        store_messages.link_submission(work.session, row.id, sub.id)
    else:
        sub = work.target
        store_queue.append_version(work.session, sub, v)
    work.submission, work.version, work.recorded = sub, sub.version, v
    if work.claims is not None:
        _link_claim(work.session, work.claims, sub, sender=ex.from_addr)
    log.debug("message %s -> %s version %s (%s)", work.peek.message_id or work.sha256[:12],
             sub.reference, sub.version, sub.status)


def _link_claim(session: Session, claimed: Submission, new: Submission, *, sender: str | None) -> None:
    """Tell staff, on both submissions, that ``new`` names ``claimed`` from another address."""
    note = (f"{new.reference} came from {sender or 'an unknown address'} with this submission's title and "
            f"email answer; it was not added as a version because it came from another address. "
            f"If it is a correction, re-file it.")
    store_queue.add_event(session, claimed, "claimed_by_other_sender", actor="system", note=note,
                          data={"reference": new.reference})
    store_queue.add_event(session, new, "claims_submission", actor="system",
                          note=f"Names {claimed.reference} (same title and email answer) from another "
                          "address.",
                          data={"reference": claimed.reference})


def queue_reply(ctx: PipelineContext, work: Work) -> None:
    """Let the reply policy queue an acknowledgement (or, for a message that could not be read, the
    failure notice) in this same transaction."""
    from intake.replies import queue_acknowledgement

    if work.extraction is None:
        tell_failed(ctx, work)
        return
    if work.message_row is None:
        return
    assert work.session is not None
    queue_acknowledgement(work.session, ctx.config, message=work.message_row, extraction=work.extraction,
                          submission=work.submission, version=work.version, backlog=work.backlog,
                          recorded=work.recorded, headers=work.headers)


def tell_failed(ctx: PipelineContext, work: Work) -> None:
    """Queue the failure notice (once per message, ``replies.tell_failed``) for a message recorded as
    failed, in this same transaction."""
    from intake.replies import queue_failure_notice

    if work.status != "failed" or work.message_row is None:
        return
    assert work.session is not None
    queue_failure_notice(work.session, ctx.config, message=work.message_row, backlog=work.backlog)


def remember_mailbox_key(ctx: PipelineContext, work: Work) -> None:
    """Record the mailbox key as seen, not yet finished: the post-action comes after the commit."""
    if work.key is None:
        return
    assert work.session is not None
    row = work.message_row or work.seen
    store_messages.remember_key(work.session, work.key, sha256=work.sha256,
                                message_id=work.peek.message_id, message_row_id=row.id if row else None)


PREPARE: tuple[Step, ...] = (identify, skip_if_seen, give_up_if_tried)
HAND_OVER: tuple[Step, ...] = (request_parse,)
READ: tuple[Step, ...] = (count_attempt, read_form)
RECORD: tuple[Step, ...] = (skip_if_seen, classify, record_message, record_submission, queue_reply,
                            remember_mailbox_key, forget_attempts)


def _thread_ids(ex: Extraction) -> list[str]:
    """In-Reply-To and References, each with and without angle brackets (stores differ)."""
    out: list[str] = []
    for value in [ex.in_reply_to or "", *ex.references]:
        bare = value.strip().strip("<>")
        if bare:
            out.extend([f"<{bare}>", bare])
    return out
