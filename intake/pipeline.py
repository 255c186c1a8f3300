"""One message's way from raw bytes to the review queue, driven over the steps of
:mod:`intake.steps`::

    PREPARE   = (identify, skip_if_seen, give_up_if_tried)  # one lookup, no transaction held
    HAND_OVER = (request_parse,)                           # to a parse process, no transaction held
    READ      = (count_attempt, read_form)                 # the parse process's answer
    RECORD    = (skip_if_seen, classify, record_message, record_submission,
                 queue_reply, remember_mailbox_key, forget_attempts)  # ONE transaction

then, in :func:`run_once`, once up to :data:`FINISH_BATCH` messages are committed:
``source.finish(items, disposition)`` (one MOVE per target folder) and their mailbox keys marked
finished in one transaction. One transaction writes for each message, fenced by the mailbox's
lease: its record, with the attempt of the message to be recorded next (committed before that
one's outcome is taken in, as :func:`~intake.steps.count_attempt` requires; only a message with
no record before it in the run counts its attempt in a transaction of its own). Parsing happens
in the child processes of a :class:`~intake.isolation.ParsePool` (a crash, hang or memory
blow-up ends only that child and fails only that message); :func:`run_once` keeps up to
:data:`AHEAD_PER_WORKER` messages per parse process in PREPARE ahead of the one being recorded, so
parsing runs beside the mailbox session and the database writes, while each message is still
committed on its own, in order, before its post-action. Exceptions are caught at the per-message
boundary only (:func:`process`): logged with the traceback, recorded on a ``failed`` message row in a
fresh transaction, and the run goes on. A crash between the commit and the post-action leaves the
key unfinished: the next poll recognises the message by its hash and only finishes it.
"""

from __future__ import annotations

import hashlib
import logging
from collections import deque
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlmodel import Session

from intake.config import Config
from intake.errors import IntakeError
from intake.isolation import ParsePool
from intake.sources import Disposition, Fetched, Source, SourceKey
from intake.steps import (
    HAND_OVER,
    PREPARE,
    READ,
    RECORD,
    PipelineContext,
    Status,
    Step,
    Work,
    count_attempt_ahead,
    forget_attempts,
    record_message,
    remember_mailbox_key,
    tell_failed,
)
from store import messages as store_messages
from store.db import Store, StoreUnavailable, unavailable_reason
from store.leases import LeaseLost
from store.marks import FolderMark, folder_mark, set_folder_mark
from store.models import Message

log = logging.getLogger("intake.pipeline")

FINISH_BATCH = 50
"""Committed messages whose post-actions are applied together (one MOVE per target folder): a
crash in between leaves them to be recognised by their hash and only moved at the next poll."""

AHEAD_PER_WORKER = 8
"""Messages handed to the parse processes ahead of the one being recorded, per process. Records are
taken in order, so a message slow to parse (a .doc through LibreOffice, a large PDF) holds up the
recording of those after it; with few ahead, the other parse processes soon run out of work and sit
idle while it does, and the recording then waits for each of them in turn. The messages ahead are in
memory already (the source fetches a batch at a time); a stop leaves them for the next run."""

__all__ = ["AHEAD_PER_WORKER", "CycleReport", "Outcome", "PipelineContext", "PipelineError",
           "StoreSeenIndex", "finish", "open_pool", "process", "reprocess", "run_once"]


@dataclass(frozen=True)
class Outcome:
    """What became of one message.

    ``status`` is ``duplicate`` when the message had been stored before (only the post-action ran).
    ``disposition`` tells the source where the message goes; ``None`` means leave it where it is
    (the failure could not even be recorded, so the next poll tries again).
    ``reference`` and ``version`` name the submission, ``None`` for non-submissions and failures.
    """

    status: Status
    disposition: Disposition | None
    sha256: str
    message_row_id: int | None = None
    message_id: str | None = None
    reference: str | None = None
    version: int | None = None
    reason: str | None = None
    error: str | None = None
    review_status: str | None = None


def process(ctx: PipelineContext, raw: bytes, *, origin: str, key: SourceKey | None = None,
            backlog: bool = False) -> Outcome:
    """Take one message through the pipeline; never raises for a fault in one message."""
    return _drive(ctx, Work(raw=raw, origin=origin, key=key, backlog=backlog))


