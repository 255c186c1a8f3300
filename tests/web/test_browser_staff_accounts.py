"""Accounts in the browser, end to end in Debian's Chromium with a real SMTP server (aiosmtpd): an
admin invites a reviewer, the invitation goes out through the outbox, the reviewer follows the link
from the received email, chooses a password and signs in; the link then works no more. A reset
sends the same kind of link and ends the account's sessions once used; disabling an account signs it
out at once. The run saves the staff page and the set-password page to docs/screenshots/."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlmodel import select

from store import accounts
from store.models import AccountToken, Outbox, utcnow
from store.review import ReviewError, find_user
from tests.fixtures.common import ROOT
from tests.fixtures.smtp import Sink
from tests.web import seed
from tests.web.mailsite import LINK, deliver, mail_site, sign_in, text_of

SHOTS = ROOT / "docs" / "screenshots"
NEW = "new.reviewer@example.org"
NEW_PASSWORD = "a brand new passphrase"


def _page(browser: Any, width: int) -> Any:
    """A page in a fresh context (own cookies) at ``width`` px."""
    ctx = browser.new_context(viewport={"width": width, "height": 900})
    ctx.set_default_timeout(10_000)
    return ctx.new_page()


def test_an_invited_reviewer_sets_a_password_from_the_emailed_link_and_signs_in(
        browser: Any, tmp_path: Path, smtp_sink: Sink) -> None:
    with mail_site(tmp_path, smtp_sink) as site:
        admin = _page(browser, 1280)
        sign_in(admin, site)
        admin.goto(site.url + "/staff")
        admin.get_by_label("Email address").fill(NEW)
        admin.get_by_label("Role").select_option("reviewer")
        admin.get_by_role("button", name="Send invitation").click()
        assert f"Invitation to {NEW} queued" in admin.locator(".flash").inner_text()
        assert "invited, no password yet" in admin.locator("table.staff").inner_text()
        SHOTS.mkdir(parents=True, exist_ok=True)
        admin.screenshot(path=str(SHOTS / "staff-accounts.png"), full_page=True)

        # Nothing left the web request: the worker's send job delivers the invitation.
        assert smtp_sink.inbox.empty()
        [mail] = deliver(site, smtp_sink)
        assert mail.rcpt_tos == [NEW] and "invited" in str(mail.msg["Subject"])
        found = LINK.search(text_of(mail.msg))
        assert found, text_of(mail.msg)
        link = found.group(0)
        token = link.rsplit("/", 1)[1]

        # Only the token's SHA-256 is stored, in the tokens table.
        with site.store.session() as s:
            rows = s.exec(select(AccountToken)).all()
            assert [r.token_sha256 for r in rows] == [hashlib.sha256(token.encode()).hexdigest()]
            user = find_user(s, NEW)
            assert user is not None and token not in user.password_hash

        newcomer = _page(browser, 390)
        newcomer.goto(link)
        assert newcomer.get_by_role("heading", name="Choose your password").is_visible()
        newcomer.screenshot(path=str(SHOTS / "set-password-phone.png"), full_page=True)
        newcomer.get_by_label("New password").fill(NEW_PASSWORD)
        newcomer.get_by_label("The same password again").fill(NEW_PASSWORD + " typo")
        newcomer.get_by_role("button", name="Set password").click()
        assert "not the same" in newcomer.locator(".flash-error").inner_text()
        newcomer.get_by_label("New password").fill(NEW_PASSWORD)
        newcomer.get_by_label("The same password again").fill(NEW_PASSWORD)
        newcomer.get_by_role("button", name="Set password").click()
        newcomer.wait_for_url(site.url + "/login")
        assert "Your password is set" in newcomer.locator(".flash").inner_text()
        sign_in(newcomer, site, NEW, NEW_PASSWORD)
        assert newcomer.url == site.url + "/"
        assert NEW in newcomer.locator(".who").inner_text()

        # Single use: the same link now refuses.
        again = newcomer.goto(link)
        assert again is not None and again.status == 410
        assert "already been used" in newcomer.locator(".flash-error").inner_text()


def test_a_reset_link_replaces_the_password_and_ends_the_accounts_sessions(
        browser: Any, tmp_path: Path, smtp_sink: Sink) -> None:
    with mail_site(tmp_path, smtp_sink) as site:
        reviewer = _page(browser, 1280)
        sign_in(reviewer, site, "rev@example.org")
        assert reviewer.url == site.url + "/"
        admin = _page(browser, 1280)
        sign_in(admin, site)
        admin.goto(site.url + "/staff")
        admin.get_by_role("button", name="Reset the password of rev@example.org").click()
        assert "password-reset link to rev@example.org is queued" in admin.locator(".flash").inner_text()
        [mail] = deliver(site, smtp_sink)
        assert mail.rcpt_tos == ["rev@example.org"]
        link = LINK.search(text_of(mail.msg))
        assert link
        page = _page(browser, 1280)
        page.goto(link.group(0))
        assert page.get_by_role("heading", name="Choose a new password").is_visible()
        page.get_by_label("New password").fill(NEW_PASSWORD)
        page.get_by_label("The same password again").fill(NEW_PASSWORD)
        page.get_by_role("button", name="Set password").click()
        page.wait_for_url(site.url + "/login")

        # The session signed in before the reset is over; the old password no longer opens it.
        reviewer.goto(site.url + "/")
        assert "/login" in reviewer.url
        sign_in(reviewer, site, "rev@example.org", seed.PASSWORD)
        assert "do not match" in reviewer.locator("#login-error").inner_text()
        sign_in(reviewer, site, "rev@example.org", NEW_PASSWORD)
        assert reviewer.url == site.url + "/"


def test_disabling_an_account_signs_it_out_and_its_open_links_stop_working(
        browser: Any, tmp_path: Path, smtp_sink: Sink) -> None:
    with mail_site(tmp_path, smtp_sink) as site:
        reviewer = _page(browser, 1280)
        sign_in(reviewer, site, "rev@example.org")
        admin = _page(browser, 1280)
        sign_in(admin, site)
        admin.goto(site.url + "/staff")
        admin.get_by_role("button", name="Reset the password of rev@example.org").click()
        [mail] = deliver(site, smtp_sink)
        link = LINK.search(text_of(mail.msg))
        assert link
        admin.get_by_role("button", name="Disable rev@example.org").click()
        assert "Disabled rev@example.org" in admin.locator(".flash").inner_text()
        reviewer.goto(site.url + "/")
        assert "/login" in reviewer.url
        response = reviewer.goto(link.group(0))
        assert response is not None and response.status == 410
        assert "disabled" in reviewer.locator(".flash-error").inner_text()


def test_a_link_expires_and_a_newer_one_withdraws_the_older(tmp_path: Path, smtp_sink: Sink) -> None:
    with mail_site(tmp_path, smtp_sink) as site, site.store.session() as s:
        user = find_user(s, "rev@example.org")
        assert user is not None
        first = accounts.issue(s, user, "reset", actor="admin@example.org", valid_for=timedelta(hours=1))
        second = accounts.issue(s, user, "reset", actor="admin@example.org", valid_for=timedelta(hours=1))
        for token, words in ((first.token, "already been used"), ("x" * 43, "not valid")):
            try:
                accounts.check(s, token)
            except ReviewError as err:
                assert words in str(err)
            else:
                raise AssertionError(f"{token[:6]} was accepted")
        try:
            accounts.check(s, second.token, now=utcnow() + timedelta(hours=2))
        except ReviewError as err:
            assert "expired" in str(err)
        else:
            raise AssertionError("an expired link was accepted")
        assert accounts.check(s, second.token)[1].email == "rev@example.org"


def test_an_invitation_is_refused_for_an_address_that_has_an_account(
        browser: Any, tmp_path: Path, smtp_sink: Sink) -> None:
    with mail_site(tmp_path, smtp_sink) as site:
        admin = _page(browser, 1280)
        sign_in(admin, site)
        admin.goto(site.url + "/staff")
        admin.get_by_label("Email address").fill("REV@example.org")
        admin.get_by_role("button", name="Send invitation").click()
        assert "already an account for rev@example.org" in admin.locator(".flash-error").inner_text()
        with site.store.session() as s:
            assert s.exec(select(Outbox)).all() == []
