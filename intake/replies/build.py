"""From a stored message or submission to a composed reply in the outbox: the template context of
each kind of email, and the audit events that go with queueing one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlmodel import Session, col, select

from intake.replies import outbox
from intake.replies.compose import Composed, build, field_rows, problem_text, render, reply_subject
from intake.replies.errors import ReplyError
from intake.replies.headers import IncomingHeaders, header_text, msgids
from intake.replies.policy import Decision, address_reason
from parsers.models import Problem
from store.decisions import CLOSED, Action, refusal
from store.messages import StoredMessage
from store.models import Message, Outbox, Submission, SubmissionVersion
from store.queue import VersionInput, add_event, write_event

if TYPE_CHECKING:
    from intake.config import Config
    from parsers.models import Extraction


def acknowledgement(session: Session, config: Config, h: IncomingHeaders, decision: Decision, *,
                    extraction: Extraction, submission: Submission, version: int,
                    recorded: VersionInput | None = None) -> Composed:
    """The acknowledgement of version ``version`` of ``submission``: the answers and problems as
    recorded for that version (``recorded``, else read from the store: a corrected reply may hold
    only some answers, the rest carried over from the version before), else as read in
    ``extraction``."""
    assert decision.to_addr is not None
    fields, problems = _answers(session, submission, version, extraction, recorded)
    context = {
        "name": header_text(fields.get("name") or decision.to_name, max_len=120),
        "reference": submission.reference,
        "title": fields.get("title") or submission.title,
        "version": version,
        "fields": field_rows(config.form, fields, config.replies.preview_words),
        "problems": [problem_text(config, p, fields) for p in problems],
        "signature": config.smtp.from_name,
    }
    text, html = render(config, "acknowledgement", context)
    return build(config, to_addr=decision.to_addr, to_name=decision.to_name,
                 subject=reply_subject(h.subject, submission.reference), text=text, html=html,
                 in_reply_to=h.message_id, references=h.references)


def _answers(session: Session, submission: Submission, version: int, extraction: Extraction,
             recorded: VersionInput | None) -> tuple[dict[str, str | None], list[Problem]]:
    stored: VersionInput | SubmissionVersion | None = recorded or session.exec(
        select(SubmissionVersion).where(SubmissionVersion.submission_id == submission.id,
                                        SubmissionVersion.version == version)).first()
    if stored is None:
        return dict(extraction.fields), list(extraction.problems)
    problems = [Problem(p.get("field"), p.get("code", "invalid"), p.get("message", ""), p.get("params") or {})
                for p in stored.problems]
    return dict(stored.fields), problems


def question(config: Config, h: IncomingHeaders, decision: Decision) -> Composed:
    """The short "this mailbox receives case studies; here is how to submit" reply."""
    assert decision.to_addr is not None
    context = {"name": decision.to_name, "labels": [f.label for f in config.form.fields],
               "signature": config.smtp.from_name}
    text, html = render(config, "question", context)
    return build(config, to_addr=decision.to_addr, to_name=decision.to_name, subject=reply_subject(h.subject),
                 text=text, html=html, in_reply_to=h.message_id, references=h.references)


def failure_notice(config: Config, h: IncomingHeaders, decision: Decision) -> Composed:
    """The "we could not read your email; staff will look at it" notice."""
    assert decision.to_addr is not None
    context = {"name": decision.to_name, "signature": config.smtp.from_name}
    text, html = render(config, "failure_notice", context)
    return build(config, to_addr=decision.to_addr, to_name=decision.to_name, subject=reply_subject(h.subject),
                 text=text, html=html, in_reply_to=h.message_id, references=h.references)


def failure_told(session: Session, message: Message | StoredMessage) -> bool:
    """True when a failure notice for ``message`` is queued or gone already (whatever its state)."""
    q = select(Outbox.id).where(Outbox.message_row_id == message.id, Outbox.kind == "failure_notice")
    return session.exec(q.limit(1)).first() is not None


def enqueue(session: Session, composed: Composed, *, kind: str, submission: Submission | None,
            message: Message | StoredMessage, version: int | None) -> outbox.Queued:
    """Queue an automatic reply and note it on the submission (an event only: the reply follows
    the version recorded in the same transaction, which set the submission's ``updated_at``)."""
    row = outbox.add(session, composed, kind=kind, submission_id=submission.id if submission else None,
                     message_row_id=message.id)
    if submission is not None and submission.id is not None:
        write_event(session, submission.id, "acknowledgement_queued", actor="system",
                    data={"outbox_id": row.id, "version": version or submission.version, "to": row.to_addr})
    return row


def note_skipped(session: Session, submission: Submission | None, reason: str) -> None:
    """Tell staff that a submission's sender was not acknowledged, and why (an event only, as for
    :func:`enqueue`)."""
    if submission is not None and submission.id is not None:
        write_event(session, submission.id, "acknowledgement_skipped", actor="system", note=reason)


def staff_email(session: Session, config: Config, *, submission: Submission, kind: str, subject: str,
                body: str, actor: str) -> Outbox:
    """See :func:`intake.replies.queue_staff_email`."""
    from intake.replies import STAFF_KINDS

    if kind not in STAFF_KINDS:
        raise ReplyError(f"unknown email kind {kind!r}; expected one of {', '.join(STAFF_KINDS)}")
    if not body.strip():
        raise ReplyError("the email to the submitter is empty")
    # A changes email goes only where the review operation's table allows asking for changes.
    refused = refusal(submission, Action.REQUEST_CHANGES) if kind == "changes_requested" else None
    if refused and submission.status in CLOSED:
        raise ReplyError(refused)
    to_addr = (submission.submitter_email or "").strip()
    reason = address_reason(to_addr, config)
    if reason:
        raise ReplyError(f"{submission.reference} has no address we can write to "
                         f"({to_addr or 'none'}: {reason.replace('_', ' ')})")
    parent = _latest_message_id(session, submission)
    context = {"name": header_text(submission.submitter_name, max_len=120), "reference": submission.reference,
               "title": submission.title, "body": body.strip(), "kind": kind,
               "signature": config.smtp.from_name}
    text, html = render(config, "staff", context)
    composed = build(config, to_addr=to_addr, to_name=submission.submitter_name or "",
                     subject=_staff_subject(subject, submission.reference), text=text, html=html,
                     in_reply_to=parent, references=msgids(parent), automatic=False)
    row = outbox.queue(session, composed, kind=kind, submission_id=submission.id)
    add_event(session, submission, "email_queued", actor=actor, note=composed.subject,
              data={"outbox_id": row.id, "kind": kind, "to": to_addr})
    return row


def _staff_subject(subject: str, reference: str) -> str:
    text = header_text(subject, max_len=200) or "Your case study"
    return text if f"[{reference}]" in text else f"{text} [{reference}]"


def _latest_message_id(session: Session, submission: Submission) -> str | None:
    """The Message-ID of the newest message of ``submission`` (to thread the email), or ``None``."""
    q = (select(Message.message_id)
         .join(SubmissionVersion, col(SubmissionVersion.message_row_id) == Message.id)
         .where(SubmissionVersion.submission_id == submission.id)
         .order_by(col(SubmissionVersion.version).desc()).limit(1))
    return session.exec(q).first()
