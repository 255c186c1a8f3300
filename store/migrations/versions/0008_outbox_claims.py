"""outbox claims name their claimer: an email left sending by a process of this machine that was
killed goes again at once instead of after its lease; a row that gave up says when (for "sending is
failing" in status and /healthz)

Revision ID: 0008_outbox_claims
Revises: 0007_queue_indexes_tallies
Create Date: 2026-12-02 01:20:00
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008_outbox_claims"
down_revision: str | Sequence[str] | None = "0007_queue_indexes_tallies"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(sa.Column("claimed_by", sa.String(length=200), nullable=True))
        batch.add_column(sa.Column("failed_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("failed_at")
        batch.drop_column("claimed_by")
