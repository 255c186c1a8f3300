"""Emails staff send from the review pages. The page shows a draft made from a template
(:mod:`intake.replies.drafts`); staff edit it; the edited text goes to the outbox through
``intake.replies.queue_staff_email`` in the same transaction as the status change. Nothing is sent
inside the web request.

This module turns the replies package's refusals into :class:`EmailRefused`, whose message is shown
on the page.
"""

from __future__ import annotations

from sqlmodel import Session

from intake.config import Config
from intake.replies import ReplyError, drafts
from intake.replies.drafts import MAX_BODY, MAX_SUBJECT, Draft, changes_refusal, one_line
from store.models import Outbox, Submission, SubmissionVersion

__all__ = ["MAX_BODY", "MAX_SUBJECT", "Draft", "EmailRefused", "changes_draft", "changes_refusal", "checked",
           "decision_draft", "one_line", "queue_email"]


class EmailRefused(Exception):
    """The email cannot be queued; the message is for the member of staff (shown on the page)."""


def changes_draft(config: Config, sub: Submission, version: SubmissionVersion) -> Draft:
    """The "please change" email for ``sub``, listing the problems of its newest reading."""
    return decision_draft(config, sub, version, "changes_requested")


def decision_draft(config: Config, sub: Submission, version: SubmissionVersion, kind: str) -> Draft:
    """The ``kind`` email (``changes_requested``, ``accepted`` or ``rejected``) for ``sub``;
    raises :class:`EmailRefused` when its template is broken."""
    try:
        return drafts.draft_for(config, sub, version, kind)
    except ReplyError as err:
        raise EmailRefused(f"The email cannot be drafted: {err}") from err


def checked(draft: Draft) -> Draft:
    """The edited draft, subject on one line; raises :class:`EmailRefused` when empty or too long."""
    try:
        return drafts.checked(draft)
    except ReplyError as err:
        raise EmailRefused(str(err)) from err


def queue_email(session: Session, config: Config, sub: Submission, kind: str, draft: Draft,
                *, actor: str) -> Outbox:
    """Put ``draft`` in the outbox for the submitter of ``sub``, in the caller's transaction;
    raises :class:`EmailRefused` saying why it cannot go."""
    draft = checked(draft)
    try:
        return drafts.queue_draft(session, config, sub, kind, draft, actor=actor)
    except ReplyError as err:
        raise EmailRefused(f"The email cannot be sent: {err}") from err
