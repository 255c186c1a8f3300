"""Building blocks for the web tests and the benchmark: a config over a temp folder, staff
accounts, and submissions stored through ``store.queue`` exactly as the worker stores them."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from intake.config import Config, parse_config
from intake.web.passwords import hash_password
from store.db import Store
from store.messages import AttachmentInput, add_attachments, record_message
from store.models import Heartbeat
from store.queue import VersionInput, add_version, create_submission, get_by_reference
from store.review import add_user

PASSWORD = "correct horse battery"


def make_config(root: Path, review: dict[str, Any] | None = None, **web: Any) -> Config:
    """A config keeping everything under ``root/data``; ``web`` sets ``[web]`` keys and ``review``
    the ``[review]`` table (``None``: the defaults)."""
    data: dict[str, Any] = {"data_dir": str(root / "data"), "web": web}
    if review is not None:
        data["review"] = review
    return parse_config(data, base=root, path=None)


def open_store(config: Config) -> Store:
    return Store.open(config.database_url)


def fresh_heartbeat(store: Store, mailbox: str = "default") -> None:
    """Record a successful poll of ``mailbox`` just now, as the worker does after each cycle."""
    now = datetime.now(UTC)
    with store.session() as s:
        s.add(Heartbeat(mailbox=mailbox, last_attempt_at=now, last_success_at=now))


def add_staff(store: Store, email: str, *, role: str = "reviewer", password: str = PASSWORD) -> None:
    with store.session() as s:
        add_user(s, email, role=role, password_hash=hash_password(password))


def fields(title: str, **overrides: str | None) -> dict[str, str | None]:
    """A complete, valid set of answers for the default form."""
    base: dict[str, str | None] = {
        "name": "Ada Lovelace", "job_title": "Head of Libraries", "email": "ada@council.example",
        "organisation": "Midshire Libraries", "title": title,
        "summary": "Libraries kept open through a partnership with public health.",
        "description": "We worked with the public health team.\n\nVisits rose by 15% and the budget was "
                       "protected, saving £62,000 a year.",
        "lessons": "Start with data the council already trusts.",
    }
    base.update(overrides)
    return base


@dataclass
class Mail:
    """An email to store with a submission. ``html`` adds an HTML alternative."""

    subject: str = "Case study"
    text: str = "Please find our case study below."
    html: str | None = None
    sender: str = "Ada Lovelace <ada@council.example>"
    attachments: list[tuple[str, str, bytes]] = field(default_factory=list)

    def raw(self) -> bytes:
        msg = EmailMessage()
        msg["From"], msg["To"], msg["Subject"] = self.sender, "casestudies@example.org", self.subject
        msg["Message-ID"] = f"<{hashlib.sha1(self.subject.encode() + self.text.encode()).hexdigest()}@test>"
        msg.set_content(self.text)
        if self.html is not None:
            msg.add_alternative(self.html, subtype="html")
        for name, ctype, data in self.attachments:
            maintype, subtype = ctype.split("/", 1)
            msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
        return msg.as_bytes()


def add_submission(store: Store, answers: dict[str, str | None], *,
                   problems: list[dict[str, Any]] | None = None, mail: Mail | None = None,
                   source: str = "body") -> str:
    """Store a message and its submission; returns the reference."""
    mail = mail or Mail(subject=f"Case study: {answers.get('title')}")
    raw = mail.raw()
    with store.session() as s:
        msg = record_message(s, raw=raw, sha256=hashlib.sha256(raw).hexdigest(), origin="test",
                             outcome="submission", from_addr="ada@council.example", subject=mail.subject)
        add_attachments(s, msg, [AttachmentInput(n, t, len(d), d) for n, t, d in mail.attachments])
        sub = create_submission(s, VersionInput(fields=answers, problems=problems or [], source=source,
                                                field_sources=dict.fromkeys(answers, source),
                                                message_row_id=msg.id))
        msg.submission_id = sub.id
        return sub.reference


def add_second_version(store: Store, reference: str, answers: dict[str, str | None]) -> None:
    with store.session() as s:
        version = VersionInput(fields=answers, problems=[], source="body", field_sources={},
                               message_row_id=None)
        add_version(s, get_by_reference(s, reference), version)


def add_failed_message(store: Store, raw: bytes, error: str) -> int:
    with store.session() as s:
        row = record_message(s, raw=raw, sha256=hashlib.sha256(raw).hexdigest(), origin="test",
                             outcome="failed", error=error, subject="Broken")
        assert row.id is not None
        return row.id
