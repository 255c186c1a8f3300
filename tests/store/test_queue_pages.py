"""Keyset pages of the review queue (store/search.py) and the tallies kept by triggers (migration
0007_queue_indexes_tallies), on SQLite and on a real PostgreSQL: every order is stable, following "next" to
the end and "previous" back to the start meets every match once, filters are honoured."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event
from sqlmodel import Session, func, select

from store.db import Store
from store.models import Submission
from store.queue import STATUSES, VersionInput, counts_by_status, create_submission, set_status
from store.review import add_tag, remove_tag
from store.search import QueueFilter, all_matching, all_tags, decode_cursor, encode_cursor, search_queue

pytestmark = pytest.mark.usefixtures("database")

# Titles with ties (same title, other case), an empty one and a missing one: the order must still
# be total, or a page boundary inside a tie would skip or repeat rows.
TITLES = ["Warm spaces", "code clubs", "Code Clubs", None, "", "Archive days", "warm spaces", "Zines",
          "Book bus", "Code clubs", "Makerspace", "Archive days", "Reading friends", "Jobs club",
          "Homework help", "Baby rhyme time", "Carers' café", "Digital drop-in", "Zines", "Film nights",
          "Lego league", "Quiet study", "Seed library"]


@pytest.fixture
def store(tmp_path: Path) -> Store:
    from intake.config import parse_config

    config = parse_config({"data_dir": str(tmp_path / "data")}, base=tmp_path, path=None)
    st = Store.open(config.database_url)
    with st.session() as s:
        for n, title in enumerate(TITLES):
            problems = ([{"field": "summary", "code": "missing", "message": "No summary."}]
                        if n % 4 == 0 else [])
            sub = create_submission(s, VersionInput(fields={"title": title, "email": f"p{n}@example.org"},
                                                    problems=problems, source="body", field_sources={},
                                                    message_row_id=None))
            if n % 3 == 0:
                add_tag(s, sub, "shortlist", actor="t")
            if n % 5 == 0:
                set_status(s, sub, "accepted", actor="t")
    return st


def walk(s: Session, flt: QueueFilter, sort: str, descending: bool, size: int) -> tuple[list[int], list[int]]:
    """Every id reached by following next to the end, and then previous back to the start."""
    forward: list[list[int]] = []
    page = search_queue(s, flt, sort=sort, descending=descending, page_size=size)
    assert page.prev_cursor is None
    while True:
        forward.append([r.id or 0 for r in page.rows])
        assert len(page.rows) <= size
        if page.next_cursor is None:
            break
        page = search_queue(s, flt, sort=sort, descending=descending, after=page.next_cursor, page_size=size)
    backward: list[list[int]] = [[r.id or 0 for r in page.rows]]
    while page.prev_cursor is not None:
        page = search_queue(s, flt, sort=sort, descending=descending, before=page.prev_cursor, page_size=size)
        assert len(page.rows) == size  # a page before another is always full
        backward.insert(0, [r.id or 0 for r in page.rows])
    assert backward == forward, "previous does not retrace next"
    return [i for p in forward for i in p], [i for p in backward for i in p]


FILTERS = [QueueFilter(), QueueFilter(status="accepted"), QueueFilter(has_problems=True),
           QueueFilter(has_problems=False), QueueFilter(tag="shortlist"), QueueFilter(text="example"),
           QueueFilter(status="pending_review", has_problems=False, tag="shortlist")]


@pytest.mark.parametrize("sort,descending",
                         [("date", True), ("date", False), ("title", False), ("title", True)])
@pytest.mark.parametrize("size", [1, 4, 50])
def test_next_and_previous_meet_every_match_once_in_a_stable_order(store: Store, sort: str, descending: bool,
                                                                    size: int) -> None:
    with store.session() as s:
        for flt in FILTERS:
            expected = [r.id for r in all_matching(s, flt, sort=sort, descending=descending)]
            forward, _ = walk(s, flt, sort, descending, size)
            assert forward == expected, flt
            assert len(set(forward)) == len(forward)


def test_the_title_order_is_case_blind_with_ties_broken_by_arrival(store: Store) -> None:
    with store.session() as s:
        rows = all_matching(s, QueueFilter(), sort="title", descending=False)
    # Case-blind, ties by arrival, and a submission without a title last (as in every sort).
    keys = [(not (r.title or "").strip(), (r.title or "").strip().lower(), r.id or 0) for r in rows]
    assert keys == sorted(keys)
    titled = [r for r in rows if (r.title or "").strip()]
    assert titled[-1].title == "Zines" and rows[-1].title in (None, "") and titled != rows


def test_filters_hold_on_every_page(store: Store) -> None:
    flt = QueueFilter(status="pending_review", has_problems=False, tag="shortlist")
    with store.session() as s:
        ids, _ = walk(s, flt, "date", True, 2)
        subs = [s.get(Submission, i) for i in ids]
    assert subs and all(x is not None and x.status == "pending_review" and x.problem_count == 0
                        and "shortlist" in x.tags for x in subs)


def test_a_new_submission_during_paging_neither_skips_nor_repeats_a_row(store: Store) -> None:
    with store.session() as s:
        first = search_queue(s, QueueFilter(), page_size=5)
    with store.session() as s:
        create_submission(s, VersionInput(fields={"title": "Late arrival"}, problems=[], source="body",
                                          field_sources={}, message_row_id=None))
    with store.session() as s:
        second = search_queue(s, QueueFilter(), after=first.next_cursor, page_size=5)
        everything = [r.id for r in all_matching(s, QueueFilter())]
    seen = [r.id for r in first.rows + second.rows]
    assert seen == everything[1:11]  # the newcomer is first in the list, not on the next page


def test_an_unreadable_cursor_gives_the_first_page(store: Store) -> None:
    with store.session() as s:
        first = [r.id for r in search_queue(s, QueueFilter(), page_size=3).rows]
        for bad in ("", "garbage", "!!!", encode_cursor(("x", 1)), encode_cursor((None, -4)),
                    encode_cursor((None, 2**40))):
            assert [r.id for r in search_queue(s, QueueFilter(), after=bad, page_size=3).rows] == first
            assert [r.id for r in search_queue(s, QueueFilter(), before=bad, page_size=3).rows] == first
    assert decode_cursor(encode_cursor(("code clubs", 7)), "title") == ("code clubs", 7)
    assert decode_cursor(encode_cursor(("code clubs", 7)), "date") is None


def test_the_total_is_given_when_the_tallies_know_it(store: Store) -> None:
    with store.session() as s:
        assert search_queue(s, QueueFilter()).total == len(TITLES)
        accepted = s.exec(select(func.count()).select_from(Submission)
                          .where(Submission.status == "accepted")).one()
        assert search_queue(s, QueueFilter(status="accepted")).total == accepted
        assert search_queue(s, QueueFilter(tag="shortlist")).total is None


def true_counts(s: Session) -> dict[str, int]:
    rows = s.exec(select(Submission.status, func.count()).group_by(Submission.status)).all()
    return {**dict.fromkeys(STATUSES, 0), **{k: int(n) for k, n in rows}}


def test_the_tallies_follow_status_and_tag_changes(store: Store) -> None:
    with store.session() as s:
        assert counts_by_status(s) == true_counts(s)
        assert all_tags(s) == ["shortlist"]
        subs = list(s.exec(select(Submission).order_by(Submission.id)).all())
        set_status(s, subs[1], "rejected", actor="t")
        set_status(s, subs[2], "withdrawn", actor="t")
        add_tag(s, subs[1], "Evidence", actor="t")
        add_tag(s, subs[2], "evidence", actor="t")
    with store.session() as s:
        assert counts_by_status(s) == true_counts(s)
        assert all_tags(s) == ["Evidence", "evidence", "shortlist"]
        for sub in s.exec(select(Submission)).all():
            remove_tag(s, sub, "shortlist", actor="t")
            if sub.id == subs[1].id:
                remove_tag(s, sub, "Evidence", actor="t")
    with store.session() as s:
        assert all_tags(s) == ["evidence"]  # a tag nobody has any more is not offered
        assert counts_by_status(s) == true_counts(s)


def plans(store: Store, flt: QueueFilter, sort: str, descending: bool) -> list[str]:
    """The database's plan of each query a second page of ``flt`` runs (PostgreSQL told that a sort
    or a whole-table read costs more than anything: this table is small, and the question is whether
    an index can serve the order, not whether the planner would choose it for 23 rows)."""
    statements: list[tuple[str, Any]] = []

    def grab(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT SUBMISSION.ID"):
            statements.append((statement, parameters))

    with store.session() as s:
        first = search_queue(s, flt, sort=sort, descending=descending, page_size=2)
        conn = s.connection()
        pg = conn.dialect.name == "postgresql"
        if pg:
            conn.exec_driver_sql("SET LOCAL enable_sort = off")
            conn.exec_driver_sql("SET LOCAL enable_seqscan = off")
        event.listen(store.engine, "before_cursor_execute", grab)
        try:
            search_queue(s, flt, sort=sort, descending=descending, after=first.next_cursor, page_size=2)
        finally:
            event.remove(store.engine, "before_cursor_execute", grab)
        explain = "EXPLAIN " if pg else "EXPLAIN QUERY PLAN "
        return ["\n".join(str(r[-1]) for r in conn.exec_driver_sql(explain + q, p)) for q, p in statements]


def test_a_title_sorted_page_is_read_through_the_title_index_with_or_without_a_status(store: Store) -> None:
    for descending, direction in ((False, "asc"), (True, "desc")):
        for flt, index in ((QueueFilter(), f"ix_submission_title_{direction}"),
                           (QueueFilter(status="pending_review", has_problems=False),
                            f"ix_submission_status_title_{direction}")):
            found = plans(store, flt, "title", descending)
            assert found and all(index in p and "TEMP B-TREE" not in p and "Sort" not in p
                                 for p in found), found


@pytest.mark.parametrize("database", ["sqlite"], indirect=True)  # PostgreSQL reads its GIN index
def test_a_newest_first_text_search_on_sqlite_reads_the_full_text_table_in_id_order(store: Store) -> None:
    found = plans(store, QueueFilter(text="example", status="pending_review"), "date", True)
    assert found and all(p.splitlines()[0].startswith("SCAN submission_fts") and "TEMP B-TREE" not in p
                         for p in found), found
