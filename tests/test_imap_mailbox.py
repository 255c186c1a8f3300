"""intake.mailbox.imap against a real Dovecot on 127.0.0.1: TLS modes, logins, search/fetch,
move (with and without MOVE), append, IDLE, and errors that name the account and quote the server."""

from __future__ import annotations

import base64
import socket
import sys
import threading
import time
from dataclasses import replace
from datetime import UTC, date, timedelta
from pathlib import Path

import pytest

from intake.config import OAuth2Config
from intake.mailbox.errors import (
    ConnectFailed,
    ConnectionLost,
    LoginRefused,
    MissingCapability,
    TlsFailed,
    TokenError,
)
from intake.mailbox.imap import ImapMailbox
from tests.fixtures.dovecot import Dovecot
from tests.fixtures.relay import FaultRelay


def msg(n: int, subject: str = "hello") -> bytes:
    return (f"From: sender{n}@example.org\r\nTo: intake@example.org\r\nSubject: {subject} {n}\r\n"
            f"Message-ID: <m{n}@example.org>\r\n\r\nName: Person {n}\r\n").encode()


@pytest.fixture
def account(dovecot: Dovecot) -> str:
    user, _ = dovecot.new_user("box")
    return user


def test_logs_in_over_implicit_tls_trusting_the_configured_ca(dovecot: Dovecot, account: str,
                                                               tmp_path: Path) -> None:
    cfg = dovecot.mailbox_config(account, tmp_path, security="ssl", port=dovecot.ssl_port)
    with ImapMailbox(cfg) as box:
        assert box.select("INBOX").exists == 0
        assert "MOVE" in box.capabilities()


def test_logs_in_with_starttls_by_host_name(dovecot: Dovecot, account: str, tmp_path: Path) -> None:
    cfg = dovecot.mailbox_config(account, tmp_path, security="starttls", host="localhost")
    with ImapMailbox(cfg) as box:
        assert box.client.socket().version() is not None  # the socket is TLS now
        assert box.select("INBOX").uidvalidity > 0


def test_refuses_a_certificate_not_signed_by_a_trusted_ca(dovecot: Dovecot, account: str,
                                                           tmp_path: Path) -> None:
    cfg = dovecot.mailbox_config(account, tmp_path, security="ssl", port=dovecot.ssl_port, ca_file=None)
    with pytest.raises(TlsFailed, match=r"certificate of 127\.0\.0\.1:\d+ is not trusted.*ca_file"):
        ImapMailbox(cfg).open()


def test_wrong_password_is_refused_in_the_servers_words(dovecot: Dovecot, account: str,
                                                         tmp_path: Path) -> None:
    cfg = dovecot.mailbox_config(account, tmp_path)
    assert cfg.password_file is not None
    cfg.password_file.write_text("not-the-password\n")
    with pytest.raises(LoginRefused) as info:
        ImapMailbox(cfg).open()
    text = str(info.value)
    assert f"login refused for {account} on 127.0.0.1:{dovecot.port}" in text
    assert "[AUTHENTICATIONFAILED] Authentication failed." in text
    assert "not-the-password" not in text and "b'" not in text


def test_missing_password_variable_is_named(dovecot: Dovecot, account: str, tmp_path: Path) -> None:
    cfg = dovecot.mailbox_config(account, tmp_path, password_file=None, password_env="INTAKE_TEST_UNSET")
    with pytest.raises(LoginRefused, match="INTAKE_TEST_UNSET is not set"):
        ImapMailbox(cfg).open()


def test_plain_text_is_refused_away_from_loopback(dovecot: Dovecot, account: str, tmp_path: Path) -> None:
    cfg = dovecot.mailbox_config(account, tmp_path, host="imap.example.org")
    with pytest.raises(ConnectFailed, match="only for 127.0.0.1"):
        ImapMailbox(cfg).open()


