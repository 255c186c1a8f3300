"""The states of a submission in the review queue and the transition table between them, with no
database import: the CLI names them in its help without loading SQLAlchemy. The operation that
follows the table is :func:`store.decisions.decide`."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Status(StrEnum):
    NEEDS_ATTENTION = "needs_attention"
    PENDING_REVIEW = "pending_review"
    CHANGES_REQUESTED = "changes_requested"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


STATUSES = tuple(s.value for s in Status)

SORT_KEYS: tuple[str, ...] = ("date", "title", "reference", "organisation", "submitter", "status", "problems",
                              "score", "assigned")
"""The orders the queue can be listed in (``store.search.search_queue``)."""


def status_words(status: str) -> str:
    """A status as people read it: ``pending_review`` -> ``Pending review`` (an unknown code is
    shown the same way)."""
    return status.replace("_", " ").capitalize()


class Action(StrEnum):
    """What a member of staff decides about a submission."""

    ACCEPT = "accept"
    REJECT = "reject"
    REQUEST_CHANGES = "changes_requested"
    WITHDRAW = "withdraw"
    REOPEN = "reopen"


@dataclass(frozen=True)
class Transition:
    """Where ``action`` leads, from which statuses, and how staff read it."""

    to: Status
    sources: frozenset[Status]
    label: str
    done: str


_OPEN = frozenset({Status.NEEDS_ATTENTION, Status.PENDING_REVIEW, Status.CHANGES_REQUESTED})
CLOSED = frozenset({Status.ACCEPTED, Status.REJECTED, Status.WITHDRAWN})
"""Statuses in which a submission is decided: only reopening leads out of them."""

TRANSITIONS: dict[Action, Transition] = {
    Action.ACCEPT: Transition(Status.ACCEPTED, _OPEN, "Accept", "Accepted"),
    Action.REJECT: Transition(Status.REJECTED, _OPEN, "Reject", "Rejected"),
    Action.REQUEST_CHANGES: Transition(Status.CHANGES_REQUESTED, _OPEN - {Status.CHANGES_REQUESTED},
                                       "Ask for changes", "Changes requested"),
    Action.WITHDRAW: Transition(Status.WITHDRAWN, _OPEN, "Withdrawn by submitter", "Marked as withdrawn"),
    Action.REOPEN: Transition(Status.PENDING_REVIEW,
                              CLOSED | {Status.NEEDS_ATTENTION, Status.CHANGES_REQUESTED},
                              "Reopen", "Returned to pending review"),
}
"""Each action's target status and the statuses it may be taken from. A closed submission
(accepted, rejected, withdrawn) is only reopened; nothing leads to ``needs_attention``, which only
the worker's reading sets."""

EMAIL_ACTIONS = (Action.ACCEPT, Action.REJECT, Action.REQUEST_CHANGES)
"""Actions that may come with an email to the submitter (its kind is the target status)."""


# Re-filing messages that are not in the queue (the operation: store.decisions.file_message).


class Filing(StrEnum):
    """How a member of staff re-files a message from "Other mail" or "Failed messages"."""

    SUBMISSION = "submission"
    CORRECTION = "correction"
    HANDLED = "handled"


@dataclass(frozen=True)
class FilingRule:
    """The message's outcome after a filing (``None``: unchanged), the outcomes it may be taken
    from, and how staff read it."""

    outcome: str | None
    sources: frozenset[str]
    label: str
    done: str


REFILABLE = frozenset({"not_submission", "failed"})
"""Outcomes of messages outside the review queue: only these are re-filed."""

FILINGS: dict[Filing, FilingRule] = {
    Filing.SUBMISSION: FilingRule("submission", REFILABLE, "This is a submission",
                                  "Filed as a new submission"),
    Filing.CORRECTION: FilingRule("resubmission", REFILABLE, "A correction to a submission",
                                  "Filed as a correction"),
    Filing.HANDLED: FilingRule(None, REFILABLE, "Handled", "Marked as handled"),
}
"""Each filing's outcome and the outcomes it may start from. A handled message may still be
filed as a submission or a correction (staff changed their mind); nothing leads back out of the
queue."""
