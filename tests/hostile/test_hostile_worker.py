"""The worst hostile inputs in front of normal mail in a real Dovecot mailbox: one `intake poll` (a
separate process, the per-message parse pool inside) stores and acknowledges every normal message,
the acknowledgements counted at a real SMTP server (aiosmtpd on 127.0.0.1), and records each hostile
one with its outcome; a refused one is failed with its reason and filed in Failed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sqlmodel import select

from intake.config import load_config
from store.db import Store
from store.models import Message
from tests.fixtures.dovecot import Dovecot
from tests.fixtures.mailflow import submission, write_imap_config
from tests.fixtures.smtp import Sink
from tests.hostile.make_cases import CASES
from tests.hostile.test_hostile import build_in_child

# Those that stalled or blew up the worker before the fixes (issue 13), and two refused outright.
WORST = ("pdf_200_pages_of_operators", "winmail_400k_unknown_attributes", "mime_parts_rfc2231_boundary",
         "mime_boundary_after_4mib", "content_type_330k_parameters", "email_answer_a_at_50000",
         "docx_deflated_90mb_under_limits", "from_5000_nested_comments", "form_label_storm", "bare_cr_storm")
REFUSED = {"mime_parts_rfc2231_boundary", "mime_boundary_after_4mib"}
NORMAL = 5


def test_hostile_mail_in_front_of_normal_mail_leaves_the_normal_mail_stored_and_acknowledged(
        dovecot: Dovecot, smtp_sink: Sink, tmp_path: Path) -> None:
    user = dovecot.new_user("hostile")[0]
    by_name = {c.name: c for c in CASES}
    hostile = []
    for n, name in enumerate(WORST):
        raw = build_in_child(by_name[name], tmp_path / "cases").read_bytes()
        # A Message-ID of its own, so that each is its own message in the records.
        own = f"<{name}-{n}@test.example.org>".encode()
        hostile.append(raw.replace(b"<hostile@test.example.org>", own, 1))
    dovecot.append(user, [*hostile, *(submission(n, tag="normal") for n in range(NORMAL))])
    path = write_imap_config(dovecot, user, tmp_path, top={"smtp": smtp_sink.smtp_table()})

    proc = subprocess.run([sys.executable, "-m", "intake", "--config", str(path), "poll"], cwd=tmp_path,
                          capture_output=True, timeout=600, env={**os.environ, "COLUMNS": "200"})

    assert proc.returncode == 0, proc.stderr.decode()[-2000:]
    acks = [m for m in smtp_sink.received() if any(r.startswith("person") for r in m.rcpt_tos)]
    assert sorted(r for m in acks for r in m.rcpt_tos) == sorted(
        f"person{n}@library{n}.example.org" for n in range(NORMAL))
    config = load_config(path)
    store = Store.open(config.database_url)
    try:
        with store.session() as s:
            rows = {m.message_id: m for m in s.exec(select(Message))}
    finally:
        store.close()
    assert all(rows[f"<normal{n}@library{n}.example.org>"].outcome == "submission" for n in range(NORMAL))
    for n, name in enumerate(WORST):
        row = rows[f"<{name}-{n}@test.example.org>"]
        assert row.outcome != "failed" or row.error, name
        if name in REFUSED:
            assert (row.outcome, "MIME parts" in (row.error or "")) == ("failed", True), (name, row.error)
        if name == "from_5000_nested_comments":
            assert row.outcome in {"submission", "resubmission"}, row.error
    failed = sum(1 for r in rows.values() if r.outcome == "failed")
    assert dovecot.count(user, "INBOX") == 0 and dovecot.count(user, "Failed") == failed
