"""Corrections that do not thread: a message whose Subject carries a reference such as
"[CS-2026-0004]" or "CS-2026-0004 updated lessons" but no In-Reply-To naming our email.

The acknowledgement asks people to keep the reference in the subject, so a reference there from
the submitter's own address (the From of a message that made a version, or the form's email
answer) is a correction: a new version. From anyone else it is only linked to the submission for
staff to see; it never becomes a version, and nothing about the submission is emailed to them.
"""

from __future__ import annotations

import re

from sqlalchemy import bindparam
from sqlmodel import Session, col, select

from store.models import Message, Submission
from store.queue import QueueError, get_by_reference


def reference_in_subject(subject: str | None, prefix: str) -> str | None:
    """The first reference ``<prefix>-YYYY-NNNN`` in ``subject`` (upper-cased), bracketed or not;
    ``None`` when there is none."""
    if not subject:
        return None
    found = re.search(rf"(?<![\w-])({re.escape(prefix)}-\d{{4}}-\d{{4,}})(?![\w-])", subject, re.IGNORECASE)
    return found.group(1).upper() if found else None


def referenced_submission(session: Session, subject: str | None, prefix: str) -> Submission | None:
    """The submission whose reference is in ``subject``; ``None`` when none is named or it does
    not exist."""
    reference = reference_in_subject(subject, prefix)
    if reference is None:
        return None
    try:
        return get_by_reference(session, reference)
    except QueueError:
        return None


def submitter_addresses(session: Session, sub: Submission) -> set[str]:
    """The submitter's addresses, lower-cased: the form's email answer and the From of every
    message that made a version of ``sub``."""
    rows = session.connection().execute(_VERSION_SENDERS, {"b_submission": sub.id}).scalars()
    found = {a for a in rows if a}
    if sub.submitter_email:
        found.add(sub.submitter_email)
    return {a.strip().lower() for a in found}


# Built once, run on the session's connection (a Core read: no ORM objects are wanted).
_VERSION_SENDERS = select(Message.from_addr).where(
    col(Message.submission_id) == bindparam("b_submission"),
    col(Message.outcome).in_(("submission", "resubmission")))


def is_from_submitter(session: Session, sub: Submission, from_addr: str | None) -> bool:
    """Whether ``from_addr`` (``None``: no From) is one of the submitter's addresses. The form's
    email answer is one of them: a sender writing from it is answered without reading the senders
    of every version (every resubmission taken in asks)."""
    if not from_addr:
        return False
    sender = from_addr.strip().lower()
    if sub.submitter_email and sender == sub.submitter_email.strip().lower():
        return True
    return sender in submitter_addresses(session, sub)
