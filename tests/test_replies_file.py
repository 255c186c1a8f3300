"""The embedded default writes replies as .eml files; staff see and manage the outbox from the CLI."""

from __future__ import annotations

import email
import email.policy
import json
from pathlib import Path

from typer.testing import CliRunner

from intake.cli import app
from intake.config import load_config
from intake.replies import send_due
from store.db import Store
from tests.fixtures.smtp import free_port, incoming, reply_config, submit


def test_file_transport_writes_eml_files(tmp_path: Path, reply_store) -> None:
    config = reply_config(tmp_path)
    assert config.smtp.transport == "file"
    _, sub = submit(reply_store, config, incoming())
    assert send_due(config, reply_store) == {"sent": 1, "failed": 0, "retry": 0}
    files = sorted(config.outbox_dir.glob("*.eml"))
    assert [f.name.endswith("-000001-acknowledgement.eml") for f in files] == [True]
    msg = email.message_from_bytes(files[0].read_bytes(), policy=email.policy.default)
    assert msg["To"] == "Alice Able <alice@library.example.org>"
    assert sub.reference in msg["Subject"]
    assert list(config.outbox_dir.glob("*.tmp")) == []
    assert send_due(config, reply_store)["sent"] == 0
    assert len(list(config.outbox_dir.glob("*.eml"))) == 1


def _cli_setup(tmp_path: Path, smtp: str = "") -> tuple[Path, Store]:
    cfg = tmp_path / "config.toml"
    cfg.write_text(f'data_dir = "data"\n{smtp}', encoding="utf-8")
    store = Store.open(load_config(cfg).database_url)
    return cfg, store


def test_send_command_delivers_due_replies_to_the_outbox_folder(tmp_path: Path) -> None:
    cfg, store = _cli_setup(tmp_path)
    submit(store, load_config(cfg), incoming())
    store.close()
    result = CliRunner().invoke(app, ["--config", str(cfg), "send"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("sent 1, to retry 0, failed 0 (file: ")
    assert len(list((tmp_path / "data" / "outbox").glob("*.eml"))) == 1


def test_outbox_list_shows_failed_replies_and_retry_puts_them_back(tmp_path: Path) -> None:
    smtp = (f'[smtp]\ntransport = "smtp"\nhost = "127.0.0.1"\nport = {free_port()}\nsecurity = "none"\n'
            'timeout_s = 2.0\nmax_attempts = 1\n')
    cfg, store = _cli_setup(tmp_path, smtp)
    submit(store, load_config(cfg), incoming())
    store.close()
    runner = CliRunner()
    sent = runner.invoke(app, ["--config", str(cfg), "send"])
    assert sent.exit_code == 1 and sent.output.startswith("sent 0, to retry 0, failed 1")
    listed = runner.invoke(app, ["--config", str(cfg), "outbox", "list", "--status", "failed", "--json"])
    assert listed.exit_code == 0, listed.output
    rows = json.loads(listed.output)
    assert [(r["id"], r["status"], r["to"], r["attempts"]) for r in rows] == [
        (1, "failed", "alice@library.example.org", 1)]
    assert "cannot connect to 127.0.0.1" in rows[0]["last_error"]
    table = CliRunner(env={"COLUMNS": "120"}).invoke(app, ["--config", str(cfg), "outbox", "list"])
    assert "failed" in table.output and "alice@library.example.org" in table.output
    retried = runner.invoke(app, ["--config", str(cfg), "outbox", "retry", "1"])
    assert retried.exit_code == 0 and "pending again" in retried.output
    again = runner.invoke(app, ["--config", str(cfg), "outbox", "retry", "1"])
    assert again.exit_code == 2 and "only failed or cancelled rows can be retried" in again.output
    cancelled = runner.invoke(app, ["--config", str(cfg), "outbox", "cancel", "1"])
    assert cancelled.exit_code == 0 and "cancelled" in cancelled.output


def test_outbox_commands_fail_in_one_line(tmp_path: Path) -> None:
    cfg, store = _cli_setup(tmp_path)
    store.close()
    runner = CliRunner()
    missing = runner.invoke(app, ["--config", str(cfg), "outbox", "retry", "42"])
    assert missing.exit_code == 2 and missing.output.strip() == "error: no outbox row 42"
    bad = runner.invoke(app, ["--config", str(cfg), "outbox", "list", "--status", "lost"])
    assert bad.exit_code == 2 and "unknown outbox status 'lost'" in bad.output
    assert "Traceback" not in missing.output + bad.output
