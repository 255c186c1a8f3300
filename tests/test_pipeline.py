"""The pipeline: every message recorded once, submissions and versions stored, the mailbox acted on
only after the commit, one bad message never stopping the run."""

from __future__ import annotations

import dataclasses
import mailbox
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlmodel import col, select

from intake.config import Config, MailboxConfig, load_config
from intake.cycle import poll_once
from intake.isolation import ParsePool, ParseResult
from intake.pipeline import AHEAD_PER_WORKER, PipelineContext, PipelineError, process, reprocess, run_once
from intake.sources.files import FileSource
from intake.sources.maildir import MaildirSource
from parsers.schema import Limits
from store import queue as q
from store.db import Store
from store.models import Attachment, Event, Heartbeat, MailboxSeen, Message, Outbox, ParseAttempt, Submission
from tests.fixtures import faulty
from tests.fixtures.forms import form_email, question_email

# Store, pipeline, worker and web tests run on SQLite and on a real PostgreSQL.
pytestmark = pytest.mark.usefixtures("database")


@pytest.fixture
def config(workdir: Path) -> Config:
    return load_config(None, cwd=workdir)


@pytest.fixture
def store(config: Config) -> Iterator[Store]:
    s = Store.open(config.database_url)
    yield s
    s.close()


@pytest.fixture
def ctx(config: Config, store: Store) -> PipelineContext:
    return PipelineContext(config, store)


def _count(store: Store, model: type) -> int:
    with store.session() as s:
        return len(s.exec(select(model)).all())


def _deliver(config: Config, *raws: bytes) -> Path:
    root = config.mailboxes[0].path
    assert root is not None
    root.parent.mkdir(parents=True, exist_ok=True)  # SQLite makes the data folder; PostgreSQL does not
    box = mailbox.Maildir(str(root), create=True)
    for raw in raws:
        box.add(raw)
    return root


def _files(folder: Path) -> list[Path]:
    return sorted(p for sub in ("new", "cur") for p in (folder / sub).glob("*") if p.is_file())


# --- storing -----------------------------------------------------------------------------------------


def test_stores_a_form_as_a_submission_with_its_message_row(ctx: PipelineContext, store: Store) -> None:
    raw = form_email(message_id="<one@test.example.org>")
    out = process(ctx, raw, origin="test:one")
    assert (out.status, out.disposition, out.version) == ("submission", "processed", 1)
    assert out.reference is not None and out.reference.startswith("CS-")
    with store.session() as s:
        msg = s.exec(select(Message)).one()
        sub = q.get_by_reference(s, out.reference)
        version = q.latest_version(s, sub)
        events = q.events(s, sub)
    assert (msg.message_id, msg.origin, msg.outcome, msg.raw, msg.size) == (
        "<one@test.example.org>", "test:one", "submission", raw, len(raw))
    assert len(msg.sha256) == 64 and msg.submission_id == sub.id
    assert sub.status == "pending_review" and sub.title == "Warm Spaces that became Community Hubs"
    assert version.fields["name"] == "Jane Okafor" and version.source == "body"
    assert events[0].action == "received" and events[0].to_status == "pending_review"


def test_a_form_with_problems_needs_attention(ctx: PipelineContext, store: Store) -> None:
    out = process(ctx, form_email(summary="word " * 60, email="not-an-address"), origin="test")
    with store.session() as s:
        sub = q.get_by_reference(s, out.reference or "")
        codes = {p["field"]: p["code"] for p in q.latest_version(s, sub).problems}
    assert sub.status == "needs_attention" and sub.problem_count == 2
    assert codes == {"summary": "over_word_limit", "email": "invalid"}


def test_non_submission_is_recorded_but_not_queued(ctx: PipelineContext, store: Store) -> None:
    out = process(ctx, question_email(), origin="test")
    assert (out.status, out.disposition, out.reference) == ("not_submission", "other", None)
    with store.session() as s:
        msg = s.exec(select(Message)).one()
    assert (msg.outcome, msg.reason, msg.submission_id) == ("not_submission", "question", None)
    assert _count(store, Submission) == 0


