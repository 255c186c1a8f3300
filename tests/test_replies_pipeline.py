
"""Acknowledgements through the real pipeline: a reply to the acknowledgement becomes version 2 and
its acknowledgement says so; one ``intake poll`` against Dovecot + aiosmtpd takes a submission from
the inbox to a delivered acknowledgement (and a copy in the mailbox's Sent folder)."""

from __future__ import annotations

from email.message import EmailMessage
from pathlib import Path

import pytest
from typer.testing import CliRunner

from intake.cli import app
from intake.pipeline import PipelineContext, process
from intake.replies import send_due
from store.db import Store
from tests.fixtures.dovecot import Dovecot
from tests.fixtures.forms import form_email
from tests.fixtures.mailflow import submission
from tests.fixtures.smtp import PASSWORD, USER, Sink, reply_config

# Store, pipeline, worker and web tests run on SQLite and on a real PostgreSQL.
pytestmark = pytest.mark.usefixtures("database")


def text_of(msg: EmailMessage) -> str:
    part = msg.get_body(("plain",))
    assert part is not None
    return str(part.get_content())


def test_reply_to_the_acknowledgement_becomes_version_2_and_says_so(tmp_path: Path, smtp_sink: Sink) -> None:
    config = reply_config(tmp_path, smtp=smtp_sink.smtp_table())
    store = Store.open(config.database_url)
    ctx = PipelineContext(config, store)
    first = process(ctx, form_email(summary="word " * 63), origin="test")
    assert send_due(config, store)["sent"] == 1
    ack1 = smtp_sink.inbox.get(timeout=2).msg
    assert "This is version" not in text_of(ack1)
    assert ("Your summary has 63 words; the limit is 50. Reply to this email with a shorter summary."
            in text_of(ack1))

    # The submitter answers the acknowledgement with just the corrected summary.
    answers = dict.fromkeys(("name", "job_title", "email", "organisation", "title", "description", "lessons"))
    fixed = form_email(in_reply_to=ack1["Message-ID"], subject=str(ack1["Subject"]),
                       message_id="<fixed-1@test.example.org>", summary="A short summary now.",
                       **answers)  # type: ignore[arg-type]
    second = process(ctx, fixed, origin="test")
    assert (second.status, second.reference, second.version) == ("resubmission", first.reference, 2)
    assert send_due(config, store)["sent"] == 1
    ack2 = smtp_sink.inbox.get(timeout=2).msg
    store.close()
    body = text_of(ack2)
    assert f"This is version 2 of your submission {first.reference}; it replaces version 1." in body
    assert "Jane Okafor" in body and "A short summary now." in body  # carried-over and new answers
    assert "Before it can be reviewed" not in body and "waiting for review" in body
    assert ack2["Subject"] == f"Re: Case study submission [{first.reference}]"
    assert ack2["In-Reply-To"] == "<fixed-1@test.example.org>"
    assert ack1["Message-ID"] in ack2["References"]


def test_one_poll_takes_a_submission_from_the_inbox_to_a_delivered_acknowledgement(
        tmp_path: Path, dovecot: Dovecot, smtp_sink: Sink) -> None:
    user, password = dovecot.new_user("ack")
    (tmp_path / "imap.password").write_text(password + "\n", encoding="utf-8")
    (tmp_path / "smtp.password").write_text(PASSWORD + "\n", encoding="utf-8")
    cfg = tmp_path / "config.toml"
    cfg.write_text(f"""
data_dir = "data"

[mailbox]
type = "imap"
host = "{dovecot.host}"
port = {dovecot.port}
security = "none"
username = "{user}"
password_file = "imap.password"
timeout_s = 10.0

[smtp]
transport = "smtp"
host = "127.0.0.1"
port = {smtp_sink.port}
security = "starttls"
ca_file = "{smtp_sink.cert}"
username = "{USER}"
password_file = "smtp.password"
timeout_s = 5.0

[replies]
copy_to_sent = true
""", encoding="utf-8")
    dovecot.append(user, [submission(7)])

    result = CliRunner().invoke(app, ["--config", str(cfg), "poll"])

    assert result.exit_code == 0, result.output
    got = smtp_sink.inbox.get(timeout=5)
    assert got.tls and got.authenticated and got.rcpt_tos == ["person7@library7.example.org"]
    assert got.msg["Subject"].startswith("Re: Case study submission 7 [CS-")
    assert got.msg["In-Reply-To"] == "<s7@library7.example.org>"
    assert got.msg["Auto-Submitted"] == "auto-replied"
    assert "Warm spaces number 7" in text_of(got.msg)
    assert [dovecot.count(user, f) for f in ("INBOX", "Processed", "Sent")] == [0, 1, 1]
