"""One polling cycle over every configured mailbox: the plain function the CLI (``intake poll``),
the scheduled worker and the tests all call. Each mailbox gets its own source (one connection),
its own heartbeat row, and its own failure: one mailbox down never stops the others.

A cycle runs under the mailbox's lease (:mod:`intake.leases`): ``intake poll`` takes the free ones
for the length of the run and leaves a mailbox another process is polling alone; under a lease
every transaction and every move is fenced, and a lease taken over ends the cycle."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime

from sqlmodel import select

from intake.config import Config, MailboxConfig
from intake.errors import needs_config_change
from intake.isolation import ParsePool
from intake.leases import FencedSource, Holding, LeaseKeeper, lease_holders
from intake.mailbox.advice import advice_for
from intake.pipeline import CycleReport, open_pool, run_once
from intake.sources.factory import open_source
from store.db import Store, unavailable_reason
from store.leases import LeaseLost
from store.models import Heartbeat, utcnow

log = logging.getLogger("intake.pipeline")


def poll_once(config: Config, store: Store, *, backlog: bool = False,
              should_stop: Callable[[], bool] = lambda: False,
              parser: ParsePool | None = None) -> list[CycleReport]:
    """Run one cycle over each configured mailbox, then deliver the replies that are due.

    ``backlog`` takes old mail in without acknowledgements. A mailbox that cannot be read gives a
    report whose ``error`` says why; the others are still polled. ``parser`` is the pool of parse
    processes to use (``None``: one is started for this cycle and stopped after it).
    """
    if parser is None:
        with open_pool(config) as pool:
            return poll_once(config, store, backlog=backlog, should_stop=should_stop, parser=pool)
    reports: list[CycleReport] = []
    keeper = LeaseKeeper(store, [m.name for m in config.mailboxes], config.worker.lease_s,
                         announce=False, greedy=True)
    stop_renewing = threading.Event()
    keeper.tick()
    renewer = threading.Thread(target=keeper.run, args=(stop_renewing,), name="poll-leases", daemon=True)
    renewer.start()
    try:
        for mailbox_cfg in config.mailboxes:
            if should_stop():
                break
            with keeper.using(mailbox_cfg.name) as holding:
                if holding is None:
                    reports.append(_held_elsewhere(store, mailbox_cfg.name))
                    continue
                reports.append(poll_mailbox(config, store, mailbox_cfg, backlog=backlog,
                                            should_stop=should_stop, holding=holding, parser=parser))
    finally:
        stop_renewing.set()
        renewer.join(timeout=30)
        keeper.release_all()
    send_replies(config, store)
    return reports


def _held_elsewhere(store: Store, mailbox: str) -> CycleReport:
    """The report for a mailbox another process is polling now (it is left to that process)."""
    holder = lease_holders(store).get(mailbox, "another process")
    report = CycleReport(mailbox=mailbox)
    report.error = (f"not polled: {holder} is polling this mailbox now (another `intake run` or "
                    "`intake poll`); try again when it has finished")
    return report


def poll_mailbox(config: Config, store: Store, mailbox_cfg: MailboxConfig, *, backlog: bool = False,
                 should_stop: Callable[[], bool] = lambda: False,
                 holding: Holding | None = None, parser: ParsePool | None = None,
                 limit: int | None = None) -> CycleReport:
    """One cycle over one mailbox, with its heartbeat updated whatever happens (``parser`` as for
    :func:`poll_once`; ``limit`` as for :func:`~intake.pipeline.run_once`). A fault is not
    logged here: the report carries it (``error``, ``advice``, ``needs_config``,
    ``failures_before``) for the caller, which knows whether it retries (:mod:`intake.worker`) or
    tells a person at once (``intake poll``).

    With ``holding`` (the mailbox's lease) every transaction and every move is fenced by it and
    the cycle ends after the current message when the lease is lost or wanted elsewhere;
    ``None`` runs unfenced (a caller that coordinates otherwise, such as a test).
    """
    started = utcnow()
    report = CycleReport(mailbox=mailbox_cfg.name)
    work_store, stop = store, should_stop
    if holding is not None:
        work_store = store.checked(holding.fence)
        stop = lambda: should_stop() or holding.should_stop()  # noqa: E731
    try:
        with open_source(mailbox_cfg, config) as source:
            fenced = FencedSource(source, holding) if holding is not None else source
            run_once(config, work_store, fenced, backlog=backlog, should_stop=stop, report=report,
                     parser=parser, limit=limit)
    except LeaseLost as lost:  # not a mailbox fault: another worker has the mailbox now
        report.stopped = True
        log.warning("%s; stopped after %d messages, nothing committed since", lost, report.total)
    except Exception as err:  # a mailbox fault (network, login, disk) is recorded, never raised
        log.debug("mailbox %s: cycle failed", mailbox_cfg.name, exc_info=True)
        report.error = _describe(err)
        report.advice = advice_for(err, mailbox_cfg)
        report.needs_config = needs_config_change(err)
    report.failures_before = record_heartbeat(store, mailbox_cfg.name, started, report)
    return report


def record_heartbeat(store: Store, mailbox: str, started: datetime, report: CycleReport) -> int:
    """Update the mailbox's heartbeat row; a database fault here is logged, not raised.
    Returns the consecutive failures recorded before this cycle (0 when unknown)."""
    before = 0
    try:
        with store.session() as s:
            beat = s.exec(select(Heartbeat).where(Heartbeat.mailbox == mailbox)).first()
            beat = beat or Heartbeat(mailbox=mailbox)
            before = beat.consecutive_failures or 0
            beat.last_attempt_at = started
            beat.last_count = report.total
            if report.error is None:
                beat.last_success_at = utcnow()
                beat.consecutive_failures = 0
            else:
                beat.last_error_at = utcnow()
                beat.last_error = report.error
                # A cycle that took messages in before the fault cut it shows the server works: it
                # starts the count again rather than doubling the backoff (the fault run found a
                # worker idle for minutes, backing off, between cycles that each stored hundreds).
                beat.consecutive_failures = 1 if report.total else beat.consecutive_failures + 1
            s.add(beat)
    except Exception as err:  # the heartbeat is advisory; the cycle's work is already committed
        report.heartbeat_recorded = False
        reason = unavailable_reason(err)
        if reason is not None:
            log.debug("mailbox %s: cannot record the heartbeat: %s", mailbox, reason)
        else:
            log.exception("mailbox %s: cannot record the heartbeat", mailbox)
    return before


def send_replies(config: Config, store: Store) -> None:
    """Deliver the replies that are due; a fault is logged (the next cycle retries), never raised."""
    from intake.replies import send_due

    try:
        counts = send_due(config, store)
    except Exception as err:  # sending is retried by the next cycle; the poll itself succeeded
        reason = unavailable_reason(err)
        if reason is not None:  # a passing condition of the database: its reason, no stack
            log.warning("sending due replies waits: %s", reason)
        else:
            log.exception("sending due replies failed")
        return
    if any(counts.values()):
        log.info("send run: %d sent, %d to retry, %d failed", counts.get("sent", 0), counts.get("retry", 0),
                 counts.get("failed", 0))


def _describe(err: BaseException) -> str:
    """The error in its own words (our errors and the servers' say what happened), else its type."""
    return " ".join(str(err).split()) or type(err).__name__
