"""Mailbox leases: one worker per mailbox at a time, taken over when a worker dies, fenced so a
worker that lost its lease commits and moves nothing; the share spread over the workers; the
single-instance guard keyed on the SQLite file itself; a lease kept across a PostgreSQL restart."""

from __future__ import annotations

import dataclasses
import mailbox
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlmodel import func, select
from typer.testing import CliRunner

from intake.cli import app
from intake.config import Config, load_config, parse_config
from intake.cycle import poll_mailbox, poll_once
from intake.leases import Holding, LeaseKeeper, holder_is_gone, worker_identity
from intake.worker import AlreadyRunning, WorkerLock
from store import leases
from store.db import Store
from store.models import Message
from tests.fixtures.forms import form_email

pytestmark = pytest.mark.usefixtures("database")


def maildir_config(tmp_path: Path, names: tuple[str, ...] = ("contact",), **worker: float) -> Config:
    boxes = [{"name": n, "type": "maildir", "path": str(tmp_path / "data" / f"Maildir-{n}")} for n in names]
    return parse_config({"data_dir": str(tmp_path / "data"), "mailbox": boxes,
                         "worker": worker, "smtp": {"transport": "file"}}, base=tmp_path, path=None)


def deliver(config: Config, name: str, count: int, tag: str = "m") -> Path:
    root = next(m.path for m in config.mailboxes if m.name == name)
    assert root is not None
    root.parent.mkdir(parents=True, exist_ok=True)
    box = mailbox.Maildir(str(root), create=True)
    for n in range(count):
        box.add(form_email(title=f"{tag} {name} {n}", message_id=f"<{tag}{n}.{name}@example.org>"))
    return root


def stored(store: Store) -> int:
    with store.session() as s:
        return int(s.exec(select(func.count()).select_from(Message)).one())


def in_inbox(root: Path) -> int:
    return sum(1 for sub in ("new", "cur") for p in (root / sub).glob("*") if p.is_file())


def test_a_lease_is_exclusive_until_it_expires_then_taken_over_with_a_new_generation(
        tmp_path: Path) -> None:
    store = Store.open(maildir_config(tmp_path).database_url)
    with store.session() as s:
        first = leases.try_take(s, "contact", "a:1", 3)
    with store.session() as s:
        assert first is not None and first.generation == 1
        assert leases.try_take(s, "contact", "b:2", 3) is None
    time.sleep(3.2)
    with store.session() as s:
        second = leases.try_take(s, "contact", "b:2", 30)
    assert second is not None and second.generation == 2
    with store.session() as s:
        assert not leases.renew(s, first, 30)  # the old holder's renewal is refused...
        assert not leases.release(s, first)    # ...and so is its release
        assert leases.renew(s, second, 30)
        assert leases.release(s, second)
        assert leases.try_take(s, "contact", "a:1", 30) is not None  # released: free at once


def test_a_lease_of_a_killed_process_on_this_machine_is_taken_over_at_once(tmp_path: Path) -> None:
    config = maildir_config(tmp_path)
    deliver(config, "contact", 2)
    store = Store.open(config.database_url)
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    other_host = "elsewhere.example:1"
    with store.session() as s:
        assert leases.try_take(s, "contact", worker_identity().rpartition(":")[0] + f":{dead.pid}", 600)
        assert leases.try_take(s, "other", other_host, 600)
    assert holder_is_gone(f"{worker_identity().rpartition(':')[0]}:{dead.pid}")
    assert not holder_is_gone(worker_identity()) and not holder_is_gone(other_host)

    reports = poll_once(config, store)  # no 10-minute wait for the killed holder's lease

    assert [r.error for r in reports] == [None] and stored(store) == 2


def test_a_worker_that_lost_its_lease_commits_and_moves_nothing(tmp_path: Path) -> None:
    config = maildir_config(tmp_path)
    root = deliver(config, "contact", 3)
    store = Store.open(config.database_url)
    with store.session() as s:
        old = leases.try_take(s, "contact", "old:1", 0.2)
    assert old is not None
    holding = Holding(store, old, 0.2)
    time.sleep(0.4)  # a partition: the old holder's lease ran out...
    with store.session() as s:
        assert leases.try_take(s, "contact", "new:2", 30) is not None  # ...and another took over

    report = poll_mailbox(config, store, config.mailboxes[0], holding=holding)

    assert holding.lost and report.stopped and report.error is None
    assert stored(store) == 0 and in_inbox(root) == 3


