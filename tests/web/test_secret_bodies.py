"""Staff never read an email that carries a set-password link: the outbox page and the threads
show every other email's text, but not these (the link would open someone else's account)."""

from __future__ import annotations

from email.message import EmailMessage

from intake.replies.outbox import SECRET_KINDS
from intake.web.thread import sent_text
from store.models import Outbox


def _row(kind: str) -> Outbox:
    msg = EmailMessage()
    msg["To"], msg["Subject"] = "new@example.org", "Your account"
    msg.set_content("Choose a password: https://review.example.org/password/SECRET-TOKEN-123\n")
    return Outbox(kind=kind, to_addr="new@example.org", subject="Your account", raw=msg.as_bytes())


def test_a_set_password_email_shows_no_text_and_an_answer_does() -> None:
    assert set(SECRET_KINDS) == {"invite", "password_reset"}
    for kind in SECRET_KINDS:
        assert sent_text(_row(kind)) is None
    shown = sent_text(_row("answer"))
    assert shown is not None and "SECRET-TOKEN-123" in shown
