"""the queue's title order read through an index in both directions, with or without a status

Revision ID: 0011_queue_title_order
Revises: 0010_message_filing
Create Date: 2026-12-02 06:00:00

The title sort's key (``store.search._sort_key``) puts a row without a title last in both
directions, so each direction has its own expression: ascending ``'0' || title`` (``'1'`` when
empty), descending ``'1' || title`` (``'0'`` when empty), on the lowered and trimmed title. One
index per direction, and one per direction after ``status`` (a status filter with the title sort
then reads a page, not every row of that status). The index of 0007 on ``lower(coalesce(title,
''))`` matched the key before rows without a title came last, and no query uses it now.
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011_queue_title_order"
down_revision: str | Sequence[str] | None = "0010_message_filing"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TITLE = "lower(trim(coalesce(title, '')))"


def _key(empty: str, valued: str) -> sa.TextClause:
    """The title sort's key exactly as the queries compute it (an index on an expression serves
    only the same expression), in the parentheses PostgreSQL asks of an indexed expression."""
    return sa.text(f"(CASE WHEN {_TITLE} = '' THEN '{empty}' ELSE '{valued}' || {_TITLE} END)")


INDEXES = {
    "ix_submission_title_asc": lambda: [_key("1", "0"), "id"],
    "ix_submission_title_desc": lambda: [_key("0", "1"), "id"],
    "ix_submission_status_title_asc": lambda: ["status", _key("1", "0"), "id"],
    "ix_submission_status_title_desc": lambda: ["status", _key("0", "1"), "id"],
}


def upgrade() -> None:
    op.drop_index("ix_submission_title_key", table_name="submission")
    for name, columns in INDEXES.items():
        op.create_index(name, "submission", columns())


def downgrade() -> None:
    for name in INDEXES:
        op.drop_index(name, table_name="submission")
    op.create_index("ix_submission_title_key", "submission", [sa.text("lower(coalesce(title, ''))"), "id"])
