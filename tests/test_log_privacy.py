"""No log line carries the raw bytes of a message: hostile and garbage mail (broken MIME, binary
junk, a parser that raises, a parse process that crashes, undecodable headers) goes through a
real poll against Dovecot with every logger at DEBUG, and no record, traceback included, holds a
byte of any message body or attachment."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from intake.config import ParseBudget
from intake.cycle import poll_once
from intake.isolation import ParsePool
from store.db import Store
from tests.fixtures import faulty
from tests.fixtures.dovecot import Dovecot
from tests.fixtures.mailflow import imap_config, submission

SECRET = "Zq7SECRETBODYxk"


def hostile() -> list[bytes]:
    s = SECRET.encode()
    head = b"From: Eve <eve@example.org>\r\nTo: casestudies@example.org\r\nSubject: x\r\n"
    return [
        # Broken MIME: a multipart without its boundary, then one whose parts never end.
        head + b"Message-ID: <h1@example.org>\r\nContent-Type: multipart/mixed\r\n\r\n" + s + b"\r\n",
        head + b'Message-ID: <h2@example.org>\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n'
        b"--b\r\nContent-Type: text/plain\r\n\r\n" + s + b"\r\n--b\r\nContent-Type: application/msword\r\n"
        b"Content-Transfer-Encoding: base64\r\n\r\n" + s * 3 + b"!!not base64\r\n",
        # Binary junk as a body, undecodable bytes in the headers.
        head + b"Message-ID: <h3@example.org>\r\nX-Junk: \xff\xfe" + s + b"\r\n\r\n\x00\x01\xff" + s * 50,
        # A parser that raises, and a parse process that crashes, on a body holding the secret.
        b"X-Test-Fault: bug\r\n" + submission(1, tag="bug").replace(b"hot drinks", s),
        b"X-Test-Fault: crash\r\n" + submission(2, tag="crash").replace(b"hot drinks", s),
        # A Word attachment that is no Word file.
        head + b'Message-ID: <h6@example.org>\r\nContent-Type: multipart/mixed; boundary="c"\r\n\r\n'
        b"--c\r\nContent-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document;"
        b' name="form.docx"\r\nContent-Disposition: attachment; filename="form.docx"\r\n\r\nPK\x03\x04'
        + s + b"\r\n--c--\r\n",
    ]


def test_no_log_record_carries_message_bytes(dovecot: Dovecot, tmp_path: Path,
                                             caplog: pytest.LogCaptureFixture) -> None:
    user = dovecot.new_user("privacy")[0]
    dovecot.append(user, [*hostile(), submission(3)])
    config = imap_config(dovecot, user, tmp_path)
    store = Store.open(config.database_url)
    caplog.set_level(logging.DEBUG)

    with ParsePool(config.form, config.limits, ParseBudget(workers=1), parse=faulty.parse) as pool:
        [report] = poll_once(config, store, parser=pool)

    assert report.error is None and report.total == 7
    assert dovecot.count(user, "INBOX") == 0
    formatter = logging.Formatter("%(message)s")
    text = "\n".join(formatter.format(r) for r in caplog.records)
    # The lines are there: one per message stored, and the parser's fault in its words.
    assert text.count("mailbox contact: stored ") == report.stored == 7 and "parser bug" in text
    leaking = [(r.name, formatter.format(r)[:300]) for r in caplog.records if SECRET in formatter.format(r)]
    assert leaking == []
