"""Messages a person can act on: `intake poll` fails in one line with the advice `intake doctor`
gives (exit 2, no "0 messages", no promise of a retry it will not make), `doctor` names TLS
against a plain port, `intake user add` states the password rule before asking. Real Dovecot."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from intake.cli import app
from tests.fixtures.dovecot import Dovecot
from tests.fixtures.mailflow import submission, write_imap_config

runner = CliRunner()


@pytest.fixture
def user(dovecot: Dovecot) -> str:
    return dovecot.new_user("msg")[0]


def invoke(path: Path, *args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, ["--config", str(path), *args], input=stdin)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def test_poll_with_a_wrong_password_says_so_in_one_line_with_doctors_advice(dovecot: Dovecot, user: str,
                                                                            tmp_path: Path) -> None:
    path = write_imap_config(dovecot, user, tmp_path)
    (tmp_path / f"{user}.password").write_text("wrong\n")

    code, out, err = invoke(path, "poll")

    assert code == 2 and out == ""
    assert err.count("\n") == 1, err
    assert err.startswith(f"error: mailbox contact: login refused for {user} on 127.0.0.1:{dovecot.port}: "
                          "[AUTHENTICATIONFAILED] Authentication failed. -> check the password or app "
                          "password")
    assert "retrying" not in err and "0 messages" not in err
    _, doctor_out, _ = invoke(path, "doctor")
    advice = err.split(" -> ", 1)[1].strip()
    assert f"-> {advice}" in doctor_out  # the same words as doctor


def test_poll_with_a_missing_folder_names_the_folders_there_are(dovecot: Dovecot, user: str,
                                                                 tmp_path: Path) -> None:
    dovecot.append(user, [submission(1)], folder="Submissions")
    path = write_imap_config(dovecot, user, tmp_path, folder="Submisions")

    code, out, err = invoke(path, "poll")

    assert code == 2 and out == "" and err.count("\n") == 1, err
    assert (f"error: mailbox contact: folder 'Submisions' does not exist on {user} on 127.0.0.1:"
            f"{dovecot.port}; the server has: INBOX, Submissions -> check the folder names") in err
    assert "secs)" not in err and "SELECT" not in err


def test_doctor_on_tls_against_a_plain_port_says_to_use_starttls(dovecot: Dovecot, user: str,
                                                                 tmp_path: Path) -> None:
    path = write_imap_config(dovecot, user, tmp_path, security="ssl", ca_file=str(dovecot.cert))

    code, out, _ = invoke(path, "doctor")

    assert code == 1
    login = next(line for line in out.splitlines() if "mailbox contact: login" in line)
    assert login.endswith(f"this server does not speak TLS on {dovecot.port}: use security = \"starttls\" "
                          "(or port 993)")
    assert "ca_file" not in out  # the certificate is not the problem


def test_user_add_states_the_password_rule_before_asking(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                                         ) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["user", "add", "new@example.org"], input="short\nshort\n")
    assert result.exit_code == 2
    assert result.stderr.index("A password needs 10 to 1,024 characters") < result.stderr.index("error:")
    assert "at least 10 characters" in result.stderr
