"""The send job: deliver the outbox rows that are due.

Each row is claimed in its own short transaction (status ``sending`` with a lease in
``next_attempt_at``) before the network is touched, so two send jobs never deliver the same row
and no database lock is held while talking to the server. On PostgreSQL the claim reads the row
with ``SELECT ... FOR UPDATE SKIP LOCKED``: workers sharing the database each take a different row
without waiting for one another; SQLite (one writer) relies on ``BEGIN IMMEDIATE`` and the
conditional UPDATE below. A job that dies mid-send leaves a lease
that runs out; the row is then due again (delivery is at least once).

Temporary failures (connection faults, 4xx) are retried after ``retry_base_s`` doubled at each
attempt, capped at ``retry_max_s``, until ``smtp.max_attempts``; a 5xx marks the row failed with
the server's words. Staff retry a failed row with ``intake outbox retry ID``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import and_, bindparam, func, or_, update
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import col, select

from intake.leases import holder_is_gone, worker_identity
from intake.replies.errors import DeliveryError
from intake.replies.transport import Transport, make_transport
from store.db import write
from store.models import Outbox, utcnow

if TYPE_CHECKING:
    from sqlalchemy.sql.elements import BindParameter, ColumnElement
    from sqlmodel import Session
    from sqlmodel.sql.expression import SelectOfScalar

    from intake.config import Config, MailboxConfig
    from store.db import Store

log = logging.getLogger("intake.replies")

def claim_lease(config: Config) -> timedelta:
    """How long a claimed row stays ``sending`` before another job may take it: past the SMTP
    transaction deadline (``smtp.transaction_timeout_s``, at most 110 s, so a live send is never
    taken over) and short, so an email left ``sending`` by a killed worker goes within 2 minutes."""
    return timedelta(seconds=max(120.0, config.smtp.transaction_timeout_s + 10.0))


@dataclass
class SendRun:
    """Counts of one run: ``sent``, ``retry`` (will be tried again), ``failed`` (gave up)."""

    counts: dict[str, int] = field(default_factory=lambda: {"sent": 0, "failed": 0, "retry": 0})
    tried: list[int] = field(default_factory=list)
    #: The rows tried that are due again (a failed try): not claimed twice in one run.
    again: list[int] = field(default_factory=list)
    sent: list[Outbox] = field(default_factory=list)
    #: The first failure of the run in the server's words; ``None`` when nothing failed.
    first_error: str | None = None


# The send job's statements are built once, with the time as a parameter (``b_now``): each email
# sent runs them, and building them cost more than running them.
_NOW: BindParameter[datetime] = bindparam("b_now")
_PENDING_DUE = and_(col(Outbox.status) == "pending",
                    or_(col(Outbox.next_attempt_at).is_(None), col(Outbox.next_attempt_at) <= _NOW))
_CLAIM_EXPIRED = and_(col(Outbox.status) == "sending", col(Outbox.next_attempt_at) <= _NOW)


def _oldest_of(due: ColumnElement[bool], *, skipping: bool) -> SelectOfScalar[Outbox]:
    q = select(Outbox).where(due)
    if skipping:
        q = q.where(col(Outbox.id).not_in(bindparam("b_skip", expanding=True)))
    return q.order_by(col(Outbox.created_at), col(Outbox.id)).limit(1).with_for_update(skip_locked=True)


_OLDEST = {skipping: [_oldest_of(due, skipping=skipping) for due in (_PENDING_DUE, _CLAIM_EXPIRED)]
           for skipping in (False, True)}
_CLAIM = (update(Outbox).where(col(Outbox.id) == bindparam("b_id"), or_(_PENDING_DUE, _CLAIM_EXPIRED))
          .values(status="sending", next_attempt_at=bindparam("b_until"), claimed_by=bindparam("b_by")))
_SENT = (update(Outbox).where(col(Outbox.id) == bindparam("b_id"))
         .values(status="sent", sent_at=bindparam("b_now"), next_attempt_at=None,
                 attempts=col(Outbox.attempts) + 1, last_error=None))


def _oldest_due(s: Session, now: datetime, skip: list[int]) -> Outbox | None:
    """The oldest due row not in ``skip``, read (and on PostgreSQL locked) for claiming. One query
    per state (pending; sending with its claim run out), each walking ``ix_outbox_status_created``
    in order and stopping at its first row: with both in one query the database sorted every
    pending row at each claim."""
    found: list[Outbox] = []
    for q in _OLDEST[bool(skip)]:
        found.extend(s.exec(q, params={"b_now": now, "b_skip": skip}).all())
    return min(found, key=lambda row: (row.created_at, row.id or 0), default=None)


def claim_next(store: Store, now: datetime, *, skip: list[int],
               lease: timedelta = timedelta(minutes=2)) -> Outbox | None:
    """Claim the oldest due row not in ``skip`` for ``lease``; ``None`` when nothing is due."""
    with store.session() as s:
        while True:
            row = _oldest_due(s, now, skip)
            if row is None or row.id is None:
                return None
            was = row.status
            claimed = {"status": "sending", "next_attempt_at": now + lease, "claimed_by": worker_identity()}
            params = {"b_id": row.id, "b_now": now, "b_until": now + lease, "b_by": claimed["claimed_by"]}
            if write(s, _CLAIM, params).rowcount == 1:
                if was == "sending":
                    log.warning("outbox row %s (Message-ID %s) to %s was left sending by a stopped send run; "
                                "sending it again (if the server had accepted it, it arrives twice)",
                                row.id, row.message_id, row.to_addr)
                for name, value in claimed.items():  # as written, without another read of the row
                    set_committed_value(row, name, value)
                return row
            skip = [*skip, row.id]  # another job claimed it between our select and update


def reclaim_abandoned(store: Store, now: datetime) -> int:
    """Make the rows left ``sending`` by a process of this machine that no longer runs (a killed
    worker or ``intake poll``) due at once, instead of after their lease: nobody is sending them.
    A claim by a process elsewhere, or made before claims were named, waits out its lease.
    Returns how many rows were made due."""
    with store.session() as s:
        rows = s.exec(select(Outbox.id, Outbox.claimed_by).where(col(Outbox.status) == "sending",
                                                                  col(Outbox.claimed_by).is_not(None))).all()
        gone = [(i, who) for i, who in rows if who and holder_is_gone(who)]
        for row_id, who in gone:
            s.exec(update(Outbox).where(col(Outbox.id) == row_id, col(Outbox.status) == "sending",
                                        col(Outbox.claimed_by) == who).values(next_attempt_at=now))
    return len(gone)


def retry_delay(config: Config, attempts: int) -> timedelta:
    """The wait before attempt ``attempts + 1``: base, 2x base, 4x base... capped."""
    base = config.smtp.retry_base_s
    return timedelta(seconds=min(base * 2 ** max(attempts - 1, 0), config.smtp.retry_max_s))


def record_sent(store: Store, row_id: int, now: datetime) -> None:
    with store.session() as s:
        write(s, _SENT, {"b_id": row_id, "b_now": now})


def record_failure(store: Store, config: Config, row_id: int, err: DeliveryError, now: datetime) -> str:
    """Store a failed attempt; returns ``"failed"`` when the row gives up, else ``"retry"``."""
    with store.session() as s:
        row = s.get(Outbox, row_id)
        if row is None:
            return "failed"
        row.attempts += 1
        row.last_error = str(err)[:2000]
        if err.permanent or row.attempts >= config.smtp.max_attempts:
            row.status, row.next_attempt_at, row.failed_at = "failed", None, now
        else:
            row.status, row.next_attempt_at = "pending", now + retry_delay(config, row.attempts)
        s.add(row)
        # One line per row at INFO; the run says once what an operator must know (send_due).
        log.info("outbox row %s (Message-ID %s) to %s: %s after attempt %s: %s", row.id, row.message_id,
                 row.to_addr, row.status, row.attempts, row.last_error)
        return "failed" if row.status == "failed" else "retry"


def failing(store: Store) -> int:
    """Emails waiting for another try after a failed attempt (an outage in progress when > 0)."""
    with store.session() as s:
        return retrying(s)


def retrying(session: Session) -> int:
    """Emails waiting for another try after a failed attempt."""
    q = (select(func.count()).select_from(Outbox)
         .where(col(Outbox.status) == "pending", col(Outbox.attempts) > 0))
    return int(session.exec(q).one())


@dataclass(frozen=True)
class GivenUp:
    """Emails that gave up for good (a 5xx, or 4xx past ``smtp.max_attempts``) since the last email
    was delivered: ``count`` of them, the ``last_error`` in the server's words, ``at`` the last."""

    count: int
    last_error: str
    at: datetime


