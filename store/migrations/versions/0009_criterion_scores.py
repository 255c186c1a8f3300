"""scores per review criterion: ``criterion_score`` replaces ``score``

Revision ID: 0009_criterion_scores
Revises: 0008_outbox_claims
Create Date: 2026-12-02 00:45:00

Each reviewer now scores each criterion of ``[review.criteria]`` (1-5). The single score a reviewer
gave before is kept as their score of the criterion ``overall``, so nothing is lost: it is shown
under that name, and the means count it, until staff score the configured criteria.
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0009_criterion_scores"
# The lead renumbers at the merge of the issue-10 branches.
down_revision: str | Sequence[str] | None = "0008_outbox_claims"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "criterion_score",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("submission_id", sa.Integer(), nullable=False),
        sa.Column("reviewer", sqlmodel.sql.sqltypes.AutoString(length=320), nullable=False),
        sa.Column("criterion", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["submission_id"], ["submission.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("submission_id", "reviewer", "criterion"),
    )
    with op.batch_alter_table("criterion_score", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_criterion_score_submission_id"), ["submission_id"], unique=False)
    op.execute("INSERT INTO criterion_score (submission_id, reviewer, criterion, score, at) "
               "SELECT submission_id, reviewer, 'overall', score, at FROM score")
    with op.batch_alter_table("score", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_score_submission_id"))
    op.drop_table("score")


def downgrade() -> None:
    op.create_table(
        "score",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("submission_id", sa.Integer(), nullable=False),
        sa.Column("reviewer", sqlmodel.sql.sqltypes.AutoString(length=320), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["submission_id"], ["submission.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("submission_id", "reviewer"),
    )
    with op.batch_alter_table("score", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_score_submission_id"), ["submission_id"], unique=False)
    # One score per reviewer comes back: the rounded mean of their criterion scores.
    op.execute("INSERT INTO score (submission_id, reviewer, score, at) "
               "SELECT submission_id, reviewer, CAST(ROUND(AVG(score)) AS INTEGER), MAX(at) "
               "FROM criterion_score GROUP BY submission_id, reviewer")
    with op.batch_alter_table("criterion_score", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_criterion_score_submission_id"))
    op.drop_table("criterion_score")
