"""Finding submissions: SQLite FTS5 kept in sync by triggers, the LIKE fallback, filters, sorting
and pages (store/search.py, migrations 0002_web_fts and 0013_search_stemming)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from store.db import Store
from store.queue import get_by_reference, set_status
from store.review import add_tag
from store.search import QueueFilter, all_matching, all_tags, fts_available, search_queue
from tests.fixtures.migrations import move_schema
from tests.web import seed


def seeded(st: Store) -> Store:
    seed.add_submission(st, seed.fields("Warm spaces", description="Older residents met every Tuesday."))
    seed.add_submission(st, seed.fields("Code clubs", description="Teenagers learnt Python with volunteers.",
                                        organisation="Northtown Libraries"))
    seed.add_submission(st, seed.fields("Bibliothèque numérique", description="Café-style e-lending."),
                        problems=[{"field": "summary", "code": "missing", "message": "No summary."}])
    return st


@pytest.fixture
def store(tmp_path: Path, database: str) -> Store:
    """The seeded queue, on SQLite and on PostgreSQL (``database``)."""
    return seeded(seed.open_store(seed.make_config(tmp_path)))


def titles(store: Store, flt: QueueFilter, **kw: object) -> list[str | None]:
    with store.session() as s:
        return [r.title for r in search_queue(s, flt, **kw).rows]  # type: ignore[arg-type]


def test_migration_creates_the_full_text_table(store: Store) -> None:
    with store.session() as s:
        assert fts_available(s)


def test_search_finds_words_in_any_answer_by_prefix(store: Store) -> None:
    assert titles(store, QueueFilter(text="teenage python")) == ["Code clubs"]
    assert titles(store, QueueFilter(text="northtown")) == ["Code clubs"]
    assert titles(store, QueueFilter(text="tuesday")) == ["Warm spaces"]
    assert titles(store, QueueFilter(text="tuesday python")) == []


def test_only_the_last_word_may_be_unfinished(store: Store) -> None:
    # The word being typed is read as a prefix; the words before it as whole (stemmed) words, so a
    # word common to most submissions costs no read of all of them.
    assert titles(store, QueueFilter(text="python teen")) == ["Code clubs"]
    assert titles(store, QueueFilter(text="volunteers libr")) == ["Code clubs"]
    assert titles(store, QueueFilter(text="teen python")) == []
    assert titles(store, QueueFilter(text="teenagers python")) == ["Code clubs"]


def test_search_ignores_accents_and_case_on_sqlite(tmp_path: Path) -> None:
    store = seeded(Store.open(f"sqlite:///{tmp_path / 'accents.sqlite3'}"))
    assert titles(store, QueueFilter(text="BIBLIOTHEQUE cafe")) == ["Bibliothèque numérique"]


def test_search_by_reference(store: Store) -> None:
    with store.session() as s:
        ref = search_queue(s, QueueFilter(text="python")).rows[0].reference
    assert titles(store, QueueFilter(text=ref)) == ["Code clubs"]


def test_fts_syntax_in_the_query_is_taken_literally(store: Store) -> None:
    for query in ['NEAR(" OR *', 'title:warm', '"unbalanced', "AND OR NOT", "-", "^warm"]:
        titles(store, QueueFilter(text=query))  # no error
    # Read as the words "title" and "warm", not as a filter on the title column.
    assert titles(store, QueueFilter(text="title:warm")) == []


def test_search_follows_the_newest_version(store: Store) -> None:
    ref = seed.add_submission(store, seed.fields("Reading groups", description="Monthly meetings."))
    seed.add_second_version(store, ref, seed.fields("Reading groups", description="Weekly book circles."))
    assert titles(store, QueueFilter(text="weekly circles")) == ["Reading groups"]
    assert titles(store, QueueFilter(text="monthly")) == []


def test_search_follows_edits_to_the_title(store: Store) -> None:
    with store.session() as s:
        ref = search_queue(s, QueueFilter(text="tuesday")).rows[0].reference
        get_by_reference(s, ref).title = "Winter warmth"
    assert titles(store, QueueFilter(text="winter")) == ["Winter warmth"]


def test_like_fallback_gives_the_same_answers_without_fts(store: Store) -> None:
    queries = ["teenage python", "northtown", "tuesday", "weekly"]
    with_fts = [titles(store, QueueFilter(text=q)) for q in queries]
    table = "submission_search" if store.engine.dialect.name == "postgresql" else "submission_fts"
    with store.engine.begin() as conn:
        conn.execute(text(f"DROP TABLE {table}"))
    with store.session() as s:
        assert not fts_available(s)
    assert [titles(store, QueueFilter(text=q)) for q in queries] == with_fts
    assert titles(store, QueueFilter(any_words=("volunteer",))) == ["Code clubs"]


def test_filters_by_status_problems_tag_and_theme_words(store: Store) -> None:
    with store.session() as s:
        sub = search_queue(s, QueueFilter(text="python")).rows[0]
        set_status(s, sub, "accepted", actor="rev@example.org")
        add_tag(s, sub, "shortlist", actor="rev@example.org")
    assert titles(store, QueueFilter(status="accepted")) == ["Code clubs"]
    assert titles(store, QueueFilter(has_problems=True)) == ["Bibliothèque numérique"]
    assert len(titles(store, QueueFilter(has_problems=False))) == 2
    assert titles(store, QueueFilter(tag="shortlist")) == ["Code clubs"]
    assert titles(store, QueueFilter(tag="short")) == []
    either = QueueFilter(any_words=("volunteer", "older residents"))
    assert titles(store, either) == ["Code clubs", "Warm spaces"]


def test_sorts_by_title_and_date_and_pages(store: Store) -> None:
    assert titles(store, QueueFilter(), sort="title", descending=False) == [
        "Bibliothèque numérique", "Code clubs", "Warm spaces"]
    assert titles(store, QueueFilter(), sort="date", descending=False)[0] == "Warm spaces"
    with store.session() as s:
        first = search_queue(s, QueueFilter(), sort="title", descending=False, page_size=2)
        page = search_queue(s, QueueFilter(), sort="title", descending=False, after=first.next_cursor,
                            page_size=2)
        assert [r.title for r in page.rows] == ["Warm spaces"] and page.total == 3
        assert page.next_cursor is None and page.prev_cursor is not None
        assert len(all_matching(s, QueueFilter())) == 3


QUERIES = [QueueFilter(text=t) for t in ("teenage python", "TEENAGERS python", "northtown", "tuesday",
                                          "tuesday python", "python volunteers", "older resid", "100%_",
                                          "title:warm", "midshire", "code", "-", "northtown library",
                                          "met tuesdays", "meeting tuesdays", "volunteering", "code club",
                                          "python teen", "teen python", "volunteers libr")]
QUERIES += [QueueFilter(any_words=w) for w in (("older residents",), ("volunteer", "e-lending"), ("zzz",))]


def test_postgresql_tsvector_and_sqlite_fts5_give_the_same_results(tmp_path: Path, pg_url: str) -> None:
    lite, pg = (seeded(Store.open(url)) for url in (f"sqlite:///{tmp_path / 'same.sqlite3'}", pg_url))
    try:
        with pg.session() as s:
            assert fts_available(s)
            add_tag(s, search_queue(s, QueueFilter(text="python")).rows[0], "shortlist", actor="t")
        with lite.session() as s:
            add_tag(s, search_queue(s, QueueFilter(text="python")).rows[0], "shortlist", actor="t")
        for flt in [*QUERIES, QueueFilter(tag="shortlist")]:
            assert titles(pg, flt) == titles(lite, flt), flt
        assert titles(pg, QueueFilter(text="teenage python")) == ["Code clubs"]
        with pg.session() as s:
            assert all_tags(s) == ["shortlist"]
            plan = "\n".join(s.exec(text(  # type: ignore[call-overload]
                "EXPLAIN SELECT submission_id FROM submission_search "
                "WHERE document @@ to_tsquery('english', 'python:*')")).scalars())
        assert "submission_search" in plan
    finally:
        lite.close()
        pg.close()


def test_search_stems_english_words_on_both_databases(store: Store) -> None:
    # "Libraries" is stored as the stem "librari" (FTS5's porter tokenizer, PostgreSQL's English
    # dictionary); "library" finds it only through stemming, "volunteering" finds "volunteers".
    assert titles(store, QueueFilter(text="northtown library")) == ["Code clubs"]
    assert titles(store, QueueFilter(text="volunteering python")) == ["Code clubs"]
    assert titles(store, QueueFilter(text="meeting tuesdays")) == []
    assert titles(store, QueueFilter(text="met tuesdays")) == ["Warm spaces"]


def test_a_queue_searched_before_stemming_finds_the_same_rows_after_the_upgrade(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'before.sqlite3'}"
    move_schema(url, "0012_intake_lookups")
    seeded(Store.open(url)).close()  # opened at head, seeded, then taken back to 0012's table
    move_schema(url, "0012_intake_lookups", down=True)
    store = Store.open(url)
    try:
        with store.engine.connect() as conn:
            sql = conn.exec_driver_sql(
                "SELECT sql FROM sqlite_master WHERE name = 'submission_fts'").scalar_one()
        assert "porter" in sql
        assert titles(store, QueueFilter(text="northtown library")) == ["Code clubs"]
        assert titles(store, QueueFilter(text="older resid")) == ["Warm spaces"]
    finally:
        store.close()