def given_up_since_last_sent(session: Session) -> GivenUp | None:
    """Sending is failing now: emails gave up for good and none has been delivered since (the one
    rule of :mod:`intake.health` and of the outage line here). ``None`` when nothing gave up since
    the last delivery (or nothing ever did)."""
    last_sent = session.exec(select(func.max(Outbox.sent_at))).one()
    q = select(Outbox).where(col(Outbox.status) == "failed", col(Outbox.failed_at).is_not(None))
    if last_sent is not None:
        q = q.where(col(Outbox.failed_at) > last_sent)
    rows = list(session.exec(q.order_by(col(Outbox.failed_at).desc()).limit(1)))
    if not rows:
        return None
    count_q = select(func.count()).select_from(Outbox).where(col(Outbox.status) == "failed",
                                                              col(Outbox.failed_at).is_not(None))
    if last_sent is not None:
        count_q = count_q.where(col(Outbox.failed_at) > last_sent)
    last = rows[0]
    assert last.failed_at is not None
    return GivenUp(int(session.exec(count_q).one()), last.last_error or "", last.failed_at)


def in_outage(store: Store) -> bool:
    """Sending is failing: emails wait for another try, or gave up with none delivered since."""
    with store.session() as s:
        return retrying(s) > 0 or given_up_since_last_sent(s) is not None


