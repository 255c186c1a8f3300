"""per-account session generation and a persistent failed-login table

Revision ID: 0003_sessions_logins
Revises: 0002_web_fts
Create Date: 2026-12-01 22:20:00

``user.session_generation`` lets one sign-out (or a password change, or disabling the account) end
every session of that account: signed cookies alone cannot be revoked. ``loginfailure`` keeps the
login throttle's counts across restarts.
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_sessions_logins"
down_revision: str | Sequence[str] | None = "0002_web_fts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("user") as batch:
        batch.add_column(sa.Column("session_generation", sa.Integer(), nullable=False, server_default="0"))
    op.create_table(
        "loginfailure",
        sa.Column("key", sa.String(length=400), primary_key=True),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("last_at", sa.Float(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("loginfailure")
    with op.batch_alter_table("user") as batch:
        batch.drop_column("session_generation")
