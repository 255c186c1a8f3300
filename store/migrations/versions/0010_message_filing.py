"""staff re-file messages (who, when, as what) and correct answers as versions of their own

Revision ID: 0010_message_filing
Revises: 0009_criterion_scores
Create Date: 2026-12-02 00:40:00

``message.filed_as`` / ``filed_by`` / ``filed_at`` / ``filed_note`` record that a member of staff
re-filed a message from "Other mail" or "Failed messages" (as a submission, a correction, or handled).
``submissionversion.edited_by`` names the member of staff who typed a version (a corrected answer).
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0010_message_filing"
down_revision: str | Sequence[str] | None = "0009_criterion_scores"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("message") as batch:
        batch.add_column(sa.Column("filed_as", sa.String(length=16), nullable=True))
        batch.add_column(sa.Column("filed_by", sa.String(length=320), nullable=True))
        batch.add_column(sa.Column("filed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
        batch.add_column(sa.Column("filed_note", sa.String(), nullable=True))
        batch.create_index("ix_message_filed_as", ["filed_as"])
    with op.batch_alter_table("submissionversion") as batch:
        batch.add_column(sa.Column("edited_by", sa.String(length=320), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("submissionversion") as batch:
        batch.drop_column("edited_by")
    with op.batch_alter_table("message") as batch:
        batch.drop_index("ix_message_filed_as")
        batch.drop_column("filed_note")
        batch.drop_column("filed_at")
        batch.drop_column("filed_by")
        batch.drop_column("filed_as")
