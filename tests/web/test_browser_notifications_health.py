"""Staff notifications and the worker's health, end to end: an assignment made in Chromium reaches the
reviewer at a real SMTP server (aiosmtpd) through the outbox and the worker's send job, and its link
opens the submission; the daily digest lists what arrived since the last one and is scheduled at the
configured time in its time zone; every signed-in page carries a banner while the worker is not
polling, polling fails or emails fail. No page of accounts or health scrolls sideways at 390 px or
1280 px with long unbroken values. The run saves the banner to docs/screenshots/health-banner.png."""

from __future__ import annotations

import dataclasses
import hashlib
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import select

from intake.config import Config
from intake.notify import queue_account_link
from intake.worker import Worker
from store import accounts
from store.messages import record_message
from store.models import Outbox
from store.review import add_user, find_user
from tests.fixtures.browser import Site
from tests.fixtures.common import ROOT
from tests.fixtures.smtp import Sink
from tests.web import seed
from tests.web.mailsite import beat, deliver, mail_site, scrolls_sideways, sign_in, text_of

SHOTS = ROOT / "docs" / "screenshots"
LONG_EMAIL = "someone.with.a.very.long.address." + "y" * 70 + "@library-service.example.org"
LONG_ERROR = "connection refused by mail.library-service.example.org: " + "E" * 300


def _page(browser: Any, width: int) -> Any:
    ctx = browser.new_context(viewport={"width": width, "height": 900})
    ctx.set_default_timeout(10_000)
    return ctx.new_page()


def _with_url(site: Site) -> Config:
    """The site's config with ``web.public_url`` set to where it runs (for links in emails)."""
    return dataclasses.replace(site.config, web=dataclasses.replace(site.config.web, public_url=site.url))


def test_an_assignment_emails_the_reviewer_whose_link_opens_the_submission(
        browser: Any, tmp_path: Path, smtp_sink: Sink) -> None:
    with mail_site(tmp_path, smtp_sink) as site:
        ref = seed.add_submission(site.store, seed.fields("Warm spaces in winter"))
        admin = _page(browser, 1280)
        sign_in(admin, site)
        admin.goto(f"{site.url}/s/{ref}")
        admin.get_by_label("Reviewer", exact=True).select_option("rev@example.org")
        admin.get_by_role("button", name="Assign", exact=True).click()
        admin.wait_for_load_state()
        assert smtp_sink.inbox.empty()  # the request only changed state

        Worker(_with_url(site), site.store).send_job()
        mail = smtp_sink.inbox.get(timeout=10)
        assert mail.rcpt_tos == ["rev@example.org"]
        assert str(mail.msg["Subject"]) == f"Assigned to you: {ref}"
        body = text_of(mail.msg)
        assert "admin@example.org has assigned a case study to you" in body
        assert "Warm spaces in winter" in body
        link = f"{site.url}/s/{ref}"
        assert link in body

        reviewer = _page(browser, 390)
        reviewer.goto(link)
        reviewer.get_by_label("Email address").fill("rev@example.org")
        reviewer.get_by_label("Password").fill(seed.PASSWORD)
        reviewer.get_by_label("Password").press("Enter")
        reviewer.wait_for_url(link)
        assert ref in reviewer.locator("h1").inner_text() or ref in reviewer.content()

        # Sent once: the next run finds no new assignment; assigning to oneself sends nothing.
        admin.get_by_label("Reviewer", exact=True).select_option("admin@example.org")
        admin.get_by_role("button", name="Assign", exact=True).click()
        admin.wait_for_load_state()
        Worker(_with_url(site), site.store).send_job()
        assert smtp_sink.inbox.empty()


def _arrivals(site: Site) -> tuple[str, str]:
    """A new submission, a correction (version 2) of another, and a question."""
    new = seed.add_submission(site.store, seed.fields("Libraries of Sanctuary"))
    corrected = seed.add_submission(site.store, seed.fields("Job clubs"))
    seed.add_second_version(site.store, corrected, seed.fields("Job clubs", summary="Shorter now."))
    raw = b"From: Pat <pat@example.net>\r\nSubject: When is the deadline?\r\n\r\nHello\r\n"
    with site.store.session() as s:
        record_message(s, raw=raw, sha256=hashlib.sha256(raw).hexdigest(), origin="test",
                       outcome="not_submission", from_addr="pat@example.net", from_name="Pat",
                       subject="When is the deadline?", reason="question")
    return new, corrected


def test_the_daily_digest_lists_what_arrived_since_the_last_one(tmp_path: Path, smtp_sink: Sink) -> None:
    with mail_site(tmp_path, smtp_sink, notifications={"digest": True}) as site:
        new, corrected = _arrivals(site)
        worker = Worker(_with_url(site), site.store)
        worker.digest_job()
        mails = deliver(site, smtp_sink, 2)
        assert sorted(m.rcpt_tos[0] for m in mails) == ["admin@example.org", "rev@example.org"]
        body = text_of(mails[0].msg)
        assert str(mails[0].msg["Subject"]) == "Case studies: 2 new, 1 corrected, 1 question"
        assert f"- {new}: Libraries of Sanctuary (Ada Lovelace) {site.url}/s/{new}" in body
        assert f"- {corrected} version 2: Job clubs" in body
        assert "- When is the deadline? (Pat)" in body

        # Nothing new since: no digest at all.
        worker.digest_job()
        Worker(site.config, site.store).send_job()
        assert smtp_sink.inbox.empty()