def reprocess(ctx_or_config: PipelineContext | Config, store: Store | None, message_row_id: int) -> Outcome:
    """Run a stored ``failed`` message through the pipeline again (staff's "process again"),
    updating its row in place. Raises :class:`PipelineError` when there is no such failed message."""
    ctx = ctx_or_config if isinstance(ctx_or_config, PipelineContext) else _context(ctx_or_config, store)
    with ctx.store.session() as s:
        row = s.get(Message, message_row_id)
    if row is None or row.outcome != "failed":
        raise PipelineError(f"message {message_row_id} is not a failed message")
    return _drive(ctx, Work(raw=row.raw, origin=row.origin, retry_id=row.id))


class PipelineError(IntakeError):
    """A pipeline request that cannot be carried out (for example reprocessing a message that did
    not fail)."""


def _context(config: PipelineContext | Config, store: Store | None) -> PipelineContext:
    if not isinstance(config, Config) or store is None:
        raise PipelineError("reprocess needs a PipelineContext, or a Config and a Store")
    return PipelineContext(config, store)


def _drive(ctx: PipelineContext, work: Work) -> Outcome:
    return _begin(ctx, work) or _complete(ctx, work)


def _begin(ctx: PipelineContext, work: Work) -> Outcome | None:
    """PREPARE (identify, skip a duplicate: one lookup in a reading session), then HAND_OVER the
    bytes to a parse process. Returns the outcome when the message already failed here, else
    ``None`` (go on with :func:`_complete`)."""
    try:
        with ctx.store.reading() as session:
            work.session = session
            try:
                _run(PREPARE, ctx, work)
            finally:
                work.session = None
        _run(HAND_OVER, ctx, work)
    except Exception as err:  # the per-message boundary
        return _fault(ctx, work, err)
    return None


def _complete(ctx: PipelineContext, work: Work, then: Work | None = None) -> Outcome:
    """READ and RECORD: take the parse result and record the outcome in one transaction.

    ``then`` is the message to be recorded next (``None``: none known yet): its attempt is counted
    in this same transaction (:func:`~intake.steps.count_attempt_ahead`), which saves it a
    transaction of its own."""
    try:
        _run(READ, ctx, work)
        if work.stop and work.key is None:
            return _outcome(work)  # a duplicate from a file: nothing to write
        # No autoflush: no lookup of RECORD needs the rows it has added, and each autoflush
        # was another round of the unit of work (the rows go in at the flushes steps ask for,
        # where an id is needed, and at the commit).
        with ctx.store.session() as session, session.no_autoflush:
            work.session = session
            _run(RECORD, ctx, work)
            if work.stop:
                remember_mailbox_key(ctx, work)  # a duplicate: remember where it sits now
            counted = count_attempt_ahead(session, then)
        if counted and then is not None:
            then.counted = True  # committed with this record
    except Exception as err:  # the per-message boundary: one bad message never stops the run
        return _fault(ctx, work, err)
    finally:
        work.session = None
    return _outcome(work)


def _fault(ctx: PipelineContext, work: Work, err: Exception) -> Outcome:
    _raise_if_unavailable(ctx, work, err)
    log.exception("message %s from %s failed", work.peek.message_id or work.sha256[:12], work.origin)
    return _record_fault(ctx, work, err)


def _raise_if_unavailable(ctx: PipelineContext, work: Work, err: Exception) -> None:
    """A database that is locked, full or unreachable is no fault of this message: it stays in the
    mailbox untouched, and the cycle stops (the next messages would meet the same), to go on at
    the next poll. One line, no traceback: the operator needs the reason, not the stack."""
    reason = unavailable_reason(err)
    if reason is None:
        return
    log.warning("message %s left in the mailbox: %s", work.peek.message_id or work.sha256[:12], reason)
    _uncount_attempt(ctx, work)
    raise StoreUnavailable(reason) from err


def _uncount_attempt(ctx: PipelineContext, work: Work) -> None:
    """This try ended on the database, not by killing the worker: it must not count towards the
    attempts that send a message to Failed (a full disk would otherwise file a good message as
    failed after three polls). Best effort: when even this cannot be written, the count stays."""
    if not work.sha256:
        return
    try:
        with ctx.store.session() as s:
            store_messages.uncount_attempt(s, work.sha256)
    except Exception as err:
        log.debug("message %s: cannot take back the attempt: %s", work.peek.message_id, err)


