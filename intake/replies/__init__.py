"""Acknowledgements and staff emails: policy (when to reply), composition (templates), the outbox
and the transports. The pipeline calls :func:`queue_acknowledgement` inside its transaction; the
send job (:func:`send_due`) delivers what is due, outside any request or parsing path."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import TYPE_CHECKING

from intake.replies.errors import DeliveryError, ReplyError

if TYPE_CHECKING:
    from sqlmodel import Session

    from intake.config import Config
    from intake.replies.headers import IncomingHeaders
    from intake.replies.outbox import Queued
    from parsers.models import Extraction
    from store.db import Store
    from store.messages import StoredMessage
    from store.models import Message, Outbox, Submission
    from store.queue import VersionInput

__all__ = ["DeliveryError", "ReplyError", "STAFF_KINDS", "queue_acknowledgement", "queue_failure_notice",
           "queue_staff_email", "send_due"]

log = logging.getLogger("intake.replies")

STAFF_KINDS = ("changes_requested", "accepted", "rejected", "message")
"""Kinds of email staff may send to a submitter."""


def queue_acknowledgement(session: Session, config: Config, *, message: Message | StoredMessage,
                          extraction: Extraction, submission: Submission | None, version: int | None,
                          backlog: bool = False,
                          recorded: VersionInput | None = None,
                          headers: IncomingHeaders | None = None) -> Queued | None:
    """Queue the reply this message deserves, in the caller's transaction.

    ``submission`` is ``None`` for non-submissions: they get a short "how to submit" reply only
    when ``replies.answer_questions`` is on and the parser classed the message as a human
    ``question``. ``version`` is the submission's version this message created (``None``: the
    submission's current one); ``recorded`` its answers and problems as the caller has just recorded
    them (``None``: read from the store). ``headers`` are the message's headers as
    :func:`~intake.replies.headers.read_headers` reads them (``None``: read here from
    ``message.raw``). ``backlog`` is True when old mail is being taken in without
    acknowledgements. Returns the queued row (its id and address), or ``None`` when no reply is due (see
    :mod:`intake.replies.policy`). Never raises for a reply that cannot be composed (a broken
    template): that is logged and, for a submission, recorded as an event for staff.
    """
    from intake.replies import build
    from intake.replies.headers import read_headers
    from intake.replies.policy import Decision, decide, in_our_thread

    if submission is None and not (config.replies.answer_questions and extraction.reason == "question"):
        return None
    headers = headers or read_headers(message.raw)
    decision = decide(session, config, headers, backlog=backlog, auto_reply_hint=extraction.auto_reply,
                      submission=submission is not None)
    if decision.reply and submission is None and in_our_thread(session, headers):
        decision = Decision("in_our_thread")
    if not decision.reply:
        log.info("no reply to Message-ID %s from %s: %s", headers.message_id, headers.from_addr,
                 decision.reason)
        build.note_skipped(session, submission, str(decision.reason))
        return None
    try:
        if submission is None:
            composed = build.question(config, headers, decision)
        else:
            composed = build.acknowledgement(session, config, headers, decision, extraction=extraction,
                                             submission=submission, version=version or submission.version,
                                             recorded=recorded)
    except ReplyError as err:
        log.error("cannot compose the reply to Message-ID %s: %s", headers.message_id, err)
        build.note_skipped(session, submission, f"error: {err}")
        return None
    return build.enqueue(session, composed, kind="acknowledgement" if submission else "question",
                         submission=submission, message=message, version=version)


def queue_failure_notice(session: Session, config: Config, *, message: Message | StoredMessage,
                         backlog: bool = False) -> Queued | None:
    """Tell the sender of ``message``, recorded as failed, that it could not be read and that staff
    will look at it, in the caller's transaction: once per message (a message that fails again, or
    is processed again by staff and fails, gets no second notice), only with
    ``replies.tell_failed``, and under the same loop and rate rules as an acknowledgement. Returns
    the queued row (its id and address), or ``None`` when no notice is due. Never raises: a
    notice that cannot be composed (even headers too broken to read) is logged by the message's
    Message-ID, and the failure is recorded all the same."""
    from intake.replies import build
    from intake.replies.headers import read_headers
    from intake.replies.policy import decide

    if not config.replies.tell_failed or build.failure_told(session, message):
        return None
    try:
        headers = read_headers(message.raw)
        decision = decide(session, config, headers, backlog=backlog)
        if not decision.reply:
            log.info("no failure notice for Message-ID %s: %s", message.message_id, decision.reason)
            return None
        composed = build.failure_notice(config, headers, decision)
    except Exception as err:  # the failure itself must be recorded whatever the notice meets
        log.warning("cannot compose the failure notice for Message-ID %s: %s", message.message_id,
                    type(err).__name__ if not isinstance(err, ReplyError) else err)
        return None
    return build.enqueue(session, composed, kind="failure_notice", submission=None, message=message,
                         version=None)


def queue_staff_email(session: Session, config: Config, *, submission: Submission, kind: str,
                      subject: str, body: str, actor: str) -> Outbox:
    """Queue an email from staff to the submitter (``kind``: ``changes_requested``, ``accepted``,
    ``rejected`` or ``message``) through the outbox, with the same headers and loop protections as
    acknowledgements (never to a robot or one of our own addresses; not rate-limited: a person
    chose to send it), but without ``Auto-Submitted: auto-replied``: it is not an automatic reply.
    It threads onto the submission's latest message and records an event. Raises
    :class:`ReplyError` when the submission has no usable address, the kind is unknown, the body
    is empty, a template is broken, or changes are asked of a submission that is accepted,
    rejected or withdrawn (it must be reopened first)."""
    from intake.replies import build

    return build.staff_email(session, config, submission=submission, kind=kind, subject=subject,
                             body=body, actor=actor)


def send_due(config: Config, store: Store, *, now: datetime | None = None) -> dict[str, int]:
    """Deliver the outbox rows that are due; returns counts such as ``{"sent": 2, "failed": 0,
    "retry": 1}``. Called by ``intake poll`` after each cycle and by the worker's send job.
    Delivery faults are recorded on the rows, never raised."""
    from intake.replies.send import send_due as _send_due

    return _send_due(config, store, now=now)
