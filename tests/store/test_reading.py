"""``Store.reading``: sessions for lookups that take no lock on SQLite and refuse to write, and the
one-per-run read of the messages that have stopped the worker too often."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import insert
from sqlmodel import select

from store import messages as m
from store.db import Store, StoreError, make_engine
from store.models import Message, ParseAttempt


def _store(tmp_path: Path, *, busy_timeout_s: float = 10.0) -> Store:
    url = f"sqlite:///{tmp_path / 'q.db'}"
    Store.open(url).close()
    return Store(make_engine(url, busy_timeout_s=busy_timeout_s))


def test_a_reading_session_reads_while_another_process_holds_the_write_lock(tmp_path: Path) -> None:
    store = _store(tmp_path, busy_timeout_s=0.3)
    with store.session() as s:
        m.record_message(s, raw=b"x", sha256="a" * 64, origin="t", outcome="not_submission")
    holder = sqlite3.connect(tmp_path / "q.db", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another process in the middle of its write
    try:
        with store.reading() as s:
            found = m.find_message(s, sha256="a" * 64, content_sha256="")
        assert found.duplicate is not None and found.duplicate.outcome == "not_submission"
        with pytest.raises(Exception, match="database is locked"), store.session() as s:
            s.exec(select(Message)).all()  # an ordinary session waits for the lock, then gives up
    finally:
        holder.execute("ROLLBACK")
        holder.close()


@pytest.mark.parametrize("how", ["orm object", "core write", "orm statement"])
def test_a_reading_session_refuses_to_write_and_nothing_is_stored(tmp_path: Path, how: str) -> None:
    store = _store(tmp_path)
    with pytest.raises(StoreError, match="reading session"), store.reading() as s:
        if how == "orm object":
            s.add(ParseAttempt(sha256="b" * 64, attempts=1))
        elif how == "core write":
            m.count_attempt(s, "b" * 64)
        else:
            s.execute(insert(ParseAttempt).values(sha256="b" * 64, attempts=1))
    with store.session() as s:
        assert s.exec(select(ParseAttempt)).all() == []


def test_given_up_finds_only_the_messages_with_enough_attempts(tmp_path: Path) -> None:
    store = _store(tmp_path)
    with store.session() as s:
        for sha, times in (("c" * 64, 3), ("d" * 64, 2), ("e" * 64, 5)):
            for _ in range(times):
                m.count_attempt(s, sha)
    with store.reading() as s:
        assert m.given_up(s, 3) == {"c" * 64: 3, "e" * 64: 5}