def test_attachments_are_kept_with_the_message(ctx: PipelineContext, store: Store) -> None:
    from email import message_from_bytes, policy

    msg = message_from_bytes(form_email(), policy=policy.default)
    msg.add_attachment(b"%PDF-1.4 leaflet", maintype="application", subtype="pdf", filename="leaflet.pdf")
    process(ctx, msg.as_bytes(), origin="test")
    with store.session() as s:
        rows = s.exec(select(Attachment)).all()
    assert [(a.filename, a.content) for a in rows] == [("leaflet.pdf", b"%PDF-1.4 leaflet")]


# --- deduplication -----------------------------------------------------------------------------------


def test_same_message_twice_is_stored_once(ctx: PipelineContext, store: Store) -> None:
    raw = form_email()
    first = process(ctx, raw, origin="test")
    second = process(ctx, raw, origin="test")
    assert second.status == "duplicate" and second.disposition == "processed"
    assert second.message_row_id == first.message_row_id
    assert (_count(store, Message), _count(store, Submission)) == (1, 1)


def test_same_message_id_with_other_bytes_is_stored_once(ctx: PipelineContext, store: Store) -> None:
    raw = form_email(message_id="<same@test.example.org>")
    process(ctx, raw, origin="imap")
    relayed = b"Received: from relay.example.org by mx.example.org\r\n" + raw
    assert process(ctx, relayed, origin="file").status == "duplicate"
    assert _count(store, Message) == 1


def test_reimporting_files_is_idempotent(tmp_path: Path, config: Config, store: Store) -> None:
    folder = tmp_path / "mail"
    folder.mkdir()
    for n in range(3):
        (folder / f"{n}.eml").write_bytes(form_email(title=f"Case {n}"))
    box = mailbox.mbox(str(folder / "more.mbox"))
    box.add(question_email())
    box.add(form_email(title="From the mbox"))
    box.close()
    first = run_once(config, store, FileSource([folder]))
    again = run_once(config, store, FileSource([folder]))
    assert (first.total, first.counts) == (5, {"submission": 4, "not_submission": 1})
    assert (again.total, again.counts) == (5, {"duplicate": 5})
    assert (_count(store, Message), _count(store, Submission)) == (5, 4)


# --- faults and failures -----------------------------------------------------------------------------


def test_broken_message_is_recorded_as_failed_while_the_others_land(
        tmp_path: Path, config: Config, store: Store) -> None:
    small = dataclasses.replace(config, limits=Limits(max_message_bytes=4000))
    folder = tmp_path / "mail"
    folder.mkdir()
    (folder / "1.eml").write_bytes(form_email(title="First"))
    (folder / "2.eml").write_bytes(form_email(title="Too big", description="word " * 2000))
    (folder / "3.eml").write_bytes(form_email(title="Third"))
    report = run_once(small, store, FileSource([folder]))
    assert report.counts == {"submission": 2, "failed": 1}
    with store.session() as s:
        failed = s.exec(select(Message).where(Message.outcome == "failed")).one()
        titles = sorted(sub.title or "" for sub in s.exec(select(Submission)).all())
    assert failed.error and failed.submission_id is None and failed.raw.startswith(b"From:")
    assert titles == ["First", "Third"]


def test_unexpected_fault_in_one_message_is_recorded_and_the_run_goes_on(
        tmp_path: Path, config: Config, store: Store) -> None:
    folder = tmp_path / "mail"
    folder.mkdir()
    (folder / "1.eml").write_bytes(b"X-Test-Fault: bug\r\n" + form_email(title="Explodes"))
    (folder / "2.eml").write_bytes(form_email(title="Fine"))
    with ParsePool(config.form, config.limits, config.budget, parse=faulty.parse) as pool:
        report = run_once(config, store, FileSource([folder]), parser=pool)
    assert report.counts == {"failed": 1, "submission": 1}
    with store.session() as s:
        failed = s.exec(select(Message).where(Message.outcome == "failed")).one()
    assert failed.error == "the parser crashed (RuntimeError: parser bug)"
    assert failed.subject == "Case study submission"

    again = reprocess(config, store, failed.id or 0)
    assert again.status == "submission" and again.message_row_id == failed.id
    with store.session() as s:
        row = s.get(Message, failed.id)
        assert row is not None and (row.outcome, row.error, row.submission_id is not None) == (
            "submission", None, True)
    with pytest.raises(PipelineError):
        reprocess(config, store, failed.id or 0)


