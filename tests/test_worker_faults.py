"""Clean failures of the worker, against a real Dovecot: a configuration that cannot work stops
``intake run`` at start with exit code 78 (EX_CONFIG) and one line saying why and what to do;
a network outage is ridden out with one line when it starts and one when it ends."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import func, select

from intake.config import load_config
from intake.errors import EX_CONFIG
from intake.worker import Worker
from store.db import Store
from store.models import Heartbeat, Message
from tests.fixtures.dovecot import Dovecot, Idp, running_dovecot
from tests.fixtures.mailflow import submission, write_imap_config
from tests.test_imap_oauth import CLIENT_ID, TENANT, Entra, entra  # noqa: F401 (the entra fixture)

ROOT = Path(__file__).resolve().parents[1]


def run_worker(path: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``intake run`` as systemd starts it; a worker that does not stop within 60 s fails the test."""
    full = {k: v for k, v in os.environ.items() if k != "INTAKE_TEST_PASSWORD"}
    full.update({"PYTHONPATH": str(ROOT), **(env or {})})
    return subprocess.run([sys.executable, "-m", "intake", "--config", str(path), "run"], cwd=path.parent,
                          env=full, capture_output=True, text=True, timeout=60)


def assert_config_stop(res: subprocess.CompletedProcess[str], *expected: str) -> None:
    """Exit 78 and exactly one error line (after the start banner), naming the fault and the fix."""
    assert res.returncode == EX_CONFIG, res.stderr
    lines = [line for line in res.stderr.splitlines() if line.strip()]
    errors = [line for line in lines if line.startswith("error: ")]
    assert len(errors) == 1, res.stderr
    others = [line for line in lines if not line.startswith(("error: ", "intake run: polling"))]
    assert others == [], res.stderr
    for text in expected:
        assert text in errors[0], errors[0]
    assert "Traceback" not in res.stderr


@pytest.fixture
def user(dovecot: Dovecot) -> str:
    return dovecot.new_user("fault")[0]


def test_run_stops_with_ex_config_when_the_password_variable_is_unset(dovecot: Dovecot, user: str,
                                                                      tmp_path: Path) -> None:
    path = write_imap_config(dovecot, user, tmp_path, password_file=None,
                             password_env="INTAKE_TEST_PASSWORD")
    assert_config_stop(run_worker(path), "mailbox contact: no password for", "INTAKE_TEST_PASSWORD",
                       "-> set password_env (and export that variable)")


def test_run_stops_with_ex_config_when_the_password_variable_is_empty(dovecot: Dovecot, user: str,
                                                                      tmp_path: Path) -> None:
    path = write_imap_config(dovecot, user, tmp_path, password_file=None,
                             password_env="INTAKE_TEST_PASSWORD")
    assert_config_stop(run_worker(path, {"INTAKE_TEST_PASSWORD": ""}), "INTAKE_TEST_PASSWORD",
                       "is empty")


def test_run_stops_with_ex_config_on_a_refused_password(dovecot: Dovecot, user: str, tmp_path: Path) -> None:
    path = write_imap_config(dovecot, user, tmp_path)
    (tmp_path / f"{user}.password").write_text("wrong\n")
    assert_config_stop(run_worker(path), f"login refused for {user} on 127.0.0.1:{dovecot.port}",
                       "[AUTHENTICATIONFAILED]", "-> check the password or app password")


def test_run_stops_with_ex_config_on_an_unknown_folder(dovecot: Dovecot, user: str, tmp_path: Path) -> None:
    dovecot.append(user, [submission(1)], folder="Submissions")
    path = write_imap_config(dovecot, user, tmp_path, folder="Submisions")
    res = run_worker(path)
    assert_config_stop(res, "folder 'Submisions' does not exist", "the server has: INBOX, Submissions",
                       "-> check the folder names in [mailbox]")
    assert "secs)" not in res.stderr


def test_run_stops_with_ex_config_on_a_refused_oauth_client(dovecot: Dovecot, entra: Entra,  # noqa: F811
                                                            tmp_path: Path) -> None:
    user, _ = dovecot.new_user("m365")
    entra.username = user
    (tmp_path / "client-secret").write_text("not-the-secret\n")
    oauth = {"provider": "microsoft", "tenant_id": TENANT, "client_id": CLIENT_ID,
             "client_secret_file": str(tmp_path / "client-secret"), "authority": entra.authority,
             "ca_file": str(dovecot.cert), "timeout_s": 10}
    path = write_imap_config(dovecot, user, tmp_path, password_file=None, security="starttls",
                             ca_file=str(dovecot.cert), oauth2=oauth)
    assert_config_stop(run_worker(path), "refused the client credentials: invalid_client",
                       "-> fix the OAuth2 settings in [mailbox.oauth2]")
    assert entra.token_requests >= 1


def test_a_broken_config_file_is_ex_config_too(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[worker]\npoll_interval_s = "often"\n')
    res = run_worker(path)
    assert res.returncode == EX_CONFIG and res.stderr.startswith("error: ")
    assert "poll_interval_s" in res.stderr


def wait_for(what: Callable[[], bool], timeout_s: float = 30.0) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if what():
            return True
        time.sleep(0.05)
    return False


def _beat(store: Store) -> Heartbeat | None:
    with store.session() as s:
        return s.exec(select(Heartbeat)).first()


def _stored(store: Store) -> int:
    with store.session() as s:
        return int(s.exec(select(func.count()).select_from(Message)).one())


def test_the_worker_rides_out_a_server_outage_with_one_line_each_way(
        idp: Idp, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="intake")
    with running_dovecot(idp) as dovecot:
        user, _ = dovecot.new_user("outage")
        dovecot.append(user, [submission(1)])
        config = load_config(write_imap_config(dovecot, user, tmp_path, top={"worker": {
            "poll_interval_s": 0.3, "send_interval_s": 0.3}}))
        store = Store.open(config.database_url)
        worker = Worker(config, store)
        seen: dict[str, Any] = {}

        def outage() -> None:
            try:
                assert wait_for(lambda: dovecot.count(user, "Processed") == 1)  # stored and moved
                dovecot.stop()
                # Several failed polls in a row: the outage lasts a while.
                seen["failing"] = wait_for(lambda: (b := _beat(store)) is not None
                                           and b.consecutive_failures >= 3)
                dovecot.start()
                dovecot.append(user, [submission(2)])
                seen["recovered"] = wait_for(lambda: _stored(store) == 2)
            finally:
                worker.request_stop()

        threading.Thread(target=outage, daemon=True).start()
        worker.run()  # in the main thread, as `intake run` runs it; returns when outage() stops it

    assert seen == {"failing": True, "recovered": True}
    lines = [r.getMessage() for r in caplog.records
             if r.name.startswith("intake") and r.levelno >= logging.WARNING]
    down = [m for m in lines if "polling failed" in m]
    up = [m for m in lines if "polling works again" in m]
    assert len(down) == 1 and f"127.0.0.1:{dovecot.port}" in down[0]
    assert "-> check host (127.0.0.1)" in down[0]
    assert len(up) == 1 and "failed attempts" in up[0]
    assert len(lines) == 2, lines  # nothing else at WARNING or above: no IDLE noise, no tracebacks
    stored_lines = [r.getMessage() for r in caplog.records if "stored CS-" in r.getMessage()]
    assert len(stored_lines) == 2
    assert all("mailbox contact:" in m and "Message-ID <s" in m for m in stored_lines)
