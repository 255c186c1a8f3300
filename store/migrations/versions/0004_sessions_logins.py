"""per-account session generation, a persistent failed-login table, content digests of messages

Revision ID: 0004_sessions_logins
Revises: 0003_leases_pg_search
Create Date: 2026-12-01 22:20:00

``user.session_generation`` lets one sign-out (or a password change, or disabling the account) end
every session of that account: signed cookies alone cannot be revoked. ``loginfailure`` keeps the
login throttle's counts across restarts. ``message.content_sha256`` recognises a re-delivery by its
content; ``message.reuses_message_id_of`` flags a different message that reuses a Message-ID.
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_sessions_logins"
down_revision: str | Sequence[str] | None = "0003_leases_pg_search"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("message") as batch:
        batch.add_column(sa.Column("content_sha256", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("reuses_message_id_of", sa.Integer(), nullable=True))
        batch.create_index("ix_message_content_sha256", ["content_sha256"])
        batch.create_foreign_key("fk_message_reuses_message_id_of", "message", ["reuses_message_id_of"], ["id"])
    with op.batch_alter_table("user") as batch:
        batch.add_column(sa.Column("session_generation", sa.Integer(), nullable=False, server_default="0"))
    op.create_table(
        "loginfailure",
        sa.Column("key", sa.String(length=400), primary_key=True),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("last_at", sa.Float(), nullable=False),
    )


def downgrade() -> None:
    with op.batch_alter_table("message") as batch:
        batch.drop_constraint("fk_message_reuses_message_id_of", type_="foreignkey")
        batch.drop_index("ix_message_content_sha256")
        batch.drop_column("reuses_message_id_of")
        batch.drop_column("content_sha256")
    op.drop_table("loginfailure")
    with op.batch_alter_table("user") as batch:
        batch.drop_column("session_generation")
