"""Emails to submitters at the terminal: the reply column of ``intake queue list``, the emails in
``intake queue show``, and ``intake queue set-status ... --email`` queueing the templated email."""

from __future__ import annotations

import email
import email.policy
import json
from pathlib import Path

from sqlmodel import col, select
from typer.testing import CliRunner

from intake.cli import app
from intake.config import load_config
from store.db import Store
from store.models import Outbox
from store.queue import get_by_reference, set_status
from tests.fixtures.smtp import incoming, submit

SERVER_WORDS = "550 5.1.1 <alice@library.example.org>: Recipient address rejected"


def setup(tmp_path: Path, count: int = 1) -> tuple[Path, list[str]]:
    """A config under ``tmp_path`` and ``count`` submissions, each with a pending acknowledgement."""
    cfg = tmp_path / "config.toml"
    cfg.write_text('data_dir = "data"\n', encoding="utf-8")
    store = Store.open(load_config(cfg).database_url)
    config = load_config(cfg)
    refs = [submit(store, config, incoming(message_id=f"<sub-{n}@library.example.org>"))[1].reference
            for n in range(count)]
    store.close()
    return cfg, refs


def run(cfg: Path, *args: str, code: int = 0) -> str:
    result = CliRunner(env={"COLUMNS": "250"}).invoke(app, ["--config", str(cfg), *args])
    assert result.exit_code == code, (result.stdout, result.stderr, result.exception)
    if code == 2:
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: ") and "Traceback" not in result.stderr
        return lines[0]
    return result.stdout


def with_store(cfg: Path) -> Store:
    return Store.open(load_config(cfg).database_url)


def rows_of(cfg: Path, ref: str) -> list[Outbox]:
    store = with_store(cfg)
    with store.session() as s:
        sub = get_by_reference(s, ref)
        rows = list(s.exec(select(Outbox).where(Outbox.submission_id == sub.id).order_by(col(Outbox.id))))
    store.close()
    return rows


def fail_row(cfg: Path, row_id: int | None) -> None:
    store = with_store(cfg)
    with store.session() as s:
        row = s.get(Outbox, row_id)
        assert row is not None
        row.status, row.attempts, row.last_error = "failed", 1, SERVER_WORDS
    store.close()


def test_queue_list_shows_whether_each_submitter_was_answered(tmp_path: Path) -> None:
    cfg, (failed, sent, pending) = setup(tmp_path, 3)
    fail_row(cfg, rows_of(cfg, failed)[0].id)
    store = with_store(cfg)
    with store.session() as s:
        row = s.get(Outbox, rows_of(cfg, sent)[0].id)
        assert row is not None
        row.status = "sent"
    store.close()
    table = run(cfg, "queue", "list")
    lines = {ref: next(line for line in table.splitlines() if ref in line) for ref in (failed, sent, pending)}
    assert "Reply" in table
    assert "ack failed" in lines[failed] and "ack sent" in lines[sent] and "ack pending" in lines[pending]
    listed = {r["reference"]: r["reply"] for r in json.loads(run(cfg, "queue", "list", "--json"))}
    assert listed == {failed: "ack failed", sent: "ack sent", pending: "ack pending"}


def test_queue_list_shows_a_dash_when_no_email_was_queued(tmp_path: Path) -> None:
    cfg, (ref,) = setup(tmp_path)
    store = with_store(cfg)
    with store.session() as s:
        for row in s.exec(select(Outbox)):
            s.delete(row)
    store.close()
    line = next(line for line in run(cfg, "queue", "list").splitlines() if ref in line)
    assert line.rstrip(" │").endswith("│ -")


def test_queue_show_lists_the_emails_with_status_and_the_servers_words(tmp_path: Path) -> None:
    cfg, (ref,) = setup(tmp_path)
    fail_row(cfg, rows_of(cfg, ref)[0].id)
    text = run(cfg, "queue", "show", ref)
    assert "Emails to the submitter" in text
    assert "acknowledgement  failed (attempts 1)  to alice@library.example.org" in text
    assert SERVER_WORDS in text
    detail = json.loads(run(cfg, "queue", "show", ref, "--json"))
    [mail] = detail["emails"]
    assert (mail["kind"], mail["status"], mail["attempts"], mail["last_error"]) == (
        "acknowledgement", "failed", 1, SERVER_WORDS)
    assert mail["to"] == "alice@library.example.org" and ref in mail["subject"]


def test_set_status_with_email_queues_the_templated_email_with_the_note(tmp_path: Path) -> None:
    cfg, (ref,) = setup(tmp_path)
    out = run(cfg, "queue", "set-status", ref, "accepted", "--note", "It will appear in the May edition.",
              "--email")
    assert f"{ref}: needs_attention -> accepted" in out or f"{ref}: pending_review -> accepted" in out
    assert "The accepted email to alice@library.example.org is in the outbox" in out
    row = rows_of(cfg, ref)[-1]
    assert (row.kind, row.status, row.to_addr) == ("accepted", "pending", "alice@library.example.org")
    msg = email.message_from_bytes(row.raw, policy=email.policy.default)
    part = msg.get_body(("plain",))
    assert part is not None
    body = part.get_content()
    assert "has been accepted for the toolkit" in body and "It will appear in the May edition." in body
    assert "Auto-Submitted" not in msg and msg["In-Reply-To"] == "<sub-0@library.example.org>"
    assert json.loads(run(cfg, "queue", "list", "--json"))[0]["reply"] == "accepted pending"


