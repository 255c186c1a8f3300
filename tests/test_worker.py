"""The scheduled worker (``intake run``): single instance, clean stop on SIGTERM, IDLE wake-ups,
backoff and once-per-outage logging, replies sent from the start, against a real Dovecot, a real
SMTP server and the real pipeline."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import func, select

from intake.config import load_config
from intake.worker import AlreadyRunning, Worker, WorkerLock, backoff_s
from store.db import Store
from store.models import Heartbeat, Message, Outbox
from tests.fixtures.dovecot import Dovecot
from tests.fixtures.mailflow import imap_config, submission, write_imap_config
from tests.fixtures.relay import FaultRelay
from tests.fixtures.smtp import Sink

# Store, pipeline, worker and web tests run on SQLite and on a real PostgreSQL.
pytestmark = pytest.mark.usefixtures("database")

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def user(dovecot: Dovecot) -> str:
    return dovecot.new_user("wrk")[0]


def wait_for(what: Callable[[], bool], timeout_s: float = 20.0, step_s: float = 0.05) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if what():
            return True
        time.sleep(step_s)
    return False


def run_with(worker: Worker, drive: Callable[[], None]) -> list[BaseException]:
    """Run ``worker`` in the foreground while ``drive`` acts in a thread; ``drive``'s errors."""
    errors: list[BaseException] = []

    def body() -> None:
        try:
            drive()
        except BaseException as err:  # handed to the test, which fails with it
            errors.append(err)
        finally:
            worker.request_stop()

    threading.Thread(target=body, daemon=True).start()
    worker.run()
    return errors


def stored(store: Store) -> int:
    with store.session() as s:
        return int(s.exec(select(func.count()).select_from(Message)).one())


def has_heartbeat(store: Store) -> bool:
    with store.session() as s:
        return s.exec(select(Heartbeat)).first() is not None


