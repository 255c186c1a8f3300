"""``intake purge``, ``forget``, ``backup`` and ``restore`` on the demo's queue, in real subprocesses
as an operator types them; the outcome is read back from the database and the data folder."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.fixtures.common import ROOT

JANE = "jane.okafor@northbridge.example.org"


def _intake(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "200"}
    return subprocess.run([sys.executable, "-m", "intake", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=120, check=False)


@pytest.fixture(scope="module")
def demo_made(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo's folder, made once by ``intake demo`` (seconds) for the module to copy."""
    root = tmp_path_factory.mktemp("demo")
    run = _intake(root, "demo")
    assert run.returncode == 0, run.stderr
    return root


@pytest.fixture
def demo(demo_made: Path, tmp_path: Path) -> Path:
    """A copy of the demo's folder for this test alone (the embedded default finds all its state
    under the folder it runs in)."""
    shutil.copytree(demo_made / "data", tmp_path / "data", symlinks=True)
    return tmp_path


def _db(root: Path) -> sqlite3.Connection:
    return sqlite3.connect(root / "data" / "intake.sqlite3")


def _files_naming(root: Path, needle: str) -> list[Path]:
    return [p for p in (root / "data").rglob("*") if p.is_file() and p.suffix != ".sqlite3"
            and "sqlite3" not in p.name and needle.encode() in p.read_bytes().lower()]


def test_forget_erases_one_person_everywhere_and_keeps_an_audit_event(demo: Path) -> None:
    assert _files_naming(demo, JANE), "the demo's Maildir and outbox hold Jane's mail"
    run = _intake(demo, "forget", JANE.upper(), "--yes")
    assert run.returncode == 0, run.stderr
    assert "submissions CS-2026-0001" in run.stdout
    con = _db(demo)
    dump = "\n".join(con.iterdump()).lower()
    for trace in (JANE, "jane okafor", "northbridge", "warm spaces that became"):
        assert trace not in dump, trace
    assert _files_naming(demo, JANE) == []
    erased = con.execute("SELECT e.action, e.note FROM event e JOIN submission s ON s.id = e.submission_id "
                         "WHERE s.reference = 'CS-2026-0001' AND e.action = 'erased'").fetchall()
    assert erased == [("erased", "personal data erased on request")]
    # Everyone else is untouched, and search finds nothing of the person.
    assert con.execute("SELECT count(*) FROM submission WHERE submitter_email IS NOT NULL").fetchone() == (3,)
    found = _intake(demo, "queue", "list", "--json")
    assert "Okafor" not in found.stdout and "Tomasz Nowak" in found.stdout


def test_forget_refuses_what_is_not_an_address_in_one_line(demo: Path) -> None:
    run = _intake(demo, "forget", "jane", "--yes")
    assert run.returncode == 2
    assert run.stderr.strip() == "error: 'jane' is not an email address"


def test_purge_removes_old_raw_mail_but_keeps_submissions_and_open_ones_originals(demo: Path) -> None:
    con = _db(demo)
    con.execute("UPDATE message SET received_at = '2020-01-01 00:00:00.000000'")
    con.execute("UPDATE outbox SET created_at = '2020-01-01 00:00:00.000000'")
    con.execute("UPDATE submission SET status = 'accepted' WHERE reference = 'CS-2026-0002'")
    con.commit()
    run = _intake(demo, "purge", "--raw-older-than", "30")
    assert run.returncode == 0, run.stderr
    rows = dict(con.execute("SELECT m.id, length(m.raw) FROM message m").fetchall())
    subs = dict(con.execute("SELECT id, status FROM submission").fetchall())
    linked = dict(con.execute("SELECT id, submission_id FROM message").fetchall())
    for mid, size in rows.items():
        sid = linked[mid]
        reviewed = sid is None or subs[sid] == "accepted"
        assert (size == 0) == reviewed, (mid, sid, size)
    assert con.execute("SELECT count(*) FROM attachment WHERE content IS NOT NULL AND message_row_id IN "
                       "(SELECT id FROM message WHERE length(raw) = 0)").fetchone() == (0,)
    assert con.execute("SELECT count(*) FROM outbox WHERE length(raw) > 0").fetchone() == (0,)
    # The reviewed submission itself is kept whole.
    assert con.execute("SELECT title FROM submission WHERE reference = 'CS-2026-0002'").fetchone() == (
        "Code Clubs for Every Branch",)


def test_backup_then_restore_brings_back_what_was_erased(demo: Path, tmp_path: Path) -> None:
    backup = tmp_path / "backups" / "queue.sqlite3"
    run = _intake(demo, "backup", str(backup))
    assert run.returncode == 0, run.stderr
    assert backup.stat().st_mode & 0o077 == 0
    again = _intake(demo, "backup", str(backup))
    assert again.returncode == 2 and again.stderr.strip().endswith("exists already; choose a new file name")
    assert _intake(demo, "forget", JANE, "--yes").returncode == 0
    run = _intake(demo, "restore", str(backup), "--yes")
    assert run.returncode == 0, run.stderr
    titles = {t for (t,) in _db(demo).execute("SELECT title FROM submission")}
    assert "Warm Spaces that became Community Hubs" in titles and len(titles) == 4


def test_restore_refuses_a_file_that_is_not_a_backup(demo: Path, tmp_path: Path) -> None:
    bogus = tmp_path / "notes.txt"
    bogus.write_text("not a database")
    run = _intake(demo, "restore", str(bogus), "--yes")
    assert run.returncode == 2 and "is not a case-intake backup" in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1