@pytest.mark.parametrize(("digest", "when"), [(True, "07:30"), (False, None)])
def test_the_digest_is_scheduled_at_the_configured_time_in_its_time_zone(
        tmp_path: Path, smtp_sink: Sink, digest: bool, when: str | None) -> None:
    table = {"digest": digest, "digest_time": when or "08:00", "timezone": "Europe/London"}
    with mail_site(tmp_path, smtp_sink, notifications=table) as site:
        worker = Worker(site.config, site.store)
        worker._schedule()
        job = worker.scheduler.get_job("digest")
        if not digest:
            assert job is None
            return
        summer = datetime(2026, 7, 1, tzinfo=UTC)
        winter = datetime(2026, 12, 1, tzinfo=UTC)
        # 07:30 in London is 06:30 UTC in summer (BST) and 07:30 UTC in winter.
        fire = job.trigger.get_next_fire_time
        assert fire(None, summer).astimezone(UTC) == summer.replace(hour=6, minute=30)
        assert fire(None, winter).astimezone(UTC) == winter.replace(hour=7, minute=30)


def _banner(page: Any) -> str:
    banner = page.locator("#worker-health")
    return str(banner.inner_text()) if banner.count() else ""


def test_every_page_warns_while_the_worker_is_not_polling_or_emails_fail(
        browser: Any, tmp_path: Path, smtp_sink: Sink) -> None:
    with mail_site(tmp_path, smtp_sink) as site:
        ref = seed.add_submission(site.store, seed.fields("Digital inclusion hubs"))
        page = _page(browser, 1280)
        sign_in(page, site)
        pages = ["/", f"/s/{ref}", "/messages?kind=other", "/outbox", "/staff"]
        interval = site.config.worker.poll_interval_s
        beat(site.store, at=datetime.now(UTC) - timedelta(seconds=interval * 1.5))
        for path in pages:
            page.goto(site.url + path)
            assert _banner(page) == "", path  # within twice the interval: all is well

        beat(site.store, at=datetime.now(UTC) - timedelta(seconds=interval * 2 + 60))
        for path in pages:
            page.goto(site.url + path)
            assert "not polled lately" in _banner(page), path

        beat(site.store, failures=3, error="cannot connect to imap.council.example:993: connection refused")
        page.goto(site.url + "/outbox")
        assert "polling is failing (3 attempt(s) in a row" in _banner(page)
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "health-banner.png"), full_page=False)

        # Sending: the SMTP server refuses the reviewer for good; the banner says so.
        beat(site.store)
        with site.store.session() as s:
            user = find_user(s, "rev@example.org")
            assert user is not None
            link = accounts.issue(s, user, "reset", actor="admin@example.org", valid_for=timedelta(hours=1))
            queue_account_link(s, site.config, link, "reset", app_url=site.url, actor="admin@example.org")
        smtp_sink.rcpt_replies["rev@example.org"] = "550 5.1.1 no such mailbox"
        Worker(site.config, site.store).send_job()
        with site.store.session() as s:
            assert [r.status for r in s.exec(select(Outbox)).all()] == ["failed"]
        page.goto(site.url + "/")
        assert "1 email(s) could not be sent" in _banner(page)


@pytest.mark.parametrize("width", [390, 1280])
def test_accounts_and_health_pages_do_not_scroll_sideways(browser: Any, tmp_path: Path, smtp_sink: Sink,
                                                          width: int) -> None:
    with mail_site(tmp_path, smtp_sink) as site:
        with site.store.session() as s:
            add_user(s, LONG_EMAIL, role="reviewer", password_hash=accounts.NO_PASSWORD)
            long_user = find_user(s, LONG_EMAIL)
            assert long_user is not None
            token = accounts.issue(s, long_user, "invite", actor="admin@example.org",
                                   valid_for=timedelta(hours=1)).token
        beat(site.store, failures=2, error=LONG_ERROR)
        page = _page(browser, width)
        sign_in(page, site)
        wide = {}
        for path in ["/", "/staff", "/outbox"]:
            page.goto(site.url + path)
            assert LONG_ERROR[:40] in _banner(page)
            if scrolls_sideways(page):
                wide[path] = page.evaluate("document.documentElement.scrollWidth")
        page.goto(site.url + "/staff")
        assert LONG_EMAIL in page.locator("table.staff").inner_text()
        visitor = _page(browser, width)
        visitor.goto(f"{site.url}/account/password/{token}")
        assert LONG_EMAIL in visitor.locator("main").inner_text()
        if scrolls_sideways(visitor):
            wide["/account/password/…"] = visitor.evaluate("document.documentElement.scrollWidth")
        assert wide == {}, f"pages wider than {width} px: {wide}"
