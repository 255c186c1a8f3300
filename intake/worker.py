"""``intake run``: the scheduled worker, in the foreground (systemd, a container, a terminal).

Jobs, on an APScheduler :class:`BlockingScheduler`:

* ``poll`` every ``worker.poll_interval_s``: one cycle over every mailbox that is not backing off
  (:func:`intake.cycle.poll_mailbox`), in turns of at most ``worker.turn_messages`` messages per
  mailbox until all are drained, then the replies that are due. The first cycle runs at
  start over every mailbox, before the scheduler (the replies due are sent meanwhile, every
  ``send_interval_s``); a fault there that only a configuration change fixes stops the worker
  with :class:`CannotStart` (``intake run`` exits 78, EX_CONFIG).
  ``max_instances=1`` and ``coalesce``: a slow cycle is never run twice at once, missed runs
  collapse into one; ``misfire_grace_time`` is set so a late run still happens (APScheduler's
  default skips runs more than 1 s late).
* ``send`` every ``worker.send_interval_s``: "assigned to you" emails queued
  (:func:`intake.notify.queue_assignments`), then :func:`intake.replies.send_due` (retries with backoff).
* ``digest`` once a day at ``notifications.digest_time`` in its time zone, when
  ``notifications.digest`` is on: :func:`intake.notify.queue_digest`.
* one IDLE thread per mailbox with ``idle = true``: waits for the server to announce new mail
  (RFC 2177, renewed every 25 minutes) and wakes the poll job at once; polling goes on as the
  fallback.

A mailbox that fails is retried with exponential backoff (interval x 2^n, at most 30 minutes), and
logged once per outage and once on recovery (:func:`log_outage`); the worker never dies of a
network error or of one bad message. SIGTERM/SIGINT let the current message finish, then the
worker exits with status 0.

Several workers may share one PostgreSQL database: each polls only the mailboxes whose lease it
holds (:class:`intake.leases.LeaseKeeper`, renewed by a thread of its own, about
``mailboxes / workers`` each). Only one worker may use a data folder, and only one a SQLite file
(:class:`WorkerLock`, a lock file beside the database itself, whatever data folder points at it).
"""

from __future__ import annotations

import dataclasses
import fcntl
import logging
import os
import signal
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any

from apscheduler.schedulers.base import SchedulerNotRunningError
from apscheduler.schedulers.blocking import BlockingScheduler
from sqlmodel import select

from intake.config import Config, MailboxConfig
from intake.errors import IntakeError
from intake.leases import LeaseKeeper
from store.db import Store, sqlite_file, unavailable_reason
from store.models import Heartbeat

if TYPE_CHECKING:
    from intake.isolation import ParsePool
    from intake.pipeline import CycleReport

log = logging.getLogger("intake.worker")

MAX_BACKOFF_S = 30 * 60
IDLE_RETRY_MIN_S = 5.0
#: How long the IDLE watch waits at start for the parse workers (then it starts anyway).
POOL_WARM_TIMEOUT_S = 30.0


class AlreadyRunning(Exception):
    """Another ``intake run`` holds the lock on this data folder or SQLite database."""


class CannotStart(IntakeError):
    """The first poll found a fault only a change of configuration fixes (a password variable unset,
    a refused login, an unknown folder, a refused OAuth2 client): the worker does not start, and
    ``intake run`` exits with :data:`intake.errors.EX_CONFIG`. The message is one line per mailbox."""


class WorkerLock:
    """Exclusive, process-lifetime locks: ``flock`` on ``worker.lock`` in the data folder, and on
    ``<file>.worker.lock`` beside a SQLite database (keyed on the database itself, so two data
    folders pointing at one SQLite file cannot run two workers). PostgreSQL takes no lock here:
    workers share it through mailbox leases. The kernel drops the locks when the process dies, so a
    crash leaves nothing stale."""

    def __init__(self, config: Config, store: Store) -> None:
        self.paths = _lock_paths(config)
        self.store = store
        self._files: list[int] = []

    def acquire(self) -> None:
        """Take every lock or none; raises :class:`AlreadyRunning` naming the holder."""
        try:
            for path in self.paths:
                self._files.append(_flock(path))
        except BaseException:
            self.release()
            raise

    def release(self) -> None:
        for fd in self._files:
            os.close(fd)
        self._files.clear()


