"""A SQLite database locked by another process for longer than the busy timeout: the message stays
in the mailbox for the next poll and is never filed as failed (SQLite only: the lock is SQLite's)."""

from __future__ import annotations

import mailbox
import sqlite3
from pathlib import Path

from sqlmodel import select

from intake.config import Config, load_config
from intake.cycle import poll_mailbox
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