def test_while_one_message_is_recorded_each_parse_process_has_several_ahead(
        tmp_path: Path, config: Config, store: Store) -> None:
    # Records are taken in order: with only one or two messages handed over ahead per process, a
    # message slow to parse leaves the other processes idle and the recording waiting on each.
    folder = tmp_path / "mail"
    folder.mkdir()
    for n in range(3 * AHEAD_PER_WORKER):
        (folder / f"{n:02}.eml").write_bytes(form_email(title=f"Study {n}"))
    submitted: list[int] = []
    handed: list[int] = []  # at each result taken: how many were handed over after it

    class CountingPool(ParsePool):
        def submit(self, raw: bytes) -> int:
            submitted.append(super().submit(raw))
            return submitted[-1]

        def result(self, ticket: int) -> ParseResult:
            handed.append(len(submitted) - submitted.index(ticket) - 1)
            return super().result(ticket)

    one = dataclasses.replace(config.budget, workers=1)
    with CountingPool(config.form, config.limits, one) as pool:
        report = run_once(config, store, FileSource([folder]), parser=pool)
    assert report.counts == {"submission": 3 * AHEAD_PER_WORKER}
    assert AHEAD_PER_WORKER >= 4 and handed[0] == AHEAD_PER_WORKER - 1
    assert handed[-1] == 0 and max(handed) == AHEAD_PER_WORKER - 1


# --- resubmissions -----------------------------------------------------------------------------------


def _acknowledged(store: Store, reference: str, message_id: str) -> None:
    """Give the submission an acknowledgement in the outbox with ``message_id``, as replies do."""
    with store.session() as s:
        sub = q.get_by_reference(s, reference)
        s.add(Outbox(submission_id=sub.id, kind="acknowledgement", to_addr="jane@example.org",
                     message_id=message_id, raw=b"x", status="sent"))


def test_reply_to_our_acknowledgement_becomes_version_2(ctx: PipelineContext, store: Store) -> None:
    first = process(ctx, form_email(summary="word " * 60), origin="test")
    assert first.reference is not None
    _acknowledged(store, first.reference, "<ack-1@example.org>")
    fixed = form_email(sender="Jane <jane.private@example.net>", title="A better title",
                       in_reply_to="<ack-1@example.org>", subject="Re: Case study submission")
    second = process(ctx, fixed, origin="test")
    assert (second.status, second.reference, second.version) == ("resubmission", first.reference, 2)
    with store.session() as s:
        sub = q.get_by_reference(s, first.reference)
        actions = [e.action for e in q.events(s, sub) if e.to_status]
    assert (sub.version, sub.status, sub.title) == (2, "pending_review", "A better title")
    assert actions == ["received", "resubmitted"] and _count(store, Submission) == 1


def test_reply_with_only_the_fixed_answer_keeps_the_other_answers(ctx: PipelineContext, store: Store) -> None:
    first = process(ctx, form_email(summary="word " * 60), origin="test")
    assert first.reference is not None
    _acknowledged(store, first.reference, "<ack-2@example.org>")
    answers = dict.fromkeys(("name", "job_title", "email", "organisation", "title", "description",
                             "lessons"))
    reply = form_email(in_reply_to="<ack-2@example.org>", summary="A short summary now.",
                       **answers)  # type: ignore[arg-type]
    assert process(ctx, reply, origin="test").version == 2
    with store.session() as s:
        sub = q.get_by_reference(s, first.reference)
        v2 = q.latest_version(s, sub)
    assert v2.fields["summary"] == "A short summary now." and v2.fields["name"] == "Jane Okafor"
    assert v2.field_sources["name"] == "version 1" and v2.problems == []
    assert sub.status == "pending_review"


def test_same_sender_and_title_as_an_open_submission_becomes_version_2(
        ctx: PipelineContext, store: Store) -> None:
    first = process(ctx, form_email(title="Reading Friends", lessons=None), origin="test")
    second = process(ctx, form_email(title="reading  friends", lessons="Start small."), origin="test")
    other = process(ctx, form_email(title="Another project"), origin="test")
    assert (second.status, second.reference, second.version) == ("resubmission", first.reference, 2)
    assert other.status == "submission" and other.reference != first.reference


