"""per IMAP folder, the UID up to which every message is finished, kept across processes

Revision ID: 0014_mailbox_marks
Revises: 0013_search_stemming
Create Date: 2026-12-02 10:20:00

An idle poll searches above a folder's mark (``UID n+1:*``) instead of the whole folder. The
mark lived in the worker's memory, so every new process (a cron-style ``intake poll``, a worker
restarted) began with a whole-folder scan; ``mailboxmark`` keeps it in the database, one row per
(account, folder), with the UIDVALIDITY it holds under. Nothing to fill: the first poll of each
folder scans it whole and writes its row.
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014_mailbox_marks"
down_revision: str | Sequence[str] | None = "0013_search_stemming"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "mailboxmark",
        sa.Column("account", sa.String(length=320), primary_key=True),
        sa.Column("folder", sa.String(length=500), primary_key=True),
        sa.Column("uidvalidity", sa.BigInteger(), nullable=False),
        sa.Column("uid", sa.BigInteger(), nullable=False),
        sa.Column("marked_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("mailboxmark")