def _run(steps: tuple[Step, ...], ctx: PipelineContext, work: Work) -> None:
    for step in steps:
        if work.stop:
            return
        step(ctx, work)


def _record_fault(ctx: PipelineContext, work: Work, err: Exception) -> Outcome:
    """Record the fault on a ``failed`` message row in a fresh transaction."""
    fresh = Work(raw=work.raw, origin=work.origin, key=work.key, backlog=work.backlog,
                 sha256=work.sha256 or hashlib.sha256(work.raw).hexdigest(), peek=work.peek,
                 retry_id=work.retry_id, error=f"{type(err).__name__}: {err}", reason="error")
    try:
        with ctx.store.session() as session:
            fresh.session = session
            for step in (record_message, tell_failed, remember_mailbox_key, forget_attempts):
                step(ctx, fresh)
    except Exception as record_err:
        _raise_if_unavailable(ctx, fresh, record_err)
        log.exception("message %s: the failure could not be recorded; it stays in the mailbox",
                      work.peek.message_id or fresh.sha256[:12])
        return Outcome(status="failed", disposition=None, sha256=fresh.sha256,
                       message_id=work.peek.message_id, error=fresh.error)
    return _outcome(fresh)


def _outcome(work: Work) -> Outcome:
    row = work.message_row or work.seen
    sub = work.submission
    return Outcome(status=work.status, disposition=_disposition(work), sha256=work.sha256,
                   message_row_id=row.id if row else None, message_id=work.peek.message_id,
                   reference=sub.reference if sub else None, version=work.version, reason=work.reason,
                   error=work.error, review_status=sub.status if sub else None)


def _disposition(work: Work) -> Disposition:
    outcome = work.seen.outcome if work.seen is not None else work.status
    if outcome == "failed":
        return "failed"
    return "other" if outcome == "not_submission" else "processed"


# --- driving a source -------------------------------------------------------------------------------


@dataclass
class CycleReport:
    """What one run over a source did. ``error`` is the fault that ended the run early, else
    ``None``; then ``advice`` says what to do and ``needs_config`` whether only a change of
    configuration fixes it. ``failures_before`` counts the failed cycles in a row before this one
    (from the heartbeat). ``finish_errors`` counts post-actions (moves) that failed and will be
    retried."""

    mailbox: str
    counts: dict[str, int] = field(default_factory=dict)
    references: list[str] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)
    finish_errors: int = 0
    error: str | None = None
    advice: str | None = None
    needs_config: bool = False
    failures_before: int = 0
    #: False when the cycle's heartbeat could not be written (the database full or read-only).
    heartbeat_recorded: bool = True
    stopped: bool = False
    #: True when the run ended at its ``limit`` of messages: the source may hold more.
    more: bool = False

    def add(self, outcome: Outcome) -> None:
        self.outcomes.append(outcome)
        self.counts[outcome.status] = self.counts.get(outcome.status, 0) + 1
        if outcome.reference and outcome.reference not in self.references:
            self.references.append(outcome.reference)

    def failure_line(self) -> str:
        """``mailbox NAME: what went wrong -> what to do`` (the advice ``intake doctor`` gives);
        empty when the run did not fail."""
        if self.error is None:
            return ""
        return f"mailbox {self.mailbox}: {self.error}" + (f" -> {self.advice}" if self.advice else "")

    @property
    def total(self) -> int:
        """Messages taken from the source in this run, duplicates included."""
        return len(self.outcomes)

    @property
    def stored(self) -> int:
        """Messages stored for the first time in this run (every outcome but ``duplicate``)."""
        return self.total - self.counts.get("duplicate", 0)


