"""Migrations create the whole schema from empty, exactly as the models describe it."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel

import store.models  # noqa: F401  (registers every table on SQLModel.metadata)
from store.db import MIGRATIONS, Store, make_engine, migrate, newest_revisions, schema_is_current
from store.search import EXPRESSION_INDEXES, SEARCH_TABLES
from tests.fixtures.migrations import move_schema


def schema_differences(engine: sa.Engine) -> list[Any]:
    """What autogenerate would change to make the database match the models; empty when equal.

    Full-text search tables (SQLite's FTS5 virtual tables and their shadow tables, PostgreSQL's
    tsvector table, the tallies) and indexes on expressions live outside the models by design and
    are left out of the comparison (SQLAlchemy warns that it cannot reflect the latter).
    """
    with engine.connect() as conn, warnings.catch_warnings():
        warnings.filterwarnings("ignore", "Skipped unsupported reflection of expression-based index",
                                sa.exc.SAWarning)
        virtual = [*_virtual_tables(conn), *SEARCH_TABLES]

        def include(name: str | None, type_: str, parent: Any) -> bool:
            if type_ == "index":
                return name not in EXPRESSION_INDEXES
            return not (type_ == "table" and name and any(name == v or name.startswith(f"{v}_")
                                                          for v in virtual))

        ctx = MigrationContext.configure(conn, opts={"include_name": include, "compare_type": True})
        return list(compare_metadata(ctx, SQLModel.metadata))


def _virtual_tables(conn: sa.Connection) -> list[str]:
    if conn.dialect.name != "sqlite":
        return []
    rows = conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'table' "
                                "AND sql LIKE 'CREATE VIRTUAL TABLE%'")
    return [r[0] for r in rows]


def test_migrations_create_the_models_schema_from_empty(tmp_path: Path) -> None:
    store = Store.open(f"sqlite:///{tmp_path / 'fresh.sqlite3'}")
    try:
        assert schema_differences(store.engine) == []
        tables = set(sa.inspect(store.engine).get_table_names())
        assert set(SQLModel.metadata.tables) <= tables and "alembic_version" in tables
    finally:
        store.close()


def test_migrating_twice_changes_nothing(tmp_path: Path) -> None:
    store = Store.open(f"sqlite:///{tmp_path / 'again.sqlite3'}")
    try:
        with store.engine.connect() as conn:
            before = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalars().all()
        migrate(store.engine)
        with store.engine.connect() as conn:
            after = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalars().all()
        assert before == after and schema_differences(store.engine) == []
    finally:
        store.close()


def test_sqlite_is_opened_in_wal_mode_with_a_busy_timeout(tmp_path: Path) -> None:
    store = Store.open(f"sqlite:///{tmp_path / 'wal.sqlite3'}")
    try:
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert int(conn.exec_driver_sql("PRAGMA busy_timeout").scalar() or 0) >= 5000
    finally:
        store.close()


def test_the_newest_revisions_read_from_the_scripts_are_alembics_heads() -> None:
    from alembic.config import Config as AlembicConfig
    from alembic.script import ScriptDirectory

    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    assert newest_revisions() == frozenset(ScriptDirectory.from_config(cfg).get_heads())


def test_a_database_a_revision_behind_is_upgraded_when_opened(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'behind.sqlite3'}"
    move_schema(url, "0009_criterion_scores")
    engine = make_engine(url)
    assert not schema_is_current(engine)
    engine.dispose()
    store = Store.open(url)
    try:
        assert schema_is_current(store.engine) and schema_differences(store.engine) == []
    finally:
        store.close()


def test_a_database_at_0013_gets_the_mailbox_marks_when_opened_and_loses_them_going_back(
        tmp_path: Path) -> None:
    """0014 adds the folders' marks to a database in use (its keys kept); going back to 0013 drops
    the table again, and the next poll there scans the whole folder as before."""
    from store.marks import FolderMark, folder_mark, set_folder_mark
    from store.models import MailboxSeen, utcnow

    url = f"sqlite:///{tmp_path / 'marks.sqlite3'}"
    move_schema(url, "0013_search_stemming")
    engine = make_engine(url)
    with engine.begin() as conn:
        assert "mailboxmark" not in sa.inspect(conn).get_table_names()
        conn.execute(sa.insert(MailboxSeen), [{"account": "a@h", "folder": "INBOX", "uidvalidity": 7,
                                              "uid": "1", "sha256": "0" * 64, "finished": True,
                                              "seen_at": utcnow()}])
    engine.dispose()
    store = Store.open(url)
    try:
        with store.session() as s:
            set_folder_mark(s, "a@h", "INBOX", FolderMark(7, 1))
        with store.session() as s:
            assert folder_mark(s, "a@h", "INBOX") == FolderMark(7, 1)
            assert len(s.exec(sa.select(MailboxSeen.uid)).all()) == 1
        assert schema_differences(store.engine) == []
    finally:
        store.close()
    move_schema(url, "0013_search_stemming", down=True)
    engine = make_engine(url)
    try:
        assert "mailboxmark" not in sa.inspect(engine).get_table_names()
    finally:
        engine.dispose()
