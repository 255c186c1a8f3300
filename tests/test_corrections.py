"""Corrections that do not thread: the reference in the Subject, through the real pipeline."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import select

from intake.config import Config, load_config
from intake.corrections import reference_in_subject
from intake.pipeline import PipelineContext, process
from store import queue as q
from store.db import Store
from store.models import Message, Outbox
from tests.fixtures.forms import form_email

NO_ANSWERS = dict.fromkeys(("name", "job_title", "email", "organisation", "title", "summary", "description"))


@pytest.fixture
def ctx(workdir: Path) -> Iterator[PipelineContext]:
    config: Config = load_config(None, cwd=workdir)
    store = Store.open(config.database_url)
    yield PipelineContext(config, store)
    store.close()


@pytest.mark.parametrize(("subject", "found"), [
    ("Re: [CS-2026-0004] Case study", "CS-2026-0004"), ("cs-2026-0004 updated lessons", "CS-2026-0004"),
    ("About XCS-2026-0004", None), ("Case study submission", None), ("CS-2026-0004-b", None)])
def test_reference_in_subject_is_found_bracketed_or_not(subject: str, found: str | None) -> None:
    assert reference_in_subject(subject, "CS") == found


def test_a_bracketed_reference_from_the_submitter_without_in_reply_to_makes_version_2(
        ctx: PipelineContext) -> None:
    first = process(ctx, form_email(lessons="Start small."), origin="test")
    fixed = form_email(subject=f"Re: [{first.reference}] Case study submission", title="A new title",
                       lessons="Ask readers first.")
    second = process(ctx, fixed, origin="test")
    assert (second.status, second.reference, second.version) == ("resubmission", first.reference, 2)


def test_a_new_email_naming_the_reference_with_one_answer_makes_version_2(ctx: PipelineContext) -> None:
    first = process(ctx, form_email(lessons="Start small."), origin="test")
    update = form_email(subject=f"{first.reference} updated lessons", lessons="Ask readers first, always.",
                        **NO_ANSWERS)  # type: ignore[arg-type]
    second = process(ctx, update, origin="test")
    assert (second.status, second.version) == ("resubmission", 2)
    with ctx.store.session() as s:
        v2 = q.latest_version(s, q.get_by_reference(s, first.reference or ""))
    assert v2.fields["lessons"] == "Ask readers first, always."
    assert v2.fields["title"] and v2.field_sources["title"] == "version 1"


def test_a_reference_from_another_address_is_linked_never_a_version(ctx: PipelineContext) -> None:
    first = process(ctx, form_email(lessons="Start small."), origin="test")
    other = form_email(sender="Mallory <mallory@elsewhere.example.org>",
                       email="mallory@elsewhere.example.org",
                       subject=f"[{first.reference}] my version", lessons="Mine now.")
    out = process(ctx, other, origin="test")
    assert out.status == "not_submission"
    with ctx.store.session() as s:
        sub = q.get_by_reference(s, first.reference or "")
        row = s.exec(select(Message).where(Message.from_addr == "mallory@elsewhere.example.org")).one()
        to_mallory = s.exec(select(Outbox).where(Outbox.to_addr == "mallory@elsewhere.example.org")).all()
        assert (sub.version, row.submission_id, row.reason) == (1, sub.id, "reference_from_another_sender")
        assert all(b"Start small." not in r.raw and (sub.reference.encode() not in r.raw) for r in to_mallory)


def test_the_submitter_is_recognised_by_the_form_address_without_a_query_and_by_earlier_senders(
        ctx: PipelineContext) -> None:
    """The form's email answer needs no query (every resubmission asks); another address that sent
    a version is found among the versions' senders; a stranger is not the submitter."""
    import sqlalchemy as sa

    from intake.corrections import is_from_submitter

    first = process(ctx, form_email(sender="Ann <ann.home@example.org>", email="ann@example.org"),
                    origin="test")
    statements: list[str] = []

    def count(conn: object, cursor: object, statement: str, *args: object) -> None:
        statements.append(statement)

    with ctx.store.session() as s:
        sub = q.get_by_reference(s, first.reference or "")
        sa.event.listen(ctx.store.engine, "before_cursor_execute", count)
        try:
            assert is_from_submitter(s, sub, " ANN@example.org ")
            assert statements == []
            assert is_from_submitter(s, sub, "ann.home@example.org")
            assert not is_from_submitter(s, sub, "mallory@elsewhere.example.org")
            assert not is_from_submitter(s, sub, None)
        finally:
            sa.event.remove(ctx.store.engine, "before_cursor_execute", count)
    assert len(statements) == 2
