"""Files holding personal data are private to the account that runs case-intake, whatever the
umask, and ``intake doctor`` says when they are not; converters' scratch copies live under the
data folder and a killed run's leftovers go at the next start."""

from __future__ import annotations

import fcntl
import os
import stat
import subprocess
import sys
import time
from pathlib import Path

from intake.config import load_config
from intake.private import STALE_SCRATCH_S, use_scratch_dir
from tests.fixtures.common import ROOT


def _intake(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "200"}
    # The usual umask of a login shell or a service: without our care, files would be 0644.
    return subprocess.run([sys.executable, "-m", "intake", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=120, check=False, preexec_fn=lambda: os.umask(0o022))


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_demo_with_umask_022_creates_every_data_file_private(tmp_path: Path) -> None:
    run = _intake(tmp_path, "demo")
    assert run.returncode == 0, run.stderr
    data = tmp_path / "data"
    db = data / "intake.sqlite3"
    assert _mode(data) == 0o700
    assert _mode(db) == 0o600
    for side in ("intake.sqlite3-wal", "intake.sqlite3-shm"):
        if (data / side).exists():  # present while a connection was open; checked when left behind
            assert _mode(data / side) == 0o600, side
    emails = list((data / "outbox").rglob("*.eml"))
    assert emails, "the demo writes acknowledgements to the outbox folder"
    assert {_mode(p) for p in emails} == {0o600}
    assert {_mode(p) for p in data.rglob("*") if p.is_dir()} == {0o700}
    assert {_mode(p) & 0o077 for p in data.rglob("*") if p.is_file()} == {0}


def test_doctor_warns_about_a_database_others_can_read(tmp_path: Path) -> None:
    assert _intake(tmp_path, "demo").returncode == 0
    db = tmp_path / "data" / "intake.sqlite3"
    db.chmod(0o644)
    run = _intake(tmp_path, "doctor")
    assert "readable by other users of this machine" in run.stdout, run.stdout
    assert f"{db} (0644)" in run.stdout and "chmod 600" in run.stdout
    assert "Traceback" not in run.stderr


def test_scratch_folder_is_private_under_the_data_folder_and_leftovers_go(tmp_path: Path) -> None:
    data = tmp_path / "data"
    old = data / "tmp" / "intake-doc-killed"
    old.mkdir(parents=True)
    (old / "input.doc").write_bytes(b"someone's form")
    long_ago = time.time() - STALE_SCRATCH_S - 60
    os.utime(old, (long_ago, long_ago))
    recent = data / "tmp" / "intake-doc-running"
    recent.mkdir()
    scratch = use_scratch_dir(data)
    assert scratch == data / "tmp" and _mode(scratch) == 0o700
    assert not old.exists()
    assert recent.exists()  # another process of this installation may be converting right now
    assert load_config(None, cwd=tmp_path).limits.scratch_dir == str(scratch)  # where converters write


def test_sweep_leaves_a_running_libreoffice_folder_however_old_and_removes_an_abandoned_one(
    tmp_path: Path,
) -> None:
    data = tmp_path / "data"
    scratch = data / "tmp"
    live, gone = scratch / "intake-office-1-live", scratch / "intake-office-2-gone"
    for folder in (live, gone):
        (folder / "profile").mkdir(parents=True)
        (folder / "lock").touch()
        long_ago = time.time() - STALE_SCRATCH_S - 60
        os.utime(folder, (long_ago, long_ago))
    held = os.open(live / "lock", os.O_RDWR)
    fcntl.flock(held, fcntl.LOCK_EX)  # as OfficeSession holds it while its LibreOffice runs
    try:
        use_scratch_dir(data)
        assert live.exists() and not gone.exists()
    finally:
        os.close(held)
    use_scratch_dir(data)
    assert not live.exists()  # its process has gone: an ordinary leftover
