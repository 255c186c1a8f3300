"""``intake demo`` end to end, as a new user runs it: a fresh folder, the embedded default, one
command, in a real subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.fixtures.common import ROOT


def _intake(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "200"}
    return subprocess.run([sys.executable, "-m", "intake", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=120, check=False)


def test_demo_builds_a_queue_from_the_shipped_samples(tmp_path: Path) -> None:
    run = _intake(tmp_path, "demo")
    assert run.returncode == 0, run.stderr
    assert "Delivered 5 sample messages to data/Maildir/new" in run.stdout
    assert "default: 5 messages (4 new submissions, 1 not a submission)" in run.stdout
    for text in ("Reference", "Status", "Submitter", "Title", "Problems", "CS-", "needs attention",
                 "pending review", "over word limit", "Libraries on Prescription"):
        assert text in run.stdout, text
    assert "data/outbox" in run.stdout and "Traceback" not in run.stderr

    rows = json.loads(_intake(tmp_path, "queue", "list", "--json").stdout)
    by_title = {r["title"]: r for r in rows}
    assert len(rows) == 4
    assert by_title["The Digital Inclusion Bus"]["status"] == "needs_attention"
    others = {r["status"] for t, r in by_title.items() if t != "The Digital Inclusion Bus"}
    assert others == {"pending_review"}
    word = json.loads(_intake(tmp_path, "queue", "show", by_title["Libraries on Prescription"]["reference"],
                              "--json").stdout)
    assert word["source"] == "attachment:Case study form - Fenwick.docx"
    assert word["fields"]["organisation"] == "Fenwick County Council"

    maildir = tmp_path / "data" / "Maildir"
    assert not any((maildir / "new").iterdir())
    assert len(list((maildir / ".Processed" / "cur").iterdir())) == 4
    assert len(list((maildir / ".Not-submissions" / "cur").iterdir())) == 1


def test_demo_run_twice_stores_each_sample_once(tmp_path: Path) -> None:
    assert _intake(tmp_path, "demo").returncode == 0
    again = _intake(tmp_path, "demo")
    assert again.returncode == 0, again.stderr
    assert "default: 5 messages (5 seen before)" in again.stdout
    assert len(json.loads(_intake(tmp_path, "queue", "list", "--json").stdout)) == 4
