"""Staff rescue, correct and answer at the terminal: ``intake message refile ID --as submission|
correction CS-…|handled``, ``intake message answer`` (threaded, through the outbox, delivered to a
real SMTP server by ``intake send``) and ``intake queue correct`` (a version by staff; the
submitter's version is never changed). Messages arrive by ``intake import``, as the worker stores them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlmodel import col, select
from typer.testing import CliRunner

from intake.cli import app
from intake.config import load_config
from store.db import Store
from store.models import Event, Message, Outbox, SubmissionVersion
from tests.fixtures.smtp import Sink, incoming

FORM_BODY = ("Your name: Bo Peep\nJob title: Librarian\nEmail address: bo@lib.example.org\n"
             "Name of library service/local authority: Flockton Libraries\n"
             "Suggested title for case study: Sheep in the stacks\n"
             "Summary of case study (max 50 words): Lambs read to children.\n"
             "Description of the project / initiative / approach (max 750 words): Every Saturday.\n"
             "Key lessons learned (max 100 words): Fewer sheep, more books.\n")
QUESTION = "Hello, can I send our case study as a PDF, or must it be Word? Thanks, Bo\n"


def setup(tmp_path: Path, sink: Sink | None = None) -> Path:
    cfg = tmp_path / "config.toml"
    text = 'data_dir = "data"\n'
    if sink is not None:
        text += "[smtp]\n" + "".join(f"{k} = {json.dumps(v)}\n" for k, v in sink.smtp_table().items())
    cfg.write_text(text, encoding="utf-8")
    return cfg


def run(cfg: Path, *args: str, code: int = 0) -> str:
    result = CliRunner(env={"COLUMNS": "200"}).invoke(app, ["--config", str(cfg), *args])
    assert result.exit_code == code, (result.stdout, result.stderr, result.exception)
    if code == 2:
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: ") and "Traceback" not in result.stderr
        return lines[0]
    return result.stdout


def store_of(cfg: Path) -> Store:
    return Store.open(load_config(cfg).database_url)


def deliver(cfg: Path, tmp_path: Path, name: str, raw: bytes) -> int:
    """``intake import`` one message; returns its row id."""
    path = tmp_path / f"{name}.eml"
    path.write_bytes(raw)
    run(cfg, "import", str(path))
    store = store_of(cfg)
    with store.session() as s:
        row = s.exec(select(Message).order_by(col(Message.id).desc())).first()
        assert row is not None and row.id is not None
        row_id = row.id
    store.close()
    return row_id


def query(cfg: Path, fn: Any) -> Any:
    store = store_of(cfg)
    try:
        with store.session() as s:
            return fn(s)
    finally:
        store.close()


def test_a_question_refiled_as_a_submission_enters_the_queue_with_an_acknowledgement_in_its_thread(
        tmp_path: Path) -> None:
    cfg = setup(tmp_path)
    # A form the reader took for a question (a tiny one): it sits in other mail until staff act.
    mid = deliver(cfg, tmp_path, "q", incoming(sender="Bo Peep <bo@lib.example.org>", subject="Our study",
                                                body="Title: Sheep in the stacks\n" + QUESTION,
                                                message_id="<q-1@lib.example.org>"))
    assert query(cfg, lambda s: s.get(Message, mid).outcome) == "not_submission"

    out = run(cfg, "message", "refile", str(mid), "--as", "submission", "--acknowledge", "--note", "a form")

    assert "Filed as a new submission: CS-" in out and "acknowledgement to bo@lib.example.org" in out
    ref = out.split("Filed as a new submission: ", 1)[1].split()[0]
    msg = query(cfg, lambda s: s.get(Message, mid))
    assert (msg.outcome, msg.filed_as, msg.filed_note) == ("submission", "submission", "a form")
    assert msg.filed_by.startswith("cli") and msg.filed_at is not None
    ack = query(cfg, lambda s: s.exec(select(Outbox).where(Outbox.kind == "acknowledgement")).one())
    assert b"In-Reply-To: <q-1@lib.example.org>" in ack.raw and ref.encode() in ack.raw
    shown = json.loads(run(cfg, "queue", "show", ref, "--json"))
    assert shown["submitter_email"] == "bo@lib.example.org"
    assert any(e["action"] == "refiled" and e["note"] == "a form" for e in shown["events"])
    # Filed once: a second filing is refused in one line, and the message is no longer "other mail".
    assert "already" in run(cfg, "message", "refile", str(mid), "--as", "handled", code=2)
    assert json.loads(run(cfg, "message", "list", "--json")) == []


def test_a_message_refiled_as_a_correction_becomes_the_next_version_and_handled_mail_is_archived(
        tmp_path: Path) -> None:
    cfg = setup(tmp_path)
    deliver(cfg, tmp_path, "form", incoming(sender="Bo Peep <bo@lib.example.org>", body=FORM_BODY,
                                            message_id="<form-1@lib.example.org>"))
    ref = json.loads(run(cfg, "queue", "list", "--json"))[0]["reference"]
    # A colleague sends the corrected lessons from another address: linked or other mail, never a version.
    mid = deliver(cfg, tmp_path, "fix", incoming(sender="Al <al@other.example.org>", subject="lessons",
                                                 body="Key lessons learned: Start with the parents.\n",
                                                 message_id="<fix-1@other.example.org>"))
    assert query(cfg, lambda s: s.get(Message, mid).outcome) == "not_submission"

    assert "Name the submission" in run(cfg, "message", "refile", str(mid), "--as", "correction", code=2)
    assert "no submission with reference CS-2026-9999" in run(
        cfg, "message", "refile", str(mid), "--as", "correction", "CS-2026-9999", code=2)
    out = run(cfg, "message", "refile", str(mid), "--as", "correction", ref)

    assert f"Filed as a correction: {ref} version 2" in out
    detail = json.loads(run(cfg, "queue", "show", ref, "--json"))
    assert detail["version"] == 2 and detail["fields"]["lessons"] == "Start with the parents."
    assert detail["fields"]["title"] == "Sheep in the stacks"  # carried over from version 1
    assert query(cfg, lambda s: s.get(Message, mid).submission_id) is not None

    spam = deliver(cfg, tmp_path, "spam", incoming(sender="Zed <zed@elsewhere.example.org>", subject="hi",
                                                   body=QUESTION, message_id="<z-1@elsewhere.example.org>"))
    assert "Marked as handled: message" in run(cfg, "message", "refile", str(spam), "--as", "handled",
                                                 "--note", "answered by phone")
    waiting = json.loads(run(cfg, "message", "list", "--json"))
    handled = json.loads(run(cfg, "message", "list", "--handled", "--json"))
    assert spam not in [m["id"] for m in waiting]
    assert [m["id"] for m in handled] == [spam] and handled[0]["filed_by"].startswith("cli")
    assert "answered by phone" in run(cfg, "message", "show", str(spam))


def test_a_failed_message_filed_as_a_submission_is_read_again_and_keeps_its_failure_on_record(
        tmp_path: Path) -> None:
    cfg = setup(tmp_path)
    raw = incoming(sender="Bo Peep <bo@lib.example.org>", subject="Form", body=FORM_BODY,
                   message_id="<broken@lib.example.org>")
    store = store_of(cfg)
    with store.session() as s:
        import hashlib

        from store.messages import record_message

        row = record_message(s, raw=raw, sha256=hashlib.sha256(raw).hexdigest(), origin="test",
                             outcome="failed", error="the parser crashed", from_addr="bo@lib.example.org",
                             subject="Form")
        mid = row.id
    store.close()

    out = run(cfg, "message", "refile", str(mid), "--as", "submission")
    ref = out.split(": ", 1)[1].split()[0]
    assert query(cfg, lambda s: s.get(Message, mid).outcome) == "submission"
    detail = json.loads(run(cfg, "queue", "show", ref, "--json"))
    # The message reads fine now, so its answers are there; the failure stays on the message row.
    assert detail["fields"]["name"] == "Bo Peep"
    assert query(cfg, lambda s: s.get(Message, mid).error) == "the parser crashed"


def test_a_corrected_answer_is_a_version_by_staff_and_the_submitters_version_is_kept(tmp_path: Path) -> None:
    cfg = setup(tmp_path)
    deliver(cfg, tmp_path, "form", incoming(sender="Bo Peep <bo@lib.example.org>", body=FORM_BODY,
                                            message_id="<form-2@lib.example.org>"))
    ref = json.loads(run(cfg, "queue", "list", "--json"))[0]["reference"]

    out = run(cfg, "queue", "correct", ref, "--field", "lessons", "--value", "Fewer sheep, more readers.",
              "--note", "typo in the Word form")

    assert f"{ref}: version 2 saved, lessons corrected by cli" in out
    versions = query(cfg, lambda s: list(s.exec(select(SubmissionVersion).order_by(
        col(SubmissionVersion.version)))))
    assert [v.fields["lessons"] for v in versions] == ["Fewer sheep, more books.",
                                                       "Fewer sheep, more readers."]
    assert versions[0].edited_by is None and versions[1].edited_by.startswith("cli")
    assert versions[1].field_sources["lessons"].startswith("edited:cli")
    events = query(cfg, lambda s: list(s.exec(select(Event).where(Event.action == "answers_corrected"))))
    assert [e.note for e in events] == ["typo in the Word form"]
    # Nothing changed, an unknown question: refused in one line, no version added.
    assert "Nothing changed" in run(cfg, "queue", "correct", ref, "-f", "lessons", "--value",
                                    "Fewer sheep, more readers.", code=2)
    assert "no question 'colour'" in run(cfg, "queue", "correct", ref, "-f", "colour", "--value", "x", code=2)
    assert json.loads(run(cfg, "queue", "show", ref, "--json"))["version"] == 2


def test_an_answer_from_the_terminal_is_threaded_and_delivered_over_smtp(tmp_path: Path,
                                                                       smtp_sink: Sink) -> None:
    cfg = setup(tmp_path, smtp_sink)
    mid = deliver(cfg, tmp_path, "q", incoming(sender="Bo Peep <bo@lib.example.org>", subject="PDF?",
                                                body=QUESTION, message_id="<ask-1@lib.example.org>",
                                                headers={"References": "<earlier@lib.example.org>"}))
    run(cfg, "send")
    smtp_sink.received()  # the automatic "how to submit" reply, if any

    # The placeholder rule of every staff draft applies to answers too.
    assert "placeholder" in run(cfg, "message", "answer", str(mid), "--body", "(write your answer here)",
                                code=2)
    out = run(cfg, "message", "answer", str(mid), "--body", "A PDF is fine, Bo.")
    assert "Your answer to bo@lib.example.org is in the outbox" in out
    run(cfg, "send")

    [mail] = smtp_sink.received()
    assert mail.rcpt_tos == ["bo@lib.example.org"]
    assert mail.msg["In-Reply-To"] == "<ask-1@lib.example.org>"
    assert mail.msg["References"].split() == ["<earlier@lib.example.org>", "<ask-1@lib.example.org>"]
    assert mail.msg["Subject"] == "Re: PDF?" and mail.msg["Auto-Submitted"] is None
    assert "A PDF is fine, Bo." in mail.msg.get_body(("plain",)).get_content()
    shown = run(cfg, "message", "show", str(mid))
    assert "our answer email" in shown and "A PDF is fine, Bo." in shown and "sent" in shown


def test_a_message_that_still_cannot_be_read_is_filed_with_no_answers_for_staff_to_type_in(
        tmp_path: Path) -> None:
    cfg = setup(tmp_path)
    cfg.write_text(cfg.read_text(encoding="utf-8") + "[limits]\nmax_mime_parts = 2\n", encoding="utf-8")
    parts = "".join(f"--b\r\nContent-Type: text/plain\r\n\r\nPart {n}\r\n" for n in range(5))
    raw = incoming(sender="Bo Peep <bo@lib.example.org>", subject="Form", message_id="<many@lib.example.org>",
                   headers={"MIME-Version": "1.0", "Content-Type": 'multipart/mixed; boundary="b"'},
                   body=parts.replace("\r\n", "\n") + "--b--\n")
    mid = deliver(cfg, tmp_path, "many", raw)
    assert query(cfg, lambda s: s.get(Message, mid).outcome) == "failed"

    out = run(cfg, "message", "refile", str(mid), "--as", "submission")

    ref = out.split(": ", 1)[1].split()[0]
    detail = json.loads(run(cfg, "queue", "show", ref, "--json"))
    assert detail["status"] == "needs_attention" and detail["submitter_email"] == "bo@lib.example.org"
    assert not any(detail["fields"].values())
    assert any(p["field"] is None and "could not read" in p["message"] for p in detail["problem_list"])
    run(cfg, "queue", "correct", ref, "-f", "name", "--value", "Bo Peep")
    again = json.loads(run(cfg, "queue", "show", ref, "--json"))
    assert again["version"] == 2 and again["fields"]["name"] == "Bo Peep"
    assert not any(p["field"] is None for p in again["problem_list"])  # staff typed the answers in
