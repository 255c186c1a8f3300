"""set-password links of staff accounts, and how far staff notifications have got

Revision ID: 0006_account_links_notifications
Revises: 0005_parse_attempts
Create Date: 2026-12-02 00:45:00

``accounttoken`` holds the SHA-256 of each invitation or password-reset link (never the link),
single use and expiring. ``notifymark`` keeps the last assignment event a reviewer was emailed
about and the time the last daily digest covered up to.
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0006_account_links_notifications"
down_revision: str | Sequence[str] | None = "0005_parse_attempts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "accounttoken",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("purpose", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("token_sha256", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("created_by", sqlmodel.sql.sqltypes.AutoString(length=320), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("expires_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("used_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_accounttoken_user_id", "accounttoken", ["user_id"])
    op.create_index("ix_accounttoken_token_sha256", "accounttoken", ["token_sha256"], unique=True)
    op.create_table(
        "notifymark",
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("last_event_id", sa.Integer(), nullable=False),
        sa.Column("last_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("name"),
    )


def downgrade() -> None:
    op.drop_table("notifymark")
    op.drop_index("ix_accounttoken_token_sha256", table_name="accounttoken")
    op.drop_index("ix_accounttoken_user_id", table_name="accounttoken")
    op.drop_table("accounttoken")
