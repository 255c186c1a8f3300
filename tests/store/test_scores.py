"""Scores per review criterion (``store.scores``), the queue's sorts and the "not yet scored by
me" filter, on SQLite and PostgreSQL; and migration 0006 keeping the single scores given before."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.config import Config as AlembicConfig

from store.db import MIGRATIONS, Store
from store.queue import VersionInput, create_submission, get_by_reference
from store.scores import ScoreRefused, scored_by, scores_of, scores_visible, set_scores, summaries, summary
from store.search import SORT_KEYS, QueueFilter, all_matching

CRITERIA = ("relevance", "evidence_of_impact", "transferability")


@pytest.fixture
def store(database: str, tmp_path: Path) -> Iterator[Store]:
    st = Store.open(os.environ.get("INTAKE_DATABASE_URL") or f"sqlite:///{tmp_path / 'q.db'}")
    try:
        yield st
    finally:
        st.close()


def _add(store: Store, title: str | None, *, org: str | None = None, problems: int = 0,
         minutes: int = 0) -> str:
    with store.session() as s:
        sub = create_submission(s, VersionInput(
            fields={"title": title, "organisation": org}, problems=[{"field": None, "code": "x"}] * problems,
            source="body", field_sources={}, message_row_id=None))
        sub.created_at = sub.created_at + timedelta(minutes=minutes)
        return sub.reference


def _score(store: Store, ref: str, reviewer: str, **scores: int) -> None:
    with store.session() as s:
        set_scores(s, get_by_reference(s, ref), reviewer=reviewer, scores=scores, criteria=CRITERIA)


def test_means_per_criterion_and_overall_over_two_reviewers(store: Store) -> None:
    ref = _add(store, "A")
    _score(store, ref, "ann@example.org", relevance=5, evidence_of_impact=3, transferability=4)
    _score(store, ref, "bob@example.org", relevance=2, evidence_of_impact=3, transferability=1)
    _score(store, ref, "bob@example.org", transferability=2)  # replaces Bob's earlier 1
    with store.session() as s:
        sub = get_by_reference(s, ref)
        got = summary(s, sub)
        people = {r.reviewer: r.scores for r in scores_of(s, sub)}
    assert got.reviewers == 2 and got.by_criterion == {"relevance": 3.5, "evidence_of_impact": 3.0,
                                                       "transferability": 3.0}
    assert got.mean == pytest.approx(19 / 6)
    assert people["bob@example.org"] == {"relevance": 2, "evidence_of_impact": 3, "transferability": 2}


@pytest.mark.parametrize(("scores", "message"), [
    ({"relevance": 0}, "a score is 1 to 5, not 0"), ({"relevance": 6}, "not 6"),
    ({"novelty": 3}, "there is no review criterion 'novelty'"), ({}, "at least one criterion"),
])
def test_a_refused_score_stores_nothing(store: Store, scores: dict[str, int], message: str) -> None:
    ref = _add(store, "A")
    with pytest.raises(ScoreRefused, match=message), store.session() as s:
        set_scores(s, get_by_reference(s, ref), reviewer="ann@example.org", scores=scores, criteria=CRITERIA)
    with store.session() as s:
        assert scores_of(s, get_by_reference(s, ref)) == []


def test_blind_review_shows_scores_only_after_scoring() -> None:
    assert scores_visible(blind=False, has_scored=False)
    assert not scores_visible(blind=True, has_scored=False)
    assert scores_visible(blind=True, has_scored=True)


def test_not_scored_by_keeps_what_that_reviewer_has_not_scored(store: Store) -> None:
    done, todo = _add(store, "Done"), _add(store, "Todo")
    _score(store, done, "ann@example.org", relevance=4)
    _score(store, todo, "bob@example.org", relevance=4)
    with store.session() as s:
        found = [x.reference for x in all_matching(s, QueueFilter(not_scored_by="ann@example.org"))]
        ids = [x.id or 0 for x in all_matching(s, QueueFilter())]
        mine = scored_by(s, ids, "ann@example.org")
        assert found == [todo] and mine == {get_by_reference(s, done).id}
        assert set(summaries(s, ids)) == set(ids)


def test_every_sort_orders_both_ways_with_empty_values_last(store: Store) -> None:
    low = _add(store, "beta", org="Zed", problems=2, minutes=1)
    high = _add(store, "Alpha", org="Ash", minutes=2)
    empty = _add(store, None, minutes=3)
    _score(store, low, "ann@example.org", relevance=1)
    _score(store, high, "ann@example.org", relevance=5)
    with store.session() as s:
        def order(key: str, descending: bool) -> list[str]:
            return [x.reference for x in all_matching(s, QueueFilter(), sort=key, descending=descending)]

        assert order("title", False) == [high, low, empty] and order("title", True) == [low, high, empty]
        assert order("organisation", False) == [high, low, empty]
        assert order("score", True) == [high, low, empty] and order("score", False) == [low, high, empty]
        assert order("problems", True)[0] == low
        assert order("reference", False) == [low, high, empty]
        assert order("reference", True) == [empty, high, low]
        assert order("date", True) == [empty, high, low]
        for key in SORT_KEYS:
            assert sorted(order(key, True)) == sorted([low, high, empty])


def test_migration_0006_keeps_each_single_score_as_overall(tmp_path: Path) -> None:
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'old.db'}")
    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0005_parse_attempts")  # the revision before 0006
        conn.exec_driver_sql("INSERT INTO submission (reference, status, version, problem_count, tags, "
                             "created_at, updated_at) VALUES ('CS-2026-0001', 'pending_review', 1, 0, '[]', "
                             "'2026-01-01 00:00:00', '2026-01-01 00:00:00')")
        conn.exec_driver_sql("INSERT INTO score (submission_id, reviewer, score, at) "
                             "VALUES (1, 'ann@example.org', 4, '2026-01-02 00:00:00')")
    engine.dispose()
    store = Store.open(f"sqlite:///{tmp_path / 'old.db'}")
    try:
        with store.session() as s:
            sub = get_by_reference(s, "CS-2026-0001")
            got = [(r.reviewer, r.scores) for r in scores_of(s, sub)]
            assert got == [("ann@example.org", {"overall": 4})]
            assert summary(s, sub).mean == 4.0
        assert "score" not in sa.inspect(store.engine).get_table_names()
    finally:
        store.close()
