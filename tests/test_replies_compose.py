"""What an acknowledgement says and which headers it carries, built from sanitised strings only."""

from __future__ import annotations

import email
import email.policy
from email.message import EmailMessage
from pathlib import Path

from sqlmodel import select

from intake.replies import ReplyError, queue_staff_email
from intake.replies.compose import build, reply_subject, short_name
from parsers.models import Problem
from parsers.schema import DEFAULT_SCHEMA
from store.models import Event
from tests.fixtures.smtp import FORM, incoming, reply_config, submit


def parse(raw: bytes) -> EmailMessage:
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(msg, EmailMessage)
    return msg


def bodies(msg: EmailMessage) -> tuple[str, str]:
    text, html = msg.get_body(("plain",)), msg.get_body(("html",))
    assert text is not None and html is not None
    return text.get_content(), html.get_content()


def test_acknowledgement_carries_threading_and_loop_headers(tmp_path: Path, reply_store) -> None:
    raw = incoming(subject="Case study: reading rooms",
                   headers={"References": "<older@library.example.org>",
                            "In-Reply-To": "<older@library.example.org>"})
    row, sub = submit(reply_store, reply_config(tmp_path), raw)
    msg = parse(row.raw)
    assert msg["Subject"] == f"Re: Case study: reading rooms [{sub.reference}]"
    assert sub.reference.startswith("CS-") and len(sub.reference) == len("CS-2026-0001")
    assert msg["In-Reply-To"] == "<sub-1@library.example.org>"
    assert msg["References"] == "<older@library.example.org> <sub-1@library.example.org>"
    assert msg["Message-ID"] == row.message_id and row.message_id.endswith("@example.org>")
    assert msg["Auto-Submitted"] == "auto-replied"
    assert msg["X-Auto-Response-Suppress"] == "All"
    assert msg["From"] == "Case studies <casestudies@example.org>"
    assert msg["To"] == "Alice Able <alice@library.example.org>"
    assert msg.get_content_type() == "multipart/alternative"


def test_acknowledgement_thanks_and_shows_what_was_read(tmp_path: Path, reply_store) -> None:
    row, sub = submit(reply_store, reply_config(tmp_path), incoming())
    text, html = bodies(parse(row.raw))
    assert "Thank you for your case study" in text
    assert sub.reference in text and sub.reference in html
    assert "Reading rooms for everyone" in text
    assert "Summary of case study (7 of 50 words)" in text
    assert "We opened reading rooms in five branches." in text
    assert "Northshire Libraries" in html
    assert "waiting for review" in text


def test_problems_say_what_to_do(tmp_path: Path, reply_store) -> None:
    fields = dict(FORM, summary=" ".join(["word"] * 63), job_title=None)
    problems = [Problem("summary", "over_word_limit", "Summary is too long."),
                Problem("job_title", "missing", "Job title is missing.")]
    row, _ = submit(reply_store, reply_config(tmp_path), incoming(), fields=fields, problems=problems)
    text, html = bodies(parse(row.raw))
    assert ("Your summary has 63 words; the limit is 50. Reply to this email with a shorter summary."
            in text)
    assert "63 of 50 words, over the limit" in text
    assert ("We could not find an answer to “Job title / position”. "
            "Reply to this email with your answer.") in text
    assert "(no answer found)" in text
    assert "Your summary has 63 words; the limit is 50." in html


def test_plural_field_names_are_phrased_as_the_question(tmp_path: Path, reply_store) -> None:
    fields = dict(FORM, lessons=" ".join(["lesson"] * 120))
    problems = [Problem("lessons", "over_word_limit", "Lessons too long.")]
    row, _ = submit(reply_store, reply_config(tmp_path), incoming(), fields=fields, problems=problems)
    text, _ = bodies(parse(row.raw))
    assert ("Your answer to “Key lessons learned” has 120 words; the limit is 100. "
            "Reply to this email with a shorter answer.") in text


