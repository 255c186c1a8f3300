"""The sender of a message recorded as failed is told once, through Dovecot and a real SMTP server:
a message whose parsing crashes gets the "we could not read it; staff will look at it" notice, a
second failure of the same message (staff's "process again") gets none, an automatic message
gets none, and ``replies.tell_failed = false`` turns the notice off."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import select

from intake.config import Config, ParseBudget
from intake.cycle import poll_once
from intake.isolation import ParsePool
from intake.pipeline import PipelineContext, reprocess
from store.db import Store
from store.models import Message, Outbox
from tests.fixtures import faulty
from tests.fixtures.dovecot import Dovecot
from tests.fixtures.mailflow import imap_config, submission
from tests.fixtures.smtp import Sink

BUDGET = ParseBudget(wall_s=30.0, cpu_s=30.0, memory_bytes=512 * 1024 * 1024, workers=1)


def crashing(n: int, *, extra: str = "") -> bytes:
    return f"X-Test-Fault: crash\r\n{extra}".encode() + submission(800 + n, tag="crash")


def _config(dovecot: Dovecot, user: str, tmp_path: Path, sink: Sink, **replies: object) -> Config:
    return imap_config(dovecot, user, tmp_path, top={"smtp": sink.smtp_table(), "replies": replies})


def _poll(config: Config, store: Store) -> None:
    with ParsePool(config.form, config.limits, BUDGET, parse=faulty.parse) as pool:
        [report] = poll_once(config, store, parser=pool)
    assert report.error is None


def test_the_sender_of_a_message_that_crashed_its_parser_is_told_once(dovecot: Dovecot, smtp_sink: Sink,
                                                                       tmp_path: Path) -> None:
    user = dovecot.new_user("told")[0]
    dovecot.append(user, [crashing(1), submission(1),
                          crashing(2, extra="Auto-Submitted: auto-generated\r\n")])
    config = _config(dovecot, user, tmp_path, smtp_sink)
    store = Store.open(config.database_url)

    _poll(config, store)

    got = {str(r.msg["In-Reply-To"]): r for r in smtp_sink.received()}
    assert set(got) == {"<crash801@library801.example.org>", "<s1@library1.example.org>"}
    notice = got["<crash801@library801.example.org>"]
    assert notice.rcpt_tos == ["person801@library801.example.org"]
    assert notice.msg["Auto-Submitted"] == "auto-replied"
    body = notice.msg.get_body(("plain",)).get_content()
    assert "We could not read it automatically" in body and "You do not need to send it again" in body
    assert dovecot.count(user, "Failed") == 2

    # Staff process the failed message again; it fails again, and the sender hears nothing more.
    with store.session() as s:
        failed = s.exec(select(Message).where(Message.message_id == "<crash801@library801.example.org>")
                        ).one()
    with ParsePool(config.form, config.limits, BUDGET, parse=faulty.parse) as pool:
        again = reprocess(PipelineContext(config, store, pool), None, failed.id or 0)
    assert again.status == "failed"
    _poll(config, store)
    with store.session() as s:
        kinds = sorted(o.kind for o in s.exec(select(Outbox)))
    assert kinds == ["acknowledgement", "failure_notice"]
    assert smtp_sink.received() == []


def test_no_failure_notice_when_tell_failed_is_off(dovecot: Dovecot, smtp_sink: Sink, tmp_path: Path) -> None:
    user = dovecot.new_user("untold")[0]
    dovecot.append(user, [crashing(3), submission(3)])
    config = _config(dovecot, user, tmp_path, smtp_sink, tell_failed=False)
    assert config.replies.tell_failed is False
    store = Store.open(config.database_url)

    _poll(config, store)

    assert [str(r.msg["In-Reply-To"]) for r in smtp_sink.received()] == ["<s3@library3.example.org>"]
    assert dovecot.count(user, "Failed") == 1
