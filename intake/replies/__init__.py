"""Acknowledgements and staff emails: policy (when to reply), composition (templates), the outbox
and the transports. The pipeline calls :func:`queue_acknowledgement` inside its transaction."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlmodel import Session

    from intake.config import Config
    from parsers.models import Extraction
    from store.models import Message, Outbox, Submission


def queue_acknowledgement(session: Session, config: Config, *, message: Message, extraction: Extraction,
                          submission: Submission | None, version: int | None, backlog: bool = False
                          ) -> Outbox | None:
    """Queue the reply this message deserves, in the caller's transaction.

    ``submission`` is ``None`` for non-submissions. ``backlog`` is True when old mail is being
    taken in without acknowledgements. Returns the outbox row, or ``None`` when no reply is due
    (reply policy: auto-replies, lists, bounces, rate limit, our own address...).
    """
    return None


def queue_staff_email(session: Session, config: Config, *, submission: Submission, kind: str,
                      subject: str, body: str, actor: str) -> Outbox:
    """Queue an email from staff to the submitter (``kind``: ``changes_requested``, ``accepted``,
    ``rejected``) through the outbox, with the same headers and loop protections as
    acknowledgements. Raises ``ReplyError`` when the submission has no usable address."""
    raise NotImplementedError("filled in by the acknowledgements issue")


def send_due(config: Config, store: object) -> dict[str, int]:
    """Deliver the outbox rows that are due; returns counts such as ``{"sent": 2, "failed": 0,
    "retry": 1}``. Called by ``intake poll`` after each cycle and by the worker's send job."""
    return {"sent": 0, "failed": 0, "retry": 0}