def test_each_message_writes_each_row_once_and_asks_nothing_twice(
        ctx: PipelineContext, store: Store) -> None:
    """The statements of one message are its cost (each is ~0.2 ms of SQLAlchemy): no UPDATE of the
    submission just written, the reference taken in one statement, no attempt lookup per message."""
    ctx.given_up()  # read once per run, at its first message
    ran: list[str] = []

    def note(_conn: object, _cursor: object, statement: str, *_rest: object) -> None:
        ran.append(" ".join(statement.split()[:3]).lower())

    sa.event.listen(store.engine, "before_cursor_execute", note)
    try:
        first = process(ctx, form_email(title="Reading Friends", message_id="<a@x.example>"), origin="t")
        new, ran[:] = list(ran), []
        second = process(ctx, form_email(title="Reading Friends", message_id="<b@x.example>"), origin="t")
        again = list(ran)
    finally:
        sa.event.remove(store.engine, "before_cursor_execute", note)
    assert (first.status, second.status, second.version) == ("submission", "resubmission", 2)
    assert not [x for x in new if x.startswith("update submission")]
    assert len([x for x in again if x.startswith("update submission")]) == 1  # the new version
    assert [x for x in new if "referencecounter" in x] == ["insert into referencecounter"]
    assert not [x for x in new + again if "parseattempt" in x and x.startswith("select")]


def test_a_run_writes_one_transaction_per_message_with_the_next_ones_attempt_in_it(
        tmp_path: Path, config: Config, store: Store) -> None:
    folder = tmp_path / "mail"
    folder.mkdir()
    for n in range(3):
        (folder / f"{n}.eml").write_bytes(form_email(title=f"Case {n}"))
    ran: list[str] = []

    def note(_conn: object, _cursor: object, statement: str, *_rest: object) -> None:
        ran.append(" ".join(statement.split()[:3]).lower())

    sa.event.listen(store.engine, "before_cursor_execute", note)
    try:
        report = run_once(config, store, FileSource([folder]))
    finally:
        sa.event.remove(store.engine, "before_cursor_execute", note)
    assert report.counts == {"submission": 3}
    assert ran.count("insert into parseattempt") == 3 and ran.count("delete from parseattempt") == 3
    if store.engine.dialect.name == "sqlite":  # the first message's attempt, then one per record
        assert ran.count("begin immediate") == 4
    with store.session() as s:
        assert s.exec(select(ParseAttempt)).all() == []


def test_a_stranger_with_the_title_and_email_answer_is_linked_never_a_version(
        ctx: PipelineContext, store: Store) -> None:
    first = process(ctx, form_email(title="Reading Friends", organisation="Northbridge Libraries",
                                    summary="Our private summary of the pilot."), origin="test")
    # Someone else types the first submitter's title and address into an otherwise empty form.
    answers = dict.fromkeys(("name", "job_title", "organisation", "summary", "description", "lessons"))
    stranger = form_email(sender="Mallory <mallory@elsewhere.example>", title="Reading Friends",
                          email="jane.okafor@northbridge.example.org", name="Mallory", job_title="Nobody",
                          **{k: v for k, v in answers.items() if k not in ("name", "job_title")})
    second = process(ctx, stranger, origin="test")
    assert second.status == "submission" and second.reference != first.reference
    with store.session() as s:
        victim = q.get_by_reference(s, first.reference or "")
        assert victim.version == 1
        linked = [e for e in q.events(s, victim) if e.action == "claimed_by_other_sender"]
        assert len(linked) == 1 and second.reference in (linked[0].note or "")
        assert "mallory@elsewhere.example" in (linked[0].note or "")
        to_stranger = s.exec(select(Outbox).where(Outbox.to_addr == "mallory@elsewhere.example")).all()
    # Whatever goes back to the stranger quotes none of the first submitter's answers.
    for email in to_stranger:
        assert b"Northbridge Libraries" not in email.raw and b"private summary" not in email.raw


def _without_message_id(raw: bytes) -> bytes:
    return b"".join(line for line in raw.splitlines(keepends=True) if not line.startswith(b"Message-ID:"))


def test_a_message_without_message_id_delivered_again_with_a_trace_header_is_a_duplicate(
        ctx: PipelineContext, store: Store) -> None:
    raw = _without_message_id(form_email(title="No id here"))
    first = process(ctx, raw, origin="test")
    again = process(ctx, b"Received: from relay.example.org by mx.example.org; Tue, 1 Dec 2026\r\n" + raw,
                    origin="test")
    assert first.status == "submission" and again.status == "duplicate"
    assert _count(store, Message) == 1 and _count(store, Outbox) == 1