def send_due(config: Config, store: Store, *, now: datetime | None = None,
             transport: Transport | None = None) -> dict[str, int]:
    """Deliver every due row once (at most ``replies.max_per_run``) and return the counts.

    ``now`` fixes the clock (tests); ``None`` reads it at each step. A connection-level fault
    ends the run early: the rows not yet tried stay due for the next run. With
    ``replies.copy_to_sent`` the emails sent are then copied to the mailbox's Sent folder.
    """
    run = SendRun()
    reclaim_abandoned(store, now or utcnow())
    was_failing = in_outage(store)
    with transport or make_transport(config) as t:
        while len(run.tried) < config.replies.max_per_run:
            row = claim_next(store, now or utcnow(), skip=run.again, lease=claim_lease(config))
            if row is None or row.id is None:
                break
            run.tried.append(row.id)
            if not _deliver(config, store, t, row, run, now):
                break
    if config.replies.copy_to_sent and run.sent:
        copy_to_sent(config, run.sent)
    _log_outage(run, was_failing)
    return run.counts


def _log_outage(run: SendRun, was_failing: bool) -> None:
    """One WARNING when sending starts to fail (a retry or a give-up with nothing sent, after a time
    when sending worked) and one when it works again, however many runs and emails the outage
    lasts; emails that give up during an outage are INFO lines (``intake status`` counts them)."""
    c = run.counts
    failed = c["failed"] + c["retry"]
    if failed and not c["sent"] and not was_failing:
        gave_up = (f"; {c['failed']} gave up for good (`intake outbox retry --failed` sends them again)"
                   if c["failed"] else "")
        log.warning("replies: sending fails (%s)%s; retrying with growing delays, logged again when it "
                    "works", run.first_error, gave_up)
    elif was_failing and c["sent"]:
        log.warning("replies: sending works again (%d sent)", c["sent"])
    elif c["failed"]:
        log.info("replies: %d emails failed for good in this run (first: %s); `intake outbox retry "
                 "--failed` sends them again", c["failed"], run.first_error)


def _deliver(config: Config, store: Store, t: Transport, row: Outbox, run: SendRun,
             now: datetime | None) -> bool:
    """Send one claimed row and record the outcome; False when the run should stop."""
    assert row.id is not None
    try:
        t.send(row)
    except DeliveryError as err:
        outcome = record_failure(store, config, row.id, err, now or utcnow())
        run.counts[outcome] += 1
        if outcome == "retry":
            run.again.append(row.id)
        run.first_error = run.first_error or str(err)
        return not err.connection
    record_sent(store, row.id, now or utcnow())
    run.counts["sent"] += 1
    run.sent.append(row)
    return True


def sent_copy_targets(config: Config) -> list[MailboxConfig]:
    """The IMAP mailboxes that keep a copy of what went out: those with ``sent_folder`` set, else
    the first IMAP mailbox (folder "Sent"); empty when there is no IMAP mailbox."""
    imap = [m for m in config.mailboxes if m.type == "imap"]
    return [m for m in imap if m.sent_folder] or imap[:1]


def copy_to_sent(config: Config, rows: list[Outbox]) -> int:
    """APPEND ``rows`` to the Sent folder of each target mailbox, one connection per mailbox, so
    the shared mailbox shows what went out. A failure is logged, never raised: the emails have
    gone. Returns the number of copies stored."""
    from intake.mailbox.errors import MailboxError  # the IMAP engineer's module; only when asked
    from intake.mailbox.imap import ImapMailbox

    stored = 0
    for mailbox in sent_copy_targets(config):
        folder = mailbox.sent_folder or "Sent"
        try:
            with ImapMailbox(mailbox) as box:
                for row in rows:
                    box.append(folder, row.raw)
                    stored += 1
        except MailboxError as err:
            log.warning("could not copy sent emails to %s/%s (first Message-ID %s): %s", mailbox.name, folder,
                        rows[0].message_id, err)
    return stored
