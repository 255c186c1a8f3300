"""Emails staff send from the review pages. The page shows a draft made from a template; staff edit
it; the edited text goes to the outbox through ``intake.replies.queue_staff_email`` in the same
transaction as the status change. Nothing is sent inside the web request.

Templates are plain text (no HTML escaping): ``changes_requested.txt`` and
``changes_requested_subject.txt``, looked up first in ``[replies] templates_dir`` when configured.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from sqlmodel import Session

from intake.config import Config
from intake.replies import ReplyError, queue_staff_email
from store.models import Outbox, Submission, SubmissionVersion

MAX_SUBJECT = 200
MAX_BODY = 20_000
_PACKAGED = Path(__file__).parent / "templates" / "email"


class EmailRefused(Exception):
    """The email cannot be queued; the message is for the member of staff (shown on the page)."""


@dataclass(frozen=True)
class Draft:
    """A subject and plain-text body, before or after staff edit them."""

    subject: str
    body: str


def _env(config: Config) -> jinja2.Environment:
    dirs = [str(d) for d in (config.replies.templates_dir, _PACKAGED) if d is not None]
    # Plain text for an email: escaping HTML here would put "&amp;" in front of the submitter.
    return jinja2.Environment(loader=jinja2.FileSystemLoader(dirs), autoescape=False,  # noqa: S701
                              keep_trailing_newline=True, trim_blocks=False)


def changes_draft(config: Config, sub: Submission, version: SubmissionVersion) -> Draft:
    """The "please change" email for ``sub``, listing the problems of its newest reading."""
    context: dict[str, Any] = {
        "reference": sub.reference, "title": one_line(sub.title or ""), "name": sub.submitter_name,
        "organisation": sub.organisation, "fields": dict(version.fields),
        "problems": [str(p.get("message") or p.get("code")) for p in version.problems],
        "from_name": config.smtp.from_name,
    }
    env = _env(config)
    subject = env.get_template("changes_requested_subject.txt").render(context)
    body = env.get_template("changes_requested.txt").render(context)
    return Draft(subject=one_line(subject)[:MAX_SUBJECT], body=body.strip() + "\n")


def one_line(text: str) -> str:
    """``text`` with every run of whitespace (CR and LF included) turned into one space."""
    return " ".join(text.split())


def checked(draft: Draft) -> Draft:
    """The edited draft, subject on one line; raises :class:`EmailRefused` when empty or too long."""
    subject, body = one_line(draft.subject), draft.body.replace("\r\n", "\n").strip()
    if not subject:
        raise EmailRefused("The email needs a subject.")
    if len(subject) > MAX_SUBJECT:
        raise EmailRefused(f"The subject is longer than {MAX_SUBJECT} characters.")
    if not body:
        raise EmailRefused("The email is empty.")
    if len(body) > MAX_BODY:
        raise EmailRefused(f"The email is longer than {MAX_BODY:,} characters.")
    return Draft(subject=subject, body=body + "\n")


def queue_email(session: Session, config: Config, sub: Submission, kind: str, draft: Draft,
                *, actor: str) -> Outbox:
    """Put ``draft`` in the outbox for the submitter of ``sub``, in the caller's transaction."""
    draft = checked(draft)
    if not sub.submitter_email:
        raise EmailRefused("This submission has no email address to write to.")
    try:
        return queue_staff_email(session, config, submission=sub, kind=kind, subject=draft.subject,
                                 body=draft.body, actor=actor)
    except ReplyError as err:
        raise EmailRefused(f"The email cannot be sent: {err}") from err
