"""A review app whose emails go to a real SMTP server (the ``smtp_sink`` aiosmtpd fixture), for the
tests that follow an email from the browser to the inbox and back: invitations, resets, assignment
emails, digests. The worker's own send job delivers the outbox, as ``intake run`` would."""

from __future__ import annotations

import re
import types
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlmodel import select

from intake.config import parse_config
from intake.web import create_app
from intake.worker import Worker
from store.models import Heartbeat
from tests.fixtures.browser import FAST, Site, serve
from tests.fixtures.smtp import Sink
from tests.web import seed

LINK = re.compile(r"https?://\S+/account/password/[A-Za-z0-9_\-]+")


@contextmanager
def mail_site(root: Path, sink: Sink, **tables: Any) -> Iterator[Site]:
    """The app over a fresh database, SMTP pointing at ``sink``; ``tables`` are further config
    tables (``notifications={...}``). Accounts: rev@example.org (reviewer), admin@example.org (admin),
    password ``seed.PASSWORD``. The mailbox has a fresh heartbeat (no health banner)."""
    config = parse_config({"data_dir": str(root / "data"), "smtp": sink.smtp_table(), **tables},
                          base=root, path=None)
    store = seed.open_store(config)
    seed.add_staff(store, "rev@example.org")
    seed.add_staff(store, "admin@example.org", role="admin")
    beat(store)
    site = Site(url="", config=config, store=store)
    try:
        with serve(create_app(config, store, FAST)) as base:
            site.url = base
            yield site
    finally:
        store.close()


def beat(store: Any, *, at: datetime | None = None, failures: int = 0, error: str | None = None,
         mailbox: str = "default") -> None:
    """Write the heartbeat the worker writes after polling ``mailbox``."""
    at = at or datetime.now(UTC)
    with store.session() as s:
        found = s.exec(select(Heartbeat).where(Heartbeat.mailbox == mailbox)).first()
        row = found or Heartbeat(mailbox=mailbox)
        row.last_attempt_at = at
        row.consecutive_failures = failures
        row.last_error, row.last_error_at = error, (at if error else None)
        if not failures:
            row.last_success_at = at
        s.add(row)


def deliver(site: Site, sink: Sink, count: int = 1) -> list[types.SimpleNamespace]:
    """Run the worker's send job once and return the ``count`` emails the SMTP server received."""
    Worker(site.config, site.store).send_job()
    got = [sink.inbox.get(timeout=10) for _ in range(count)]
    assert sink.inbox.empty(), "more emails than expected"
    return got


def text_of(msg: Any) -> str:
    part = msg.get_body(preferencelist=("plain",))
    return str(part.get_content())


def sign_in(page: Any, site: Site, email: str = "admin@example.org", password: str = seed.PASSWORD) -> None:
    page.goto(site.url + "/login")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_label("Password").press("Enter")
    page.wait_for_load_state()


def scrolls_sideways(page: Any) -> bool:
    """True when the page is wider than the window."""
    scroll, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    return bool(scroll > inner)
