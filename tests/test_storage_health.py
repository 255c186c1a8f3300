"""A database on a full or read-only disk, against a real Dovecot and a real (small, tmpfs) disk:
``intake status`` and ``/healthz`` name the disk instead of "never polled", and the worker backs
off instead of reading the waiting messages again at every poll; once there is room, the mail
waiting in the mailbox is stored."""

from __future__ import annotations

import errno
import logging
import os
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

import httpx
import pytest
from sqlmodel import select
from typer.testing import CliRunner

from intake.cli import app
from intake.config import Config
from intake.health import healthy, problems, status_report
from intake.worker import Worker
from store.db import Store
from store.models import Heartbeat
from tests.fixtures.dovecot import Dovecot
from tests.fixtures.mailflow import config_data, imap_config, submission, toml_text


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 32 MiB tmpfs of its own (mounting needs root, as CI runs)."""
    disk = tmp_path / "disk"
    disk.mkdir()
    res = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=32m", "tmpfs", str(disk)], capture_output=True,
                         text=True, timeout=30)
    if res.returncode != 0:
        why = f"cannot mount a small tmpfs here (needs root, as in CI): {res.stderr.strip()}"
        if os.environ.get("CI") or os.geteuid() == 0:
            pytest.fail(why)  # CI runs as root: the full disk is tested there, never skipped
        pytest.skip(why)
    try:
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(disk)], capture_output=True, timeout=30)


def fill(disk: Path, *, leave: int = 0) -> Path:
    """Fill ``disk`` to the last byte, then give back ``leave`` bytes; returns the filler file."""
    filler = disk / "filler"
    with open(filler, "wb") as f:
        try:
            while True:
                f.write(b"\0" * 65536)
                f.flush()
        except OSError as err:
            assert err.errno == errno.ENOSPC
    if leave:
        os.truncate(filler, filler.stat().st_size - leave)
    return filler


def big(n: int) -> bytes:
    """A submission with a 1.5 MB attachment: more than the room left, while a lease's renewal fits."""
    msg = message_from_bytes(submission(n, tag="big"), policy=policy.default)
    assert isinstance(msg, EmailMessage)
    msg.add_attachment(os.urandom(1_500_000), maintype="application", subtype="octet-stream",
                       filename="scan.bin")
    return msg.as_bytes()


def _setup(dovecot: Dovecot, tmp_path: Path, disk: Path) -> tuple[Config, Path, str]:
    user = dovecot.new_user("disk")[0]
    dovecot.append(user, [big(0), *(submission(n, tag="d") for n in range(1, 4))])
    data = config_data(dovecot, user, tmp_path, top={"database": {"url": f"sqlite:///{disk}/intake.sqlite3"},
                                                    "worker": {"poll_interval_s": 60}})
    path = tmp_path / "config.toml"
    path.write_text(toml_text(data))
    from intake.config import load_config

    return load_config(path), path, user


def test_a_full_disk_is_named_and_the_worker_backs_off_until_there_is_room(
        dovecot: Dovecot, tmp_path: Path, small_disk: Path, caplog: pytest.LogCaptureFixture) -> None:
    config, path, user = _setup(dovecot, tmp_path, small_disk)
    store = Store.open(config.database_url)
    filler = fill(small_disk, leave=512 * 1024)
    clock = [datetime.now(UTC)]  # the failures are recorded at the real time
    worker = Worker(config, store, now=lambda: clock[0])
    caplog.set_level(logging.DEBUG, logger="intake")

    for _ in range(6):  # six polls over 50 s: backing off after the first failure (60 s, then 120 s)
        worker.poll_job()
        clock[0] += timedelta(seconds=10)

    report = status_report(config, store)
    assert not healthy(report)
    db_file = f"{small_disk}/intake.sqlite3"
    assert problems(report)[0].startswith(f"the disk holding the database ({db_file}) is full")
    res = CliRunner().invoke(app, ["--config", str(path), "status"])
    assert res.exit_code == 1 and "STORAGE: the disk holding the database" in res.output
    assert "NEVER POLLED" not in res.output.split("Mailboxes:")[0]
    from intake.web.app import create_app
    from tests.fixtures.browser import serve

    with serve(create_app(config, store)) as base:
        health = httpx.get(f"{base}/healthz", timeout=30)
    assert health.status_code == 503 and "is full" in health.json()["reasons"][0]

    # One try, then backing off: the messages waiting are not read again and again.
    lines = [r.getMessage() for r in caplog.records]
    tries = [m for m in lines if "left in the mailbox" in m]
    assert len(tries) == 1, tries
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert [m for m in warnings if "polling failed" in m] and len(warnings) <= 3, warnings
    assert dovecot.count(user, "INBOX") == 4

    filler.unlink()
    clock[0] += timedelta(minutes=10)
    worker.poll_job()
    assert dovecot.count(user, "INBOX") == 0 and dovecot.count(user, "Processed") == 4
    assert status_report(config, store)["storage"] == []


def test_a_read_only_database_is_named_by_status(dovecot: Dovecot, tmp_path: Path, small_disk: Path) -> None:
    config, path, _ = _setup(dovecot, tmp_path, small_disk)
    Store.open(config.database_url).close()
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True, timeout=30)
    try:
        res = CliRunner().invoke(app, ["--config", str(path), "status"])
    finally:
        subprocess.run(["mount", "-o", "remount,rw", str(small_disk)], check=True, timeout=30)
    assert res.exit_code == 1, res.output
    assert f"the database ({small_disk}/intake.sqlite3) is on a read-only disk" in res.output
    assert "Traceback" not in res.output and "NEVER POLLED" not in res.output


def test_a_worker_that_cannot_write_its_heartbeat_backs_off_and_logs_one_outage_and_one_recovery(
        dovecot: Dovecot, tmp_path: Path, small_disk: Path, caplog: pytest.LogCaptureFixture) -> None:
    """The disk is full to the last byte: neither the messages nor the heartbeat row can be written,
    so the count of failures lives in the worker alone. It still backs off (the waiting messages are
    read once, not at every poll), warns once, and once when there is room again."""
    user = dovecot.new_user("beat")[0]
    dovecot.append(user, [submission(n, tag="hb") for n in range(3)])
    config = imap_config(dovecot, user, tmp_path, top={"database": {"url": f"sqlite:///{small_disk}/intake.sqlite3"},
                                                       "worker": {"poll_interval_s": 60}})
    store = Store.open(config.database_url)
    clock = [datetime.now(UTC)]
    worker = Worker(config, store, now=lambda: clock[0])
    worker.leases.tick()  # the mailbox's lease is taken (and not renewed again for minutes)
    filler = fill(small_disk)
    caplog.set_level(logging.DEBUG, logger="intake")

    for _ in range(6):  # six polls over 50 s: the first fails, the backoff (60 s, then 120 s) holds the rest
        worker.poll_job()
        clock[0] += timedelta(seconds=10)

    with store.session() as s:
        assert s.exec(select(Heartbeat)).all() == []  # nothing on disk counts the failures
    lines = [r.getMessage() for r in caplog.records]
    assert len([m for m in lines if "left in the mailbox" in m]) == 1, lines
    assert len([m for m in lines if "polling failed" in m]) == 1, lines
    assert dovecot.count(user, "INBOX") == 3

    filler.unlink()
    clock[0] += timedelta(minutes=10)
    worker.poll_job()
    worker.poll_job()
    assert dovecot.count(user, "Processed") == 3
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert len([m for m in warnings if "polling failed" in m]) == 1, warnings
    assert len([m for m in warnings if "polling works again" in m]) == 1, warnings
