"""The same schema and pipeline on PostgreSQL, chosen by URL alone (``[database] url``)."""

from __future__ import annotations

import dataclasses
import time
from pathlib import Path

from sqlmodel import select

from intake.config import load_config
from intake.leases import LeaseKeeper
from intake.pipeline import PipelineContext, process, run_once
from intake.sources.files import FileSource
from store import messages
from store import queue as q
from store.db import Store
from store.marks import FolderMark, folder_mark, set_folder_mark
from store.models import MailboxSeen, Message, Submission
from tests.fixtures.forms import form_email, question_email
from tests.fixtures.postgres import PgCluster
from tests.test_migrations import schema_differences


def test_migrations_create_the_models_schema_on_postgresql(pg_url: str) -> None:
    store = Store.open(pg_url)
    try:
        assert store.engine.dialect.name == "postgresql"
        assert schema_differences(store.engine) == []
    finally:
        store.close()


def test_a_pipeline_cycle_lands_in_postgresql(pg_url: str, workdir: Path) -> None:
    config = dataclasses.replace(load_config(None, cwd=workdir), database_url=pg_url)
    (workdir / "mail").mkdir()
    (workdir / "mail" / "a.eml").write_bytes(form_email(title="Ünïcode & more", summary="word " * 60))
    (workdir / "mail" / "b.eml").write_bytes(question_email())
    store = Store.open(config.database_url)
    try:
        report = run_once(config, store, FileSource([workdir / "mail"]))
        again = run_once(config, store, FileSource([workdir / "mail"]))
        assert report.counts == {"submission": 1, "not_submission": 1}
        assert again.counts == {"duplicate": 2}
        reply = process(PipelineContext(config, store), form_email(title="Ünïcode & more"), origin="test")
        assert (reply.status, reply.version) == ("resubmission", 2)
        with store.session() as s:
            sub = s.exec(select(Submission)).one()
            assert (sub.title, sub.version, sub.status) == ("Ünïcode & more", 2, "pending_review")
            assert len(s.exec(select(Message)).all()) == 3
            assert [e.to_status for e in q.events(s, sub) if e.to_status] == ["needs_attention",
                                                                              "pending_review"]
    finally:
        store.close()


def test_a_lease_is_renewed_after_a_postgresql_restart_and_given_up_when_another_took_it(
        pg_cluster: PgCluster, pg_migrated_url: str) -> None:
    store = Store.open(pg_migrated_url)
    try:
        keeper = LeaseKeeper(store, ["contact"], 2.0, holder="a:1")
        keeper.tick()
        pg_cluster.restart()  # every connection is cut
        keeper.tick()  # reconnects, and renews: nobody took it meanwhile
        assert list(keeper.held) == ["contact"]
        holding = keeper.held["contact"]
        time.sleep(2.5)  # the lease runs out while this worker cannot renew (a partition)...
        other = LeaseKeeper(store, ["contact"], 30, holder="b:2")
        other.tick()
        assert list(other.held) == ["contact"]  # ...and another worker takes the mailbox
        keeper.tick()
        assert keeper.held == {} and holding.lost  # this one stops polling it
    finally:
        store.close()


def test_the_finished_uids_an_idle_poll_asks_about_are_the_same_on_postgresql_and_sqlite(
        pg_url: str, tmp_path: Path) -> None:
    """Whether a finished UID is at or above a number compares numbers (10 above 9; a UID that
    is not a number and an unfinished one ignored); ``among`` narrows the finished UIDs asked."""
    for url in (pg_url, f"sqlite:///{tmp_path / 'q.db'}"):
        store = Store.open(url)
        try:
            with store.session() as s:
                s.add_all(MailboxSeen(account="a@h", folder="INBOX", uidvalidity=7, uid=uid,
                                      sha256=f"{n:064d}", finished=uid != "11")
                          for n, uid in enumerate(["9", "10", "11", "zz", "2"]))
            with store.session() as s:
                assert [messages.finished_from(s, "a@h", "INBOX", 7, uid) for uid in (2, 9, 10, 11, 100)] == [
                    True, True, True, False, False]  # 10 is above 9; 11 is unfinished; "zz" no number
                assert not messages.finished_from(s, "a@h", "INBOX", 8, 1)
                assert messages.finished_uids(s, "a@h", "INBOX", 7, among=["9", "11", "12"]) == {"9"}
                assert messages.finished_uids(s, "a@h", "INBOX", 7, among=[]) == set()
                assert messages.finished_uids(s, "a@h", "INBOX", 7) == {"9", "10", "zz", "2"}
        finally:
            store.close()


def test_the_unfinished_uids_below_a_mark_and_the_kept_marks_are_the_same_on_postgresql_and_sqlite(
        pg_url: str, tmp_path: Path) -> None:
    """UIDs at or below a number compare as numbers (9 below 10, 100 above); a folder's mark keeps
    unsigned 32-bit numbers, is replaced, and dropped."""
    top = 2**32 - 1  # the largest UIDVALIDITY and UID (RFC 3501 2.3.1.1)
    for url in (pg_url, f"sqlite:///{tmp_path / 'm.db'}"):
        store = Store.open(url)
        try:
            with store.session() as s:
                s.add_all(MailboxSeen(account="a@h", folder="INBOX", uidvalidity=7, uid=uid,
                                      sha256=f"{n:064d}", finished=uid == "3")
                          for n, uid in enumerate(["3", "9", "10", "100", "zz"]))
                set_folder_mark(s, "a@h", "INBOX", FolderMark(top, 10))
            with store.session() as s:
                assert messages.unfinished_upto(s, "a@h", "INBOX", 7, 10, limit=5) == {"9", "10"}
                assert messages.unfinished_upto(s, "a@h", "INBOX", 7, 9, limit=5) == {"9"}
                assert len(messages.unfinished_upto(s, "a@h", "INBOX", 7, 10, limit=1)) == 1
                assert messages.unfinished_upto(s, "a@h", "INBOX", 8, 10, limit=5) == set()
                assert folder_mark(s, "a@h", "INBOX") == FolderMark(top, 10)
                set_folder_mark(s, "a@h", "INBOX", FolderMark(7, top))
            with store.session() as s:
                assert folder_mark(s, "a@h", "INBOX") == FolderMark(7, top)
                assert folder_mark(s, "a@h", "Other") is None
                set_folder_mark(s, "a@h", "INBOX", None)
            with store.session() as s:
                assert folder_mark(s, "a@h", "INBOX") is None
        finally:
            store.close()
