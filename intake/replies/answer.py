"""A member of staff answers one stored message in their own words (a person's question, or a
submitter's email): through the outbox like every email, threaded on the message it answers
(``In-Reply-To`` its Message-ID, ``References`` its References plus its Message-ID, RFC 5322
section 3.6.4), to its Reply-To or else its From. The text is checked by the same rule as every
staff draft (:func:`intake.replies.drafts.checked`: no template placeholder left in it).

Also the reading side of the emails we sent: :func:`text_of` gives the plain-text body of an
outbox row, which the outbox page and a submission's thread show.
"""

from __future__ import annotations

import email
import email.policy
from email.message import EmailMessage
from email.utils import getaddresses
from typing import TYPE_CHECKING

from intake.replies import outbox
from intake.replies.compose import build, render
from intake.replies.drafts import Draft, checked
from intake.replies.errors import ReplyError
from intake.replies.headers import header_text, read_headers
from intake.replies.policy import address_reason
from store.models import Message, Outbox, Submission
from store.queue import add_event

if TYPE_CHECKING:
    from sqlmodel import Session

    from intake.config import Config

KIND = "answer"
"""The outbox kind of a staff answer to a message."""


def recipient(message: Message) -> tuple[str | None, str]:
    """``(address, display name)`` an answer to ``message`` goes to: its single Reply-To address,
    else its From; ``(None, "")`` when neither holds one address."""
    h = read_headers(message.raw)
    reply_to = [(n, a) for n, a in getaddresses([h.get("reply-to") or ""]) if "@" in a]
    if len(reply_to) == 1:
        name, addr = reply_to[0]
        return header_text(addr, max_len=320), header_text(name, max_len=120)
    return h.from_addr or message.from_addr, h.from_name or message.from_name or ""


def answer_subject(message: Message, reference: str | None) -> str:
    """The subject an answer starts from: ``Re: <subject>``, with the submission's reference."""
    from intake.replies.compose import reply_subject

    return reply_subject(message.subject, reference)


def queue_answer(session: Session, config: Config, *, message: Message, subject: str, body: str,
                 actor: str) -> Outbox:
    """Queue ``actor``'s answer to ``message`` in the caller's transaction and record it (an event
    on the message's submission, when it has one). Raises :class:`ReplyError` with a sentence for
    staff when the text is empty, too long or still holds a placeholder, or there is no address
    we may write to."""
    draft = checked(Draft(subject=subject, body=body))
    to_addr, to_name = recipient(message)
    reason = address_reason(to_addr, config)
    if reason or not to_addr:
        raise ReplyError(f"This message has no address we can answer ({to_addr or 'none'}: "
                         f"{(reason or 'missing_from').replace('_', ' ')}).")
    sub = session.get(Submission, message.submission_id) if message.submission_id else None
    reference = sub.reference if sub else None
    context = {"name": header_text(to_name, max_len=120), "body": draft.body.strip(),
               "reference": reference or "", "title": sub.title if sub else "",
               "signature": config.smtp.from_name}
    text, html = render(config, "answer", context)
    subject_line = draft.subject
    if reference and f"[{reference}]" not in subject_line:
        subject_line = f"{subject_line} [{reference}]"
    h = read_headers(message.raw)
    composed = build(config, to_addr=to_addr, to_name=to_name, subject=subject_line, text=text, html=html,
                     in_reply_to=h.message_id or message.message_id, references=h.references,
                     automatic=False)
    row = outbox.queue(session, composed, kind=KIND, submission_id=message.submission_id,
                       message_row_id=message.id)
    if sub is not None:
        add_event(session, sub, "email_queued", actor=actor, note=composed.subject,
                  data={"outbox_id": row.id, "kind": KIND, "to": to_addr, "answers": message.id})
    return row


def answers_to(session: Session, message_ids: list[int]) -> list[Outbox]:
    """The outbox rows that answer one of ``message_ids`` (any kind: acknowledgements included),
    oldest first; empty when none."""
    from sqlmodel import col, select

    if not message_ids:
        return []
    q = select(Outbox).where(col(Outbox.message_row_id).in_(message_ids)).order_by(col(Outbox.id))
    return list(session.exec(q).all())


def text_of(raw: bytes) -> str | None:
    """The plain-text body of one of our own emails (an outbox row's ``raw``); ``None`` when it
    has none, or its bytes were removed after the retention period."""
    if not raw:
        return None
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    if not isinstance(msg, EmailMessage):
        return None
    part = msg.get_body(preferencelist=("plain",))
    if part is None or not isinstance(part, EmailMessage):
        return None
    try:
        return str(part.get_content()).replace("\r\n", "\n").strip()
    except (LookupError, ValueError):  # our own bytes: only a damaged row gets here
        raise ReplyError("the stored email cannot be read") from None