def sqlite_lock_path(url: str) -> Path | None:
    """The lock file beside the SQLite database of ``url``; ``None`` for other databases."""
    db = sqlite_file(url)
    if db is None or not db.name:
        return None
    db = db.resolve()
    return db.with_name(db.name + ".worker.lock")


def _lock_paths(config: Config) -> list[Path]:
    paths = [config.worker.lock_file or config.data_dir / "worker.lock"]
    beside_db = sqlite_lock_path(config.database_url)
    if beside_db is not None and beside_db != paths[0].resolve():
        paths.append(beside_db)
    return paths


def _flock(path: Path) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = os.pread(fd, 200, 0).decode("utf-8", "replace").strip() or "unknown"
        os.close(fd)
        where = (f"the database {path.with_name(path.name.removesuffix('.worker.lock'))}"
                 if path.name.endswith(".worker.lock") and path.name != "worker.lock" else str(path.parent))
        raise AlreadyRunning(f"another `intake run` is already working on {where} ({holder}); "
                             f"stop it first, or point this one at another data folder") from None
    os.ftruncate(fd, 0)
    os.pwrite(fd, f"pid {os.getpid()}, started {datetime.now(UTC):%Y-%m-%d %H:%M:%S} UTC\n".encode(), 0)
    return fd


def backoff_s(failures: int, interval_s: float) -> float:
    """How long to wait after ``failures`` consecutive failures before trying a mailbox again:
    the poll interval, doubled per further failure, at most 30 minutes (or the interval if longer)."""
    if failures <= 0:
        return 0.0
    return min(interval_s * 2.0 ** (failures - 1), max(interval_s, MAX_BACKOFF_S))


def _aware(t: datetime | None) -> datetime | None:
    """SQLite returns naive datetimes; ours are always UTC."""
    return t.replace(tzinfo=UTC) if t is not None and t.tzinfo is None else t