def test_two_different_messages_without_message_id_are_both_stored(
        ctx: PipelineContext, store: Store) -> None:
    one = process(ctx, _without_message_id(form_email(title="First project")), origin="test")
    two = process(ctx, _without_message_id(form_email(title="Second project")), origin="test")
    assert (one.status, two.status) == ("submission", "submission") and _count(store, Message) == 2


def test_a_different_message_reusing_a_message_id_is_kept_and_flagged(
        ctx: PipelineContext, store: Store) -> None:
    first = process(ctx, form_email(title="Original", message_id="<same@example.org>"), origin="test")
    other = process(ctx, form_email(title="Something else", message_id="<same@example.org>"), origin="test")
    original = form_email(title="Original", message_id="<same@example.org>")
    redelivered = process(ctx, b"X-Trace: 1\r\n" + original, origin="test")
    assert other.status == "submission" and other.reference != first.reference
    assert redelivered.status == "duplicate"
    with store.session() as s:
        rows = s.exec(select(Message).order_by(Message.id)).all()  # type: ignore[arg-type]
    assert len(rows) == 2 and rows[0].reuses_message_id_of is None
    assert rows[1].reuses_message_id_of == rows[0].id


def test_closed_submission_is_not_reopened_by_same_title(ctx: PipelineContext, store: Store) -> None:
    first = process(ctx, form_email(title="Reading Friends"), origin="test")
    with store.session() as s:
        q.set_status(s, q.get_by_reference(s, first.reference or ""), "accepted", actor="staff")
    assert process(ctx, form_email(title="Reading Friends"), origin="test").status == "submission"


# --- the Maildir source and the post-action ------------------------------------------------------------


def test_maildir_messages_are_moved_by_outcome_after_the_commit(config: Config, store: Store) -> None:
    small = dataclasses.replace(config, limits=Limits(max_message_bytes=4000))
    root = _deliver(config, form_email(title="A"), question_email(),
                    form_email(title="B", description="word " * 2000))
    with MaildirSource(small.mailboxes[0]) as source:
        report = run_once(small, store, source)
    assert report.counts == {"submission": 1, "not_submission": 1, "failed": 1}
    assert _files(root) == []
    moved = [len(_files(root / f".{name}")) for name in ("Processed", "Not-submissions", "Failed")]
    assert moved == [1, 1, 1]
    with store.session() as s:
        seen = s.exec(select(MailboxSeen)).all()
    assert len(seen) == 3 and all(row.finished for row in seen)


def test_maildir_messages_are_taken_in_delivery_order_whatever_their_names_sort_as_text(
        config: Config, store: Store) -> None:
    # Delivery agents write SECONDS.M<microseconds>P<pid>... with the microseconds not padded: the
    # second of these was delivered later, though "M100000" sorts before "M99999" as text.
    root = _deliver(config)
    for name, title in (("1764662400.M99999P7Q1.host", "First"), ("1764662400.M100000P7Q2.host", "Second"),
                        ("1764662401.M5P7Q3.host", "Third")):
        (root / "new" / name).write_bytes(form_email(title=title))
    with MaildirSource(config.mailboxes[0]) as source:
        run_once(config, store, source)
    with store.session() as s:
        stored = s.exec(select(Submission).order_by(col(Submission.id))).all()
    assert [sub.title for sub in stored] == ["First", "Second", "Third"]


def test_crash_between_commit_and_move_leads_to_the_move_alone(
        ctx: PipelineContext, config: Config, store: Store) -> None:
    root = _deliver(config, form_email())
    with MaildirSource(config.mailboxes[0]) as source:
        item = next(iter(source.fetch(_NothingSeen())))
        process(ctx, item.raw, origin=item.origin, key=item.key)  # committed; then the "crash"
    assert len(_files(root)) == 1
    with store.session() as s:
        assert s.exec(select(MailboxSeen)).one().finished is False
    with MaildirSource(config.mailboxes[0]) as source:
        report = run_once(config, store, source)
    assert report.counts == {"duplicate": 1}
    assert _files(root) == [] and len(_files(root / ".Processed")) == 1
    assert (_count(store, Message), _count(store, Submission)) == (1, 1)
    with store.session() as s:
        assert s.exec(select(MailboxSeen)).one().finished is True