def start_worker(config_path: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-m", "intake", "--config", str(config_path), "run"],
                            cwd=config_path.parent, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


@pytest.fixture
def processes() -> Iterator[list[subprocess.Popen[str]]]:
    """Workers started by a test; any still running at the end are killed."""
    procs: list[subprocess.Popen[str]] = []
    yield procs
    for p in procs:
        if p.poll() is None:
            p.kill()
        p.communicate(timeout=10)


def test_a_second_worker_on_the_same_data_folder_refuses_with_a_clear_message(
        dovecot: Dovecot, user: str, tmp_path: Path, processes: list[subprocess.Popen[str]]) -> None:
    path = write_imap_config(dovecot, user, tmp_path)
    store = Store.open(load_config(path).database_url)
    first = start_worker(path)
    processes.append(first)
    assert wait_for(lambda: has_heartbeat(store)), "the first worker never polled"

    second = subprocess.run([sys.executable, "-m", "intake", "--config", str(path), "run"], cwd=tmp_path,
                            env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True,
                            timeout=60)

    assert second.returncode == 2
    assert len(second.stderr.strip().splitlines()) == 1, second.stderr  # no banner before the refusal
    last = second.stderr.strip().splitlines()[-1]
    assert last.startswith("error: another `intake run` is already working on")
    assert f"pid {first.pid}" in last and "Traceback" not in second.stderr
    first.send_signal(signal.SIGTERM)
    assert first.wait(30) == 0


def test_the_lock_also_refuses_within_one_process_and_frees_on_release(dovecot: Dovecot, user: str,
                                                                       tmp_path: Path) -> None:
    config = imap_config(dovecot, user, tmp_path)
    store = Store.open(config.database_url)
    first = WorkerLock(config, store)
    first.acquire()
    with pytest.raises(AlreadyRunning, match=str(config.data_dir)):
        WorkerLock(config, store).acquire()
    first.release()
    again = WorkerLock(config, store)
    again.acquire()
    again.release()


def test_sigterm_finishes_the_current_message_and_exits_cleanly(
        dovecot: Dovecot, user: str, tmp_path: Path, processes: list[subprocess.Popen[str]]) -> None:
    total = 150
    dovecot.append(user, [submission(n) for n in range(total)])
    path = write_imap_config(dovecot, user, tmp_path, batch_size=25)
    store = Store.open(load_config(path).database_url)
    proc = start_worker(path)
    processes.append(proc)
    assert wait_for(lambda: stored(store) >= 3, step_s=0.01), "the worker never stored a message"

    proc.send_signal(signal.SIGTERM)
    started = time.monotonic()
    rc = proc.wait(30)
    _out, err = proc.communicate()

    assert rc == 0, err
    assert time.monotonic() - started < 5
    assert "Traceback" not in err and "stopped cleanly" in err
    n = stored(store)
    assert 3 <= n < total  # stopped early...
    # ...and the message being processed was finished: everything stored was moved, nothing else.
    assert dovecot.count(user, "Processed") == n
    assert dovecot.count(user, "INBOX") == total - n


def test_idle_brings_new_mail_in_within_seconds(dovecot: Dovecot, user: str, tmp_path: Path) -> None:
    config = imap_config(dovecot, user, tmp_path, idle=True, top={"worker": {"poll_interval_s": 3600}})
    store = Store.open(config.database_url)
    worker = Worker(config, store)
    took: list[float] = []

    def drive() -> None:
        try:
            # The first poll (at start) is done and the IDLE command sent (after the parse workers
            # are up: seconds on a busy machine).
            if wait_for(lambda: has_heartbeat(store) and "IDLE" in dovecot.rawlog_commands(user)):
                time.sleep(0.1)  # the server's answer to IDLE
                started = time.monotonic()
                dovecot.append(user, [submission(1)])
                if wait_for(lambda: stored(store) == 1, timeout_s=10):
                    took.append(time.monotonic() - started)
        finally:
            worker.request_stop()

    threading.Thread(target=drive, daemon=True).start()
    worker.run()  # returns once drive() asks it to stop

    assert took and took[0] < 5, "new mail was not taken in by IDLE"
    assert dovecot.count(user, "Processed") == 1
    assert any(c == "IDLE" for c in dovecot.rawlog_commands(user))


def test_backoff_doubles_from_the_interval_up_to_half_an_hour() -> None:
    assert [backoff_s(n, 120) for n in (0, 1, 2, 3, 5, 10)] == [0, 120, 240, 480, 1800, 1800]
    assert backoff_s(3, 3600) == 3600  # never shorter than the interval itself


def test_a_failing_mailbox_is_retried_with_backoff_and_logged_once_per_outage(
        dovecot: Dovecot, user: str, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    config = imap_config(dovecot, user, tmp_path, top={"worker": {"poll_interval_s": 60}})
    pw = config.mailboxes[0].password_file
    assert pw is not None
    pw.write_text("wrong\n")
    store = Store.open(config.database_url)
    offset = timedelta(0)
    worker = Worker(config, store, now=lambda: datetime.now(UTC) + offset)
    caplog.set_level(logging.DEBUG, logger="intake")

    # The heartbeat records real times; the worker's clock is moved ahead of them.
    worker.poll_job()  # failure 1: back off one interval (60 s)
    offset = timedelta(seconds=30)
    assert worker.due_mailboxes() == []
    offset = timedelta(seconds=61)
    assert len(worker.due_mailboxes()) == 1
    worker.poll_job()  # failure 2: back off 120 s
    offset = timedelta(seconds=100)
    assert worker.due_mailboxes() == []
    offset = timedelta(seconds=121)
    worker.poll_job()  # failure 3
    with store.session() as s:
        beat = s.exec(select(Heartbeat)).one()
    assert beat.consecutive_failures == 3 and "AUTHENTICATIONFAILED" in (beat.last_error or "")
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING and "polling failed" in r.message]
    assert len(warnings) == 1 and "[AUTHENTICATIONFAILED]" in warnings[0].getMessage()

    pw.write_text(dovecot.password(user) + "\n")  # the operator fixes the password
    offset = timedelta(hours=2)
    dovecot.append(user, [submission(7)])
    worker.poll_job()
    assert stored(store) == 1
    assert any("works again after 3 failed attempts" in r.getMessage() for r in caplog.records)


def test_the_poll_job_survives_an_unreachable_server(dovecot: Dovecot, user: str, tmp_path: Path) -> None:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    config = imap_config(dovecot, user, tmp_path, port=port)
    store = Store.open(config.database_url)
    worker = Worker(config, store)
    worker.poll_job()  # must not raise
    with store.session() as s:
        beat = s.exec(select(Heartbeat)).one()
    assert "Connection refused" in (beat.last_error or "") and worker.cycles == 1


def test_idle_is_renewed_before_the_servers_29_minute_limit(dovecot: Dovecot, user: str, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    import intake.mailbox.imap as imap

    assert imap.IDLE_RENEW_S < 29 * 60  # RFC 2177
    monkeypatch.setattr(imap, "IDLE_RENEW_S", 0.3)  # the same loop, in fast motion
    config = imap_config(dovecot, user, tmp_path, idle=True)
    worker = Worker(config, Store.open(config.database_url))
    threading.Timer(1.5, worker.stop.set).start()

    worker.idle_loop(config.mailboxes[0])  # returns when stopped

    commands = dovecot.rawlog_commands(user)
    assert commands.count("IDLE") >= 3 and commands.count("DONE") == commands.count("IDLE")
    assert sum(c.startswith("SELECT") for c in commands) == 1  # one connection, IDLE re-issued on it


def test_a_backlog_worker_stores_old_mail_and_queues_no_acknowledgement(dovecot: Dovecot, user: str,
                                                                         tmp_path: Path) -> None:
    from store.models import Outbox, Submission

    dovecot.append(user, [submission(1), submission(2)])
    config = imap_config(dovecot, user, tmp_path)
    store = Store.open(config.database_url)

    Worker(config, store, backlog=True).poll_job()

    with store.session() as s:
        assert s.exec(select(func.count()).select_from(Submission)).one() == 2
        assert s.exec(select(func.count()).select_from(Outbox)).one() == 0
    dovecot.append(user, [submission(3)])
    Worker(config, store).poll_job()
    with store.session() as s:
        assert s.exec(select(func.count()).select_from(Outbox)).one() == 1


def _gone_holder() -> str:
    """The ``host:pid`` claim of a process of this machine that has ended (a killed worker)."""
    import socket

    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True, check=True, timeout=30)
    return f"{socket.gethostname()}:{done.stdout.strip()}"


def test_replies_go_out_while_the_first_poll_is_still_taking_mail_in(
        dovecot: Dovecot, user: str, tmp_path: Path, smtp_sink: Sink) -> None:
    """A worker restarted over a backlog whose first cycle cannot end (the server stalls its FETCH
    answer): the reply a killed worker left ``sending`` and the one waiting go out meanwhile."""
    dovecot.append(user, [submission(1), submission(2)])
    relay = FaultRelay(dovecot.port)
    relay.watch(b"UID FETCH", lambda: setattr(relay, "mode", "stall"))
    config = imap_config(dovecot, user, tmp_path, port=relay.port, timeout_s=60, command_timeout_s=120,
                         top={"smtp": smtp_sink.smtp_table(), "worker": {"send_interval_s": 0.2}})
    store = Store.open(config.database_url)
    now = datetime.now(UTC)
    raw = b"From: casestudies@example.org\r\nTo: {to}\r\nSubject: Your case study\r\n\r\nThank you.\r\n"
    with store.session() as s:
        for n, status in enumerate(("sending", "pending")):
            to = f"person{n}@library.example.org"
            s.add(Outbox(kind="acknowledgement", to_addr=to, message_id=f"<left{n}@example.org>",
                         status=status, raw=raw.replace(b"{to}", to.encode()), claimed_by=_gone_holder(),
                         next_attempt_at=now + timedelta(minutes=2) if status == "sending" else None))
    worker = Worker(config, store)
    during_first_poll: list[int] = []

    def drive() -> None:
        assert wait_for(lambda: relay.mode == "stall"), "the first poll never fetched"
        assert wait_for(lambda: smtp_sink.inbox.qsize() == 2), "no reply went out during the first poll"
        during_first_poll.append(stored(store))
        relay.mode = "pass"
        assert wait_for(lambda: stored(store) == 2)

    try:
        errors = run_with(worker, drive)
    finally:
        relay.close()

    assert not errors, errors
    assert during_first_poll == [0]  # the replies went while the first cycle was still held
    with store.session() as s:
        assert {r.message_id: r.status for r in s.exec(select(Outbox)) if r.message_id.startswith("<left")} \
            == {"<left0@example.org>": "sent", "<left1@example.org>": "sent"}


def test_a_worker_holding_two_mailboxes_takes_them_in_turns(dovecot: Dovecot, tmp_path: Path) -> None:
    """Each mailbox's backlog is taken ``turn_messages`` at a time, the mailboxes in turn: the
    second mailbox's first message is stored after the first mailbox's first turn, not after its
    whole backlog, and every message is stored once and moved."""
    from intake.config import parse_config
    from tests.fixtures.mailflow import config_data

    users = [dovecot.new_user("turn")[0] for _ in range(2)]
    tables = []
    for i, u in enumerate(users):
        dovecot.write_maildir(u, [submission(100 * i + n, tag=f"t{i}-") for n in range(12)])
        tables.append({**config_data(dovecot, u, tmp_path)["mailbox"], "name": f"box{i}"})
    data = config_data(dovecot, users[0], tmp_path, top={"worker": {"turn_messages": 5}})
    config = parse_config({**data, "mailbox": tables}, base=tmp_path, path=None)
    store = Store.open(config.database_url)

    Worker(config, store).poll_job()

    with store.session() as s:
        origins = [o for o in s.exec(select(Message.origin).order_by(Message.id)).all()]
    order = "".join("a" if f"{users[0]}@" in o else "b" for o in origins)
    assert order == "aaaaabbbbbaaaaabbbbbaabb"
    for u in users:
        assert dovecot.count(u, "INBOX") == 0 and dovecot.count(u, "Processed") == 12


def test_a_mailbox_gets_another_turn_only_when_its_turn_ended_at_the_limit_with_all_finished() -> None:
    from intake.pipeline import CycleReport, Outcome
    from intake.worker import _another_turn

    def turn(**kw: object) -> CycleReport:
        report = CycleReport(mailbox="m", more=True)
        report.add(Outcome(status="submission", disposition="processed", sha256="a"))
        for k, v in kw.items():
            setattr(report, k, v)
        return report

    assert _another_turn(turn())
    assert not _another_turn(turn(more=False))  # drained
    assert not _another_turn(turn(error="connection lost"))
    assert not _another_turn(turn(stopped=True))  # a stop, or the lease wanted elsewhere
    assert not _another_turn(turn(finish_errors=1))  # the same messages would come back
    unrecorded = turn()
    unrecorded.add(Outcome(status="failed", disposition=None, sha256="b"))  # stays in the mailbox
    assert not _another_turn(unrecorded)