class Worker:
    """The scheduled worker of one installation. :meth:`run` blocks until a stop is requested;
    :meth:`poll_job` and :meth:`send_job` are the scheduled bodies (tests call them directly)."""

    def __init__(self, config: Config, store: Store, *,
                 now: Callable[[], datetime] = lambda: datetime.now(UTC), backlog: bool = False,
                 worker_id: str | None = None) -> None:
        self.config = config
        self.store = store
        #: True when old mail is being taken in without acknowledgements.
        self.backlog = backlog
        self.now = now
        self.stop = threading.Event()
        self.scheduler = BlockingScheduler(timezone=UTC)
        # APScheduler warns each time a run is skipped because the last one is still going (a long
        # cycle at a short interval): every interval, for as long as the cycle lasts. That is the
        # max_instances=1 asked for, not a fault.
        logging.getLogger("apscheduler.scheduler").setLevel(logging.ERROR)
        self._poll_lock = threading.Lock()
        self._send_lock = threading.Lock()
        self._again = threading.Event()
        #: Mailboxes whose IDLE connection has just come back: polled at the next cycle even when
        #: backing off (the server answers again, and mail may have come meanwhile).
        self._forced: set[str] = set()
        #: Per mailbox with IDLE: the wait before the latest reconnect attempt, in seconds (see
        #: :meth:`idle_loop`); absent until the first failure.
        self.idle_retry_s: dict[str, float] = {}
        self._threads: list[threading.Thread] = []
        #: The parse processes of every cycle while :meth:`run` serves (kept between cycles: a
        #: message announced by IDLE does not wait for processes to start); ``None`` otherwise,
        #: when each cycle starts its own.
        self._parser: ParsePool | None = None
        self.cycles = 0
        #: Failed cycles in a row, and when the last failed, of mailboxes whose heartbeat could not
        #: be written (a full or read-only database): they back off all the same.
        self._unrecorded: dict[str, tuple[int, datetime]] = {}
        names = [m.name for m in config.mailboxes]
        self.leases = (LeaseKeeper(store, names, config.worker.lease_s, holder=worker_id) if worker_id
                       else LeaseKeeper(store, names, config.worker.lease_s))

    # -- the foreground loop -----------------------------------------------------------------

    def run(self, *, on_start: Callable[[], None] | None = None) -> None:
        """Take the lock, poll once, schedule the jobs, serve until SIGTERM/SIGINT. Raises
        :class:`AlreadyRunning` when another worker holds the lock, :class:`CannotStart` when the
        first poll meets a fault only a configuration change fixes (transient faults are logged and
        retried). ``on_start`` is called once the lock is held (the CLI prints its banner there, so a
        refused second worker prints none)."""
        lock = WorkerLock(self.config, self.store)
        lock.acquire()
        if on_start is not None:
            on_start()
        previous = {sig: signal.signal(sig, self.request_stop) for sig in (signal.SIGTERM, signal.SIGINT)}
        started = False
        from intake import pipeline  # looked up now: the fault run's worker replaces open_pool

        self._parser = pipeline.open_pool(self.config)
        self._parser.warm()
        try:
            self.leases.tick()
            keeper = threading.Thread(target=self.leases.run, args=(self.stop,), name="leases", daemon=True)
            keeper.start()
            self._threads.append(keeper)
            self._first_poll()
            started = True
            self._schedule()
            if any(m.type == "imap" and m.idle for m in self.config.mailboxes):
                # IDLE promises mail handled within a second: its watch starts once the parse
                # workers are up (their start-up, seconds on a busy machine, is not the first
                # arrival's to wait for). Mail that comes meanwhile is found by the poll IDLE
                # makes when it connects.
                self._parser.wait_warm(POOL_WARM_TIMEOUT_S)
            self._start_idle_threads()
            log.info("worker started: %d mailbox(es), poll every %g s", len(self.config.mailboxes),
                     self.config.worker.poll_interval_s)
            if not self.stop.is_set():
                self.scheduler.start()
        finally:
            self.stop.set()
            self._wait_for_jobs()
            for sig, handler in previous.items():
                signal.signal(sig, handler)
            self.leases.release_all()
            self._parser.close()
            self._parser = None
            lock.release()
            if started:
                log.info("worker stopped after %d poll cycles", self.cycles)

    def request_stop(self, signum: int | None = None, frame: FrameType | None = None) -> None:
        """Ask the worker to stop: the current message is finished, no new one is started."""
        if signum is not None:
            log.warning("received %s: finishing the current message, then stopping",
                        signal.Signals(signum).name)
        self.stop.set()
        try:
            self.scheduler.shutdown(wait=False)
        except SchedulerNotRunningError:
            pass

    def _schedule(self) -> None:
        w = self.config.worker
        common: dict[str, Any] = {"max_instances": 1, "coalesce": True,
                                  "misfire_grace_time": max(1, int(w.misfire_grace_s))}
        # The first poll ran at start (_first_poll); a mailbox that failed there is backing off.
        self.scheduler.add_job(self.poll_job, "interval", seconds=w.poll_interval_s, id="poll",
                               name="poll mailboxes", **common)
        self.scheduler.add_job(self.send_job, "interval", seconds=w.send_interval_s, id="send",
                               name="send replies", **common)
        n = self.config.notifications
        if n.digest:
            hour, minute = n.digest_at
            self.scheduler.add_job(self.digest_job, "cron", hour=hour, minute=minute, timezone=n.timezone,
                                   id="digest", name="staff digest", **common)

    def _wait_for_jobs(self, timeout_s: float = 120.0) -> None:
        """Wait for a running poll and send to finish (they stop after the current message)."""
        deadline = time.monotonic() + timeout_s
        for lock in (self._poll_lock, self._send_lock):
            if lock.acquire(timeout=max(0.0, deadline - time.monotonic())):
                lock.release()
        for t in self._threads:
            t.join(timeout=max(0.0, deadline - time.monotonic()))

    def _first_poll(self) -> None:
        """Poll every mailbox once (backing off or not: the operator may just have fixed it), then
        send; raise :class:`CannotStart` when a mailbox needs a configuration change. The replies
        that are due go out meanwhile, every ``send_interval_s`` from the start: a first cycle over
        a long backlog (a restart after an outage, a worker killed again and again mid-cycle)
        would otherwise hold back every reply, those a killed worker left sending among them."""
        first_done = threading.Event()
        sender = threading.Thread(target=self._send_until, args=(first_done,), name="send-at-start",
                                  daemon=True)
        sender.start()
        try:
            with self._poll_lock:
                reports = self._poll(list(self.config.mailboxes), at_start=True)
                self.cycles += 1
        finally:
            first_done.set()
            sender.join()
        broken = [r for r in reports if r.error is not None and r.needs_config]
        if broken:
            raise CannotStart("; ".join(r.failure_line() for r in broken))
        if not self.stop.is_set():
            self.send_job()

    def _send_until(self, done: threading.Event) -> None:
        """The send job now and every ``send_interval_s`` until ``done`` (or a stop) is set."""
        while not self.stop.is_set():
            self.send_job()
            if done.wait(self.config.worker.send_interval_s):
                return

    # -- jobs --------------------------------------------------------------------------------

    @property
    def polling(self) -> bool:
        """Whether a poll cycle (or the sending that ends it) is running now."""
        return self._poll_lock.locked()

    def poll_job(self) -> None:
        """One cycle over the mailboxes that are due, then the replies that are due; again at once
        if IDLE announced mail meanwhile, even while the replies went out. Never raises: a fault is
        logged and the next run tries again.

        A call while a cycle runs asks that cycle to go round once more and returns. The request is
        set before the lock is tried and looked at again after the lock is released, so none is lost
        between the running cycle's last look and its release."""
        while not self.stop.is_set():
            self._again.set()
            if not self._poll_lock.acquire(blocking=False):
                return  # a cycle is running; it goes round once more
            try:
                while self._again.is_set() and not self.stop.is_set():
                    self._again.clear()
                    self._poll(self.due_mailboxes())
                    self.cycles += 1
                    if not self.stop.is_set():
                        self._send()
            except Exception as err:  # the worker outlives any fault, e.g. the database briefly unavailable
                _log_job_fault("poll cycle", err)
                return
            finally:
                self._poll_lock.release()
            if not self._again.is_set():
                return

    def _poll(self, mailboxes: list[MailboxConfig], *, at_start: bool = False) -> list[CycleReport]:
        """Poll ``mailboxes`` in turns, logging outages: at most ``worker.turn_messages`` messages
        from each held mailbox, then the next, round again while any has more (so a mailbox waits
        at most one turn per other mailbox, never for another's whole backlog; a lease taken
        meanwhile is served in the next round). ``at_start``: a fault needing a configuration
        change is left to :class:`CannotStart` to report (one line, not two)."""
        from intake import pipeline
        from intake.cycle import poll_mailbox

        if self._parser is None:  # outside run() (a test, a one-off cycle): one pool for every turn
            with pipeline.open_pool(self.config) as pool:
                self._parser = pool
                try:
                    return self._poll(mailboxes, at_start=at_start)
                finally:
                    self._parser = None
        reports: list[CycleReport] = []
        pending = list(mailboxes)
        again = True
        while pending and again and not self.stop.is_set():
            again = False
            self.leases.tick_if_due()
            for mailbox_cfg in list(pending):
                if self.stop.is_set():
                    break
                with self.leases.using(mailbox_cfg.name) as holding:
                    if holding is None:
                        continue  # another worker's share (for now)
                    report = poll_mailbox(self.config, self.store, mailbox_cfg, backlog=self.backlog,
                                          should_stop=self.stop.is_set, holding=holding,
                                          parser=self._parser, limit=self.config.worker.turn_messages)
                self._count_unrecorded(report)
                if not (at_start and report.needs_config):
                    log_outage(report)
                reports.append(report)
                if _another_turn(report):
                    again = True
                else:
                    pending.remove(mailbox_cfg)
        return reports

    def _count_unrecorded(self, report: CycleReport) -> None:
        """Count a cycle whose heartbeat could not be written in memory, so that a mailbox stuck
        on a full disk backs off (rather than parsing the same waiting messages at every poll)
        and its outage is logged once, and its recovery once (the row, never written, counts none)."""
        failures, _ = self._unrecorded.get(report.mailbox, (0, self.now()))
        report.failures_before = max(report.failures_before, failures)
        if report.heartbeat_recorded or report.error is None:
            self._unrecorded.pop(report.mailbox, None)
            return
        self._unrecorded[report.mailbox] = (report.failures_before + 1, self.now())

    def due_mailboxes(self) -> list[MailboxConfig]:
        """The mailboxes to poll now: all but those backing off after recent failures."""
        with self.store.session() as s:
            beats = {b.mailbox: b for b in s.exec(select(Heartbeat)).all()}
        due = []
        forced, self._forced = self._forced, set()
        for m in self.config.mailboxes:
            beat = beats.get(m.name)
            if m.name in forced:
                due.append(m)
                continue
            failures = beat.consecutive_failures if beat else 0
            last_error = _aware(beat.last_error_at) if beat else None
            local = self._unrecorded.get(m.name)
            if local is not None and local[0] > failures:
                failures, last_error = local
            if not failures or last_error is None:
                due.append(m)
                continue
            wait = timedelta(seconds=backoff_s(failures, self.config.worker.poll_interval_s))
            # Half a second of slack: the interval job fires exactly one interval after the failure.
            if self.now() + timedelta(seconds=0.5) >= last_error + wait:
                due.append(m)
            else:
                log.debug("mailbox %s: backing off until %s", m.name, last_error + wait)
        return due

    def send_job(self) -> None:
        """Deliver the replies that are due. Never raises."""
        try:
            self._send()
        except Exception as err:
            _log_job_fault("sending replies", err)

    def digest_job(self) -> None:
        """Queue the daily digest to staff (sent by the next send run). Never raises."""
        from intake.notify import queue_digest

        try:
            queue_digest(self.config, self.store, now=self.now())
        except Exception:
            log.exception("queueing the staff digest failed; tomorrow's covers the span")

    def _send(self) -> None:
        from intake.cycle import send_replies
        from intake.notify import queue_assignments

        # One sender at a time: the poll job also sends after each cycle.
        with self._send_lock:
            try:
                queue_assignments(self.config, self.store)
            except Exception as err:  # the emails are queued by the next run; replies still go
                _log_job_fault("queueing assignment emails", err)
            send_replies(self.config, self.store)

    # -- IDLE --------------------------------------------------------------------------------

    def _start_idle_threads(self) -> None:
        for m in self.config.mailboxes:
            if m.type == "imap" and m.idle:
                t = threading.Thread(target=self.idle_loop, args=(m,), name=f"idle-{m.name}", daemon=True)
                t.start()
                self._threads.append(t)

    def wake(self, mailbox: str | None = None) -> None:
        """Run the poll job now (from the IDLE thread); if it is running, it goes round again.
        ``mailbox`` is polled then even if it is backing off; ``None``: the due mailboxes only."""
        if mailbox is not None:
            self._forced.add(mailbox)
        self._again.set()  # before the look at the lock: a cycle ending now still sees it
        if self._poll_lock.locked():
            return
        try:
            self.scheduler.modify_job("poll", next_run_time=self.now())
        except Exception:  # the scheduler is shutting down
            log.debug("cannot wake the poll job", exc_info=True)

    def idle_loop(self, mailbox_cfg: MailboxConfig) -> None:
        """Keep an IDLE connection open on one mailbox until the worker stops. Connection faults
        are retried with backoff from :data:`IDLE_RETRY_MIN_S`, reset by every connection made; a
        connection made (the first one too, and one after a drop or a failed attempt) starts with
        a poll of the mailbox at once (mail that came meanwhile announced nothing). A server
        without IDLE ends the loop (polling continues)."""
        from intake.mailbox.errors import MailboxError, MissingCapability

        name = mailbox_cfg.name
        failures = 0
        interrupted = False

        def connected() -> None:
            nonlocal failures, interrupted
            failures = 0
            if interrupted:
                log.info("mailbox %s: IDLE connection back; polling now", name)
            self.wake(name)  # the first connection too: mail since the last poll announced nothing
            interrupted = False

        while not self.stop.is_set():
            try:
                self._idle_session(mailbox_cfg, on_connected=connected)
            except MissingCapability as err:
                log.warning("mailbox %s: %s", name, err)
                return
            except Exception as err:
                failures += 1
                interrupted = True
                if isinstance(err, MailboxError):
                    # The poll job reports the outage (once); IDLE only waits for it to end.
                    log.debug("mailbox %s: IDLE connection failed (%d times): %s", name, failures, err)
                else:
                    log.exception("mailbox %s: IDLE loop fault", name)
                self.idle_retry_s[name] = backoff_s(failures, IDLE_RETRY_MIN_S)
                self.stop.wait(self.idle_retry_s[name])

    def _idle_session(self, mailbox_cfg: MailboxConfig, *, on_connected: Callable[[], None]) -> None:
        from intake.mailbox.imap import IDLE_RENEW_S, ImapMailbox

        with ImapMailbox(mailbox_cfg) as box:
            box.select(mailbox_cfg.folder)
            on_connected()
            log.info("mailbox %s: waiting for new mail with IDLE", mailbox_cfg.name)
            while not self.stop.is_set():
                if box.wait_for_mail(IDLE_RENEW_S, should_stop=self.stop.is_set):
                    log.info("mailbox %s: new mail announced", mailbox_cfg.name)
                    self.wake()