def test_connection_refused_is_a_connect_failure(dovecot: Dovecot, account: str, tmp_path: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed_port = s.getsockname()[1]
    cfg = dovecot.mailbox_config(account, tmp_path, port=closed_port)
    with pytest.raises(ConnectFailed, match=f"127.0.0.1:{closed_port} failed: Connection refused"):
        ImapMailbox(cfg).open()


def test_a_server_that_never_greets_times_out_on_connect(dovecot: Dovecot, account: str,
                                                         tmp_path: Path) -> None:
    with socket.create_server(("127.0.0.1", 0)) as silent:  # accepts (backlog), never speaks
        cfg = dovecot.mailbox_config(account, tmp_path, port=silent.getsockname()[1], connect_timeout_s=0.3)
        started = time.monotonic()
        with pytest.raises(ConnectFailed, match=r"no answer from 127\.0\.0\.1:\d+ within 0.3 s"):
            ImapMailbox(cfg).open()
        assert time.monotonic() - started < 3


def _token_command(tmp_path: Path, token: str, *, exit_code: int = 0) -> str:
    script = tmp_path / "token.py"
    script.write_text("import sys\n"
                      f"print({token!r})\n"
                      f"sys.stderr.write('helper: refresh token expired\\n')\n"
                      f"sys.exit({exit_code})\n")
    return f"{sys.executable} {script}"


@pytest.mark.parametrize("mechanism", ["XOAUTH2", "OAUTHBEARER"])
def test_logs_in_with_an_oauth2_token_from_a_command(dovecot: Dovecot, account: str, tmp_path: Path,
                                                     mechanism: str) -> None:
    token = dovecot.tokens.issue(account, f"tok-{mechanism}-{account}")
    before = dovecot.tokens.introspections
    oauth = OAuth2Config(provider="command", mechanism=mechanism,  # type: ignore[arg-type]
                         token_command=_token_command(tmp_path, token), timeout_s=10)
    cfg = dovecot.mailbox_config(account, tmp_path, password_file=None, oauth2=oauth, security="starttls")
    with ImapMailbox(cfg) as box:
        assert box.select("INBOX").exists == 0
    assert dovecot.tokens.introspections == before + 1  # Dovecot asked the IdP: a real SASL exchange


def test_an_expired_token_is_refused(dovecot: Dovecot, account: str, tmp_path: Path) -> None:
    token = dovecot.tokens.issue(account, f"old-{account}", lifetime_s=-1)
    oauth = OAuth2Config(provider="command", token_command=_token_command(tmp_path, token))
    cfg = dovecot.mailbox_config(account, tmp_path, password_file=None, oauth2=oauth)
    with pytest.raises(LoginRefused, match=r"\[AUTHENTICATIONFAILED\]"):
        ImapMailbox(cfg).open()


def test_a_failing_token_command_is_reported_with_its_stderr(dovecot: Dovecot, account: str,
                                                             tmp_path: Path) -> None:
    oauth = OAuth2Config(provider="command", token_command=_token_command(tmp_path, "x", exit_code=3))
    cfg = dovecot.mailbox_config(account, tmp_path, password_file=None, oauth2=oauth)
    with pytest.raises(TokenError, match=r"failed \(exit 3\): helper: refresh token expired"):
        ImapMailbox(cfg).open()


def test_fetch_peeks_in_batches_and_leaves_mail_unseen(dovecot: Dovecot, account: str,
                                                       tmp_path: Path) -> None:
    dovecot.append(account, [msg(n) for n in range(7)])
    cfg = dovecot.mailbox_config(account, tmp_path, batch_size=3)
    with ImapMailbox(cfg) as box:
        box.select("INBOX")
        uids = box.search()
        got = list(box.fetch(uids))
        assert [u for u, _ in got] == uids and len(uids) == 7
        assert got[0][1] == msg(0)
        assert box.commands["FETCH"] == 3 and box.commands["SEARCH"] == 1
        assert all(b"\\Seen" not in flags for flags in box.client.get_flags(uids).values())


def test_search_since_skips_older_mail(dovecot: Dovecot, account: str, tmp_path: Path) -> None:
    from imapclient import IMAPClient

    with IMAPClient(dovecot.host, port=dovecot.port, ssl=False, timeout=10) as c:
        c.login(account, dovecot.password(account))
        c.append("INBOX", msg(1), msg_time=datetime_days_ago(40))
        c.append("INBOX", msg(2))
    with ImapMailbox(dovecot.mailbox_config(account, tmp_path)) as box:
        box.select("INBOX")
        assert len(box.search()) == 2
        assert len(box.search(since=date.today() - timedelta(days=7))) == 1


def datetime_days_ago(days: int):  # noqa: ANN201 - a datetime for imapclient's APPEND
    from datetime import datetime

    return datetime.now(UTC) - timedelta(days=days)


def test_move_creates_the_folder_and_empties_the_inbox(dovecot: Dovecot, account: str,
                                                       tmp_path: Path) -> None:
    dovecot.append(account, [msg(n) for n in range(3)])
    with ImapMailbox(dovecot.mailbox_config(account, tmp_path)) as box:
        box.select("INBOX")
        uids = box.search()
        box.move(uids[:2], "Processed/2026")
        box.move(uids[:2], "Processed/2026")  # again: already gone, harmless
        assert box.commands["MOVE"] == 2
    assert dovecot.count(account, "INBOX") == 1
    assert dovecot.count(account, "Processed/2026") == 2


def test_without_move_copies_flags_and_expunges_only_those_uids(dovecot: Dovecot, account: str,
                                                                tmp_path: Path) -> None:
    dovecot.append(account, [msg(n) for n in range(3)])
    # Dovecot on 127.0.0.2 announces neither MOVE nor UIDPLUS (an old server).
    cfg = dovecot.mailbox_config(account, tmp_path, host="127.0.0.2", port=dovecot.old_port)
    with ImapMailbox(cfg) as box:
        assert not box.has("MOVE") and not box.has("UIDPLUS")
        box.select("INBOX")
        uids = box.search()
        box.move(uids[:1], "Done")
        assert box.commands["COPY"] == 1 and box.commands["EXPUNGE"] == 0
        assert box.search() == uids[1:]  # the original is flagged \Deleted, hidden from SEARCH
    assert dovecot.count(account, "Done") == 1


def test_with_uidplus_but_no_move_the_copy_fallback_expunges(dovecot: Dovecot, account: str,
                                                             tmp_path: Path) -> None:
    dovecot.append(account, [msg(n) for n in range(3)])
    cfg = dovecot.mailbox_config(account, tmp_path, host="127.0.0.3", port=dovecot.nomove_port)
    with ImapMailbox(cfg) as box:
        assert not box.has("MOVE") and box.has("UIDPLUS")
        box.select("INBOX")
        uids = box.search()
        box.move(uids[:2], "Done")
        assert box.commands["EXPUNGE"] == 1 and box.commands["MOVE"] == 0
    assert dovecot.count(account, "INBOX") == 1 and dovecot.count(account, "Done") == 2


def test_append_returns_the_new_uid(dovecot: Dovecot, account: str, tmp_path: Path) -> None:
    with ImapMailbox(dovecot.mailbox_config(account, tmp_path)) as box:
        first = box.append("Sent", msg(1))
        second = box.append("Sent", msg(2))
    assert first is not None and second == first + 1
    assert dovecot.count(account, "Sent") == 2


def test_idle_reports_new_mail_within_a_second(dovecot: Dovecot, account: str, tmp_path: Path) -> None:
    with ImapMailbox(dovecot.mailbox_config(account, tmp_path)) as box:
        box.select("INBOX")
        threading.Timer(0.3, dovecot.append, args=(account, [msg(1)])).start()
        started = time.monotonic()
        assert box.wait_for_mail(10, slice_s=0.2) is True
        assert time.monotonic() - started < 3
        assert len(box.search()) == 1  # the connection is usable again after DONE


def test_idle_returns_false_when_asked_to_stop(dovecot: Dovecot, account: str, tmp_path: Path) -> None:
    stop = threading.Event()
    with ImapMailbox(dovecot.mailbox_config(account, tmp_path)) as box:
        box.select("INBOX")
        threading.Timer(0.2, stop.set).start()
        assert box.wait_for_mail(10, should_stop=stop.is_set, slice_s=0.1) is False
        assert box.commands["IDLE"] == 1


def test_idle_needs_the_capability(dovecot: Dovecot, account: str, tmp_path: Path) -> None:
    cfg = dovecot.mailbox_config(account, tmp_path, host="127.0.0.2", port=dovecot.old_port)
    with ImapMailbox(cfg) as box:
        box.select("INBOX")
        with pytest.raises(MissingCapability, match="IDLE"):
            box.wait_for_mail(1)


def test_a_connection_cut_during_fetch_is_connection_lost(dovecot: Dovecot, account: str, tmp_path: Path,
                                                          cut_proxy: FaultRelay) -> None:
    dovecot.append(account, [msg(n) for n in range(4)])
    cfg = replace(dovecot.mailbox_config(account, tmp_path), port=cut_proxy.port, batch_size=2)
    cut_proxy.cut_at(b"UID FETCH", nth=2, after_bytes=40)
    with ImapMailbox(cfg) as box:
        box.select("INBOX")
        got = []
        with pytest.raises(ConnectionLost, match=f"connection to {account} on 127.0.0.1"):
            for uid, _raw in box.fetch(box.search()):
                got.append(uid)
    assert len(got) == 2 and cut_proxy.cuts == 1


def test_a_server_closing_during_idle_is_connection_lost(dovecot: Dovecot, account: str, tmp_path: Path,
                                                          cut_proxy: FaultRelay) -> None:
    cfg = replace(dovecot.mailbox_config(account, tmp_path), port=cut_proxy.port)
    with ImapMailbox(cfg) as box:
        box.select("INBOX")
        cut_proxy.cut_at(b"IDLE", nth=1, after_bytes=len(b"+ idling\r\n"))  # the cut comes right after
        started = time.monotonic()
        with pytest.raises(ConnectionLost):
            box.wait_for_mail(30, slice_s=0.5)
        assert time.monotonic() - started < 5


def test_credentials_never_reach_the_logs(dovecot: Dovecot, account: str, tmp_path: Path,
                                          caplog: pytest.LogCaptureFixture) -> None:
    import logging

    caplog.set_level(logging.DEBUG)  # everything, imapclient's protocol log included
    token = dovecot.tokens.issue(account, f"secret-token-{account}")
    oauth = OAuth2Config(provider="command", token_command=_token_command(tmp_path, token))
    for cfg in (dovecot.mailbox_config(account, tmp_path),
                dovecot.mailbox_config(account, tmp_path, password_file=None, oauth2=oauth)):
        with ImapMailbox(cfg) as box:
            box.select("INBOX")
    assert "imapclient" in caplog.text  # the protocol log was on...
    assert dovecot.password(account) not in caplog.text  # ...and held no secret
    assert token not in caplog.text
    sasl = base64.b64encode(f"user={account}\x01auth=Bearer {token}\x01\x01".encode()).decode()
    assert sasl not in caplog.text
