"""The worker's IDLE connection after an outage, against a real Dovecot behind a relay that drops
every connection: the reconnect starts with a poll (mail that came during the outage is taken then,
not at the next scheduled poll, even while the poll job backs off), and the reconnect backoff
starts again from its first step after each connection made."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import func, select

import intake.worker as worker_module
from intake.worker import Worker
from store.db import Store
from store.models import Heartbeat, Message
from tests.fixtures.dovecot import Dovecot
from tests.fixtures.mailflow import imap_config, submission
from tests.fixtures.relay import FaultRelay
from tests.test_worker import run_with, wait_for

FIRST_STEP_S = 0.2


@pytest.fixture
def user(dovecot: Dovecot) -> str:
    return dovecot.new_user("idl")[0]


@pytest.fixture
def relay(dovecot: Dovecot) -> Iterator[FaultRelay]:
    r = FaultRelay(dovecot.port)
    yield r
    r.close()


@pytest.fixture(autouse=True)
def quick_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(worker_module, "IDLE_RETRY_MIN_S", FIRST_STEP_S)


def stored(store: Store) -> int:
    with store.session() as s:
        return int(s.exec(select(func.count()).select_from(Message)).one())


def idles(dovecot: Dovecot, user: str) -> int:
    return dovecot.rawlog_commands(user).count("IDLE")


def test_mail_that_came_during_an_outage_is_taken_at_the_reconnect(
        dovecot: Dovecot, user: str, relay: FaultRelay, tmp_path: Path) -> None:
    config = imap_config(dovecot, user, tmp_path, idle=True, port=relay.port,
                         top={"worker": {"poll_interval_s": 3600}})
    store = Store.open(config.database_url)
    worker = Worker(config, store)
    name = config.mailboxes[0].name

    def drive() -> None:
        assert wait_for(lambda: idles(dovecot, user) >= 1), "IDLE never started"
        assert wait_for(lambda: worker.cycles >= 2 and not worker.polling), \
            "IDLE's first connection did not poll"
        relay.down()
        worker.poll_job()  # a poll during the outage fails: the poll job now backs off for an hour
        assert worker.due_mailboxes() == []
        dovecot.append(user, [submission(1)])  # delivered to the server while the worker is cut off
        assert wait_for(lambda: name in worker.idle_retry_s), "the IDLE connection never noticed the drop"
        relay.up()
        assert wait_for(lambda: stored(store) == 1, timeout_s=30), "the reconnect did not poll"

    errors = run_with(worker, drive)

    assert not errors, errors
    assert dovecot.count(user, "Processed") == 1
    with store.session() as s:
        assert s.exec(select(Heartbeat)).one().consecutive_failures == 0  # the reconnect's poll worked


def test_the_reconnect_backoff_starts_again_after_each_connection(dovecot: Dovecot, user: str,
                                                                  relay: FaultRelay, tmp_path: Path) -> None:
    config = imap_config(dovecot, user, tmp_path, idle=True, port=relay.port,
                         top={"worker": {"poll_interval_s": 3600}})
    worker = Worker(config, Store.open(config.database_url))
    name = config.mailboxes[0].name
    waits: list[float] = []

    def drive() -> None:
        assert wait_for(lambda: idles(dovecot, user) >= 1), "IDLE never started"
        relay.down()  # an outage long enough for the backoff to grow
        assert wait_for(lambda: worker.idle_retry_s.get(name, 0) >= 4 * FIRST_STEP_S)
        waits.append(worker.idle_retry_s[name])
        relay.up()
        assert wait_for(lambda: idles(dovecot, user) >= 2), "IDLE did not come back"
        worker.idle_retry_s.clear()
        relay.down()  # the next outage
        assert wait_for(lambda: name in worker.idle_retry_s)
        waits.append(worker.idle_retry_s[name])
        relay.up()

    errors = run_with(worker, drive)

    assert not errors, errors
    assert waits[0] >= 4 * FIRST_STEP_S and waits[1] == FIRST_STEP_S


def test_mail_that_came_before_the_first_idle_is_taken_when_idle_connects(
        dovecot: Dovecot, user: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Between the first poll and the IDLE command (the parse workers starting meanwhile) a message
    arrives: the server announces nothing for it, so IDLE's first connection polls."""
    config = imap_config(dovecot, user, tmp_path, idle=True, top={"worker": {"poll_interval_s": 3600}})
    store = Store.open(config.database_url)
    worker = Worker(config, store)
    first_poll = Worker._first_poll
    warm_when_idle_began: list[int] = []

    def first_poll_then_mail(self: Worker) -> None:
        first_poll(self)
        dovecot.append(user, [submission(1)])  # after the first poll's search, before IDLE

    def start_idle_threads(self: Worker) -> None:
        assert self._parser is not None
        warm_when_idle_began.append(len(self._parser._workers))
        real_start_idle(self)

    real_start_idle = Worker._start_idle_threads
    monkeypatch.setattr(Worker, "_first_poll", first_poll_then_mail)
    monkeypatch.setattr(Worker, "_start_idle_threads", start_idle_threads)

    def drive() -> None:
        assert wait_for(lambda: stored(store) == 1, timeout_s=30), "IDLE's first connection did not poll"

    errors = run_with(worker, drive)

    assert not errors, errors
    assert dovecot.count(user, "Processed") == 1
    assert warm_when_idle_began == [config.budget.pool_size]  # IDLE began with every worker up


def test_mail_announced_while_a_cycle_sends_its_replies_is_taken_by_that_cycle(
        dovecot: Dovecot, user: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """IDLE announces a message while the poll cycle is sending (its lock held): the cycle goes
    round again for it instead of leaving it to the next scheduled poll an interval later."""
    config = imap_config(dovecot, user, tmp_path, idle=True, top={"worker": {"poll_interval_s": 3600}})
    store = Store.open(config.database_url)
    worker = Worker(config, store)
    dovecot.append(user, [submission(1)])
    real_send = Worker._send
    sends: list[int] = []

    def send_while_mail_comes(self: Worker) -> None:
        real_send(self)
        sends.append(stored(store))
        if len(sends) == 1:
            dovecot.append(user, [submission(2)])
            self.wake()  # what the IDLE thread does on the announcement, the cycle still running

    monkeypatch.setattr(Worker, "_send", send_while_mail_comes)

    worker.poll_job()

    assert stored(store) == 2 and sends == [1, 2]
    assert dovecot.count(user, "Processed") == 2
