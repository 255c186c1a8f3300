"""Drafts of the emails staff send about a decision: "changes requested", "accepted" and "rejected".

A draft is plain text made from a template; the web app shows it for editing before it is queued,
the CLI queues it as it is (with the member of staff's note in it). Either way the finished text
goes through :func:`intake.replies.queue_staff_email`, so it gets the same outbox, wrapper template
(greeting, signature, reference) and headers as every other email to a submitter.

Templates are ``<kind>.txt`` (the body) and ``<kind>_subject.txt``. They ship with the web app's
templates (``intake/web/templates/email``, packaged with it) and a file of the same name in
``[replies] templates_dir`` replaces the packaged one. Each template sees ``reference``, ``title``,
``name``, ``organisation``, ``fields``, ``problems`` (a sentence for each problem of the newest
reading, from ``problem.txt.j2``), ``note`` (``""`` when none) and ``from_name``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2

from intake.replies.errors import ReplyError

if TYPE_CHECKING:
    from sqlmodel import Session

    from intake.config import Config
    from store.models import Outbox, Submission, SubmissionVersion

MAX_SUBJECT = 200
MAX_BODY = 20_000
DRAFT_KINDS = ("changes_requested", "accepted", "rejected")
"""Kinds of staff email that start from a template."""
PLACEHOLDER = re.compile(r"\(\s*(?:describe|write|add|explain|insert)\b[^()\n]{0,120}\bhere\s*\)",
                         re.IGNORECASE)
"""A template's placeholder for staff's own words, such as "(describe the changes needed here)"."""
# Next to the web app's own templates so that they are packaged with it (see pyproject.toml).
PACKAGED = Path(__file__).resolve().parent.parent / "web" / "templates" / "email"


@dataclass(frozen=True)
class Draft:
    """A subject and plain-text body, before or after staff edit them."""

    subject: str
    body: str


def one_line(text: str) -> str:
    """``text`` with every run of whitespace (CR and LF included) turned into one space."""
    return " ".join(text.split())


def _env(config: Config) -> jinja2.Environment:
    dirs = [str(d) for d in (config.replies.templates_dir, PACKAGED) if d is not None]
    # Plain text for an email: escaping HTML here would put "&amp;" in front of the submitter.
    return jinja2.Environment(loader=jinja2.FileSystemLoader(dirs), autoescape=False,  # noqa: S701
                              keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True)


def draft_for(config: Config, sub: Submission, version: SubmissionVersion, kind: str, *,
              note: str = "") -> Draft:
    """The ``kind`` email (one of :data:`DRAFT_KINDS`) for ``sub``, from its newest reading
    ``version``; ``note`` (may be empty) is staff's own words to include. Raises
    :class:`ReplyError` for an unknown kind or a broken template."""
    from intake.replies.compose import problem_text

    if kind not in DRAFT_KINDS:
        raise ReplyError(f"no email template for {kind!r}; expected one of {', '.join(DRAFT_KINDS)}")
    context: dict[str, Any] = {
        "reference": sub.reference, "title": one_line(sub.title or ""), "name": sub.submitter_name,
        "organisation": sub.organisation, "fields": dict(version.fields),
        "problems": [problem_text(config, p, dict(version.fields), reply=False) for p in version.problems],
        "note": note.strip(), "from_name": config.smtp.from_name,
    }
    env = _env(config)
    try:
        subject = env.get_template(f"{kind}_subject.txt").render(context)
        body = env.get_template(f"{kind}.txt").render(context)
    except jinja2.TemplateError as err:
        raise ReplyError(f"email template for {kind}: {err.message or type(err).__name__}") from err
    return Draft(subject=one_line(subject)[:MAX_SUBJECT], body=body.strip() + "\n")


def checked(draft: Draft) -> Draft:
    """The edited draft, subject on one line; raises :class:`ReplyError` when empty, too long or
    still holding a template placeholder (:data:`PLACEHOLDER`)."""
    subject, body = one_line(draft.subject), draft.body.replace("\r\n", "\n").strip()
    if not subject:
        raise ReplyError("The email needs a subject.")
    if len(subject) > MAX_SUBJECT:
        raise ReplyError(f"The subject is longer than {MAX_SUBJECT} characters.")
    if not body:
        raise ReplyError("The email is empty.")
    if len(body) > MAX_BODY:
        raise ReplyError(f"The email is longer than {MAX_BODY:,} characters.")
    placeholder = PLACEHOLDER.search(body) or PLACEHOLDER.search(subject)
    if placeholder:
        raise ReplyError(f"The email still holds the template's placeholder “{placeholder.group(0)}”: "
                         "replace it with your own words.")
    return Draft(subject=subject, body=body + "\n")


def queue_draft(session: Session, config: Config, sub: Submission, kind: str, draft: Draft, *,
                actor: str) -> Outbox:
    """Check ``draft`` and put it in the outbox for the submitter of ``sub``, in the caller's
    transaction. Raises :class:`ReplyError` (a sentence for staff) when it cannot go."""
    from intake.replies import queue_staff_email

    draft = checked(draft)
    if not sub.submitter_email:
        raise ReplyError("This submission has no email address to write to.")
    return queue_staff_email(session, config, submission=sub, kind=kind, subject=draft.subject,
                             body=draft.body, actor=actor)