def test_long_answers_are_shortened(tmp_path: Path, reply_store) -> None:
    description = " ".join(f"w{i}" for i in range(300))
    config = reply_config(tmp_path, replies={"preview_words": 20})
    row, _ = submit(reply_store, config, incoming(), fields=dict(FORM, description=description))
    text, _ = bodies(parse(row.raw))
    assert "w19 …" in text and "w20" not in text
    assert "(300 of 750 words)" in text
    assert "shortened here; we kept your full answer" in text


def test_html_alternative_escapes_submitter_text(tmp_path: Path, reply_store) -> None:
    fields = dict(FORM, title="<script>alert(1)</script> & more")
    row, _ = submit(reply_store, reply_config(tmp_path), incoming(), fields=fields)
    _, html = bodies(parse(row.raw))
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in html


def test_name_with_crlf_cannot_add_a_header(tmp_path: Path, reply_store) -> None:
    # The encoded words decode to "Eve\r\nBcc: victim@example.net" and a subject with a newline.
    raw = incoming(sender="=?utf-8?q?Eve=0D=0ABcc=3A_victim=40example=2Enet?= <eve@library.example.org>",
                   subject="=?utf-8?q?Hello=0D=0ABcc=3A_victim2=40example=2Enet?=")
    fields = dict(FORM, name="Eve\r\nBcc: x@example.net")
    row, _ = submit(reply_store, reply_config(tmp_path), raw, fields=fields)
    msg = parse(row.raw)
    assert msg["Bcc"] is None and msg["Cc"] is None
    assert sorted(k.lower() for k in msg.keys()) == sorted(
        ["from", "to", "subject", "date", "message-id", "in-reply-to", "references", "auto-submitted",
         "x-auto-response-suppress", "mime-version", "content-type"])
    assert "\n" not in msg["To"] and "\n" not in msg["Subject"]
    assert msg["To"].addresses[0].addr_spec == "eve@library.example.org"
    assert b"\r\nBcc:" not in row.raw.split(b"\r\n\r\n")[0]


def test_composed_bytes_are_what_the_stdlib_generator_writes_for_them(tmp_path: Path) -> None:
    # The reply is put together from the policy's folding and the charset's encoding: reading it
    # back and writing it again with the stdlib's compat32 generator gives the same bytes.
    composed = build(reply_config(tmp_path), to_addr="zoe@library.example.org",
                     to_name="Zoë Ünïcode " + "Longname " * 8, subject="Re: Café " + "long words " * 20,
                     text="Dear Zoë,\n\n" + "A line — with a dash, " * 12 + "\n=end\n", html="<p>Zoë</p>",
                     in_reply_to="<in@library.example.org>",
                     references=[f"<r{n}@library.example.org>" for n in range(12)])
    again = email.message_from_bytes(composed.raw, policy=email.policy.compat32)
    assert again.as_bytes(policy=email.policy.compat32.clone(linesep="\r\n")) == composed.raw
    text, html = bodies(parse(composed.raw))
    assert text.startswith("Dear Zoë,") and text.endswith("=end\r\n") and html == "<p>Zoë</p>"
    assert max(len(line) for line in composed.raw.split(b"\r\n")) <= 998  # RFC 5322 2.1.1


def test_reply_subject_keeps_one_re_and_one_reference() -> None:
    ref = "CS-2026-0007"
    assert reply_subject(f"RE: Re: Case study [{ref}]", ref) == f"Re: Case study [{ref}]"
    assert reply_subject("", "CS-2026-0001") == "Re: Your case study [CS-2026-0001]"
    assert reply_subject("Line\r\nBcc: x@y") == "Re: Line Bcc: x@y"


def test_field_short_names_come_from_labels_and_aliases() -> None:
    assert [short_name(f) for f in DEFAULT_SCHEMA.fields][:6] == [
        "name", "job title", "email address", "organisation", "title", "summary"]