class StoreSeenIndex:
    """The :class:`~intake.sources.SeenIndex` a source asks, answered from ``MailboxSeen`` and
    ``MailboxMark`` rows. A database that is locked, full or unreachable raises
    :class:`~store.db.StoreUnavailable` saying so (the cycle stops, to go on at the next poll)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    @contextmanager
    def _session(self) -> Iterator[Session]:
        try:
            with self.store.session() as s:
                yield s
        except Exception as err:
            reason = unavailable_reason(err)
            if reason is None:
                raise
            raise StoreUnavailable(reason) from err

    def finished_uids(self, account: str, folder: str, uidvalidity: int, *,
                      among: Collection[str] | None = None) -> set[str]:
        with self._session() as s:
            return store_messages.finished_uids(s, account, folder, uidvalidity, among=among)

    def finished_from(self, account: str, folder: str, uidvalidity: int, uid: int) -> bool:
        with self._session() as s:
            return store_messages.finished_from(s, account, folder, uidvalidity, uid)

    def forget_uids(self, account: str, folder: str, uidvalidity: int) -> int:
        with self._session() as s:
            return store_messages.forget_uids(s, account, folder, uidvalidity)

    def unfinished_upto(self, account: str, folder: str, uidvalidity: int, uid: int, *,
                        limit: int) -> set[str]:
        with self._session() as s:
            return store_messages.unfinished_upto(s, account, folder, uidvalidity, uid, limit=limit)

    def mark(self, account: str, folder: str) -> FolderMark | None:
        with self._session() as s:
            return folder_mark(s, account, folder)

    def set_mark(self, account: str, folder: str, mark: FolderMark | None) -> None:
        with self._session() as s:
            set_folder_mark(s, account, folder, mark)


def run_once(config: Config, store: Store, source: Source, *, backlog: bool = False,
             should_stop: Callable[[], bool] = lambda: False,
             progress: Callable[[Outcome], None] | None = None,
             report: CycleReport | None = None, parser: ParsePool | None = None,
             limit: int | None = None) -> CycleReport:
    """Process every message ``source`` yields (at most ``limit``; ``None``: all of them, and
    ``report.more`` tells whether the limit was reached), each committed on its own, then apply the
    post-actions of up to :data:`FINISH_BATCH` committed messages at a time (one MOVE per target
    folder rather than one per message).

    ``parser`` is the pool of parse processes to use; ``None`` starts one for this run, sized by
    ``[limits] parse_workers``.

    ``should_stop`` is asked before each message (a stop request finishes the current message
    and the post-actions due first). ``progress`` is called after each message is recorded.
    Faults of the source itself (a lost connection) and :class:`~store.db.StoreUnavailable` (a
    locked or full database: the message stays in the mailbox) propagate: the caller records
    them; pass ``report`` to keep what was done before.
    """
    report = report if report is not None else CycleReport(mailbox=source.name)
    if parser is None:
        with open_pool(config) as pool:
            return run_once(config, store, source, backlog=backlog, should_stop=should_stop,
                            progress=progress, report=report, parser=pool, limit=limit)
    ctx = PipelineContext(config, store, parser)
    ahead: deque[tuple[Fetched, Work, Outcome | None]] = deque()
    due: list[tuple[Fetched, Outcome]] = []  # committed, post-action not yet applied
    items = iter(source.fetch(StoreSeenIndex(store)))
    fault: Exception | None = None  # the source's own fault, raised once the messages ahead are done
    taken = 0
    try:
        while True:
            room = AHEAD_PER_WORKER * parser.size
            while fault is None and len(ahead) < room and (limit is None or taken < limit):
                try:
                    item = next(items, None)
                except Exception as err:  # a lost connection: finish what was read, then report it
                    fault = err
                    break
                if item is None:
                    break
                taken += 1
                work = Work(raw=item.raw, origin=item.origin, key=item.key, backlog=backlog)
                ahead.append((item, work, _begin(ctx, work)))
            if not ahead or should_stop():  # a stop leaves the messages ahead for the next run
                report.stopped = bool(ahead)
                report.more = not ahead and fault is None and limit is not None and taken >= limit
                _abandon(ctx, ahead)
                _finish_due(ctx, source, due, report)
                if fault is not None and not ahead:
                    raise fault
                return report
            item, work, early = ahead.popleft()
            then = ahead[0][1] if ahead and ahead[0][2] is None else None
            outcome = early or _complete(ctx, work, then)
            log_stored(source.name, outcome)
            report.add(outcome)
            if outcome.disposition is not None:
                due.append((item, outcome))
            if progress is not None:
                progress(outcome)
            if len(due) >= FINISH_BATCH and _finish_due(ctx, source, due, report):
                # A post-action failed: the messages read ahead could not be finished either.
                # They stay in the mailbox for the next poll.
                _abandon(ctx, ahead)
    except LeaseLost:
        _abandon(ctx, ahead)
        raise  # nothing may be moved: the mailbox is another worker's now
    except Exception:
        _abandon(ctx, ahead)
        try:  # what is committed is moved, if the source still can; the first fault is the one told
            _finish_due(ctx, source, due, report)
        except Exception:
            log.debug("post-actions after a fault failed too", exc_info=True)
        raise


def _abandon(ctx: PipelineContext, ahead: deque[tuple[Fetched, Work, Outcome | None]]) -> None:
    """Leave the messages read ahead for the next run: their parsing is not waited for, and the
    attempt counted for the next one (with the record before it) is taken back, best effort (it
    stopped nothing; left, it is dropped anyway when the message is recorded)."""
    for _item, work, _early in ahead:
        if work.ticket is not None and ctx.parser is not None:
            ctx.parser.discard(work.ticket)
        if work.counted:
            work.counted = False
            _uncount_attempt(ctx, work)
    ahead.clear()


def _finish_due(ctx: PipelineContext, source: Source, due: list[tuple[Fetched, Outcome]],
                report: CycleReport) -> bool:
    """Apply the post-actions of ``due`` (emptied), counting failures in ``report``. Returns True
    when one failed; raises the fault when it was a lost connection (the run cannot go on)."""
    batch = list(due)
    due.clear()
    failed = finish(ctx, source, batch)
    if not failed:
        return False
    report.finish_errors += len(failed)
    lost = [err for err in failed.values() if _connection_lost(err)]
    if lost:
        raise lost[0]
    return True


def log_stored(mailbox: str, outcome: Outcome) -> None:
    """The one INFO line per message taken in: what it became, from which mailbox, its Message-ID.
    A duplicate was logged when it was recognised (:func:`intake.steps.skip_if_seen`)."""
    mid = outcome.message_id or f"(none; sha256 {outcome.sha256[:12]})"
    if outcome.status == "duplicate":
        return
    if outcome.reference is not None:
        log.info("mailbox %s: stored %s version %s, %s (%s), Message-ID %s", mailbox, outcome.reference,
                 outcome.version, (outcome.review_status or "").replace("_", " "), outcome.status, mid)
    elif outcome.status == "failed":
        log.info("mailbox %s: stored message %s as failed (%s), Message-ID %s", mailbox,
                 outcome.message_row_id, outcome.error or outcome.reason, mid)
    else:
        log.info("mailbox %s: stored message %s as %s (%s), Message-ID %s", mailbox, outcome.message_row_id,
                 outcome.status.replace("_", " "), outcome.reason, mid)


def _connection_lost(err: Exception) -> bool:
    from intake.mailbox.errors import ConnectionLost

    return isinstance(err, ConnectionLost)


def open_pool(config: Config) -> ParsePool:
    """The pool of parse processes for ``config`` (a context manager)."""
    return ParsePool(config.form, config.limits, config.budget)


def finish(ctx: PipelineContext, source: Source, done: list[tuple[Fetched, Outcome]]
           ) -> dict[int, Exception]:
    """Apply the source's post-actions after the commits, one call per disposition, then mark
    those keys finished in one transaction.

    Returns, by index in ``done``, the faults of the post-actions that failed (retried at the next
    poll: those keys stay unfinished and the messages are recognised by their hash); empty when
    every one was applied.
    """
    groups: dict[Disposition, list[int]] = {}
    for n, (_item, outcome) in enumerate(done):
        if outcome.disposition is not None:
            groups.setdefault(outcome.disposition, []).append(n)
    failed: dict[int, Exception] = {}
    finished: list[SourceKey] = []
    for disposition, members in groups.items():
        try:
            source.finish([done[n][0] for n in members], disposition)
        except Exception as err:  # a failed move must not stop the run; the next poll moves them
            _log_finish_fault([done[n][1] for n in members], disposition, err)
            failed.update(dict.fromkeys(members, err))
            continue
        finished.extend(key for n in members if (key := done[n][0].key) is not None)
    if finished:
        with ctx.store.session() as s:
            store_messages.mark_finished(s, finished)
    return failed


def _log_finish_fault(outcomes: list[Outcome], disposition: Disposition, err: Exception) -> None:
    first = outcomes[0].message_id or outcomes[0].sha256[:12]
    who = first if len(outcomes) == 1 else f"{first} and {len(outcomes) - 1} more"
    # The server's fault in its words, or the database's passing condition (the lease is checked
    # before the move): the stack helps nobody.
    reason = unavailable_reason(err)
    if _connection_lost(err) or reason is not None:
        log.warning("message %s: post-action %s failed, retried at the next poll: %s", who, disposition,
                    reason or err)
    else:
        log.exception("message %s: post-action %s failed", who, disposition)
