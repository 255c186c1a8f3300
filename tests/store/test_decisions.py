"""The one review operation: ``store.decisions.decide`` over the transition table, with a real
SQLite store."""

from __future__ import annotations

from pathlib import Path

import pytest

from store.db import Store
from store.decisions import Action, DecisionRefused, allowed_actions, decide
from store.models import Submission
from store.queue import Status, VersionInput, create_submission, events, get_by_reference


def _store_with_one(tmp_path: Path) -> tuple[Store, str]:
    store = Store.open(f"sqlite:///{tmp_path / 'q.db'}")
    with store.session() as s:
        sub = create_submission(s, VersionInput(fields={"title": "T"}, problems=[], source="body",
                                                field_sources={}, message_row_id=None))
        ref = sub.reference
    return store, ref


def _get(store: Store, ref: str) -> Submission:
    with store.session() as s:
        return get_by_reference(s, ref)


def test_accept_is_not_offered_on_an_accepted_submission() -> None:
    assert Action.ACCEPT not in allowed_actions(Status.ACCEPTED)
    assert allowed_actions(Status.ACCEPTED) == [Action.REOPEN]
    assert Action.ACCEPT in allowed_actions(Status.PENDING_REVIEW)
    assert Action.REOPEN not in allowed_actions(Status.PENDING_REVIEW)


def test_decide_moves_the_status_and_records_who_and_why(tmp_path: Path) -> None:
    store, ref = _store_with_one(tmp_path)
    with store.session() as s:
        sub = get_by_reference(s, ref)
        decide(s, sub, Action.ACCEPT, actor="ann", note="strong")
    with store.session() as s:
        sub = get_by_reference(s, ref)
        last = events(s, sub)[-1]
        assert (sub.status, last.actor, last.action, last.from_status, last.note) == (
            "accepted", "ann", "accept", "pending_review", "strong")
    store.close()


def test_decide_refuses_what_the_table_does_not_allow_and_changes_nothing(tmp_path: Path) -> None:
    store, ref = _store_with_one(tmp_path)
    with store.session() as s:
        decide(s, get_by_reference(s, ref), Action.REJECT, actor="ann")
    for action, words in ((Action.REJECT, "already rejected"), (Action.ACCEPT, "reopen it"),
                          (Action.REQUEST_CHANGES, "before asking for changes")):
        with pytest.raises(DecisionRefused, match=words), store.session() as s:
            decide(s, get_by_reference(s, ref), action, actor="ann")
    assert _get(store, ref).status == "rejected"
    store.close()


def test_a_refused_email_leaves_the_status_unchanged(tmp_path: Path) -> None:
    store, ref = _store_with_one(tmp_path)
    def refuse(sub: Submission, status: str) -> None:
        raise RuntimeError(f"no email for {status}")

    with pytest.raises(RuntimeError, match="no email for accepted"), store.session() as s:
        decide(s, get_by_reference(s, ref), Action.ACCEPT, actor="ann", notify=refuse)
    assert _get(store, ref).status == "pending_review"
    store.close()