def test_templates_can_be_overridden_from_a_folder(tmp_path: Path, reply_store) -> None:
    folder = tmp_path / "my-templates"
    folder.mkdir()
    template = "Got it: {{ reference }} v{{ version }}\n"
    (folder / "acknowledgement.txt.j2").write_text(template, encoding="utf-8")
    config = reply_config(tmp_path, replies={"templates_dir": str(folder)})
    row, sub = submit(reply_store, config, incoming())
    text, html = bodies(parse(row.raw))
    assert text.strip() == f"Got it: {sub.reference} v1"
    assert "What we read" in html  # the packaged HTML template is still used


def test_broken_template_skips_the_reply_and_tells_staff(tmp_path: Path, reply_store) -> None:
    folder = tmp_path / "broken"
    folder.mkdir()
    (folder / "acknowledgement.txt.j2").write_text("{{ no_such_value }}", encoding="utf-8")
    row, sub = submit(reply_store, reply_config(tmp_path, replies={"templates_dir": str(folder)}), incoming())
    assert row is None
    with reply_store.session() as s:
        notes = [e.note for e in s.exec(select(Event).where(Event.action == "acknowledgement_skipped"))]
    assert len(notes) == 1 and "acknowledgement.txt.j2" in notes[0] and "no_such_value" in notes[0]


def test_staff_email_threads_onto_the_submission_and_is_not_marked_automatic(tmp_path: Path,
                                                                            reply_store) -> None:
    config = reply_config(tmp_path)
    _, sub = submit(reply_store, config, incoming())
    with reply_store.session() as s:
        row = queue_staff_email(s, config, submission=sub, kind="changes_requested",
                                subject="Changes to your case study", body="Please shorten the lessons.",
                                actor="reviewer@example.org")
        events = [e.action for e in s.exec(select(Event).where(Event.submission_id == sub.id))]
    msg = parse(row.raw)
    assert msg["Subject"] == f"Changes to your case study [{sub.reference}]"
    assert msg["To"].addresses[0].addr_spec == "alice@library.example.org"
    # RFC 3834 section 5: a person chose to send this, so it is not "auto-replied".
    assert "Auto-Submitted" not in msg
    assert msg["Message-ID"] == row.message_id and row.message_id.endswith("@example.org>")
    assert msg["In-Reply-To"] == "<sub-1@library.example.org>"
    assert msg["References"] == "<sub-1@library.example.org>"
    assert msg["X-Auto-Response-Suppress"] == "All"
    text, _ = bodies(msg)
    assert "Please shorten the lessons." in text and "keeping the reference" in text
    assert (row.kind, row.status) == ("changes_requested", "pending")
    assert "email_queued" in events


def test_staff_email_refuses_a_submission_without_usable_address(tmp_path: Path, reply_store) -> None:
    config = reply_config(tmp_path)
    _, sub = submit(reply_store, config, incoming(), fields=dict(FORM, email="no-reply@example.org"))
    with reply_store.session() as s:
        try:
            queue_staff_email(s, config, submission=sub, kind="accepted", subject="Accepted", body="Yes.",
                              actor="reviewer")
        except ReplyError as err:
            assert "robot sender" in str(err)
        else:
            raise AssertionError("expected ReplyError")


def test_changes_cannot_be_asked_of_a_closed_submission_until_it_is_reopened(tmp_path: Path,
                                                                              reply_store) -> None:
    from store.queue import set_status

    config = reply_config(tmp_path)
    _, sub = submit(reply_store, config, incoming())
    for status in ("withdrawn", "rejected", "accepted"):
        with reply_store.session() as s:
            set_status(s, sub, status, actor="reviewer")
            try:
                queue_staff_email(s, config, submission=sub, kind="changes_requested", subject="Changes",
                                  body="Please shorten it.", actor="reviewer")
            except ReplyError as err:
                assert f"{sub.reference} is {status}: reopen it" in str(err)
            else:
                raise AssertionError(f"a {status} submission was asked for changes")
    with reply_store.session() as s:
        set_status(s, sub, "pending_review", actor="reviewer")
        row = queue_staff_email(s, config, submission=sub, kind="changes_requested", subject="Changes",
                                body="Please shorten it.", actor="reviewer")
    assert row.status == "pending"
