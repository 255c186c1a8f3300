"""A SQLite database locked by another process for longer than the busy timeout: the message stays
in the mailbox for the next poll and is never filed as failed, and each job says so in one line
without a traceback (SQLite only: the lock is SQLite's)."""

from __future__ import annotations

import logging
import mailbox
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlmodel import select

from intake.config import Config, load_config
from intake.cycle import poll_mailbox
from intake.leases import FencedSource, LeaseKeeper
from intake.pipeline import Outcome, finish
from intake.sources.factory import open_source
from intake.steps import PipelineContext
from intake.worker import Worker
from store.db import Store, make_engine, migrate
from store.models import Message
from tests.fixtures.forms import form_email


def _files(folder: Path) -> list[Path]:
    return sorted(p for sub in ("new", "cur") for p in (folder / sub).glob("*") if p.is_file())


def _deliver(config: Config, *raws: bytes) -> Path:
    root = config.mailboxes[0].path
    assert root is not None
    box = mailbox.Maildir(str(root), create=True)
    for raw in raws:
        box.add(raw)
    return root


def _count(store: Store) -> int:
    with store.session() as s:
        return len(s.exec(select(Message)).all())


def test_a_database_locked_by_another_process_leaves_mail_in_the_mailbox_for_the_next_poll(
        workdir: Path) -> None:
    config = load_config(None, cwd=workdir)
    engine = make_engine(config.database_url, busy_timeout_s=0.3)
    migrate(engine)
    store = Store(engine)
    root = _deliver(config, form_email(title="A"), form_email(title="B"))
    holder = sqlite3.connect(config.database_url.removeprefix("sqlite:///"), isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another process writing for longer than the busy timeout
    try:
        report = poll_mailbox(config, store, config.mailboxes[0])
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert report.error == "the database is locked by another process (retrying next poll)"
    assert len(_files(root)) == 2 and _files(root / ".Failed") == []  # nothing filed as failed
    assert _count(store) == 0

    again = poll_mailbox(config, store, config.mailboxes[0])
    assert again.error is None and again.counts == {"submission": 2}
    assert _files(root) == [] and len(_files(root / ".Processed")) == 2
    store.close()


@contextmanager
def _locked(config: Config) -> Iterator[None]:
    """Another process writing to the database for longer than the busy timeout."""
    holder = sqlite3.connect(config.database_url.removeprefix("sqlite:///"), isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def _quick_store(config: Config) -> Store:
    engine = make_engine(config.database_url, busy_timeout_s=0.3)
    migrate(engine)
    return Store(engine)


def _one_line_each(caplog: pytest.LogCaptureFixture) -> list[str]:
    """The warnings and errors logged, after checking that none carries a traceback."""
    loud = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert [r.getMessage() for r in loud if r.exc_info] == []
    return [r.getMessage() for r in loud]


def test_a_locked_database_during_the_send_job_is_one_line_per_job_without_a_traceback(
        workdir: Path, caplog: pytest.LogCaptureFixture) -> None:
    config = load_config(None, cwd=workdir)
    worker = Worker(config, _quick_store(config))
    caplog.set_level(logging.INFO, logger="intake")

    with _locked(config):
        worker.send_job()

    lines = _one_line_each(caplog)
    locked = "the database is locked by another process (retrying next poll)"
    assert lines == [f"queueing assignment emails waits: {locked}; the next run tries again",
                     f"sending due replies waits: {locked}"]


class _NothingSeen:
    def finished_uids(self, account: str, folder: str, uidvalidity: int) -> set[str]:
        return set()


def test_a_database_locked_just_before_a_move_is_one_line_and_the_move_waits_for_the_next_poll(
        workdir: Path, caplog: pytest.LogCaptureFixture) -> None:
    """The lease is checked in the database before each move: a lock there leaves the message
    where it is (the next poll recognises it by its hash and moves it), with one line."""
    config = load_config(None, cwd=workdir)
    store = _quick_store(config)
    root = _deliver(config, form_email(title="A"))
    mailbox_cfg = config.mailboxes[0]
    keeper = LeaseKeeper(store, [mailbox_cfg.name], 60.0, announce=False, greedy=True)
    keeper.tick()
    caplog.set_level(logging.INFO, logger="intake")
    outcome = Outcome(status="submission", disposition="processed", sha256="0" * 64,
                      message_id="<a@example.org>")

    with open_source(mailbox_cfg, config) as inner:
        source = FencedSource(inner, keeper.held[mailbox_cfg.name])
        [item] = list(source.fetch(_NothingSeen()))
        with _locked(config):
            failed = finish(PipelineContext(config, store), source, [(item, outcome)])

    assert list(failed) == [0] and len(_files(root)) == 1  # not moved
    assert _one_line_each(caplog) == ["message <a@example.org>: post-action processed failed, retried at "
                                      "the next poll: the database is locked by another process (retrying "
                                      "next poll)"]
    store.close()
