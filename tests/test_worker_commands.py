"""``intake status`` and ``intake doctor``: plain words an operator can act on, exit codes that
monitoring can use, never a traceback."""

from __future__ import annotations

import json
import socket
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from intake.cli import app
from intake.config import load_config
from intake.cycle import poll_once
from store.db import Store
from store.models import Heartbeat
from tests.fixtures.dovecot import Dovecot
from tests.fixtures.mailflow import question, submission, write_imap_config
from tests.fixtures.smtp import Sink

# Store, pipeline, worker and web tests run on SQLite and on a real PostgreSQL.
pytestmark = pytest.mark.usefixtures("database")

runner = CliRunner()


@pytest.fixture
def user(dovecot: Dovecot) -> str:
    return dovecot.new_user("cmd")[0]


def invoke(path: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["--config", str(path), *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def test_status_shows_the_last_successful_poll_and_the_counts(dovecot: Dovecot, user: str,
                                                              tmp_path: Path) -> None:
    dovecot.append(user, [submission(1), submission(2), question(1)])
    path = write_imap_config(dovecot, user, tmp_path)
    config = load_config(path)
    poll_once(config, Store.open(config.database_url))

    code, out, _ = invoke(path, "status")

    assert code == 0
    assert "contact: last successful poll 20" in out and "s ago)" in out
    assert "working: 3 message(s) taken in the last cycle" in out
    assert "pending_review 2" in out
    assert "Messages seen: 3 (not_submission 1, submission 2)" in out
    assert "Replies:" in out


def test_status_says_plainly_when_polling_has_been_failing(dovecot: Dovecot, user: str,
                                                           tmp_path: Path) -> None:
    path = write_imap_config(dovecot, user, tmp_path)
    config = load_config(path)
    store = Store.open(config.database_url)
    poll_once(config, store)
    (tmp_path / f"{user}.password").write_text("wrong\n")
    poll_once(config, store)
    poll_once(config, store)

    code, out, _ = invoke(path, "status")

    assert code == 1
    assert "POLLING IS FAILING: 2 attempt(s) in a row have failed" in out
    assert f"Last error: login refused for {user} on 127.0.0.1:{dovecot.port}: [AUTHENTICATIONFAILED]" in out
    assert "Run `intake doctor` for advice." in out


def test_status_notices_a_worker_that_stopped_polling(dovecot: Dovecot, user: str, tmp_path: Path) -> None:
    path = write_imap_config(dovecot, user, tmp_path, top={"worker": {"poll_interval_s": 60}})
    config = load_config(path)
    store = Store.open(config.database_url)
    with store.session() as s:
        old = datetime.now(UTC) - timedelta(hours=5)
        s.add(Heartbeat(mailbox="contact", last_success_at=old, last_attempt_at=old))

    code, out, _ = invoke(path, "status", "--json")

    assert code == 1
    [mailbox] = json.loads(out)["mailboxes"]
    assert mailbox["state"] == "stale"
    code, out, _ = invoke(path, "status")
    assert "NOT POLLED LATELY: the last attempt was" in out and "5 h ago" in out
    assert "is `intake run` running?" in out


def test_status_before_any_poll_says_never_polled(dovecot: Dovecot, user: str, tmp_path: Path) -> None:
    code, out, _ = invoke(write_imap_config(dovecot, user, tmp_path), "status")
    assert code == 1 and "NEVER POLLED" in out


def test_doctor_passes_a_working_configuration(dovecot: Dovecot, user: str, tmp_path: Path) -> None:
    path = write_imap_config(dovecot, user, tmp_path, security="starttls", ca_file=str(dovecot.cert),
                             idle=True)

    code, out, _ = invoke(path, "doctor")

    assert code == 0, out
    login = f"logged in as {user} on 127.0.0.1:{dovecot.port} (starttls, password)"
    assert f"[ok  ] mailbox contact: login: {login}" in out
    assert "[ok  ] mailbox contact: capabilities: IDLE, MOVE, UIDPLUS" in out
    assert "INBOX: 0 messages, UIDVALIDITY" in out
    assert "Processed, Failed, Not-submissions will be created on first use" in out
    assert "[ok  ] database:" in out and "checks passed" in out


def test_doctor_explains_a_bad_password(dovecot: Dovecot, user: str, tmp_path: Path) -> None:
    path = write_imap_config(dovecot, user, tmp_path)
    (tmp_path / f"{user}.password").write_text("wrong\n")

    code, out, err = invoke(path, "doctor")

    assert code == 1 and "Traceback" not in out + err
    assert (f"[FAIL] mailbox contact: login: login refused for {user} on 127.0.0.1:{dovecot.port}: "
            "[AUTHENTICATIONFAILED] Authentication failed.") in out
    assert "-> check the password or app password" in out
    assert "1 failed" in out


def test_doctor_explains_an_unreachable_server_and_an_untrusted_certificate(dovecot: Dovecot, user: str,
                                                                           tmp_path: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]
    code, out, _ = invoke(write_imap_config(dovecot, user, tmp_path, port=closed), "doctor")
    assert code == 1 and "Connection refused" in out and f"check host (127.0.0.1) and port ({closed})" in out

    path = write_imap_config(dovecot, user, tmp_path, security="ssl", port=dovecot.ssl_port)
    code, out, _ = invoke(path, "doctor")
    assert code == 1 and "is not trusted" in out and "-> set ca_file" in out


def test_doctor_lists_the_servers_folders_when_the_folder_is_wrong(dovecot: Dovecot, user: str,
                                                                   tmp_path: Path) -> None:
    dovecot.append(user, [submission(1)], folder="Submissions")

    code, out, _ = invoke(write_imap_config(dovecot, user, tmp_path, folder="Submisions"), "doctor")

    assert code == 1
    assert "folder 'Submisions' does not exist; the server has: INBOX, Submissions" in out


def test_doctor_checks_smtp_over_implicit_tls_and_an_unreachable_port(
        dovecot: Dovecot, user: str, tmp_path: Path, smtp_sink_tls: Sink) -> None:
    good = write_imap_config(dovecot, user, tmp_path, top={"smtp": smtp_sink_tls.smtp_table()})
    code, out, _ = invoke(good, "doctor")
    assert code == 0
    assert f"[ok  ] smtp: SMTP 127.0.0.1:{smtp_sink_tls.port} accepts us over implicit TLS after login" in out

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]
    bad = write_imap_config(dovecot, user, tmp_path, top={"smtp": smtp_sink_tls.smtp_table(port=closed)})
    code, out, _ = invoke(bad, "doctor")
    assert code == 1 and "[FAIL] smtp:" in out and f"127.0.0.1:{closed}" in out


def test_run_refuses_a_malformed_since(dovecot: Dovecot, user: str, tmp_path: Path) -> None:
    code, _, err = invoke(write_imap_config(dovecot, user, tmp_path), "run", "--since", "March")
    assert code == 2 and "expected a date as YYYY-MM-DD" in err


def test_doctor_logs_in_to_smtp_as_a_send_run_would(smtp_sink: Sink, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.fixtures.mailflow import toml_text

    path = tmp_path / "config.toml"
    data = {"data_dir": str(tmp_path / "data"), "smtp": smtp_sink.smtp_table()}
    path.write_text(toml_text(data))
    code, out, _ = invoke(path, "doctor")
    assert code == 0, out
    assert f"[ok  ] smtp: SMTP 127.0.0.1:{smtp_sink.port} accepts us over STARTTLS after login" in out

    monkeypatch.setenv("SINK_SMTP_PASSWORD", "wrong")
    code, out, err = invoke(path, "doctor")
    assert code == 1 and "Traceback" not in out + err
    assert "[FAIL] smtp:" in out and "535" in out

    data["smtp"] = smtp_sink.smtp_table(trusted=False)
    path.write_text(toml_text(data))
    code, out, _ = invoke(path, "doctor")
    assert code == 1 and "[FAIL] smtp:" in out and "certificate" in out.lower()
