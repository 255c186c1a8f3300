"""indexes for the lookups made while each message is taken in

Revision ID: 0012_intake_lookups
Revises: 0011_queue_title_order
Create Date: 2026-12-02 06:00:00

Taking one message in asks: how many automatic emails went to this sender today
(``lower(outbox.to_addr)``, ``created_at``), does it answer one of our emails (``outbox.message_id``),
is there an open submission from this address (``lower(submission.submitter_email)``, ``status``,
``id``) and which submission does a reference in its Subject name (``upper(submission.reference)``);
and the send job asks for the oldest due email (``status``, ``created_at``, ``id``); every poll reads
the finished UIDs of its folder (from ``ix_mailboxseen_finished`` alone). Without these indexes each
question read the whole table (the send job sorted every pending row), so a poll of N messages
cost N² row reads. The three on expressions live outside the models
(``store.search.EXPRESSION_INDEXES``).
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012_intake_lookups"
down_revision: str | Sequence[str] | None = "0011_queue_title_order"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_outbox_message_id", "outbox", ["message_id"])
    op.create_index("ix_outbox_status_created", "outbox", ["status", "created_at", "id"])
    op.create_index("ix_mailboxseen_finished", "mailboxseen", ["account", "folder", "uidvalidity", "finished", "uid"])
    op.create_index("ix_outbox_to_addr_lower", "outbox", [sa.text("lower(to_addr)"), "created_at"])
    op.create_index("ix_submission_email_lower", "submission", [sa.text("lower(submitter_email)"), "status", "id"])
    op.create_index("ix_submission_reference_upper", "submission", [sa.text("upper(reference)")])


def downgrade() -> None:
    op.drop_index("ix_submission_reference_upper", table_name="submission")
    op.drop_index("ix_submission_email_lower", table_name="submission")
    op.drop_index("ix_outbox_to_addr_lower", table_name="outbox")
    op.drop_index("ix_mailboxseen_finished", table_name="mailboxseen")
    op.drop_index("ix_outbox_status_created", table_name="outbox")
    op.drop_index("ix_outbox_message_id", table_name="outbox")
