"""When not to reply: RFC 3834 loop protection, robots, our own address, the rate limit, backlog
imports and non-submissions."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlmodel import select

from intake.replies.headers import read_headers
from intake.replies.policy import decide
from store.models import Event, Outbox, utcnow
from tests.fixtures.smtp import incoming, reply_config, submit

LOOPS = [
    ("auto_submitted", {"Auto-Submitted": "auto-replied"}),
    ("auto_submitted", {"Auto-Submitted": "auto-generated; owner-email=x@y.example.org"}),
    ("precedence", {"Precedence": "bulk"}),
    ("precedence", {"Precedence": "junk"}),
    # A list-relayed submission with no author's address besides the list's: staff are told.
    ("mailing_list_no_author", {"Precedence": "list"}),
    ("precedence", {"Precedence": "auto_reply"}),
    ("auto_response_suppressed", {"X-Auto-Response-Suppress": "All"}),
    ("auto_response_suppressed", {"X-Auto-Response-Suppress": "OOF, AutoReply"}),
    ("mailing_list_no_author", {"List-Id": "Library news <news.lists.example.org>"}),
    ("mailing_list", {"List-Unsubscribe": "<mailto:leave@lists.example.org>"}),
    ("null_sender", {"Return-Path": "<>"}),
    ("auto_reply", {"X-Autoreply": "yes"}),
]


@pytest.mark.parametrize(("reason", "headers"), LOOPS, ids=[f"{r}-{i}" for i, (r, _) in enumerate(LOOPS)])
def test_automatic_or_list_mail_gets_no_reply(tmp_path: Path, reply_store, reason, headers) -> None:
    config = reply_config(tmp_path)
    row, sub = submit(reply_store, config, incoming(headers=headers))
    assert row is None
    with reply_store.session() as s:
        assert s.exec(select(Outbox)).all() == []
        notes = [e.note for e in s.exec(select(Event).where(Event.action == "acknowledgement_skipped"))]
    assert notes == [reason]


def test_delivery_report_gets_no_reply(tmp_path: Path, reply_store) -> None:
    headers = {"MIME-Version": "1.0",
               "Content-Type": 'multipart/report; report-type=delivery-status; boundary="b"'}
    body = ("--b\nContent-Type: text/plain\n\nDelivery failed.\n--b\n"
            "Content-Type: message/delivery-status\n\nStatus: 5.1.1\n--b--\n")
    row, _ = submit(reply_store, reply_config(tmp_path), incoming(headers=headers, body=body))
    assert row is None


@pytest.mark.parametrize("sender", [
    "MAILER-DAEMON@mx.example.org", "postmaster@library.example.org", "no-reply@example.org",
    "noreply-alerts@example.org", "do-not-reply@example.org", "news-bounces@lists.example.org",
    "Mail Delivery Subsystem <mailer-daemon@googlemail.com>",
])
def test_robot_senders_get_no_reply(tmp_path: Path, reply_store, sender: str) -> None:
    row, _ = submit(reply_store, reply_config(tmp_path), incoming(sender=sender))
    assert row is None


@pytest.mark.parametrize("sender", ["Case studies <CaseStudies@example.org>", "intake@council.example.org"])
def test_our_own_addresses_get_no_reply(tmp_path: Path, reply_store, sender: str) -> None:
    config = reply_config(tmp_path, own_addresses=["intake@council.example.org"])
    row, _ = submit(reply_store, config, incoming(sender=sender))
    assert row is None


@pytest.mark.parametrize("sender", ["", "not an address", "a@b.example.org, c@d.example.org", "<@>"])
def test_missing_or_invalid_from_gets_no_reply(tmp_path: Path, reply_store, sender: str) -> None:
    row, _ = submit(reply_store, reply_config(tmp_path), incoming(sender=sender))
    assert row is None


def test_a_person_gets_an_acknowledgement_even_with_auto_submitted_no(tmp_path: Path, reply_store) -> None:
    row, sub = submit(reply_store, reply_config(tmp_path), incoming(headers={"Auto-Submitted": "no"}))
    assert row is not None
    assert (row.kind, row.to_addr, row.status, row.submission_id) == (
        "acknowledgement", "alice@library.example.org", "pending", sub.id)


def test_suppression_of_delivery_reports_only_still_gets_an_acknowledgement(
        tmp_path: Path, reply_store) -> None:
    # MS-OXCMAIL: DR and NDR suppress delivery reports, not automatic replies.
    raw = incoming(headers={"X-Auto-Response-Suppress": "DR, NDR"})
    row, _ = submit(reply_store, reply_config(tmp_path), raw)
    assert row is not None


def test_rate_limit_holds_per_sender_per_day(tmp_path: Path, reply_store) -> None:
    config = reply_config(tmp_path, replies={"per_sender_per_day": 2})
    rows = [submit(reply_store, config, incoming(message_id=f"<m{i}@x.example.org>", body=f"v{i}\n"))[0]
            for i in range(4)]
    other, _ = submit(reply_store, config, incoming(sender="bob@other.example.org", body="bob\n"))
    assert [r is not None for r in rows] == [True, True, False, False]
    assert other is not None


def test_rate_limit_forgets_replies_older_than_a_day(tmp_path: Path, reply_store) -> None:
    config = reply_config(tmp_path, replies={"per_sender_per_day": 1})
    first, _ = submit(reply_store, config, incoming(body="one\n"))
    with reply_store.session() as s:
        row = s.get(Outbox, first.id)
        row.created_at = utcnow() - timedelta(hours=25)
        s.add(row)
    second, _ = submit(reply_store, config, incoming(body="two\n"))
    assert second is not None


def test_backlog_import_sends_nothing(tmp_path: Path, reply_store) -> None:
    row, _ = submit(reply_store, reply_config(tmp_path), incoming(), backlog=True)
    assert row is None


def test_disabled_replies_send_nothing(tmp_path: Path, reply_store) -> None:
    row, _ = submit(reply_store, reply_config(tmp_path, replies={"enabled": False}), incoming())
    assert row is None


def test_non_submissions_get_nothing_by_default(tmp_path: Path, reply_store) -> None:
    row, _ = submit(reply_store, reply_config(tmp_path), incoming(subject="A question"),
                    kind="not_submission", reason="question")
    assert row is None


def test_human_question_gets_how_to_submit_reply_when_configured(tmp_path: Path, reply_store) -> None:
    config = reply_config(tmp_path, replies={"answer_questions": True})
    row, _ = submit(reply_store, config, incoming(subject="Deadline?"), kind="not_submission",
                    reason="question")
    assert row is not None and row.kind == "question"
    assert row.subject == "Re: Deadline?"
    text = row.raw.decode()
    assert "This mailbox receives case-study submissions" in text
    assert "Suggested title for case study" in text


def test_question_in_reply_to_our_email_gets_no_how_to_submit_reply(tmp_path: Path, reply_store) -> None:
    config = reply_config(tmp_path, replies={"answer_questions": True})
    ack, _ = submit(reply_store, config, incoming())
    raw = incoming(subject="Re: your case study", message_id="<q-1@library.example.org>",
                   headers={"In-Reply-To": ack.message_id, "References": ack.message_id})
    row, _ = submit(reply_store, config, raw, kind="not_submission", reason="question")
    assert row is None


def test_auto_reply_question_gets_nothing_even_when_questions_are_answered(
        tmp_path: Path, reply_store) -> None:
    config = reply_config(tmp_path, replies={"answer_questions": True})
    for reason, headers in [("auto_reply", {}), ("question", {"Auto-Submitted": "auto-replied"}),
                            ("bulk", {})]:
        row, _ = submit(reply_store, config, incoming(headers=headers, body=reason), kind="not_submission",
                        reason=reason)
        assert row is None


def test_parser_verdict_of_auto_reply_is_respected(tmp_path: Path, reply_store) -> None:
    row, _ = submit(reply_store, reply_config(tmp_path), incoming(subject="Out of office"), auto_reply=True)
    assert row is None


def test_decision_names_the_address_to_reply_to(tmp_path: Path, reply_store) -> None:
    config = reply_config(tmp_path)
    with reply_store.session() as s:
        d = decide(s, config, read_headers(incoming(sender='"Able, Alice" <Alice@Library.example.org>')),
                   backlog=False)
    assert (d.reply, d.to_addr, d.to_name) == (True, "Alice@Library.example.org", "Able, Alice")