def test_set_status_sends_no_email_by_default(tmp_path: Path) -> None:
    cfg, (ref,) = setup(tmp_path)
    run(cfg, "queue", "set-status", ref, "changes_requested", "--note", "Shorter", "--no-email")
    run(cfg, "queue", "set-status", ref, "rejected", "--note", "Out of scope")
    assert [r.kind for r in rows_of(cfg, ref)] == ["acknowledgement"]


def test_changes_requested_email_to_a_withdrawn_submission_is_refused_until_reopened(tmp_path: Path) -> None:
    cfg, (ref,) = setup(tmp_path)
    run(cfg, "queue", "set-status", ref, "withdrawn", "--note", "They withdrew")
    err = run(cfg, "queue", "set-status", ref, "changes_requested", "--note", "Shorter", "--email", code=2)
    assert f"{ref} is withdrawn: reopen it" in err and f"intake queue set-status {ref} pending_review" in err
    assert json.loads(run(cfg, "queue", "show", ref, "--json"))["status"] == "withdrawn"
    assert [r.kind for r in rows_of(cfg, ref)] == ["acknowledgement"]
    run(cfg, "queue", "set-status", ref, "pending_review", "--note", "Reopened")
    run(cfg, "queue", "set-status", ref, "changes_requested", "--note", "Please shorten the summary.",
        "--email")
    row = rows_of(cfg, ref)[-1]
    assert row.kind == "changes_requested" and b"Please shorten the summary." in row.raw


def test_email_goes_only_with_a_decision(tmp_path: Path) -> None:
    cfg, (ref,) = setup(tmp_path)
    err = run(cfg, "queue", "set-status", ref, "withdrawn", "--note", "x", "--email", code=2)
    assert "--email goes only with accepted, rejected, changes_requested" in err


def test_an_email_that_cannot_go_leaves_the_status_unchanged(tmp_path: Path) -> None:
    cfg, (ref,) = setup(tmp_path)
    store = with_store(cfg)
    with store.session() as s:
        sub = get_by_reference(s, ref)
        sub.submitter_email = "no-reply@example.org"
        set_status(s, sub, "pending_review", actor="test")
    store.close()
    err = run(cfg, "queue", "set-status", ref, "rejected", "--note", "x", "--email", code=2)
    assert "no email queued and the status is unchanged" in err and "robot sender" in err
    assert json.loads(run(cfg, "queue", "show", ref, "--json"))["status"] == "pending_review"


def test_outbox_retry_of_an_impossible_id_is_one_line(tmp_path: Path) -> None:
    cfg, _ = setup(tmp_path)
    assert "no outbox row" in run(cfg, "outbox", "retry", "99999999999999999999999", code=2)


def test_outbox_retry_failed_puts_every_failed_email_back(tmp_path: Path) -> None:
    cfg, refs = setup(tmp_path, 3)
    for ref in refs[:2]:
        fail_row(cfg, rows_of(cfg, ref)[0].id)
    assert run(cfg, "outbox", "retry", "--failed").strip() == "2 failed emails are pending again"
    assert {rows_of(cfg, ref)[0].status for ref in refs} == {"pending"}
    assert run(cfg, "outbox", "retry", "--failed").strip() == "No failed emails to retry."
    assert "give either an outbox row id or --failed" in run(cfg, "outbox", "retry", code=2)


def test_a_closed_submission_is_reopened_before_another_decision(tmp_path: Path) -> None:
    cfg, (ref,) = setup(tmp_path)
    run(cfg, "queue", "set-status", ref, "accepted", "--note", "Good")
    err = run(cfg, "queue", "set-status", ref, "rejected", "--note", "Changed my mind", code=2)
    assert f"{ref} is accepted: reopen it" in err and "pending_review" in err
    assert json.loads(run(cfg, "queue", "show", ref, "--json"))["status"] == "accepted"


def test_an_email_still_holding_a_template_placeholder_is_refused(tmp_path: Path) -> None:
    cfg, (ref,) = setup(tmp_path)
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "changes_requested.txt").write_text(
        "{{ note }}\n- (describe the changes needed here)\n", encoding="utf-8")
    cfg.write_text(f'data_dir = "data"\n[replies]\ntemplates_dir = "{templates}"\n', encoding="utf-8")
    err = run(cfg, "queue", "set-status", ref, "changes_requested", "--note", "Shorter", "--email", code=2)
    assert "placeholder" in err and "(describe the changes needed here)" in err
    assert json.loads(run(cfg, "queue", "show", ref, "--json"))["status"] == "pending_review"
    assert [r.kind for r in rows_of(cfg, ref)] == ["acknowledgement"]
