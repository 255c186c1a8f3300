"""Staff rescue, correct and answer everything that arrives, end to end in Debian's Chromium through
Playwright against the real app, with the outbox delivered to a real SMTP server (aiosmtpd):

- a question in "Other mail" is answered in free text (an unedited draft is refused: the
  placeholder rule), threaded on the question, marked as handled with who and when;
- another is filed as a submission with its acknowledgement, a third as a correction to it (version
  2), a failed message as handled;
- a mis-read answer is corrected: a version by staff, in the difference and the history, the
  submitter's version kept;
- every email in and out of the submission is one thread on its page, with the sent text; the
  outbox shows each email's text.

And at 390 px and 1280 px none of the new pages or states scrolls sideways, with long unbroken
values in the data. The run saves docs/screenshot-refile.png and docs/screenshot-thread.png."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect
from sqlmodel import col, select

from intake.answer_edits import correct
from intake.config import parse_config
from intake.refile import refile
from intake.replies import send_due
from intake.replies.answer import queue_answer
from intake.web import create_app
from store.decisions import Filing
from store.messages import record_message
from store.models import Message, Outbox, SubmissionVersion
from store.queue import get_by_reference
from tests.fixtures.browser import FAST, Site, serve
from tests.fixtures.common import ROOT
from tests.fixtures.smtp import Sink, incoming
from tests.web import seed

SHOTS = ROOT / "docs"
LONG = "Lending" + "x" * 180
ADDRESS = "someone.with.a.very.long.address." + "y" * 60 + "@library-service.example.org"
ORIGIN = "imap://casestudies@mail.library-service.example.org/INBOX/" + "9" * 120 + ";UIDVALIDITY=1700000000"
QUESTION = "Hello, may we send our case study as a PDF rather than Word?\n\nThanks, Bo\n"
FORM_REPLY = ("Your name: Bo Peep\nJob title: Librarian\nEmail address: bo@lib.example.org\n"
              "Name of library service/local authority: Flockton Libraries\n"
              "Suggested title for case study: Sheep in the stacks\n")
LESSONS_FIX = "Key lessons learned: Start with the parents.\n"


@contextmanager
def smtp_site(root: Path, sink: Sink) -> Iterator[Site]:
    """The review app over a fresh database whose outbox goes to ``sink`` (two staff accounts as in
    :func:`tests.fixtures.browser.running_site`)."""
    config = parse_config({"data_dir": str(root / "data"), "smtp": sink.smtp_table()}, base=root, path=None)
    store = seed.open_store(config)
    seed.add_staff(store, "rev@example.org")
    seed.add_staff(store, "admin@example.org", role="admin")
    try:
        with serve(create_app(config, store, FAST)) as base:
            yield Site(url=base, config=config, store=store)
    finally:
        store.close()


def store_mail(site: Site, raw: bytes, *, outcome: str, error: str | None = None,
               origin: str = "test") -> int:
    """Store ``raw`` as the worker stores mail it leaves outside the queue; returns the row id."""
    from intake.replies.headers import read_headers

    h = read_headers(raw)
    with site.store.session() as s:
        row = record_message(s, raw=raw, sha256=hashlib.sha256(raw).hexdigest(), origin=origin,
                             outcome=outcome, error=error, from_addr=h.from_addr, from_name=h.from_name,
                             subject=h.subject, message_id=h.message_id,
                             reason="question" if outcome == "not_submission" else "error")
        assert row.id is not None
        return row.id


def sign_in(page: Any, site: Site, who: str = "rev@example.org") -> None:
    page.goto(site.url + "/login")
    page.get_by_label("Email address").fill(who)
    page.get_by_label("Password").fill(seed.PASSWORD)
    page.get_by_label("Password").press("Enter")
    page.wait_for_url(site.url + "/")


def flash(page: Any) -> Any:
    return page.locator("p.flash").first


def test_staff_rescue_answer_and_correct_everything_that_arrives(page: Any, smtp_sink: Sink,
                                                                  tmp_path: Path) -> None:
    with smtp_site(tmp_path, smtp_sink) as site:
        store_mail(site, incoming(sender="Bo Peep <bo@lib.example.org>", subject="PDF or Word?",
                                        body=QUESTION, message_id="<ask-1@lib.example.org>",
                                        headers={"References": "<earlier-1@lib.example.org>"}),
                         outcome="not_submission")
        form = store_mail(site, incoming(sender="Bo Peep <bo@lib.example.org>", subject="Our case study",
                                         body=FORM_REPLY, message_id="<form-1@lib.example.org>"),
                          outcome="not_submission")
        fix = store_mail(site, incoming(sender="Bo Peep <bo@home.example.org>", subject="lessons",
                                        body=LESSONS_FIX, message_id="<fix-1@home.example.org>"),
                         outcome="not_submission")
        broken = store_mail(site, b"Subject: broken\r\n\r\n\xff", outcome="failed", error="cannot parse")
        # Filing reads the message in a parse process of its own (the worker's budget): on a loaded
        # two-core machine starting one takes seconds.
        page.set_default_timeout(60_000)
        sign_in(page, site)

        # 1. Answer the question in free text; the unedited draft is refused.
        page.goto(site.url + "/messages?kind=other")
        page.get_by_role("link", name="PDF or Word?").click()
        page.get_by_role("link", name="Answer Bo Peep").click()
        expect(page.get_by_label("Subject")).to_have_value("Re: PDF or Word?")
        page.get_by_role("button", name="Queue the answer").click()
        expect(page.locator(".flash-error")).to_contain_text("placeholder")
        page.get_by_label("Your answer").fill("A PDF is fine, Bo. Keep the form's headings.")
        expect(page.get_by_label("Mark the message as handled")).to_be_checked()
        page.get_by_role("button", name="Queue the answer").click()
        expect(flash(page)).to_contain_text("Your answer to bo@lib.example.org is in the outbox")
        assert send_due(site.config, site.store)["sent"] == 1
        [answer] = smtp_sink.received()
        assert answer.rcpt_tos == ["bo@lib.example.org"]
        assert answer.msg["In-Reply-To"] == "<ask-1@lib.example.org>"
        assert answer.msg["References"].split() == ["<earlier-1@lib.example.org>", "<ask-1@lib.example.org>"]
        assert "A PDF is fine, Bo." in answer.msg.get_body(("plain",)).get_content()
        page.reload()
        expect(page.locator("#filed")).to_contain_text("handled by rev@example.org")
        sent = page.locator("#answers-sent .thread-item")
        expect(sent).to_have_count(1)
        expect(sent.first).to_contain_text("A PDF is fine, Bo.")
        expect(sent.first.locator(".outbox-status")).to_have_text("sent")
        page.goto(site.url + "/messages?kind=other")
        expect(page.locator("table")).not_to_contain_text("PDF or Word?")
        page.get_by_role("link", name="Handled").click()
        expect(page.locator("table tbody tr")).to_have_count(1)
        expect(page.locator("table tbody tr").first).to_contain_text("by rev@example.org")

        # 2. A form the reader missed becomes a submission, acknowledged in its thread.
        page.goto(f"{site.url}/messages/{form}")
        page.get_by_label("This is a submission").check()
        page.get_by_label("Send the sender the acknowledgement").check()
        page.get_by_label("Note (kept in the history)").fill("A short form, but a form.")
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / "screenshot-refile.png"), full_page=True)
        page.get_by_role("button", name="File the message").click()
        expect(flash(page)).to_contain_text("Filed as a new submission: CS-")
        expect(flash(page)).to_contain_text("The acknowledgement to bo@lib.example.org is in the outbox")
        ref = page.locator("h1 .ref").inner_text()
        expect(page.locator("table.history")).to_contain_text("A short form, but a form.")
        assert send_due(site.config, site.store)["sent"] == 1
        [ack] = smtp_sink.received()
        assert ack.msg["In-Reply-To"] == "<form-1@lib.example.org>" and ref in ack.msg["Subject"]

        # 3. A correction from another address, filed by hand: version 2, in the difference.
        page.goto(f"{site.url}/messages/{fix}")
        page.get_by_label("A correction to a submission").check()
        page.get_by_label("Reference of the submission it corrects").fill(ref)
        page.get_by_role("button", name="File the message").click()
        expect(flash(page)).to_contain_text(f"Filed as a correction: {ref} version 2")
        expect(page.locator("table.diff")).to_contain_text("Start with the parents.")

        # 4. A failed message, handled.
        page.goto(f"{site.url}/messages/{broken}")
        page.get_by_label("Handled (kept here").check()
        page.get_by_role("button", name="File the message").click()
        expect(flash(page)).to_contain_text(f"Marked as handled: message {broken}, by rev@example.org")
        expect(page.locator("#filed")).to_contain_text("handled by rev@example.org")

        # 5. Correct a mis-read answer: version 3 by staff; the submitter's version 2 is kept.
        page.goto(f"{site.url}/s/{ref}")
        page.get_by_role("link", name="Correct the answer to Job title / position").click()
        page.get_by_label("Job title / position").fill("Head of Libraries")
        page.get_by_label("Why (kept in the history)").fill("The form said Head of Libraries.")
        page.get_by_role("button", name="Save as a new version").click()
        expect(flash(page)).to_contain_text("Saved as version 3, corrected by you (Job title / position)")
        expect(page.locator("#versions")).to_contain_text("corrected by rev@example.org")
        diff = page.locator("table.diff")
        expect(diff).to_contain_text("Head of Libraries")
        expect(diff).to_contain_text("Librarian")
        expect(page.locator("table.history")).to_contain_text("The form said Head of Libraries.")
        expect(page.locator("#f-job_title").locator("..")).to_contain_text("corrected by rev@example.org")
        with site.store.session() as s:
            rows = s.exec(select(SubmissionVersion).order_by(col(SubmissionVersion.version))).all()
            assert [(v.version, v.fields["job_title"], v.edited_by) for v in rows] == [
                (1, "Librarian", None), (2, "Librarian", None), (3, "Head of Libraries", "rev@example.org")]

        # 6. Write to the submitter from the submission; every email is one thread, oldest first.
        page.get_by_role("link", name="Write to the submitter…").click()
        page.get_by_label("Your answer").fill("Thank you: we corrected your job title.")
        page.get_by_role("button", name="Queue the answer").click()
        expect(flash(page)).to_contain_text("is in the outbox")
        assert send_due(site.config, site.store)["sent"] == 1
        [note] = smtp_sink.received()
        assert note.msg["In-Reply-To"] == "<fix-1@home.example.org>"
        assert note.rcpt_tos == ["bo@home.example.org"]
        assert ref in note.msg["Subject"]
        page.reload()
        items = page.locator("#emails .thread-item")
        expect(items).to_have_count(4)
        texts = [items.nth(i).inner_text() for i in range(4)]
        # Both messages arrived (were stored) before the acknowledgement went out.
        assert "From Bo Peep <bo@lib.example.org>" in texts[0] and "Sheep in the stacks" in texts[0]
        assert "From Bo Peep <bo@home.example.org>" in texts[1] and "Start with the parents." in texts[1]
        assert "To bo@lib.example.org" in texts[2] and "acknowledgement" in texts[2] and ref in texts[2]
        assert "To bo@home.example.org" in texts[3] and "we corrected your job title" in texts[3]
        assert "sent" in texts[3]
        page.screenshot(path=str(SHOTS / "screenshot-thread.png"), full_page=False,
                        clip={"x": 0, "y": page.locator("#emails").bounding_box()["y"], "width": 1280,
                              "height": 900})

        # 7. The outbox shows each email's text.
        page.goto(site.url + "/outbox")
        bodies = page.locator("details.sent-body")
        expect(bodies).to_have_count(3)
        page.locator(f"#outbox-{_answer_row(site)} summary").click()
        expect(page.locator(f"#outbox-{_answer_row(site)} pre")).to_contain_text("A PDF is fine, Bo.")


def _answer_row(site: Site) -> int:
    with site.store.session() as s:
        row = s.exec(select(Outbox).where(Outbox.kind == "answer").order_by(col(Outbox.id))).first()
        assert row is not None and row.id is not None
        return row.id


# --- no sideways scrolling on the new pages and states ---------------------------------------------


def layout_seeder(site: Site) -> None:
    """Every new state, with long unbroken values: an answered, handled question from a long address
    with a long subject and an ``imap://`` origin; a message filed as a submission whose answers are
    long words; a staff version; a failed message handled."""
    body = f"{'w' * 400}\r\n"
    question = store_mail(site, incoming(sender=f"{LONG} <{ADDRESS}>", subject=LONG, body=body,
                                         message_id="<long-1@library-service.example.org>"),
                          outcome="not_submission", origin=ORIGIN)
    form = store_mail(site, incoming(sender=f"Bo <{ADDRESS}>", subject=LONG,
                                     message_id="<long-2@x.example.org>",
                                     body=FORM_REPLY.replace("Sheep in the stacks", LONG)),
                      outcome="not_submission", origin=ORIGIN)
    failed = store_mail(site, f"Subject: {LONG}\r\n\r\n{body}".encode(), outcome="failed", error="E" * 300)
    filed = refile(site.config, site.store, form, Filing.SUBMISSION, actor="rev@example.org",
                   acknowledge=True, note="N" * 300)
    refile(site.config, site.store, failed, Filing.HANDLED, actor="rev@example.org", note="M" * 300)
    assert filed.reference is not None
    with site.store.session() as s:
        msg = s.get(Message, question)
        assert msg is not None
        queue_answer(s, site.config, message=msg, subject=LONG, body="a" * 600, actor="rev@example.org")
        correct(s, site.config, filed.reference, {"lessons": "L" * 300, "description": "D" * 900},
                actor="rev@example.org", note="C" * 300)
    refile(site.config, site.store, question, Filing.HANDLED, actor="admin@example.org", note="H" * 300)
    site.refs["long"], site.ids["question"], site.ids["failed"] = filed.reference, question, failed


@pytest.fixture(scope="module")
def layout_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    from tests.fixtures.browser import running_site

    with running_site(tmp_path_factory.mktemp("rescue-layout"), seeder=layout_seeder) as s:
        yield s


@pytest.mark.parametrize("width", [390, 1280])
def test_the_new_pages_do_not_scroll_sideways(page: Any, layout_site: Site, width: int) -> None:
    site = layout_site
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, site)
    ref, question, failed = site.refs["long"], site.ids["question"], site.ids["failed"]
    with site.store.session() as s:
        assert get_by_reference(s, ref).version == 2
    paths = ["/messages?kind=other&handled=1", "/messages?kind=failed&handled=1", f"/messages/{question}",
             f"/messages/{question}/answer", f"/messages/{failed}", f"/s/{ref}", f"/s/{ref}?compare=1",
             f"/s/{ref}/answers", "/outbox"]
    wide = {}
    for path in paths:
        response = page.goto(site.url + path)
        assert response is not None and response.status == 200, path
        for opened in page.locator("details").all():  # the texts of sent emails, opened
            if not opened.get_attribute("open"):
                opened.locator("summary").click()
        scroll, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        if scroll > inner:
            wide[path] = scroll
    assert wide == {}, f"pages wider than {width} px: {wide}"
    # The states are there to be measured: the long answer, the long address, who handled it.
    page.goto(f"{site.url}/messages/{question}")
    expect(page.locator("#filed")).to_contain_text("handled by admin@example.org")
    expect(page.locator("#answers-sent")).to_contain_text("a" * 100)
