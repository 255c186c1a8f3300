"""The fault run: one ``intake run`` worker against real servers (Dovecot, aiosmtpd, SQLite or
PostgreSQL), both reached through :class:`~tests.fixtures.relay.FaultRelay` relays, while faults
are injected one after another as the mail goes through (it arrives in equal shares, one ahead
of each fault, so every fault meets mail on its way). Used by benchmarks/faults.py (thousands
of messages, hundreds of faults) and by its short run in the suite (tests/test_faults.py).

The faults (:data:`KINDS`): SIGKILL of the worker at a random moment, while it fetches, just before
it moves a stored message, while the SMTP server takes an email in and just after the server's
250; connection cuts, stalls and trickles in front of Dovecot and of the SMTP server; Dovecot
restarts; periods of 4xx and of 5xx answers at the SMTP server; another process holding the SQLite
write lock; a message whose parsing crashes its process, and one that kills the worker itself.

After the last fault the relays pass, the run waits until every mailbox is drained, and then
until every reply is sent, the operator retrying those that failed for good
(``intake outbox retry --failed``). The tally then reads the servers themselves: the folders
in Dovecot (by Message-ID), the rows in the database, the emails the SMTP server accepted (by
the Message-ID they answer).
A reply may arrive twice only when the server's 250 was followed by a fault before the worker
committed it as sent: each fault that can cut that window records which accepted emails were
not committed at that moment, and :attr:`Tally.outside_window` counts the duplicates that no
such moment explains.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP as SMTPServer
from aiosmtpd.smtp import Envelope, Session

from store.db import Store
from tests.fixtures.dovecot import Dovecot
from tests.fixtures.mailflow import submission
from tests.fixtures.relay import FaultRelay
from tests.fixtures.smtp import Sink, free_port

ROOT = Path(__file__).resolve().parents[1]

KINDS = ("kill", "kill_at_fetch", "kill_before_move", "kill_at_data", "kill_after_250",
         "imap_cut", "imap_stall", "imap_trickle", "smtp_cut", "smtp_stall", "smtp_trickle",
         "dovecot_restart", "smtp_4xx", "smtp_5xx", "db_lock", "crash_message", "killer_message")
"""Every kind of fault; a run injects each once, then random kinds up to its number of faults."""

#: Faults after which an email the server accepted may not be committed as sent.
WINDOW_KINDS = {"kill", "kill_at_fetch", "kill_before_move", "kill_at_data", "kill_after_250",
                "smtp_cut", "smtp_stall", "smtp_trickle", "db_lock", "killer_message"}


class FaultSink(Sink):
    """The SMTP server: refuses DATA with ``refusal`` while ``refusing`` is set, calls ``on_accept``
    once (armed by :meth:`arm`) when it accepts an email, and keeps every accepted email with the
    time it was accepted."""

    def __init__(self) -> None:
        super().__init__(Path("/nonexistent"))
        self.refusal: str | None = None
        self.accepted: list[tuple[float, str, str]] = []  # (time, In-Reply-To, Message-ID)
        self._armed: Callable[[], None] | None = None
        self._lock = threading.Lock()

    def arm(self, action: Callable[[], None] | None) -> None:
        with self._lock:
            self._armed = action

    async def handle_DATA(self, server: SMTPServer, session: Session, envelope: Envelope) -> str:
        if self.refusal is not None:
            return self.refusal
        reply = await super().handle_DATA(server, session, envelope)
        msg = self.inbox.queue[-1].msg
        with self._lock:
            self.accepted.append((time.monotonic(), str(msg.get("In-Reply-To", "")).strip(),
                                  str(msg.get("Message-ID", "")).strip()))
            action, self._armed = self._armed, None
        if action is not None:
            action()
        return reply


@contextmanager
def running_sink() -> Iterator[FaultSink]:
    """A plain-text SMTP server on 127.0.0.1 (no TLS, no login: loopback only)."""
    sink = FaultSink()
    ctl = Controller(sink, hostname="127.0.0.1", port=free_port())
    ctl.start()
    sink.port = ctl.port
    try:
        yield sink
    finally:
        ctl.stop()


@dataclass
class WorkerProc:
    """The ``intake run`` process (restarted after each kill); its output goes to ``log``."""

    config: Path
    log: Path
    proc: subprocess.Popen[bytes] | None = None
    starts: int = 0
    kills: int = 0
    #: Exit codes of deaths nobody asked for (neither our SIGKILL nor a killer message's).
    unexpected: list[int] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def start(self) -> None:
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        env.pop("INTAKE_DATABASE_URL", None)
        with open(self.log, "ab") as out:
            self.proc = subprocess.Popen([sys.executable, str(ROOT / "tests" / "faultworker.py"),
                                          str(self.config)], cwd=self.config.parent, env=env,
                                         stdout=out, stderr=subprocess.STDOUT)
        self.starts += 1

    def kill(self) -> None:
        """SIGKILL the worker (its parse processes die with it) and wait for it."""
        with self._lock:
            p = self.proc
            if p is None or p.poll() is not None:
                return
            p.send_signal(signal.SIGKILL)
            p.wait(30)
            self.kills += 1

    def ensure_running(self) -> None:
        """Start the worker again when it is not running (after a kill, or a death of its own)."""
        with self._lock:
            p = self.proc
            if p is not None and p.poll() is None:
                return
            if p is not None and p.returncode != -signal.SIGKILL:
                self.unexpected.append(p.returncode)
            self.start()

    def stop(self) -> int | None:
        p = self.proc
        if p is None or p.poll() is not None:
            return None if p is None else p.returncode
        p.send_signal(signal.SIGTERM)
        try:
            return p.wait(90)
        except subprocess.TimeoutExpired:
            p.kill()
            return p.wait(10)


@dataclass
class Tally:
    """What the servers hold at the end."""

    messages: int
    stored: int
    duplicates: int
    lost: int
    misfiled: int
    replies_due: int
    sent: int
    duplicated_replies: int
    outside_window: int
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return (self.stored == self.messages and not (self.duplicates or self.lost or self.misfiled)
                and self.sent == self.replies_due and not self.outside_window)

    def line(self) -> str:
        window = ("all inside the 250-to-commit window" if not self.outside_window
                  else f"{self.outside_window} outside the 250-to-commit window")
        return (f"messages {self.messages}, stored {self.stored}, duplicates {self.duplicates}, "
                f"lost {self.lost}, misfiled {self.misfiled}, replies due {self.replies_due}, "
                f"sent {self.sent}, duplicated replies {self.duplicated_replies} ({window})")


@dataclass
class FaultRun:
    """One run: ``messages`` submissions over ``mailboxes`` mailboxes, ``faults`` faults."""

    dovecot: Dovecot
    sink: FaultSink
    db_url: str
    folder: Path
    messages: int = 2000
    faults: int = 200
    mailboxes: int = 2
    seed: int = 13
    #: Multiplies how long each stall, trickle, outage, lock and wait before a fault lasts, and the
    #: worker's network timeouts with them (down to a floor); the suite's short run: < 1.
    scale: float = 1.0
    #: How long to wait, after the last fault, for everything to be stored and sent.
    drain_s: float = 600.0
    rng: random.Random = field(init=False)
    users: list[str] = field(default_factory=list)
    expected: dict[str, str] = field(default_factory=dict)  # Message-ID -> "submission"/"failed"
    injected: Counter[str] = field(default_factory=Counter)
    window: set[str] = field(default_factory=set)  # reply Message-IDs accepted, not committed
    retried_failed: int = 0
    #: Submissions written to the mailboxes so far (they arrive as the run goes, see :meth:`run`).
    delivered: int = 0

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.imap = FaultRelay(self.dovecot.port, delay_s=0.3)
        self.smtp = FaultRelay(self.sink.port, delay_s=0.3)
        Store.open(self.db_url).close()  # migrated before the worker starts
        self.engine = sa.create_engine(self.db_url)
        self.users = [self.dovecot.new_user("faults")[0] for _ in range(self.mailboxes)]
        self.config = self._write_config()
        self.worker = WorkerProc(self.config, self.folder / "worker.log")

    # -- set-up ----------------------------------------------------------------------------------

    def _timeout(self, seconds: float, floor: float) -> str:
        return f"{max(floor, seconds * self.scale):g}"

    def _write_config(self) -> Path:
        t = self._timeout
        lines = [f"data_dir = {json.dumps(str(self.folder / 'data'))}", "", "[database]",
                 f"url = {json.dumps(self.db_url)}", "",
                 "[worker]", "poll_interval_s = 0.5", "send_interval_s = 0.5", "lease_s = 2.0", "",
                 *_feature_tables(),
                 "[smtp]", 'transport = "smtp"', 'host = "127.0.0.1"', f"port = {self.smtp.port}",
                 'security = "none"', f"timeout_s = {t(3, 1.0)}", f"transaction_timeout_s = {t(6, 2.0)}",
                 'from_addr = "casestudies@example.org"', "retry_base_s = 0.5", "retry_max_s = 2",
                 "max_attempts = 4"]
        for user in self.users:
            pw = self.folder / f"{user}.password"
            pw.write_text(self.dovecot.password(user) + "\n")
            lines += ["", "[[mailbox]]", f"name = {json.dumps(user)}", 'type = "imap"',
                      'host = "127.0.0.1"', f"port = {self.imap.port}", 'security = "none"',
                      f"username = {json.dumps(user)}", f"password_file = {json.dumps(str(pw))}",
                      f"timeout_s = {t(3, 1.0)}", f"connect_timeout_s = {t(2, 1.0)}",
                      f"command_timeout_s = {t(10, 3.0)}",
                      "batch_size = 20"]
        path = self.folder / "config.toml"
        path.write_text("\n".join(lines) + "\n")
        return path

    def deliver(self, upto: float) -> None:
        """Write submissions ``delivered`` to ``upto`` (at most ``messages``) into the mailboxes,
        each to the next mailbox in turn."""
        end = min(self.messages, int(upto))
        for i, user in enumerate(self.users):
            ns = [n for n in range(self.delivered, end) if n % len(self.users) == i]
            self.dovecot.write_maildir(user, [submission(n, tag="f") for n in ns])
            for n in ns:
                self.expected[f"<f{n}@library{n}.example.org>"] = "submission"
        self.delivered = max(self.delivered, end)

    # -- reading the servers -----------------------------------------------------------------------

    def stored(self) -> int:
        with self.engine.connect() as c:
            return int(c.execute(sa.text("SELECT count(*) FROM message")).scalar() or 0)

    def _outbox_status(self, message_ids: list[str]) -> dict[str, str]:
        if not message_ids:
            return {}
        with self.engine.connect() as c:
            rows = c.execute(sa.text("SELECT message_id, status FROM outbox WHERE message_id IN :ids")
                             .bindparams(sa.bindparam("ids", expanding=True)), {"ids": message_ids}).all()
        return {str(m): str(s) for m, s in rows}

    def _note_window(self) -> None:
        """Remember the emails the server accepted that are not committed as sent at this moment."""
        accepted = [mid for _, _, mid in list(self.sink.accepted)]
        status = self._outbox_status(accepted[-200:])
        self.window |= {mid for mid in accepted[-200:] if status.get(mid) != "sent"}

    def drained(self) -> bool:
        if any(self.dovecot.count(u, "INBOX") for u in self.users):
            return False
        with self.engine.connect() as c:
            waiting = c.execute(sa.text("SELECT count(*) FROM outbox WHERE status IN "
                                        "('pending', 'sending')")).scalar()
        return self.stored() >= len(self.expected) and not waiting

    # -- the faults ---------------------------------------------------------------------------------

    def plan(self) -> list[str]:
        rest = [self.rng.choice(KINDS) for _ in range(max(0, self.faults - len(KINDS)))]
        first = list(KINDS)[:self.faults]
        self.rng.shuffle(first)
        return first + rest

    def inject(self, kind: str) -> None:
        r = self.rng
        s = self.scale
        if kind == "kill":
            time.sleep(r.uniform(0, 1.5) * s)
            self._kill_now()
        elif kind in ("kill_at_fetch", "kill_before_move"):
            fired = threading.Event()
            self.imap.watch(b"UID FETCH" if kind == "kill_at_fetch" else b"UID MOVE",
                            lambda: (self._kill_now(), fired.set()))
            fired.wait(15)
            self.imap.watch(None)
        elif kind in ("kill_at_data", "kill_after_250"):
            fired = threading.Event()

            def action() -> None:
                if kind == "kill_at_data":  # accepted, the 250 not yet on its way
                    self._kill_now()
                else:  # the 250 on its way: the kill lands around the worker's commit
                    threading.Timer(r.uniform(0, 0.03), self._kill_now).start()
                fired.set()

            self.sink.arm(action)
            fired.wait(15)
            self.sink.arm(None)
            time.sleep(0.1)
        elif kind in ("imap_cut", "smtp_cut"):
            time.sleep(r.uniform(0, 1.0) * s)
            (self.imap if kind == "imap_cut" else self.smtp).cut()
        elif kind in ("imap_stall", "smtp_stall", "imap_trickle", "smtp_trickle"):
            relay = self.imap if kind.startswith("imap") else self.smtp
            relay.mode = "stall" if kind.endswith("stall") else "trickle"
            time.sleep(r.uniform(1.0, 8.0) * s)
            relay.mode = "pass"
        elif kind == "dovecot_restart":
            self.dovecot.stop()
            time.sleep(r.uniform(0.2, 2.0) * s)
            self.dovecot.start()
        elif kind in ("smtp_4xx", "smtp_5xx"):
            self.sink.refusal = ("451 4.3.0 Try again later" if kind == "smtp_4xx"
                                 else "550 5.7.1 Message refused")
            time.sleep((r.uniform(1.0, 6.0) if kind == "smtp_4xx" else r.uniform(0.5, 2.0)) * s)
            self.sink.refusal = None
        elif kind == "db_lock":
            self._hold_db_lock(r.uniform(1.0, 14.0) * s)
        elif kind in ("crash_message", "killer_message"):
            n = 100000 + self.injected[kind] + (0 if kind == "crash_message" else 50000)
            fault = "crash" if kind == "crash_message" else "kill-worker"
            raw = f"X-Test-Fault: {fault}\r\n".encode() + submission(n, tag="x")
            self.dovecot.append(r.choice(self.users), [raw])
            self.expected[f"<x{n}@library{n}.example.org>"] = "failed"
        if kind in WINDOW_KINDS:
            self._note_window()
        self.injected[kind] += 1

    def _kill_now(self) -> None:
        self.worker.kill()
        self._note_window()

    def _hold_db_lock(self, seconds: float) -> None:
        """Another process holding SQLite's write lock (on PostgreSQL: a lock on the message table)."""
        if self.db_url.startswith("sqlite"):
            conn = sqlite3.connect(self.db_url.removeprefix("sqlite:///"), timeout=30, isolation_level=None)
            try:
                conn.execute("BEGIN EXCLUSIVE")
                time.sleep(seconds)
                conn.execute("ROLLBACK")
            finally:
                conn.close()
            return
        with self.engine.connect() as c:
            c.execute(sa.text("LOCK TABLE message IN EXCLUSIVE MODE"))
            time.sleep(seconds)
            c.rollback()

    # -- the run ------------------------------------------------------------------------------------

    def run(self, progress: Callable[[str], None] = lambda line: None) -> Tally:
        """Deliver the mail as the faults go: before fault ``i`` the mailboxes have received
        ``i + 2`` of ``faults + 1`` equal shares, and the fault comes once ``i + 1`` shares are
        stored, so each fault meets mail on its way (none waits for a worker with nothing to do)."""
        plan = self.plan()
        share = self.messages / (len(plan) + 1)
        self.deliver(2 * share)
        started = time.monotonic()
        stop_watch = threading.Event()
        watcher = threading.Thread(target=self._keep_running, args=(stop_watch,), daemon=True)
        self.worker.start()
        watcher.start()
        try:
            for i, kind in enumerate(plan):
                self.deliver((i + 2) * share)
                goal = (i + 1) * share
                self._wait(lambda g=goal: self.stored() >= g, 30)  # type: ignore[misc]
                self.inject(kind)
                if (i + 1) % 10 == 0:
                    progress(f"  {i + 1} faults, {self.stored()} stored, {time.monotonic() - started:.0f} s")
            self.deliver(self.messages)
            self.imap.mode = self.smtp.mode = "pass"
            self.sink.refusal = None
            self._wait(self._settled, self.drain_s, step_s=0.5)
        finally:
            stop_watch.set()
            watcher.join(10)
            code = self.worker.stop()
        took = time.monotonic() - started
        tally = self.tally()
        tally.details.update(seconds=round(took, 1), faults=dict(self.injected), kills=self.worker.kills,
                             starts=self.worker.starts, unexpected_exits=self.worker.unexpected,
                             exit_code=code, retried_failed=self.retried_failed)
        return tally

    def _settled(self) -> bool:
        """Every message stored and every reply sent. Once nothing else is on its way, the replies
        that failed for good during the faults (a 5xx, or 4xx past the attempts) are sent again as
        the operator would: ``intake outbox retry --failed``; then it waits for those too."""
        if not self.drained():
            return False
        with self.engine.connect() as c:
            failed = int(c.execute(sa.text("SELECT count(*) FROM outbox WHERE status = 'failed'"))
                         .scalar() or 0)
        if not failed:
            return True
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        res = subprocess.run([sys.executable, "-m", "intake", "--config", str(self.config), "outbox",
                              "retry", "--failed"], env=env, capture_output=True, text=True, timeout=120)
        if res.returncode == 0:
            self.retried_failed += failed
        return False

    def _keep_running(self, stop: threading.Event) -> None:
        while not stop.is_set():
            self.worker.ensure_running()
            stop.wait(0.2)

    @staticmethod
    def _wait(what: Callable[[], bool], timeout_s: float, step_s: float = 0.25) -> bool:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if what():
                return True
            time.sleep(step_s)
        return False

    # -- the tally ----------------------------------------------------------------------------------

    def folders(self) -> dict[str, Counter[str]]:
        """Message-IDs per folder over every mailbox, as Dovecot holds them."""
        out: dict[str, Counter[str]] = {}
        for folder in ("INBOX", "Processed", "Failed", "Other"):
            ids: Counter[str] = Counter()
            for user in self.users:
                ids.update(message_ids(self.dovecot, user, folder))
            out[folder] = ids
        return out

    def tally(self) -> Tally:
        with self.engine.connect() as c:
            rows = c.execute(sa.text("SELECT message_id, outcome FROM message")).all()
            outbox = c.execute(sa.text("SELECT message_id, status FROM outbox")).all()
            answered = dict(c.execute(sa.text(
                "SELECT o.message_id, m.message_id FROM outbox o JOIN message m "
                "ON o.message_row_id = m.id")).all())
        by_id: dict[str, list[str]] = {}
        for mid, outcome in rows:
            by_id.setdefault(str(mid), []).append(str(outcome))
        folders = self.folders()
        want_folder = {"submission": "Processed", "failed": "Failed"}
        lost = misfiled = 0
        duplicates = sum(len(v) - 1 for v in by_id.values()) + len(set(by_id) - set(self.expected))
        for mid, kind in self.expected.items():
            outcomes = by_id.get(mid, [])
            placed = {f: folders[f][mid] for f in folders if folders[f][mid]}
            duplicates += max(0, sum(placed.values()) - 1)
            if not outcomes or not placed or set(placed) == {"INBOX"}:
                lost += 1
            elif outcomes[0] != kind or set(placed) != {want_folder[kind]}:
                misfiled += 1
        due = {str(mid) for mid, _ in outbox}
        deliveries = Counter(mid for _, _, mid in self.sink.accepted)
        sent = len(due & set(deliveries))
        dup_ids = [mid for mid, n in deliveries.items() if n > 1]
        outside = sum(deliveries[m] - 1 for m in dup_ids if m not in self.window)
        return Tally(messages=len(self.expected), stored=len(set(by_id) & set(self.expected)),
                     duplicates=duplicates, lost=lost, misfiled=misfiled, replies_due=len(due), sent=sent,
                     duplicated_replies=sum(deliveries[m] - 1 for m in dup_ids), outside_window=outside,
                     details={"outbox": dict(Counter(str(s) for _, s in outbox)),
                              "replies_expected": sum(1 for k in self.expected.values()),
                              "answered": len(set(answered.values())),
                              "folders": {f: sum(c.values()) for f, c in folders.items()}})

    def close(self) -> None:
        self.imap.close()
        self.smtp.close()
        self.engine.dispose()


def message_ids(dovecot: Dovecot, user: str, folder: str) -> Counter[str]:
    """The Message-IDs in ``folder`` of ``user`` (empty when the folder does not exist)."""
    try:
        out = dovecot.doveadm("-f", "tab", "fetch", "-u", user, "hdr.message-id", "mailbox", folder)
    except RuntimeError as err:
        if "doesn't exist" in str(err) or "not found" in str(err).lower():
            return Counter()
        raise
    return Counter(line.strip() for line in out.splitlines()[1:] if line.strip())


def _feature_tables() -> list[str]:
    """The parse budget and the failure notice, where this checkout has them (the benchmark also
    measures the code from before them, for the before/after figures)."""
    import dataclasses

    from intake import config

    lines = []
    if hasattr(config, "ParseBudget"):
        lines += ["[limits]", "parse_timeout_s = 20", "parse_workers = 1", ""]
    if "tell_failed" in {f.name for f in dataclasses.fields(config.RepliesConfig)}:
        lines += ["[replies]", "tell_failed = true", ""]
    return lines


def sqlite_url(folder: Path) -> str:
    return f"sqlite:///{folder / 'intake.sqlite3'}"
