"""Delivery through a real SMTP server (aiosmtpd on 127.0.0.1): TLS verified, login, retries of
temporary failures with growing delays, permanent failures with the server's words."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from sqlmodel import select

from intake.replies import outbox, queue_staff_email, send_due
from intake.replies.send import claim_next
from store.models import Outbox, utcnow
from tests.fixtures.smtp import FORM, free_port, incoming, reply_config, submit


def only_row(store) -> Outbox:
    with store.session() as s:
        rows = s.exec(select(Outbox)).all()
    assert len(rows) == 1
    return rows[0]


def test_acknowledgement_arrives_over_starttls_with_login(tmp_path: Path, reply_store, smtp_sink) -> None:
    config = reply_config(tmp_path, smtp=smtp_sink.smtp_table())
    _, sub = submit(reply_store, config, incoming(subject="My case study"))
    assert send_due(config, reply_store) == {"sent": 1, "failed": 0, "retry": 0}
    got = smtp_sink.inbox.get(timeout=2)
    assert got.tls and got.authenticated
    assert (got.mail_from, got.rcpt_tos) == ("casestudies@example.org", ["alice@library.example.org"])
    assert got.msg["Subject"] == f"Re: My case study [{sub.reference}]"
    assert got.msg["In-Reply-To"] == "<sub-1@library.example.org>"
    assert got.msg["Auto-Submitted"] == "auto-replied"
    assert got.msg["X-Auto-Response-Suppress"] == "All"
    assert "Reading rooms for everyone" in got.msg.get_body(("plain",)).get_content()
    row = only_row(reply_store)
    assert (row.status, row.attempts, row.last_error) == ("sent", 1, None)
    assert row.sent_at is not None and got.msg["Message-ID"] == row.message_id
    assert send_due(config, reply_store) == {"sent": 0, "failed": 0, "retry": 0}
    assert smtp_sink.received() == []


def test_implicit_tls_delivers(tmp_path: Path, reply_store, smtp_sink_tls) -> None:
    config = reply_config(tmp_path, smtp=smtp_sink_tls.smtp_table())
    submit(reply_store, config, incoming())
    assert send_due(config, reply_store)["sent"] == 1
    got = smtp_sink_tls.inbox.get(timeout=2)
    assert got.tls and got.authenticated


def test_name_with_crlf_reaches_no_extra_recipient(tmp_path: Path, reply_store, smtp_sink) -> None:
    config = reply_config(tmp_path, smtp=smtp_sink.smtp_table())
    raw = incoming(sender="=?utf-8?q?Eve=0D=0ABcc=3A_victim=40example=2Enet?= <eve@library.example.org>",
                   subject="=?utf-8?q?Hi=0ABcc=3A_victim=40example=2Enet?=")
    submit(reply_store, config, raw, fields=dict(FORM, name="Eve\nBcc: victim@example.net"))
    send_due(config, reply_store)
    got = smtp_sink.inbox.get(timeout=2)
    assert got.rcpt_tos == ["eve@library.example.org"]
    assert got.msg["Bcc"] is None and got.msg["Cc"] is None


def test_self_signed_certificate_is_refused_unless_trusted(tmp_path: Path, reply_store, smtp_sink) -> None:
    untrusted = reply_config(tmp_path, smtp=smtp_sink.smtp_table(trusted=False))
    submit(reply_store, untrusted, incoming())
    assert send_due(untrusted, reply_store) == {"sent": 0, "failed": 0, "retry": 1}
    row = only_row(reply_store)
    assert row.status == "pending" and "certificate" in row.last_error and "ca_file" in row.last_error
    assert smtp_sink.received() == []
    trusted = reply_config(tmp_path, smtp=smtp_sink.smtp_table())
    assert send_due(trusted, reply_store, now=utcnow() + timedelta(hours=1))["sent"] == 1
    assert smtp_sink.inbox.get(timeout=2).tls


def test_self_signed_certificate_is_refused_over_implicit_tls(
        tmp_path: Path, reply_store, smtp_sink_tls) -> None:
    config = reply_config(tmp_path, smtp=smtp_sink_tls.smtp_table(trusted=False))
    submit(reply_store, config, incoming())
    assert send_due(config, reply_store)["retry"] == 1
    assert "certificate" in only_row(reply_store).last_error
    assert smtp_sink_tls.received() == []


def test_temporary_refusal_is_retried_later_and_delivered_once(
        tmp_path: Path, reply_store, smtp_sink) -> None:
    config = reply_config(tmp_path, smtp=smtp_sink.smtp_table())
    submit(reply_store, config, incoming())
    smtp_sink.data_replies = ["451 4.3.0 Try again later"]
    t0 = utcnow()
    assert send_due(config, reply_store, now=t0) == {"sent": 0, "failed": 0, "retry": 1}
    row = only_row(reply_store)
    assert (row.status, row.attempts, row.last_error) == ("pending", 1, "451 4.3.0 Try again later")
    assert row.next_attempt_at == t0 + timedelta(seconds=60)
    assert send_due(config, reply_store, now=t0 + timedelta(seconds=30))["sent"] == 0
    assert send_due(config, reply_store, now=t0 + timedelta(seconds=61))["sent"] == 1
    assert send_due(config, reply_store, now=t0 + timedelta(hours=2))["sent"] == 0
    assert len(smtp_sink.received()) == 1
    assert only_row(reply_store).status == "sent"


def test_permanent_refusal_marks_failed_with_the_servers_words(
        tmp_path: Path, reply_store, smtp_sink) -> None:
    config = reply_config(tmp_path, smtp=smtp_sink.smtp_table())
    submit(reply_store, config, incoming())
    smtp_sink.data_replies = ["554 5.6.0 Message refused as spam"]
    assert send_due(config, reply_store) == {"sent": 0, "failed": 1, "retry": 0}
    row = only_row(reply_store)
    assert (row.status, row.next_attempt_at) == ("failed", None)
    assert row.last_error == "554 5.6.0 Message refused as spam"
    assert send_due(config, reply_store, now=utcnow() + timedelta(days=1))["sent"] == 0


def test_unknown_recipient_fails_and_staff_can_retry(tmp_path: Path, reply_store, smtp_sink) -> None:
    config = reply_config(tmp_path, smtp=smtp_sink.smtp_table())
    submit(reply_store, config, incoming())
    smtp_sink.rcpt_replies = {"alice@library.example.org": "550 5.1.1 No such user here"}
    assert send_due(config, reply_store)["failed"] == 1
    row = only_row(reply_store)
    assert row.last_error == "550 5.1.1 No such user here"
    smtp_sink.rcpt_replies = {}
    with reply_store.session() as s:
        outbox.retry(s, row.id, actor="staff@example.org")
    assert send_due(config, reply_store)["sent"] == 1
    assert smtp_sink.inbox.get(timeout=2).rcpt_tos == ["alice@library.example.org"]


def test_unreachable_server_is_retried_with_growing_delays_then_fails(tmp_path: Path, reply_store) -> None:
    table = {"transport": "smtp", "host": "127.0.0.1", "port": free_port(), "security": "none",
             "timeout_s": 2.0, "retry_base_s": 60.0, "max_attempts": 3}
    config = reply_config(tmp_path, smtp=table)
    submit(reply_store, config, incoming(message_id="<a@x.example.org>", body="a\n"))
    submit(reply_store, config, incoming(message_id="<b@x.example.org>", body="b\n"))
    t0 = utcnow()
    assert send_due(config, reply_store, now=t0) == {"sent": 0, "failed": 0, "retry": 1}  # run stops at once
    with reply_store.session() as s:
        first, second = s.exec(select(Outbox).order_by(Outbox.id)).all()
    assert (first.attempts, second.attempts) == (1, 0)
    assert "cannot connect to 127.0.0.1" in first.last_error
    delays = [first.next_attempt_at - t0]
    now = first.next_attempt_at
    send_due(config, reply_store, now=now)  # both due: the older one again, the run stops there
    with reply_store.session() as s:
        first = s.get(Outbox, first.id)
    delays.append(first.next_attempt_at - now)
    assert delays == [timedelta(seconds=60), timedelta(seconds=120)]
    assert send_due(config, reply_store, now=first.next_attempt_at)["failed"] == 1
    with reply_store.session() as s:
        assert s.get(Outbox, first.id).status == "failed"


def test_wrong_password_is_not_delivered_and_says_why(
        tmp_path: Path, reply_store, smtp_sink, monkeypatch) -> None:
    monkeypatch.setenv("SINK_SMTP_PASSWORD", "wrong")
    config = reply_config(tmp_path, smtp=smtp_sink.smtp_table())
    submit(reply_store, config, incoming())
    assert send_due(config, reply_store)["retry"] == 1
    error = only_row(reply_store).last_error
    assert "login refused" in error and "535" in error
    assert smtp_sink.received() == []


def test_staff_email_goes_through_the_same_outbox(tmp_path: Path, reply_store, smtp_sink) -> None:
    config = reply_config(tmp_path, smtp=smtp_sink.smtp_table())
    _, sub = submit(reply_store, config, incoming())
    with reply_store.session() as s:
        queue_staff_email(s, config, submission=sub, kind="changes_requested", subject="Please shorten",
                          body="The summary needs to be under 50 words.", actor="reviewer@example.org")
    assert send_due(config, reply_store)["sent"] == 2
    got = {m.msg["Subject"]: m for m in smtp_sink.received()}
    staff = got[f"Please shorten [{sub.reference}]"]
    assert staff.msg["In-Reply-To"] == "<sub-1@library.example.org>"
    assert "The summary needs to be under 50 words." in staff.msg.get_body(("plain",)).get_content()


def test_a_claimed_row_is_not_sent_by_a_second_job(tmp_path: Path, reply_store) -> None:
    config = reply_config(tmp_path)
    submit(reply_store, config, incoming())
    now = utcnow()
    first = claim_next(reply_store, now, skip=[])
    assert first is not None and first.status == "sending"
    assert claim_next(reply_store, now, skip=[]) is None
    assert claim_next(reply_store, now + timedelta(minutes=1), skip=[]) is None  # still being sent


def test_a_row_left_sending_by_a_killed_worker_goes_again_within_two_minutes_and_is_logged(
        tmp_path: Path, reply_store, smtp_sink, caplog) -> None:
    config = reply_config(tmp_path, smtp=smtp_sink.smtp_table())
    submit(reply_store, config, incoming())
    killed_at = utcnow()
    assert claim_next(reply_store, killed_at, skip=[]) is not None  # claimed, then the worker died
    caplog.set_level("WARNING", logger="intake.replies")
    assert send_due(config, reply_store, now=killed_at + timedelta(minutes=2))["sent"] == 1
    assert len(smtp_sink.received()) == 1
    assert any("was left sending by a stopped send run" in r.getMessage() for r in caplog.records)


def oauth_config(tmp_path: Path, sink, token_command: str):
    mailbox = {"type": "imap", "host": "127.0.0.1", "port": 1, "security": "none",
               "username": "sender@example.org",
               "oauth2": {"provider": "command", "token_command": token_command}}
    smtp = sink.smtp_table(login=False, username="sender@example.org", oauth2_mailbox="default")
    return reply_config(tmp_path, smtp=smtp, mailbox=mailbox)


def test_xoauth2_login_reuses_the_mailbox_token_provider(tmp_path: Path, reply_store, smtp_sink) -> None:
    config = oauth_config(tmp_path, smtp_sink, "echo good-token")
    submit(reply_store, config, incoming())
    assert send_due(config, reply_store)["sent"] == 1
    got = smtp_sink.inbox.get(timeout=2)
    assert got.tls and got.authenticated


def test_xoauth2_with_a_refused_token_is_not_delivered(tmp_path: Path, reply_store, smtp_sink) -> None:
    config = oauth_config(tmp_path, smtp_sink, "echo expired-token")
    submit(reply_store, config, incoming())
    assert send_due(config, reply_store)["retry"] == 1
    assert "535" in only_row(reply_store).last_error
    assert smtp_sink.received() == []


def test_check_reports_a_working_login_and_a_refused_certificate(tmp_path: Path, smtp_sink) -> None:
    from intake.replies.errors import DeliveryError
    from intake.replies.smtp import SmtpTransport

    ok = SmtpTransport(reply_config(tmp_path, smtp=smtp_sink.smtp_table())).check()
    assert ok == f"SMTP 127.0.0.1:{smtp_sink.port} accepts us over STARTTLS after login"
    try:
        SmtpTransport(reply_config(tmp_path, smtp=smtp_sink.smtp_table(trusted=False))).check()
    except DeliveryError as err:
        assert "not trusted" in str(err) and "smtp.ca_file" in str(err)
    else:
        raise AssertionError("an untrusted certificate was accepted")


def test_an_outage_is_one_warning_and_its_end_another(tmp_path: Path, reply_store, smtp_sink, caplog) -> None:
    config = reply_config(tmp_path, smtp=smtp_sink.smtp_table(max_attempts=10))
    for n in range(5):
        submit(reply_store, config, incoming(message_id=f"<out-{n}@library.example.org>",
                                             sender=f"Person {n} <p{n}@library.example.org>"))
    caplog.set_level("INFO", logger="intake.replies")
    for n in range(5):
        smtp_sink.rcpt_replies[f"p{n}@library.example.org"] = "451 4.3.0 try again later"
    start = utcnow()
    for hour in range(3):  # three send runs during the outage, each after the rows' retry delay
        assert send_due(config, reply_store, now=start + timedelta(hours=hour))["sent"] == 0
    smtp_sink.rcpt_replies.clear()
    assert send_due(config, reply_store, now=start + timedelta(hours=3))["sent"] == 5
    warnings = [r.getMessage() for r in caplog.records
                if r.levelname == "WARNING" and r.name == "intake.replies"]
    assert len(warnings) == 2, warnings
    assert "sending fails (451 4.3.0 try again later)" in warnings[0]
    assert "sending works again (5 sent)" in warnings[1]


def test_a_550_period_is_one_warning_failing_in_status_and_one_line_when_it_works_again(
        tmp_path: Path, reply_store, smtp_sink, caplog) -> None:
    from intake.health import healthy, problems, status_report

    config = reply_config(tmp_path, smtp=smtp_sink.smtp_table())
    caplog.set_level("INFO", logger="intake.replies")
    smtp_sink.data_replies = ["550 5.7.1 Message refused"] * 6
    for n in range(6):  # six emails, each refused for good, over six send runs
        submit(reply_store, config, incoming(message_id=f"<r-{n}@library.example.org>",
                                             sender=f"Person {n} <q{n}@library.example.org>"))
        assert send_due(config, reply_store)["failed"] == 1
    report = status_report(config, reply_store)
    assert report["sending"]["state"] == "failing" and not healthy(report)
    assert any("replies: sending is failing: 6 email(s) gave up for good" in p and "550 5.7.1" in p
               for p in problems(report))

    submit(reply_store, config, incoming(message_id="<r-ok@library.example.org>",
                                         sender="Person 9 <q9@library.example.org>"))
    assert send_due(config, reply_store)["sent"] == 1
    warnings = [r.getMessage() for r in caplog.records
                if r.levelname == "WARNING" and r.name == "intake.replies"]
    assert len(warnings) == 2, warnings
    assert "sending fails (550 5.7.1 Message refused)" in warnings[0] and "gave up for good" in warnings[0]
    assert "sending works again (1 sent)" in warnings[1]
    assert status_report(config, reply_store)["sending"]["state"] == "ok"
