"""The rows the pipeline writes with single statements (no ORM objects) are the rows the staff paths
write through the session: the same columns, cut to the same lengths, with the same events."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from sqlmodel import col, select

from store import messages as m
from store import queue as q
from store.db import Store
from store.models import Event, Message, Submission, SubmissionVersion

_DIFFERENT = {"id", "sha256", "raw", "size", "received_at"}


def _columns(row: Any, skip: set[str]) -> dict[str, Any]:
    return {k: v for k, v in row.model_dump().items() if k not in skip}


def _described(raw: bytes) -> dict[str, Any]:
    return {"raw": raw, "sha256": hashlib.sha256(raw).hexdigest(), "origin": "o" * 600,
            "outcome": "not_submission", "message_id": "<x@example.org>", "reason": "r" * 100,
            "error": "E", "from_addr": "a" * 400, "from_name": "n" * 600, "subject": "S",
            "content_sha256": "c" * 64}


def test_insert_message_stores_what_record_message_stores(tmp_path: Path) -> None:
    store = Store.open(f"sqlite:///{tmp_path / 'q.db'}")
    with store.session() as s:
        by_orm = m.record_message(s, **_described(b"one"))
        by_insert = m.insert_message(s, **_described(b"two"))
    assert by_insert.raw == b"two" and by_insert.message_id == "<x@example.org>"
    with store.session() as s:
        inserted = s.get(Message, by_insert.id)
        assert inserted is not None and inserted.size == 3 and inserted.received_at is not None
        assert _columns(inserted, _DIFFERENT) == _columns(by_orm, _DIFFERENT)
        assert len(inserted.from_addr or "") == 320 and len(inserted.origin) == 500


def test_rewrite_message_gives_a_failed_row_its_new_outcome_and_keeps_its_link(tmp_path: Path) -> None:
    store = Store.open(f"sqlite:///{tmp_path / 'q.db'}")
    with store.session() as s:
        row = m.insert_message(s, **{**_described(b"raw"), "outcome": "failed"})
        sub = q.create_submission(s, q.VersionInput({"title": "T"}, [], "body", {}, row.id))
        assert sub.id is not None
        m.link_submission(s, row.id, sub.id)
    with store.session() as s:
        again = m.rewrite_message(s, row.id, outcome="submission", reason=None, from_addr="b" * 400)
        assert again == m.StoredMessage(id=row.id, raw=b"raw", message_id="<x@example.org>")
        assert m.rewrite_message(s, row.id + 1, outcome="submission") is None
    with store.session() as s:
        stored = s.get(Message, row.id)
        assert stored is not None
        assert (stored.outcome, stored.reason, len(stored.from_addr or ""), stored.submission_id) == (
            "submission", None, 320, sub.id)


def test_append_version_writes_what_add_version_writes(tmp_path: Path) -> None:
    store = Store.open(f"sqlite:///{tmp_path / 'q.db'}")
    first = q.VersionInput({"title": "T", "email": "a@example.org"}, [], "body", {}, None)
    second = q.VersionInput({"title": "T2", "email": "a@example.org"}, [{"field": "title", "code": "x"}],
                            "body", {"title": "body"}, None, forwarded_by="f@example.org")
    with store.session() as s:
        subs = [q.create_submission(s, first), q.create_submission(s, first)]
        q.add_version(s, subs[0], second)
        q.append_version(s, subs[1], second)
    with store.session() as s:
        versions = [s.exec(select(SubmissionVersion).where(SubmissionVersion.submission_id == sub.id,
                                                           SubmissionVersion.version == 2)).one()
                    for sub in subs]
        assert _columns(versions[0], {"id", "submission_id", "created_at"}) == \
            _columns(versions[1], {"id", "submission_id", "created_at"})
        stored = [s.get(Submission, sub.id) for sub in subs]
        skip = {"id", "reference", "created_at", "updated_at"}
        assert _columns(stored[0], skip) == _columns(stored[1], skip)
        assert stored[1] is not None and (stored[1].version, stored[1].status) == (2, "needs_attention")
        actions = [[(e.action, e.from_status, e.to_status, e.data) for e in
                    s.exec(select(Event).where(Event.submission_id == sub.id).order_by(col(Event.id)))]
                   for sub in subs]
        assert actions[0] == actions[1]


def test_a_version_and_an_event_leave_the_unit_of_work_nothing_to_write(tmp_path: Path) -> None:
    store = Store.open(f"sqlite:///{tmp_path / 'q.db'}")
    with store.session() as s:
        sub = q.create_submission(s, q.VersionInput({"title": "T"}, [], "body", {}, None))
        ref = sub.reference
    with store.session() as s:
        sub = q.get_by_reference(s, ref)
        q.append_version(s, sub, q.VersionInput({"title": "T2", "name": "Ada"}, [], "body", {}, None))
        q.add_event(s, sub, "acknowledgement_queued", actor="system")
        assert not s.dirty and (sub.version, sub.title, sub.submitter_name) == (2, "T2", "Ada")
        changed_at = sub.updated_at
    with store.session() as s:
        stored = q.get_by_reference(s, ref)
        assert (stored.version, stored.title, stored.submitter_name) == (2, "T2", "Ada")
        assert stored.updated_at == changed_at
