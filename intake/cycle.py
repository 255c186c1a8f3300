"""One polling cycle over every configured mailbox: the plain function the CLI (``intake poll``),
the scheduled worker and the tests all call. Each mailbox gets its own source (one connection),
its own heartbeat row, and its own failure: one mailbox down never stops the others."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from sqlmodel import select

from intake.config import Config, MailboxConfig
from intake.isolation import ParsePool
from intake.pipeline import CycleReport, open_pool, run_once
from intake.sources.factory import open_source
from store.db import Store
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
    for mailbox_cfg in config.mailboxes:
        if should_stop():
            break
        reports.append(poll_mailbox(config, store, mailbox_cfg, backlog=backlog, should_stop=should_stop,
                                    parser=parser))
    send_replies(config, store)
    return reports


def poll_mailbox(config: Config, store: Store, mailbox_cfg: MailboxConfig, *, backlog: bool = False,
                 should_stop: Callable[[], bool] = lambda: False,
                 parser: ParsePool | None = None) -> CycleReport:
    """One cycle over one mailbox, with its heartbeat updated whatever happens (``parser`` as for
    :func:`poll_once`)."""
    started = utcnow()
    report = CycleReport(mailbox=mailbox_cfg.name)
    try:
        with open_source(mailbox_cfg, config) as source:
            run_once(config, store, source, backlog=backlog, should_stop=should_stop, report=report,
                     parser=parser)
    except Exception as err:  # a mailbox fault (network, login, disk) is recorded, never raised
        report.error = _describe(err)
    failures_before = record_heartbeat(store, mailbox_cfg.name, started, report)
    _log_outage(mailbox_cfg.name, report, failures_before)
    return report


def _log_outage(mailbox: str, report: CycleReport, failures_before: int) -> None:
    """Log a failing mailbox once per outage (the first failure, with the server's words) and its
    recovery; the failures in between go to debug, the heartbeat keeps the count."""
    if report.error is not None and failures_before == 0:
        log.warning("mailbox %s: polling failed after %d messages: %s (retrying with backoff; logged "
                    "once until it works again)", mailbox, report.total, report.error)
    elif report.error is not None:
        log.debug("mailbox %s: still failing (%d times before): %s", mailbox, failures_before, report.error)
    elif failures_before > 0:
        log.warning("mailbox %s: polling works again after %d failed attempts", mailbox, failures_before)


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
                beat.consecutive_failures += 1
            s.add(beat)
    except Exception:  # the heartbeat is advisory; the cycle's work is already committed
        log.exception("mailbox %s: cannot record the heartbeat", mailbox)
    return before


def send_replies(config: Config, store: Store) -> None:
    """Deliver the replies that are due; a fault is logged (the next cycle retries), never raised."""
    from intake.replies import send_due

    try:
        counts = send_due(config, store)
    except Exception:  # sending is retried by the next cycle; the poll itself succeeded
        log.exception("sending due replies failed")
        return
    if any(counts.values()):
        log.info("replies: %s", ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))


def _describe(err: BaseException) -> str:
    """The error in its own words (our errors and the servers' say what happened), else its type."""
    return " ".join(str(err).split()) or type(err).__name__