def test_message_copied_back_into_the_inbox_is_only_moved(config: Config, store: Store) -> None:
    raw = form_email()
    root = _deliver(config, raw)
    poll_once(config, store)
    _deliver(config, raw)
    reports = poll_once(config, store)
    assert reports[0].counts == {"duplicate": 1}
    assert len(_files(root / ".Processed")) == 2 and _count(store, Message) == 1


def test_message_moved_back_into_the_inbox_by_hand_is_moved_again(config: Config, store: Store) -> None:
    root = _deliver(config, form_email())
    poll_once(config, store)
    done = _files(root / ".Processed")[0]
    done.rename(root / "cur" / done.name)
    assert poll_once(config, store)[0].counts == {"duplicate": 1}
    assert _files(root) == [] and _count(store, Message) == 1


@pytest.mark.parametrize("after", ["seen", "none"])
def test_message_left_in_the_inbox_is_not_taken_twice(after: str, config: Config, store: Store) -> None:
    mailbox_cfg = dataclasses.replace(config.mailboxes[0], after=after)  # type: ignore[arg-type]
    cfg = dataclasses.replace(config, mailboxes=(mailbox_cfg,))
    root = _deliver(cfg, form_email())
    assert poll_once(cfg, store)[0].total == 1
    assert poll_once(cfg, store)[0].total == 0
    names = [p.name for p in _files(root)]
    assert len(names) == 1 and names[0].endswith(":2,S") == (after == "seen")


def test_poll_records_a_heartbeat_per_mailbox(tmp_path: Path, config: Config, store: Store) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the Maildir should be")
    broken = MailboxConfig(name="broken", type="maildir", path=blocked / "Maildir")
    cfg = dataclasses.replace(config, mailboxes=(config.mailboxes[0], broken))
    _deliver(cfg, form_email())
    reports = poll_once(cfg, store)
    poll_once(cfg, store)
    assert [r.error is None for r in reports] == [True, False]
    with store.session() as s:
        beats = {b.mailbox: b for b in s.exec(select(Heartbeat)).all()}
    assert beats["default"].last_success_at is not None and beats["default"].consecutive_failures == 0
    assert beats["broken"].last_success_at is None and beats["broken"].consecutive_failures == 2
    assert "Maildir" in (beats["broken"].last_error or "")


def test_stop_request_finishes_the_current_message_first(config: Config, store: Store) -> None:
    root = _deliver(config, form_email(title="1"), form_email(title="2"), form_email(title="3"))
    calls: list[int] = []

    def stop_after_one() -> bool:
        calls.append(1)
        return len(calls) > 1

    with MaildirSource(config.mailboxes[0]) as source:
        report = run_once(config, store, source, should_stop=stop_after_one)
    assert report.stopped and report.total == 1
    assert len(_files(root)) == 2 and len(_files(root / ".Processed")) == 1
    with store.session() as s:  # the next one's attempt, counted with the first's record, is taken back
        assert not [a.attempts for a in s.exec(select(ParseAttempt)) if a.attempts]


def test_a_limited_run_takes_that_many_messages_and_tells_more_may_wait(config: Config, store: Store) -> None:
    root = _deliver(config, *(form_email(title=str(n)) for n in range(5)))
    with MaildirSource(config.mailboxes[0]) as source:
        turns = [run_once(config, store, source, limit=2) for _ in range(3)]
    assert [(r.total, r.more, r.stopped) for r in turns] == [(2, True, False), (2, True, False),
                                                             (1, False, False)]
    assert _files(root) == [] and len(_files(root / ".Processed")) == 5
    assert _count(store, Submission) == 5


def test_every_change_is_an_event(ctx: PipelineContext, store: Store) -> None:
    out = process(ctx, form_email(), origin="test")
    with store.session() as s:
        q.set_status(s, q.get_by_reference(s, out.reference or ""), "accepted", actor="cli:ann", note="ok")
    with store.session() as s:
        rows = s.exec(select(Event).where(Event.to_status != None).order_by(Event.id)).all()  # type: ignore[arg-type]  # noqa: E711
    assert [(e.action, e.from_status, e.to_status, e.note) for e in rows] == [
        ("received", None, "pending_review", None), ("status", "pending_review", "accepted", "ok")]


class _NothingSeen:
    def finished_uids(self, account: str, folder: str, uidvalidity: int) -> set[str]:
        return set()
