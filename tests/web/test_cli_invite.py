"""``intake user invite`` and ``intake user reset`` at the server: the same single-use link as the
browser's "Send invitation", emailed through the outbox to a real SMTP server (aiosmtpd)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from intake.cli import app
from intake.config import load_config
from intake.worker import Worker
from store.db import Store
from tests.fixtures.smtp import Sink
from tests.web.mailsite import LINK, text_of


def _config(tmp_path: Path, sink: Sink, public_url: str) -> Path:
    smtp = "\n".join(f"{k} = {json.dumps(v)}" for k, v in sink.smtp_table().items())
    path = tmp_path / "config.toml"
    text = f'data_dir = "data"\n[web]\npublic_url = "{public_url}"\n[smtp]\n{smtp}\n'
    path.write_text(text, encoding="utf-8")
    return path


def test_user_invite_emails_a_link_to_the_public_url(tmp_path: Path, smtp_sink: Sink) -> None:
    path = _config(tmp_path, smtp_sink, "https://review.example.org/intake")
    runner = CliRunner(env={"COLUMNS": "200"})
    result = runner.invoke(app, ["user", "invite", "Kim@Example.org", "--config", str(path)])
    assert result.exit_code == 0, (result.stdout, result.stderr)
    assert "Queued a set-password link (invite) to kim@example.org" in result.stdout
    config = load_config(path)
    store = Store.open(config.database_url)
    try:
        Worker(config, store).send_job()
        mail = smtp_sink.inbox.get(timeout=10)
        assert mail.rcpt_tos == ["kim@example.org"]
        link = LINK.search(text_of(mail.msg))
        assert link and link.group(0).startswith("https://review.example.org/intake/account/password/")
    finally:
        store.close()
    again = runner.invoke(app, ["user", "reset", "kim@example.org", "--config", str(path)])
    assert again.exit_code == 0 and "(invite)" in again.stdout  # no password chosen yet: a new invitation


def test_user_invite_without_a_public_url_says_what_to_set(tmp_path: Path, smtp_sink: Sink) -> None:
    path = _config(tmp_path, smtp_sink, "")
    result = CliRunner().invoke(app, ["user", "invite", "kim@example.org", "--config", str(path)])
    assert result.exit_code != 0 and "set [web] public_url" in result.stderr
    assert "Traceback" not in result.stderr
