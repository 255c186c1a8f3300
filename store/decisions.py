"""The one review operation: :func:`decide` moves a submission by an :class:`Action` over the
transition table :data:`TRANSITIONS`, for the CLI and the web app alike (as Mailman's
``app/moderator.py`` handles a held message by one ``Action`` enum).

The table says, for each action, the status it leads to and the statuses it may start from; the
web page asks :func:`allowed_actions` which buttons to offer, and :func:`decide` refuses anything
else with :class:`DecisionRefused`, whose message is a sentence for staff. This package knows
nothing of email: a caller that tells the submitter passes ``notify``, called in the same
transaction before the status changes, so a refused email leaves the status as it was.

Messages outside the queue ("Other mail", failed messages) are re-filed the same way: by a
:class:`Filing` over the table :data:`FILINGS`, through :func:`file_message`; and a member of staff
corrects a mis-read answer by :func:`correct_answers`, which adds a version of their own.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlmodel import Session

from store.models import Message, Submission, SubmissionVersion, utcnow
from store.queue import QueueError, VersionInput, add_event, add_version, create_submission, set_status
from store.states import (
    CLOSED,
    EMAIL_ACTIONS,
    FILINGS,
    REFILABLE,
    TRANSITIONS,
    Action,
    Filing,
    FilingRule,
    Status,
    Transition,
)

__all__ = ["CLOSED", "Status", "EMAIL_ACTIONS", "FILINGS", "REFILABLE", "TRANSITIONS", "Action",
           "DecisionRefused", "Filing", "FilingRule", "Transition", "action_for_status", "allowed_actions",
           "correct_answers", "decide", "file_message", "filing_refusal"]


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
           notify: Callable[[Submission, Status], object] | None = None) -> None:
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
    set_status(session, sub, target.value, actor=actor, note=note, action=action.value)


def _words(status: str) -> str:
    return status.replace("_", " ")


# --- re-filing messages that are not in the queue ---------------------------------------------------


def filing_refusal(msg: Message, how: Filing, target: Submission | None = None) -> str | None:
    """Why ``msg`` may not be filed ``how`` now (``target``: the submission a correction is for,
    ``None`` when none was named), or ``None`` when it may."""
    rule = FILINGS[how]
    if msg.outcome not in rule.sources:
        return (f"Message {msg.id} is {_words(msg.outcome)} already; only other mail and failed messages "
                "are re-filed.")
    if how is Filing.HANDLED and msg.filed_as == Filing.HANDLED:
        return f"Message {msg.id} was already marked as handled by {msg.filed_by}; nothing changed."
    if how is Filing.CORRECTION and target is None:
        return "Name the submission this message corrects (a reference such as CS-2026-0001)."
    return None


def file_message(session: Session, msg: Message, how: Filing, *, actor: str, note: str | None = None,
                 reading: VersionInput | None = None, target: Submission | None = None,
                 prefix: str = "CS", sender_name: str | None = None) -> Submission | None:
    """File ``msg`` as ``how`` for ``actor`` in the caller's transaction, recording who, when and
    ``note`` (``None``: none) on the message and, for a submission or a correction, an event on
    the submission. ``reading`` is the message's answers (required for a submission or a
    correction); ``target`` the submission a correction is for (its status follows the reading as
    for any resubmission). Returns the submission made or corrected; ``None`` for "handled".
    Raises :class:`DecisionRefused` when the table does not allow it."""
    why = filing_refusal(msg, how, target)
    if why is not None:
        raise DecisionRefused(why)
    sub: Submission | None = None
    if how is not Filing.HANDLED:
        if reading is None:
            raise DecisionRefused(f"Message {msg.id} has no reading to file.")
        if how is Filing.SUBMISSION:
            sub = create_submission(session, reading, prefix=prefix, sender=msg.from_addr,
                                    sender_name=sender_name or msg.from_name)
        else:
            assert target is not None
            sub = target
            add_version(session, sub, reading, actor=actor, action="correction_filed", note=note)
        msg.submission_id = sub.id
        add_event(session, sub, "refiled", actor=actor, note=note,
                  data={"message": msg.id, "as": how.value, "from": msg.outcome})
    rule = FILINGS[how]
    if rule.outcome is not None:
        msg.outcome = rule.outcome
    msg.filed_as, msg.filed_by, msg.filed_at, msg.filed_note = how.value, actor, utcnow(), note
    session.add(msg)
    return sub


# --- staff corrections to answers -------------------------------------------------------------------

READING_MOVES = (Status.NEEDS_ATTENTION.value, Status.PENDING_REVIEW.value)
"""Statuses a staff correction's reading may move between (problems found or gone); a submission
staff asked for changes of, or decided, keeps its status."""


def correct_answers(session: Session, sub: Submission, reading: VersionInput, *, actor: str,
                    note: str | None = None) -> SubmissionVersion:
    """Add ``reading`` (the current answers with staff's corrections) as a new version authored by
    ``actor``, in the caller's transaction. Earlier versions, the submitter's own readings, are
    never changed. Raises :class:`DecisionRefused` when ``reading`` is not marked as staff's."""
    if reading.edited_by != actor:
        raise DecisionRefused("A corrected answer is recorded as the work of the member of staff who "
                              "typed it.")
    return add_version(session, sub, reading, actor=actor, action="answers_corrected", note=note,
                       follows_from=READING_MOVES)