def test_the_holder_stores_and_moves_under_its_lease(tmp_path: Path) -> None:
    config = maildir_config(tmp_path)
    root = deliver(config, "contact", 3)
    store = Store.open(config.database_url)
    keeper = LeaseKeeper(store, ["contact"], 30, holder="me:1")
    keeper.tick()
    with keeper.using("contact") as holding:
        assert holding is not None
        report = poll_mailbox(config, store, config.mailboxes[0], holding=holding)
    assert report.counts == {"submission": 3} and stored(store) == 3 and in_inbox(root) == 0


def test_a_killed_worker_of_this_machine_no_longer_counts_so_its_share_is_taken_at_once(
        tmp_path: Path) -> None:
    store = Store.open(maildir_config(tmp_path).database_url)
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    gone = worker_identity().rpartition(":")[0] + f":{dead.pid}"
    with store.session() as s:  # it announced itself and took a mailbox, then was killed
        leases.announce(s, gone, 600)
        assert leases.try_take(s, "m1", gone, 600)
    keeper = LeaseKeeper(store, ["m1", "m2"], 600, holder=worker_identity())

    keeper.tick()  # no 10-minute wait for its presence to run out

    assert sorted(keeper.held) == ["m1", "m2"]


def test_mailboxes_spread_over_the_workers_and_a_new_worker_takes_its_share(tmp_path: Path) -> None:
    names = ["m1", "m2", "m3", "m4"]
    store = Store.open(maildir_config(tmp_path).database_url)
    a, b, c = (LeaseKeeper(store, names, 30, holder=h) for h in ("a:1", "b:2", "c:3"))
    a.tick()
    assert len(a.held) == 4  # alone, it takes everything
    b.tick()  # b announces itself; a gives up its extra share at its next renewal, b takes it next
    a.tick()
    b.tick()
    assert (len(a.held), len(b.held)) == (2, 2) and not set(a.held) & set(b.held)
    c.tick()
    a.tick()
    b.tick()
    c.tick()
    held = [set(k.held) for k in (a, b, c)]
    assert sorted(map(len, held)) == [1, 1, 2] and set().union(*held) == set(names)
    a.release_all()  # a stops cleanly: its mailboxes go to the others at their next renewal
    b.tick()
    c.tick()
    assert len(b.held) + len(c.held) == 4 and not set(b.held) & set(c.held)


def test_status_lists_which_worker_holds_which_mailbox(tmp_path: Path) -> None:
    import json

    cfg = tmp_path / "config.toml"
    cfg.write_text('data_dir = "data"\n', encoding="utf-8")
    config = load_config(cfg)
    store = Store.open(config.database_url)
    LeaseKeeper(store, ["contact"], 30, holder="host-a:101").tick()
    LeaseKeeper(store, ["contact"], 30, holder="host-b:202").tick()
    store.close()
    runner = CliRunner(env={"COLUMNS": "200"})
    report = json.loads(runner.invoke(app, ["--config", str(cfg), "status", "--json"]).stdout)
    assert report["workers"]["holders"] == {"contact": "host-a:101"}
    assert report["workers"]["by_worker"] == {"host-a:101": ["contact"], "host-b:202": []}
    text = runner.invoke(app, ["--config", str(cfg), "status"]).stdout
    assert "host-a:101: contact" in text and "host-b:202: no mailbox" in text


def test_poll_leaves_a_mailbox_another_process_is_polling_alone(tmp_path: Path) -> None:
    config = maildir_config(tmp_path, ("contact", "other"))
    deliver(config, "contact", 2)
    deliver(config, "other", 2)
    store = Store.open(config.database_url)
    with store.session() as s:
        assert leases.try_take(s, "contact", "elsewhere:77", 30) is not None

    reports = {r.mailbox: r for r in poll_once(config, store)}

    assert reports["other"].counts == {"submission": 2}
    assert reports["contact"].total == 0 and "elsewhere:77 is polling this mailbox" in (
        reports["contact"].error or "")
    with store.session() as s:  # poll gave back what it took, and only that
        assert {lease.name: lease.holder for lease in leases.all_leases(s)} == {
            "contact": "elsewhere:77", "other": None}


def test_two_data_folders_on_one_sqlite_file_cannot_run_two_workers(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'data-a' / 'intake.sqlite3'}"
    one, two = (dataclasses.replace(maildir_config(tmp_path / d), database_url=db) for d in ("a", "b"))
    store = Store.open(db)
    first = WorkerLock(one, store)
    first.acquire()
    try:
        with pytest.raises(AlreadyRunning, match=r"working on the database .*data-a/intake\.sqlite3"):
            WorkerLock(two, store).acquire()
    finally:
        first.release()
    WorkerLock(two, store).acquire()
