"""The contact mailbox over IMAP, end to end: Dovecot on 127.0.0.1 -> ImapSource -> the real
pipeline (intake.cycle.poll_once) -> the store. Every message exactly once, whatever happens to the
mailbox or the connection."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import func, select

from intake.config import load_config
from intake.cycle import poll_mailbox, poll_once
from intake.sources.imap import ImapSource, account_of
from store.db import Store
from store.marks import FolderMark, folder_mark
from store.models import Heartbeat, MailboxSeen, Message, Submission
from tests.fixtures.dovecot import Dovecot
from tests.fixtures.mailflow import imap_config, question, submission, write_imap_config
from tests.fixtures.relay import FaultRelay

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def user(dovecot: Dovecot) -> str:
    return dovecot.new_user("src")[0]


def _store(config) -> Store:  # noqa: ANN001
    return Store.open(config.database_url)


def counts(store: Store) -> tuple[int, int]:
    """(message rows, submissions)."""
    with store.session() as s:
        return (s.exec(select(func.count()).select_from(Message)).one(),
                s.exec(select(func.count()).select_from(Submission)).one())


def fetches_and_searches(dovecot: Dovecot, user: str) -> tuple[int, int]:
    cmds = dovecot.rawlog_commands(user)
    return (sum(c.startswith("UID SEARCH") for c in cmds), sum(c.startswith("UID FETCH") for c in cmds))


def test_100_messages_in_100_stored_inbox_empty_processed_100(dovecot: Dovecot, user: str,
                                                              tmp_path: Path) -> None:
    dovecot.append(user, [submission(n) for n in range(100)])
    config = imap_config(dovecot, user, tmp_path)
    store = _store(config)

    [report] = poll_once(config, store)

    assert report.error is None and report.counts == {"submission": 100}
    assert counts(store) == (100, 100)
    assert dovecot.count(user, "INBOX") == 0
    assert dovecot.count(user, "Processed") == 100
    searches, fetches = fetches_and_searches(dovecot, user)
    assert (searches, fetches) == (1, 2)  # batch_size 50: two FETCHes for 100 messages


def test_a_second_poll_takes_nothing(dovecot: Dovecot, user: str, tmp_path: Path) -> None:
    dovecot.append(user, [submission(n) for n in range(5)])
    config = imap_config(dovecot, user, tmp_path)
    store = _store(config)
    poll_once(config, store)
    dovecot.clear_rawlog(user)

    [report] = poll_once(config, store)

    assert report.error is None and report.total == 0
    assert counts(store) == (5, 5)
    assert fetches_and_searches(dovecot, user) == (1, 0)


def test_outcomes_go_to_their_folders_and_failures_are_recorded(dovecot: Dovecot, user: str,
                                                                tmp_path: Path) -> None:
    huge = submission(99).replace(b"Key lessons", b"X" * 5000 + b"\nKey lessons")
    dovecot.append(user, [submission(1), question(1), huge])
    config = imap_config(dovecot, user, tmp_path, top={"limits": {"max_message_bytes": 4000}})
    store = _store(config)

    [report] = poll_once(config, store)

    assert report.counts == {"submission": 1, "not_submission": 1, "failed": 1}
    folders = ("INBOX", "Processed", "Not-submissions", "Failed")
    assert [dovecot.count(user, f) for f in folders] == [0, 1, 1, 1]
    with store.session() as s:
        failed = s.exec(select(Message).where(Message.outcome == "failed")).one()
    assert failed.error and "limit is 4000" in failed.error


def test_a_message_copied_back_into_the_inbox_is_not_stored_twice(dovecot: Dovecot, user: str,
                                                                  tmp_path: Path) -> None:
    dovecot.append(user, [submission(n) for n in range(3)])
    config = imap_config(dovecot, user, tmp_path)
    store = _store(config)
    poll_once(config, store)
    dovecot.copy(user, "Processed", "INBOX", limit=2)  # someone drags two back

    [report] = poll_once(config, store)

    assert report.counts == {"duplicate": 2}
    assert counts(store) == (3, 3)
    assert dovecot.count(user, "INBOX") == 0  # moved again, nothing left behind


def test_a_uidvalidity_reset_creates_no_duplicates(dovecot: Dovecot, user: str, tmp_path: Path) -> None:
    dovecot.append(user, [submission(n) for n in range(4)])
    config = imap_config(dovecot, user, tmp_path, after="seen")  # mail stays in the inbox
    store = _store(config)
    poll_once(config, store)
    old = dovecot.uidvalidity(user)
    new = dovecot.reset_uidvalidity(user)
    assert dovecot.uidvalidity(user) == new != old

    [report] = poll_once(config, store)

    assert report.counts == {"duplicate": 4}  # fetched again under the new UIDVALIDITY, stored once
    assert counts(store) == (4, 4)
    [third] = poll_once(config, store)
    assert third.total == 0  # and the new keys are remembered


def test_a_connection_cut_in_the_middle_of_a_batch_loses_nothing(dovecot: Dovecot, user: str, tmp_path: Path,
                                                                 cut_proxy: FaultRelay) -> None:
    dovecot.append(user, [submission(n) for n in range(30)])
    config = imap_config(dovecot, user, tmp_path, port=cut_proxy.port, batch_size=10)
    store = _store(config)
    # The second FETCH is answered halfway through its first message, then the line goes dead.
    cut_proxy.cut_at(b"UID FETCH", nth=2, after_bytes=300)

    [first] = poll_once(config, store)

    assert cut_proxy.cuts == 1
    assert first.error is not None and "connection to" in first.error
    # At most the first batch is stored (parsing reads a few messages ahead; those the dead
    # connection could not move wait for the next poll).
    taken = first.counts["submission"]
    assert 0 < taken <= 10 and set(first.counts) == {"submission"}
    with store.session() as s:
        beat = s.exec(select(Heartbeat)).one()
    assert beat.consecutive_failures == 1 and beat.last_error == first.error

    [second] = poll_once(config, store)

    assert second.error is None and second.counts.get("submission", 0) == 30 - taken
    assert set(second.counts) <= {"submission", "duplicate"}
    assert counts(store) == (30, 30)
    assert (dovecot.count(user, "INBOX"), dovecot.count(user, "Processed")) == (0, 30)


def test_a_cut_between_commit_and_move_leads_to_the_move_alone(dovecot: Dovecot, user: str, tmp_path: Path,
                                                               cut_proxy: FaultRelay) -> None:
    dovecot.append(user, [*(submission(n) for n in range(4)), question(1)])
    config = imap_config(dovecot, user, tmp_path, port=cut_proxy.port)
    store = _store(config)
    # The committed messages are moved together, one MOVE per folder: the submissions' goes
    # through, the question's never reaches the server.
    cut_proxy.cut_at(b"UID MOVE", nth=2, after_bytes=0)

    [first] = poll_once(config, store)

    assert first.counts == {"submission": 4, "not_submission": 1} and first.finish_errors == 1
    assert first.error is not None
    assert (dovecot.count(user, "Processed"), dovecot.count(user, "Not-submissions")) == (4, 0)
    [second] = poll_once(config, store)
    assert second.counts == {"duplicate": 1}  # the committed one is only moved
    assert counts(store) == (5, 4)
    assert [dovecot.count(user, f) for f in ("INBOX", "Processed", "Not-submissions")] == [0, 4, 1]


def test_a_poll_of_5000_processed_messages_costs_one_search_and_no_fetch(dovecot: Dovecot, user: str,
                                                                         tmp_path: Path) -> None:
    dovecot.write_maildir(user, (b"Subject: old %d\r\nMessage-ID: <old%d@x>\r\n\r\nhi\r\n" % (n, n)
                                 for n in range(5000)))
    config = imap_config(dovecot, user, tmp_path, after="seen")
    store = _store(config)
    mailbox_cfg = config.mailboxes[0]
    with ImapSource(mailbox_cfg, config) as src:  # what an earlier worker left in the store
        uidvalidity, uids = src.state.uidvalidity, src._box.search()
    assert len(uids) == 5000
    with store.session() as s:
        s.add_all(MailboxSeen(account=account_of(mailbox_cfg), folder="INBOX", uidvalidity=uidvalidity,
                              uid=str(uid), sha256=f"{uid:064d}", finished=True) for uid in uids)
    dovecot.clear_rawlog(user)

    started = time.monotonic()
    [report] = poll_once(config, store)
    elapsed = time.monotonic() - started

    assert report.error is None and report.total == 0
    assert fetches_and_searches(dovecot, user) == (1, 0)
    assert elapsed < 5


def _unfinish(store: Store, uid: int) -> None:
    """Leave the key of ``uid`` unfinished, as a post-action that failed does."""
    with store.session() as s:
        row = s.exec(select(MailboxSeen).where(MailboxSeen.uid == str(uid))).one()
        row.finished = False
        s.add(row)


def searches(dovecot: Dovecot, user: str) -> list[str]:
    return [c for c in dovecot.rawlog_commands(user) if c.startswith("UID SEARCH")]


def test_an_idle_poll_searches_above_the_finished_uids_and_still_takes_what_is_unfinished(
        dovecot: Dovecot, user: str, tmp_path: Path) -> None:
    """Once a whole-folder scan found every message up to a UID finished, the next polls search
    only above it (``UID n:*``); a message left unfinished stops the mark below itself, so it is
    taken again with the new mail after it; a new UIDVALIDITY scans the whole folder again."""
    dovecot.append(user, [submission(n) for n in range(5)])
    config = imap_config(dovecot, user, tmp_path, after="seen")  # mail stays in the inbox
    store = _store(config)
    assert poll_once(config, store)[0].counts == {"submission": 5}  # UIDs 1-5
    _unfinish(store, 3)
    dovecot.clear_rawlog(user)

    [second] = poll_once(config, store)  # the whole folder: UID 3 again, marked up to UID 2

    assert second.counts == {"duplicate": 1}
    _unfinish(store, 3)  # its post-action failed again
    dovecot.append(user, [submission(5)])  # UID 6

    [third] = poll_once(config, store)

    assert third.counts == {"duplicate": 1, "submission": 1}  # UID 3 and the new UID 6
    [fourth] = poll_once(config, store)
    assert fourth.total == 0
    assert searches(dovecot, user) == ["UID SEARCH NOT DELETED"] + ["UID SEARCH UID 3:* NOT DELETED"] * 2
    assert counts(store) == (6, 6)
    with store.session() as s:
        assert all(row.finished for row in s.exec(select(MailboxSeen)).all())

    dovecot.reset_uidvalidity(user)
    dovecot.clear_rawlog(user)
    [fifth] = poll_once(config, store)

    assert fifth.counts == {"duplicate": 6} and counts(store) == (6, 6)
    assert searches(dovecot, user) == ["UID SEARCH NOT DELETED"]
    assert poll_once(config, store)[0].total == 0
    assert mark_of(store, config) == FolderMark(dovecot.uidvalidity(user), 6)


def test_kept_mail_above_the_mark_sends_a_poll_back_to_the_whole_folder_which_raises_the_mark(
        dovecot: Dovecot, user: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("intake.sources.imap._REMARK_AFTER", 2)
    dovecot.append(user, [submission(n) for n in range(3)])
    config = imap_config(dovecot, user, tmp_path, after="seen")
    store = _store(config)
    poll_once(config, store)
    poll_once(config, store)  # the whole folder, marked up to UID 3
    dovecot.append(user, [submission(n) for n in range(3, 6)])  # UIDs 4-6, kept after processing
    dovecot.clear_rawlog(user)

    reports = [poll_once(config, store)[0] for _ in range(4)]

    assert [r.counts for r in reports] == [{"submission": 3}, {}, {}, {}]
    assert searches(dovecot, user) == ["UID SEARCH UID 4:* NOT DELETED"] * 2 + [
        "UID SEARCH NOT DELETED", "UID SEARCH UID 7:* NOT DELETED"]  # 3 finished above: scan, mark 6


def test_uids_reused_after_another_process_polled_are_found_despite_the_mark(
        dovecot: Dovecot, user: str, tmp_path: Path) -> None:
    """This process marked the folder up to UID 5; another one then finished UIDs 6-9 and the
    server handed out 6 and 7 again (same UIDVALIDITY): the finished UID 9 at or above the next
    UID sends the poll back to the whole-folder scan, which takes both as new mail."""
    dovecot.append(user, [submission(n) for n in range(5)])
    config = imap_config(dovecot, user, tmp_path)
    store = _store(config)
    assert poll_once(config, store)[0].counts == {"submission": 5}
    assert poll_once(config, store)[0].total == 0  # the empty folder: marked up to UID 5
    with store.session() as s:
        s.add_all(MailboxSeen(account=account_of(config.mailboxes[0]), folder="INBOX",
                              uidvalidity=dovecot.uidvalidity(user), uid=str(uid), sha256=f"{uid:064d}",
                              finished=True) for uid in range(6, 10))
    dovecot.append(user, [submission(n) for n in range(100, 102)])  # UIDs 6 and 7

    [report] = poll_once(config, store)

    assert report.error is None and report.counts == {"submission": 2}
    assert counts(store) == (7, 7) and dovecot.count(user, "INBOX") == 0


def intake_poll(path: Path) -> str:
    """``intake poll`` in a process of its own, as cron runs it; returns what it printed."""
    done = subprocess.run([sys.executable, "-m", "intake", "--config", str(path), "poll"], cwd=path.parent,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


def mark_of(store: Store, config) -> FolderMark | None:  # noqa: ANN001
    with store.session() as s:
        return folder_mark(s, account_of(config.mailboxes[0]), "INBOX")


def test_a_new_intake_poll_process_searches_above_the_mark_an_earlier_process_kept(
        dovecot: Dovecot, user: str, tmp_path: Path) -> None:
    """The mark lives in the database: a cron-style ``intake poll``, a process of its own, searches
    above it from its first poll, and takes the new mail there."""
    dovecot.append(user, [submission(n) for n in range(3)])
    path = write_imap_config(dovecot, user, tmp_path, after="seen")
    config = load_config(path)
    store = _store(config)
    poll_once(config, store)  # UIDs 1-3 taken
    poll_once(config, store)  # the whole folder, every message finished: marked up to UID 3
    assert mark_of(store, config) == FolderMark(dovecot.uidvalidity(user), 3)
    dovecot.append(user, [submission(3)])  # UID 4
    dovecot.clear_rawlog(user)

    printed = intake_poll(path)

    assert "contact: 1 message (1 new submission)" in printed
    assert searches(dovecot, user) == ["UID SEARCH UID 4:* NOT DELETED"]
    assert counts(store) == (4, 4)


def test_a_message_whose_post_action_failed_stops_the_mark_below_it_and_a_later_process_takes_it(
        dovecot: Dovecot, user: str, tmp_path: Path, cut_proxy: FaultRelay) -> None:
    """UID 4's flag never reaches the server, twice: its key stays unfinished, so the mark the
    second poll's whole-folder scan keeps stops at UID 3, and the next process, searching above
    the mark, still takes it (only flags it: it is stored already); nothing is lost."""
    dovecot.append(user, [submission(1), submission(2), submission(3), question(1), submission(4),
                          submission(5)])
    path = write_imap_config(dovecot, user, tmp_path, after="seen", port=cut_proxy.port)
    config = load_config(path)
    store = _store(config)
    cut_proxy.cut_at(b"UID STORE", nth=2)  # the submissions' \Seen goes through, the question's not
    [first] = poll_once(config, store)
    assert first.counts == {"submission": 5, "not_submission": 1} and first.finish_errors == 1
    cut_proxy.cut_at(b"UID STORE", nth=1)
    [second] = poll_once(config, store)  # the whole folder: UID 4 again, its flag cut again
    assert second.counts == {"duplicate": 1} and second.finish_errors == 1
    assert mark_of(store, config) == FolderMark(dovecot.uidvalidity(user), 3)
    dovecot.clear_rawlog(user)

    printed = intake_poll(path)

    assert "contact: 1 message (1 seen before)" in printed
    assert searches(dovecot, user) == ["UID SEARCH UID 4:* NOT DELETED"]
    with store.session() as s:
        assert all(row.finished for row in s.exec(select(MailboxSeen)).all())
    assert counts(store) == (6, 5) and dovecot.count(user, "INBOX") == 6


def test_a_key_undone_below_the_mark_is_searched_for_by_its_uid_and_taken_again(
        dovecot: Dovecot, user: str, tmp_path: Path) -> None:
    """Should a key at or below the mark be unfinished after all (nothing the pipeline does, but
    the mark is a promise about other rows), the poll asks for that UID by name beside the ones
    above the mark, and takes the message again."""
    dovecot.append(user, [submission(n) for n in range(5)])
    config = imap_config(dovecot, user, tmp_path, after="seen")
    store = _store(config)
    poll_once(config, store)
    poll_once(config, store)  # marked up to UID 5
    _unfinish(store, 3)
    dovecot.clear_rawlog(user)

    [report] = poll_once(config, store)
    [after] = poll_once(config, store)

    assert report.counts == {"duplicate": 1} and after.total == 0
    assert searches(dovecot, user) == ["UID SEARCH UID 3,6:* NOT DELETED", "UID SEARCH UID 6:* NOT DELETED"]
    assert mark_of(store, config) == FolderMark(dovecot.uidvalidity(user), 5)


def test_a_locked_database_when_the_mark_moves_stops_the_poll_with_one_line_and_the_next_takes_all(
        dovecot: Dovecot, user: str, tmp_path: Path) -> None:
    """After a UIDVALIDITY change the whole-folder scan replaces the kept mark before it takes
    anything; a database locked by another process then ends the cycle saying so in words, and
    the next poll takes every message (only flags them: they are stored already)."""
    import sqlite3

    from store.db import make_engine, migrate

    dovecot.append(user, [submission(n) for n in range(3)])
    config = imap_config(dovecot, user, tmp_path, after="seen")
    engine = make_engine(config.database_url, busy_timeout_s=0.3)
    migrate(engine)
    store = Store(engine)
    poll_once(config, store)
    poll_once(config, store)  # marked up to UID 3
    dovecot.reset_uidvalidity(user)
    holder = sqlite3.connect(config.database_url.removeprefix("sqlite:///"), isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another process writing for longer than the busy timeout
    try:
        locked = poll_mailbox(config, store, config.mailboxes[0])  # the worker's cycle of one mailbox
    finally:
        holder.execute("ROLLBACK")
        holder.close()

    assert locked.total == 0
    assert locked.error == "the database is locked by another process (retrying next poll)"
    [report] = poll_once(config, store)
    assert report.error is None and report.counts == {"duplicate": 3}
    assert mark_of(store, config) is None  # the old UIDVALIDITY's mark dropped: nothing was finished
    assert poll_once(config, store)[0].total == 0
    assert mark_of(store, config) == FolderMark(dovecot.uidvalidity(user), 3)


def test_since_takes_only_recent_mail(dovecot: Dovecot, user: str, tmp_path: Path) -> None:
    from imapclient import IMAPClient

    with IMAPClient(dovecot.host, port=dovecot.port, ssl=False, timeout=10) as c:
        c.login(user, dovecot.password(user))
        c.append("INBOX", submission(1), msg_time=datetime.now(UTC) - timedelta(days=400))
        c.append("INBOX", submission(2))
    since = (datetime.now(UTC) - timedelta(days=30)).date().isoformat()
    config = imap_config(dovecot, user, tmp_path, since=since)
    store = _store(config)

    [report] = poll_once(config, store)

    assert report.counts == {"submission": 1}
    assert dovecot.count(user, "INBOX") == 1  # the old one is left alone


def test_a_malformed_since_is_reported_not_raised(dovecot: Dovecot, user: str, tmp_path: Path) -> None:
    config = imap_config(dovecot, user, tmp_path)
    config = dataclasses.replace(config, mailboxes=(dataclasses.replace(config.mailboxes[0],
                                                                        since="last March"),))
    [report] = poll_once(config, _store(config))
    assert report.error is not None and "expected YYYY-MM-DD" in report.error


def test_after_none_leaves_the_mailbox_untouched(dovecot: Dovecot, user: str, tmp_path: Path) -> None:
    dovecot.append(user, [submission(n) for n in range(2)])
    config = imap_config(dovecot, user, tmp_path, after="none")
    store = _store(config)
    poll_once(config, store)
    [again] = poll_once(config, store)
    assert again.total == 0 and counts(store) == (2, 2)
    assert dovecot.count(user, "INBOX") == 2
    assert not any(c.startswith(("UID MOVE", "UID STORE")) for c in dovecot.rawlog_commands(user))


def test_login_failure_is_recorded_in_the_heartbeat(dovecot: Dovecot, user: str, tmp_path: Path) -> None:
    config = imap_config(dovecot, user, tmp_path)
    config.mailboxes[0].password_file.write_text("wrong\n")  # type: ignore[union-attr]
    store = _store(config)

    [report] = poll_once(config, store)

    assert report.error is not None and "AUTHENTICATIONFAILED" in report.error
    with store.session() as s:
        beat = s.exec(select(Heartbeat)).one()
    assert beat.last_success_at is None and beat.consecutive_failures == 1


def _restart_uids(dovecot: Dovecot, user: str) -> int:
    """Make Dovecot hand out UIDs from 1 again under the same UIDVALIDITY, as a server restored
    from a backup or rebuilt can (breaking RFC 3501 2.3.1.1). Returns the UIDVALIDITY kept."""
    inbox = dovecot.maildir(user)
    uidlist = inbox / "dovecot-uidlist"
    header = uidlist.read_text().splitlines()[0].split()
    validity = next(int(f[1:]) for f in header if f.startswith("V"))
    kept = [f for f in header if not f.startswith("N")] + ["N1"]
    uidlist.write_text(" ".join(kept) + "\n")
    for index in inbox.glob("dovecot.index*"):
        index.unlink()
    return validity


def test_new_mail_behind_uids_a_server_reused_is_still_taken(dovecot: Dovecot, user: str,
                                                             tmp_path: Path) -> None:
    dovecot.append(user, [submission(n) for n in range(5)])
    config = imap_config(dovecot, user, tmp_path)
    store = _store(config)
    [first] = poll_once(config, store)
    assert first.counts == {"submission": 5} and dovecot.count(user, "INBOX") == 0
    assert poll_once(config, store)[0].total == 0  # the empty folder: searched above UID 5 next
    validity = _restart_uids(dovecot, user)
    dovecot.append(user, [submission(n) for n in range(100, 103)])
    with ImapSource(config.mailboxes[0], config) as source:
        assert source.state.uidvalidity == validity  # the server kept UIDVALIDITY...
        assert source.state.uidnext is not None and source.state.uidnext <= 5  # ...and reused UIDs

    [second] = poll_once(config, store)

    assert second.error is None and second.counts == {"submission": 3}
    assert counts(store) == (8, 8)
    assert dovecot.count(user, "INBOX") == 0 and dovecot.count(user, "Processed") == 8
