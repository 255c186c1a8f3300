"""SQLite's full-text table stems English words, as PostgreSQL's search does

Revision ID: 0013_search_stemming
Revises: 0012_intake_lookups
Create Date: 2026-12-02 07:10:00

``submission_fts`` (0002) read every word by prefix only, so "makerspaces" did not find
"Makerspace" and "library" did not find "Libraries" on SQLite while PostgreSQL's English
``tsvector`` (0003) found both. The table is made again with FTS5's ``porter`` tokenizer over
the same ``unicode61`` one (accents and case still ignored) and filled from the submissions; its
triggers name the table and stay as they are. Other databases: nothing to do.
"""
from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0013_search_stemming"
down_revision: str | Sequence[str] | None = "0012_intake_lookups"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_COLUMNS = "reference, title, organisation, submitter, content"


def _rebuild(tokenize: str) -> None:
    """``submission_fts`` again with ``tokenize``, holding the same rows as before."""
    op.execute("CREATE TEMP TABLE fts_rows AS SELECT rowid AS id, " + _COLUMNS + " FROM submission_fts")
    op.execute("DROP TABLE submission_fts")
    op.execute(f"CREATE VIRTUAL TABLE submission_fts USING fts5({_COLUMNS}, tokenize = '{tokenize}')")
    op.execute("INSERT INTO submission_fts(rowid, " + _COLUMNS + ") SELECT id, " + _COLUMNS + " FROM fts_rows")
    op.execute("DROP TABLE fts_rows")


def _has_table() -> bool:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return False
    row = bind.exec_driver_sql(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'submission_fts'").first()
    return row is not None


def upgrade() -> None:
    if _has_table():
        _rebuild("porter unicode61 remove_diacritics 2")


def downgrade() -> None:
    if _has_table():
        _rebuild("unicode61 remove_diacritics 2")
