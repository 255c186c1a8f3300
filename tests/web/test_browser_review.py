"""End to end in Debian's Chromium through Playwright: a reviewer signs in with the keyboard,
filters and searches the queue, opens a submission, accepts one with a note, asks for changes on
another (an outbox row with the edited text appears), downloads the CSV and the Word compilation,
and signs out. Forged posts are refused and hostile markup stays inert. On SQLite and on a real
PostgreSQL (the ``review_site`` fixture runs each test on both); the SQLite run saves the queue page
to docs/screenshot-queue.png for the README."""

from __future__ import annotations

import csv
import email
import email.policy
import io
from pathlib import Path
from typing import Any

from docx import Document
from playwright.sync_api import expect
from sqlmodel import select

from store.models import Event, Outbox
from store.queue import get_by_reference
from tests.fixtures.browser import Site
from tests.fixtures.common import ROOT
from tests.web import seed

SCREENSHOT = ROOT / "docs" / "screenshot-queue.png"


def sign_in(page: Any, site: Site, email_addr: str = "rev@example.org") -> None:
    """Sign in with the keyboard only: skip link first, then the form's fields in tab order."""
    page.goto(site.url + "/")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    page.get_by_label("Email address").focus()
    page.keyboard.type(email_addr)
    page.keyboard.press("Tab")
    expect(page.get_by_label("Password")).to_be_focused()
    page.keyboard.type(seed.PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Review queue")).to_be_visible()


def rows(page: Any) -> Any:
    return page.locator("table.queue tbody tr")


def test_reviewer_works_through_the_queue(page: Any, review_site: Site, tmp_path: Path,
                                          module_database: str) -> None:
    site, refs = review_site, review_site.refs
    sign_in(page, site)

    # Filter: only submissions with problems.
    page.get_by_label("Problems").select_option("yes")
    page.get_by_role("button", name="Show").click()
    expect(rows(page)).to_have_count(1)
    expect(rows(page).first).to_contain_text(refs["problems"])
    # Search over the answers.
    page.get_by_role("link", name="Clear filters").click()
    page.get_by_role("searchbox", name="Search").fill("teenagers")  # one stem on both databases
    page.get_by_role("button", name="Show").click()
    expect(rows(page)).to_have_count(1)
    expect(rows(page).first).to_contain_text("Makerspaces for teenagers")
    page.get_by_role("link", name="Clear filters").click()
    expect(page.get_by_role("link", name="Next")).to_be_visible()  # the queue is two pages long
    shot = SCREENSHOT if module_database == "sqlite" else tmp_path / SCREENSHOT.name  # one for the README
    shot.parent.mkdir(exist_ok=True)
    page.screenshot(path=str(shot), full_page=True)

    # Open a submission (the oldest: on the last page) and accept it with a note.
    page.get_by_label("Sort").select_option("oldest")
    page.get_by_role("button", name="Show").click()
    page.get_by_role("link", name=refs["clean"]).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Opening hours restored")
    page.get_by_label("Note (kept in the history)").fill("Clear evidence of savings.")
    page.get_by_role("button", name="Accept").click()
    expect(page.get_by_role("status").first).to_contain_text(f"Accepted: {refs['clean']}")
    expect(page.locator("#current-status")).to_have_text("accepted")
    expect(page.locator("table.history")).to_contain_text("Clear evidence of savings.")

    # Ask for changes on another, editing the email before it goes.
    page.goto(f"{site.url}/s/{refs['changes']}")
    page.get_by_role("link", name="Ask for changes…").click()
    expect(page.get_by_label("Message")).to_contain_text("Thank you for sending your case study")
    page.get_by_label("Message").fill("Could you add the number of volunteers involved?")
    page.get_by_role("button", name="Queue the email and mark as changes requested").click()
    expect(page.locator("#current-status")).to_have_text("changes requested")
    with site.store.session() as s:
        sub = get_by_reference(s, refs["changes"])
        outbox = s.exec(select(Outbox).where(Outbox.submission_id == sub.id)).all()
    assert len(outbox) == 1 and outbox[0].to_addr == "grace@borough.example"
    sent = email.message_from_bytes(outbox[0].raw, policy=email.policy.default)
    part = sent.get_body(("plain",))
    assert part is not None and "Could you add the number of volunteers involved?" in part.get_content()

    # Exports.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Queue").click()
    with page.expect_download() as csv_download:
        page.get_by_role("link", name="Download this list (CSV)").click()
    csv_path = tmp_path / "queue.csv"
    csv_download.value.save_as(csv_path)
    exported = list(csv.DictReader(io.StringIO(csv_path.read_text(encoding="utf-8-sig"))))
    by_ref = {r["Reference"]: r for r in exported}
    assert len(exported) == 17 and by_ref[refs["clean"]]["Status"] == "Accepted"
    with page.expect_download() as docx_download:
        page.get_by_role("link", name="Download accepted case studies (Word)").click()
    docx_path = tmp_path / "accepted.docx"
    docx_download.value.save_as(docx_path)
    texts = [p.text for p in Document(str(docx_path)).paragraphs]
    assert "Opening hours restored with public health funding" in texts
    assert "Organisation: Midshire Libraries" in texts and not any("Makerspaces" in t for t in texts)

    # Sign out: the queue is closed again.
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("status").first).to_contain_text("You are signed out.")
    page.goto(site.url + "/")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_form_posted_without_its_csrf_token_is_refused(page: Any, review_site: Site) -> None:
    sign_in(page, review_site)
    ref = review_site.refs["versions"]
    page.goto(f"{review_site.url}/s/{ref}")
    page.locator("form[action$='/decide'] input[name=csrf_token]").evaluate("e => e.remove()")
    page.get_by_role("button", name="Reject").click()
    expect(page.get_by_role("heading", name="Not allowed")).to_be_visible()
    forged = page.request.post(f"{review_site.url}/s/{ref}/decide", form={"decision": "reject"})
    assert forged.status == 403
    with review_site.store.session() as s:
        sub = get_by_reference(s, ref)
        assert sub.status != "rejected"
        assert not s.exec(select(Event).where(Event.submission_id == sub.id, Event.action == "reject")).all()


def test_hostile_markup_renders_inert_even_without_the_csp(browser: Any, review_site: Site) -> None:
    # bypass_csp: prove the markup itself is inert, not only that the policy blocks scripts.
    ctx = browser.new_context(bypass_csp=True)
    page = ctx.new_page()
    dialogs: list[str] = []

    def on_dialog(dialog: Any) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    try:
        sign_in(page, review_site)
        page.goto(f"{review_site.url}/s/{review_site.refs['hostile']}")
        page.get_by_text("HTML version (made safe").click()
        expect(page.locator(".mail-html")).to_contain_text("Hello")
        heading = page.get_by_role("heading", level=1)
        expect(heading).to_contain_text("Reading <script>alert('title')</script> groups")
        expect(page.locator("article.answer").filter(has_text="Description")).to_contain_text(
            "<script>alert('description')</script>")
        assert page.locator("script").count() == 0
        assert page.locator("[onerror], [onclick], img").count() == 0
        assert page.locator(".mail-html a").get_attribute("href") is None
        page.goto(f"{review_site.url}/messages/{review_site.ids['failed']}")
        expect(page.locator("body")).to_contain_text("<script>x</script>")
        assert page.locator("script").count() == 0
        page.wait_for_timeout(200)
        assert dialogs == []
    finally:
        ctx.close()
