"""Health that monitoring can rely on: ``/healthz`` answers 503 with the same reason whenever
``intake status`` would exit 1 (polls failing, a stale poll, never polled), and says per mailbox
when it last polled and sent. Against a real Dovecot of this test's own, which the test stops."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from sqlmodel import select
from typer.testing import CliRunner

from intake.cli import app
from intake.config import Config, load_config
from intake.cycle import poll_once
from intake.health import status_report
from intake.web import create_app
from store.db import Store
from store.models import Heartbeat
from tests.fixtures.browser import FAST, serve
from tests.fixtures.dovecot import Dovecot, Idp, running_dovecot
from tests.fixtures.mailflow import submission, write_imap_config


def status_of(path: Path) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["--config", str(path), "status"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout


def healthz(url: str) -> tuple[int, dict[str, Any]]:
    r = httpx.get(f"{url}/healthz", timeout=10)
    return r.status_code, r.json()


def test_healthz_answers_503_like_status_when_dovecot_is_stopped(idp: Idp, tmp_path: Path) -> None:
    with running_dovecot(idp) as dovecot:
        user, _ = dovecot.new_user("health")
        dovecot.append(user, [submission(1)])
        path = write_imap_config(dovecot, user, tmp_path)
        config = load_config(path)
        store = Store.open(config.database_url)
        with serve(create_app(config, store, FAST)) as url:
            poll_once(config, store)  # stores the submission and "sends" its acknowledgement (file)
            code, body = healthz(url)
            assert code == 200 and body["status"] == "ok" and body["reasons"] == []
            (box,) = body["mailboxes"]
            assert box["mailbox"] == "contact" and box["state"] == "ok" and box["last_count"] == 1
            assert box["last_success_at"] and box["last_attempt_at"]
            assert box["last_sent_at"], "the acknowledgement went out: the last send is shown"
            assert status_of(path)[0] == 0

            dovecot_stopped_at = datetime.now(UTC)
            dovecot.stop()
            poll_once(config, store)  # the server is gone: this poll fails

            code, body = healthz(url)
            status_code, status_text = status_of(path)
    assert status_code == 1 and "POLLING IS FAILING" in status_text
    assert code == 503 and body["status"] == "failing" and body["database"] == "ok"
    (reason,) = body["reasons"]
    assert reason.startswith("mailbox contact: polling is failing (1 attempt(s) in a row")
    assert "Connection refused" in reason and "Connection refused" in status_text
    (box,) = body["mailboxes"]
    assert box["state"] == "failing" and box["consecutive_failures"] == 1
    assert datetime.fromisoformat(box["last_attempt_at"]) >= dovecot_stopped_at - timedelta(seconds=1)
    assert datetime.fromisoformat(box["last_success_at"]) < dovecot_stopped_at


def test_healthz_and_status_agree_on_a_stale_and_a_never_polled_mailbox(dovecot: Dovecot,
                                                                          tmp_path: Path) -> None:
    user, _ = dovecot.new_user("stale")
    path = write_imap_config(dovecot, user, tmp_path)
    config = load_config(path)
    store = Store.open(config.database_url)
    with serve(create_app(config, store, FAST)) as url:
        code, body = healthz(url)
        assert code == 503 and body["reasons"] == ["mailbox contact: never polled; start `intake run`"]
        assert status_of(path)[0] == 1

        poll_once(config, store)
        assert healthz(url)[0] == 200
        _age_heartbeat(store, config, hours=2)  # the worker stopped two hours ago
        code, body = healthz(url)
        status_code, status_text = status_of(path)
    assert code == 503 and status_code == 1 and "NOT POLLED LATELY" in status_text
    (reason,) = body["reasons"]
    assert reason.startswith("mailbox contact: not polled lately (last attempt ")
    assert reason.endswith("(2 h ago)); is `intake run` running?")
    assert body["mailboxes"][0]["state"] == "stale"
    assert status_report(config, store)["mailboxes"][0]["state"] == "stale"  # one judge for both


def _age_heartbeat(store: Store, config: Config, *, hours: int) -> None:
    with store.session() as s:
        beat = s.exec(select(Heartbeat).where(Heartbeat.mailbox == config.mailboxes[0].name)).one()
        beat.last_attempt_at = datetime.now(UTC) - timedelta(hours=hours)
        beat.last_success_at = beat.last_attempt_at
        s.add(beat)
