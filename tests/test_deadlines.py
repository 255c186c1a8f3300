"""Total deadlines: a real Dovecot or SMTP server behind a relay that trickles its answers one
byte at a time (each byte well inside the per-read timeout) cannot hold the worker: the connection
is cut when the whole exchange passes its deadline, with an error that says so."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from intake.mailbox.errors import ConnectFailed, MailboxError
from intake.mailbox.imap import ImapMailbox
from intake.replies.errors import DeliveryError
from intake.replies.smtp import SmtpTransport
from store.models import Outbox
from tests.fixtures.dovecot import Dovecot
from tests.fixtures.mailflow import imap_config
from tests.fixtures.relay import FaultRelay
from tests.fixtures.smtp import Sink, reply_config

#: Far above the deadlines set below; only reached if the deadline does not work.
HANG_GUARD_S = 60


def _finishes(fn: Callable[[], None]) -> BaseException | None:
    """Run ``fn`` in a thread; the exception it raised (``None`` when none). Fails the test when
    ``fn`` is still running after HANG_GUARD_S (the hang the deadline is there to prevent)."""
    box: list[BaseException | None] = [None]

    def run() -> None:
        try:
            fn()
        except BaseException as err:  # the outcome under test
            box[0] = err

    t = threading.Thread(target=run, daemon=True)
    t.start()
    t.join(HANG_GUARD_S)
    assert not t.is_alive(), "the operation hung past every deadline"
    return box[0]


@pytest.fixture
def user(dovecot: Dovecot) -> str:
    return dovecot.new_user("slow")[0]


@pytest.fixture
def greeting_trickle(dovecot: Dovecot) -> Iterator[FaultRelay]:
    relay = FaultRelay(dovecot.port, mode="trickle")
    yield relay
    relay.close()


@pytest.fixture
def login_trickle(dovecot: Dovecot) -> Iterator[FaultRelay]:
    relay = FaultRelay(dovecot.port, trickle_after=b"LOGIN")
    yield relay
    relay.close()


def test_an_imap_greeting_trickled_byte_by_byte_ends_at_the_connect_deadline(
        dovecot: Dovecot, user: str, tmp_path: Path, greeting_trickle: FaultRelay) -> None:
    config = imap_config(dovecot, user, tmp_path, port=greeting_trickle.port, timeout_s=2,
                         connect_timeout_s=2, command_timeout_s=1.5)
    err = _finishes(lambda: ImapMailbox(config.mailboxes[0]).open())
    assert isinstance(err, ConnectFailed)
    assert "connecting to" in str(err) and "did not finish within 1.5 s" in str(err)


def test_an_imap_answer_trickled_byte_by_byte_ends_at_the_command_deadline(
        dovecot: Dovecot, user: str, tmp_path: Path, login_trickle: FaultRelay) -> None:
    config = imap_config(dovecot, user, tmp_path, port=login_trickle.port, timeout_s=2,
                         connect_timeout_s=2, command_timeout_s=1.5)
    err = _finishes(lambda: ImapMailbox(config.mailboxes[0]).open())
    assert isinstance(err, MailboxError)
    assert "login on" in str(err) and "did not finish within 1.5 s" in str(err), err


def test_the_same_mailbox_without_the_trickle_works(dovecot: Dovecot, user: str, tmp_path: Path) -> None:
    config = imap_config(dovecot, user, tmp_path, command_timeout_s=1.5)
    with ImapMailbox(config.mailboxes[0]) as box:
        assert "IMAP4REV1" in box.capabilities()


def _row() -> Outbox:
    return Outbox(id=1, kind="acknowledgement", to_addr="alice@library.example.org", message_id="<a@b>",
                  raw=b"From: casestudies@example.org\r\nTo: alice@library.example.org\r\n"
                      b"Subject: hello\r\n\r\nHello.\r\n")


def test_an_smtp_greeting_trickled_byte_by_byte_ends_at_the_transaction_deadline(
        tmp_path: Path, smtp_sink: Sink) -> None:
    relay = FaultRelay(smtp_sink.port, mode="trickle")
    try:
        table = smtp_sink.smtp_table(port=relay.port, timeout_s=2.0, transaction_timeout_s=1.5)
        transport = SmtpTransport(reply_config(tmp_path, smtp=table))
        err = _finishes(lambda: transport.send(_row()))
    finally:
        relay.close()
    assert isinstance(err, DeliveryError) and err.connection
    assert "connecting to 127.0.0.1" in str(err) and "did not finish within 1.5 s" in str(err)


def test_an_smtp_reply_to_data_trickled_ends_at_the_transaction_deadline(
        tmp_path: Path, smtp_sink: Sink) -> None:
    relay = FaultRelay(smtp_sink.port, trickle_after=b"FROM:")  # plain text, so the relay sees it
    try:
        table = smtp_sink.smtp_table(port=relay.port, timeout_s=2.0, transaction_timeout_s=1.5,
                                     security="none", login=False)
        transport = SmtpTransport(reply_config(tmp_path, smtp=table))
        err = _finishes(lambda: transport.send(_row()))
    finally:
        relay.close()
    assert isinstance(err, DeliveryError) and err.connection and not err.permanent
    assert "sending to 127.0.0.1" in str(err) and "did not finish within 1.5 s" in str(err)
