"""The one review operation: :func:`decide` moves a submission by an :class:`Action` over the
transition table :data:`TRANSITIONS`, for the CLI and the web app alike (as Mailman's
``app/moderator.py`` handles a held message by one ``Action`` enum).

The table says, for each action, the status it leads to and the statuses it may start from; the
web page asks :func:`allowed_actions` which buttons to offer, and :func:`decide` refuses anything
else with :class:`DecisionRefused`, whose message is a sentence for staff. This package knows
nothing of email: a caller that tells the submitter passes ``notify``, called in the same
transaction before the status changes, so a refused email leaves the status as it was.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlmodel import Session

from store.models import Event, Submission
from store.queue import QueueError, set_status
from store.states import CLOSED, EMAIL_ACTIONS, TRANSITIONS, Action, Status, Transition

__all__ = ["CLOSED", "Status", "EMAIL_ACTIONS", "TRANSITIONS", "Action", "DecisionRefused", "Transition",
           "action_for_status", "allowed_actions", "decide"]


class DecisionRefused(QueueError):
    """The action is not allowed from the submission's status (or its email was refused); the
    message says why, for staff."""


def action_for_status(status: str) -> Action:
    """The action that leads to ``status`` (the CLI names statuses); raises :class:`QueueError`
    for an unknown status or one no action leads to (``needs_attention``)."""
    for action, t in TRANSITIONS.items():
        if t.to == status:
            return action
    raise QueueError(f"no decision leads to {status!r}; expected one of "
                     f"{', '.join(t.to.value for t in TRANSITIONS.values())}")


def allowed_actions(status: str) -> list[Action]:
    """The actions that may be taken from ``status``, in the table's order (empty for an unknown
    status)."""
    return [a for a, t in TRANSITIONS.items() if t.sources and status in t.sources]


def refusal(sub: Submission, action: Action) -> str | None:
    """Why ``action`` may not be taken on ``sub`` now, or ``None`` when it may."""
    t = TRANSITIONS[action]
    if sub.status == t.to:
        return f"{sub.reference} is already {_words(sub.status)}; nothing changed."
    if sub.status in t.sources:
        return None
    if sub.status in CLOSED:
        return (f"{sub.reference} is {_words(sub.status)}: reopen it (back to pending review) before "
                f"{'asking for changes' if action is Action.REQUEST_CHANGES else 'deciding again'}.")
    return f"{sub.reference} is {_words(sub.status)}; “{t.label}” is not possible from there."


def decide(session: Session, sub: Submission, action: Action, *, actor: str, note: str | None = None,
           notify: Callable[[Submission, Status], object] | None = None) -> Event:
    """Take ``action`` on ``sub`` for ``actor`` with ``note`` (kept in the history; ``None`` for
    none), in the caller's transaction. ``notify`` (``None``: no email) is called with the target
    status first; whatever it raises propagates and the status is unchanged. Raises
    :class:`DecisionRefused` when the table does not allow the action from the current status."""
    why = refusal(sub, action)
    if why is not None:
        raise DecisionRefused(why)
    target = TRANSITIONS[action].to
    if notify is not None:
        notify(sub, target)
    return set_status(session, sub, target.value, actor=actor, note=note, action=action.value)


def _words(status: str) -> str:
    return status.replace("_", " ")