def _another_turn(report: CycleReport) -> bool:
    """Whether a mailbox gets another turn in this cycle: its turn ended at the limit with every
    message finished (so the next turn starts at new mail), no fault, no stop, no lease lost."""
    return (report.more and report.error is None and not report.stopped and not report.finish_errors
            and all(o.disposition is not None for o in report.outcomes))


def _log_job_fault(job: str, err: Exception) -> None:
    """A scheduled job's fault: a passing condition of the database in one line, anything else with
    its traceback (a bug to report)."""
    reason = unavailable_reason(err)
    if reason is not None:
        log.warning("%s waits: %s; the next run tries again", job, reason)
    else:
        log.exception("%s failed; the next run tries again", job)


def log_outage(report: CycleReport) -> None:
    """Log a failing mailbox once per outage (the first failure, with the server's words and what to
    do) and once when it recovers; the failures in between go to debug, the heartbeat keeps the
    count."""
    name, before = report.mailbox, report.failures_before
    if report.error is not None and before == 0:
        log.warning("mailbox %s: polling failed after %d messages (retrying with backoff; logged once "
                    "until it works again): %s", name, report.total, report.failure_line())
    elif report.error is not None:
        log.debug("mailbox %s: still failing (%d times before): %s", name, before, report.error)
    elif before > 0:
        log.warning("mailbox %s: polling works again after %d failed attempts", name, before)


def run_worker(config: Config, store: Store, *, since: str | None = None, backlog: bool = False,
               on_start: Callable[[], None] | None = None) -> Worker:
    """Run the worker in the foreground until stopped; returns it (for its counters).
    ``since`` (YYYY-MM-DD) limits every IMAP mailbox to mail since that day; ``backlog`` stores
    mail without sending acknowledgements; ``on_start`` runs once the single-instance lock is held."""
    if since:
        config = dataclasses.replace(config, mailboxes=tuple(dataclasses.replace(m, since=since)
                                                             for m in config.mailboxes))
    worker = Worker(config, store, backlog=backlog)
    worker.run(on_start=on_start)
    return worker
