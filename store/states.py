"""The states of a submission in the review queue, with no database import: the CLI names them in
its help without loading SQLAlchemy."""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    NEEDS_ATTENTION = "needs_attention"
    PENDING_REVIEW = "pending_review"
    CHANGES_REQUESTED = "changes_requested"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


STATUSES = tuple(s.value for s in Status)
