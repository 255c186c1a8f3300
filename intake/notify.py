"""Emails to staff, through the outbox like every other email (the worker's send job delivers them):

* a set-password link, when an administrator invites a reviewer or resets a password
  (:func:`queue_account_link`, in the web request's transaction: the request only queues it);
* "assigned to you", for each assignment made since the last run (:func:`queue_assignments`, run by
  the worker before each send; read from the audit events, so the web, the CLI and bulk actions are
  all covered without any of them knowing about email);
* the daily digest of new submissions, corrections and questions since the last digest
  (:func:`queue_digest`, scheduled by the worker at ``notifications.digest_time``).

Templates are ``invite``, ``password_reset``, ``assigned`` and ``digest`` (``.txt.j2`` and
``.html.j2``) in ``intake/templates/email``, overridable from ``replies.templates_dir``.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func
from sqlmodel import Session, col, select

from intake.config import Config
from intake.replies import outbox
from intake.replies.compose import build, render
from intake.replies.errors import ReplyError
from store.accounts import IssuedLink
from store.db import Store
from store.models import Event, Message, NotifyMark, Outbox, Submission, SubmissionVersion, utcnow
from store.review import active_user, list_users

log = logging.getLogger("intake.notify")

ACCOUNT_KINDS = {"invite": "invite", "reset": "password_reset"}
"""Outbox kind of each set-password link purpose (see :data:`intake.replies.outbox.SECRET_KINDS`)."""
DIGEST_FIRST_SPAN = timedelta(days=1)
"""What the first digest covers (no digest before it)."""


def queue_account_link(session: Session, config: Config, link: IssuedLink, purpose: str, *, app_url: str,
                       actor: str) -> Outbox:
    """Queue the email carrying ``link`` (``purpose``: ``invite`` or ``reset``) to its account, in
    the caller's transaction. ``app_url`` is the app's address (no trailing slash) the link is made
    from. Raises :class:`ReplyError` when a template is broken or the address cannot be written."""
    kind = ACCOUNT_KINDS[purpose]
    url = f"{app_url}/account/password/{link.token}"
    context = {"email": link.user.email, "role": link.user.role, "url": url, "inviter": actor,
               "expires_at": f"{link.expires_at:%Y-%m-%d %H:%M} UTC", "signature": config.smtp.from_name}
    subject = ("You are invited to review case studies" if purpose == "invite"
               else "Set a new password for the case studies review")
    row = _queue(session, config, kind, to=link.user.email, subject=subject, context=context)
    log.info("%s link for %s queued by %s (outbox row %s)", purpose, link.user.email, actor, row.id)
    return row


def _queue(session: Session, config: Config, kind: str, *, to: str, subject: str,
           context: Mapping[str, object]) -> Outbox:
    text, html = render(config, kind, dict(context))
    composed = build(config, to_addr=to, to_name="", subject=subject, text=text, html=html)
    return outbox.queue(session, composed, kind=kind)


def _mark(session: Session, name: str) -> NotifyMark:
    return session.get(NotifyMark, name) or NotifyMark(name=name)


# -- assignments ---------------------------------------------------------------------------------


def queue_assignments(config: Config, store: Store) -> int:
    """Queue an "assigned to you" email for each assignment event since the last run; returns how
    many were queued. Assigning to oneself, clearing an assignment, an account since disabled and a
    submission assigned away again before this run send nothing. With ``notifications.assignments``
    off, events are passed over (turning it on later does not email old assignments)."""
    with store.session() as s:
        mark = _mark(s, "assignments")
        events = list(s.exec(select(Event).where(Event.action == "assign", col(Event.id) > mark.last_event_id)
                             .order_by(col(Event.id))).all())
        if not events:
            return 0
        queued = 0
        if config.notifications.assignments:
            for event in events:
                queued += _assignment_email(s, config, event)
        mark.last_event_id = max(e.id or 0 for e in events)
        s.add(mark)
    return queued


def _assignment_email(session: Session, config: Config, event: Event) -> int:
    to = (event.data or {}).get("to")
    sub = session.get(Submission, event.submission_id)
    if not to or to == event.actor or sub is None or sub.assigned_to != to:
        return 0
    if active_user(session, to) is None:
        return 0
    base = config.web.public_url
    context = {"reference": sub.reference, "title": sub.title or "", "organisation": sub.organisation or "",
               "assigned_by": event.actor, "note": event.note or "", "status": sub.status.replace("_", " "),
               "url": f"{base}/s/{sub.reference}" if base else "", "signature": config.smtp.from_name}
    try:
        _queue(session, config, "assigned", to=to, subject=f"Assigned to you: {sub.reference}",
               context=context)
    except ReplyError as err:
        log.error("cannot queue the assignment email of %s to %s: %s", sub.reference, to, err)
        return 0
    return 1


# -- the daily digest ----------------------------------------------------------------------------


@dataclass(frozen=True)
class DigestItem:
    """One line of the digest: a submission (``reference`` set) or a question (``reference`` ``None``)."""

    reference: str | None
    title: str
    who: str
    at: datetime
    version: int = 1
    url: str = ""


@dataclass(frozen=True)
class Digest:
    """What arrived from ``since`` up to ``until``; every list may be empty."""

    since: datetime
    until: datetime
    new: list[DigestItem]
    corrections: list[DigestItem]
    questions: list[DigestItem]
    waiting_review: int

    @property
    def empty(self) -> bool:
        return not (self.new or self.corrections or self.questions)


def digest_of(session: Session, config: Config, since: datetime, until: datetime) -> Digest:
    """The digest for the span ``since`` (excluded) to ``until`` (included)."""
    base = config.web.public_url

    def link(ref: str) -> str:
        return f"{base}/s/{ref}" if base else ""

    subs = session.exec(select(Submission).where(col(Submission.created_at) > since,
                                                 col(Submission.created_at) <= until)
                        .order_by(col(Submission.created_at))).all()
    new = [DigestItem(s.reference, s.title or "(no title)", s.submitter_name or s.submitter_email or "",
                      s.created_at, url=link(s.reference)) for s in subs]
    rows = session.exec(select(SubmissionVersion, Submission)
                        .join(Submission, col(Submission.id) == col(SubmissionVersion.submission_id))
                        .where(col(SubmissionVersion.version) > 1, col(SubmissionVersion.created_at) > since,
                               col(SubmissionVersion.created_at) <= until)
                        .order_by(col(SubmissionVersion.created_at))).all()
    corrections = [DigestItem(s.reference, s.title or "(no title)",
                              s.submitter_name or s.submitter_email or "", v.created_at, version=v.version,
                              url=link(s.reference)) for v, s in rows]
    msgs = session.exec(select(Message).where(Message.outcome == "not_submission",
                                              Message.reason == "question", col(Message.received_at) > since,
                                              col(Message.received_at) <= until)
                        .order_by(col(Message.received_at))).all()
    questions = [DigestItem(None, m.subject or "(no subject)", m.from_name or m.from_addr or "",
                            m.received_at, url=f"{base}/messages/{m.id}" if base else "") for m in msgs]
    waiting = session.exec(select(func.count()).select_from(Submission)
                           .where(col(Submission.status).in_(("pending_review", "needs_attention")))).one()
    return Digest(since, until, new, corrections, questions, int(waiting))


def queue_digest(config: Config, store: Store, *, now: datetime | None = None) -> int:
    """Queue the digest of everything since the last one to each recipient; returns how many emails
    were queued (0 when nothing arrived: an empty digest is not sent, and the next one still covers
    the whole span since the last one sent). Recipients are ``notifications.digest_to``, else every
    active staff account."""
    now = now or utcnow()
    with store.session() as s:
        mark = _mark(s, "digest")
        since = mark.last_at or now - DIGEST_FIRST_SPAN
        if since.tzinfo is None:
            since = since.replace(tzinfo=now.tzinfo)
        digest = digest_of(s, config, since, now)
        if digest.empty:
            log.info("digest: nothing arrived since %s; none sent", since)
            return 0
        recipients = config.notifications.digest_to or tuple(u.email for u in list_users(s, active_only=True))
        context = {"digest": digest, "since": f"{since:%Y-%m-%d %H:%M} UTC",
                   "base_url": config.web.public_url, "signature": config.smtp.from_name}
        subject = (f"Case studies: {len(digest.new)} new, {len(digest.corrections)} corrected, "
                   f"{len(digest.questions)} question{'s' if len(digest.questions) != 1 else ''}")
        for to in recipients:
            _queue(s, config, "digest", to=to, subject=subject, context=context)
        mark.last_at = now
        s.add(mark)
    log.info("digest queued for %d recipient(s): %d new, %d corrections, %d questions", len(recipients),
             len(digest.new), len(digest.corrections), len(digest.questions))
    return len(recipients)
