"""parse attempts: a message that keeps killing the worker goes to Failed after a few tries

Revision ID: 0005_parse_attempts
Revises: 0004_sessions_logins
Create Date: 2026-12-01 23:00:00
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_parse_attempts"
down_revision: str | Sequence[str] | None = "0004_sessions_logins"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "parseattempt",
        sa.Column("sha256", sa.String(length=64), primary_key=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("parseattempt")
