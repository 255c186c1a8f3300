"""Emails to submitters in the review app, over real HTTP: the outbox counts on the queue page, the
outbox page (the server's words for a failure, retry and cancel that only change the store), the
optional email on accept and reject, and no "changes requested" email to a closed submission."""

from __future__ import annotations

import email
import email.policy
import html
import re
from collections.abc import Iterator
from email.message import EmailMessage

import httpx
import pytest
from sqlmodel import col, select

from intake.replies import queue_staff_email, send_due
from store.models import Event, Outbox
from store.queue import get_by_reference, set_status
from tests.fixtures.browser import Site, csrf_of, running_site
from tests.web import seed

# Store, pipeline, worker and web tests run on SQLite and on a real PostgreSQL.
pytestmark = pytest.mark.usefixtures("module_database")

SERVER_WORDS = "550 5.1.1 <gone@borough.example>: Recipient address rejected: User unknown"


def _staff_email(site: Site, ref: str, subject: str) -> int:
    with site.store.session() as s:
        row = queue_staff_email(s, site.config, submission=get_by_reference(s, ref), kind="message",
                                subject=subject, body="A word about your case study.", actor="seed")
        assert row.id is not None
        return row.id


def seeder(site: Site) -> None:
    st = site.store
    site.refs["failed"] = seed.add_submission(st, seed.fields("Failed email", email="gone@borough.example"))
    site.refs["waiting"] = seed.add_submission(st, seed.fields("Waiting email"))
    site.refs["decide"] = seed.add_submission(st, seed.fields(
        "Stories for the cabinet", email="grace@borough.example", name="Grace Hopper"))
    site.refs["reject"] = seed.add_submission(st, seed.fields("Not quite", email="tom@hallam.example"))
    site.refs["withdrawn"] = seed.add_submission(st, seed.fields("Withdrawn one"))
    site.refs["plain"] = seed.add_submission(st, seed.fields("No email wanted"))
    site.refs["placeholder"] = seed.add_submission(st, seed.fields("Left as drafted"))
    site.refs["accepted"] = seed.add_submission(st, seed.fields("Already in"))
    site.ids["failed"] = _staff_email(site, site.refs["failed"], "About your case study")
    site.ids["waiting"] = _staff_email(site, site.refs["waiting"], "Still to go")
    with st.session() as s:
        row = s.get(Outbox, site.ids["failed"])
        assert row is not None
        row.status, row.attempts, row.last_error = "failed", 3, SERVER_WORDS
        set_status(s, get_by_reference(s, site.refs["withdrawn"]), "withdrawn", actor="seed")


@pytest.fixture(scope="module")
def outbox_site(tmp_path_factory: pytest.TempPathFactory, module_database: str) -> Iterator[Site]:
    with running_site(tmp_path_factory.mktemp("outbox"), seeder=seeder) as s:
        yield s


@pytest.fixture
def client(outbox_site: Site) -> Iterator[httpx.Client]:
    with outbox_site.client() as c:
        outbox_site.login(c)
        yield c


def post(c: httpx.Client, page: str, action: str, **data: str) -> httpx.Response:
    """Submit a form found on ``page`` (its CSRF token included)."""
    return c.post(action, data={"csrf_token": csrf_of(c.get(page)), **data})


def outbox_rows(site: Site, ref: str) -> list[Outbox]:
    with site.store.session() as s:
        sub = get_by_reference(s, ref)
        return list(s.exec(select(Outbox).where(Outbox.submission_id == sub.id).order_by(col(Outbox.id))))


def parsed(row: Outbox) -> EmailMessage:
    msg = email.message_from_bytes(row.raw, policy=email.policy.default)
    assert isinstance(msg, EmailMessage)
    return msg


def text_of(row: Outbox) -> str:
    part = parsed(row).get_body(("plain",))
    assert part is not None
    return part.get_content()


def test_queue_page_shows_waiting_and_failed_emails_with_a_link_to_the_outbox(client: httpx.Client) -> None:
    html = client.get("/").text
    counts = html[html.index('id="outbox-counts"'):]
    assert re.search(r'href="/outbox\?status=pending">Waiting to be sent</a>: <span class="count">1<', counts)
    assert re.search(r'href="/outbox\?status=failed" class="problem-count">Failed</a>: '
                     r'<span class="count">1<', counts)
    assert 'href="/outbox">Outbox</a>' in html
    assert '<span class="hint reply outbox-failed">email failed</span>' in html


def test_outbox_page_lists_emails_with_status_attempts_and_the_servers_words(
        outbox_site: Site, client: httpx.Client) -> None:
    html = client.get("/outbox", params={"status": "failed"}).text
    row = re.search(rf'<tr id="outbox-{outbox_site.ids["failed"]}">.*?</tr>', html, re.S)
    assert row, html
    cells = row.group(0)
    for text in ("gone@borough.example", "About your case study", ">failed<", "<td>3</td>",
                 "550 5.1.1 &lt;gone@borough.example&gt;: Recipient address rejected: User unknown",
                 f'>{outbox_site.refs["failed"]}</a>', ">Retry</button>"):
        assert text in cells, text
    assert f'id="outbox-{outbox_site.ids["waiting"]}"' not in html
    everything = client.get("/outbox").text
    waiting = re.search(rf'<tr id="outbox-{outbox_site.ids["waiting"]}">.*?</tr>', everything, re.S)
    assert waiting and ">pending<" in waiting.group(0) and ">Cancel</button>" in waiting.group(0)


def test_retry_puts_a_failed_email_back_for_the_worker_and_records_who(outbox_site: Site,
                                                                        client: httpx.Client) -> None:
    row_id = outbox_site.ids["failed"]
    r = post(client, "/outbox?status=failed", f"/outbox/{row_id}/retry", back_status="failed")
    assert r.status_code == 303 and r.headers["location"] == "/outbox?status=failed"
    assert "waiting to be sent again" in client.get("/outbox").text
    with outbox_site.store.session() as s:
        row = s.get(Outbox, row_id)
        assert row is not None and (row.status, row.attempts, row.sent_at) == ("pending", 0, None)
        events = s.exec(select(Event).where(Event.action == "email_retry")).all()
    assert [(e.actor, e.data["outbox_id"]) for e in events] == [("rev@example.org", row_id)]
    # The web request sent nothing: the worker's send job does.
    outbox_dir = outbox_site.config.outbox_dir
    assert not list(outbox_dir.glob("*.eml")) if outbox_dir.is_dir() else True
    assert send_due(outbox_site.config, outbox_site.store)["sent"] >= 1
    with outbox_site.store.session() as s:
        assert s.get(Outbox, row_id).status == "sent"  # type: ignore[union-attr]
    again = post(client, "/outbox", f"/outbox/{row_id}/retry")
    assert again.status_code == 303
    assert "Not retried: outbox row" in client.get("/outbox").text


def test_cancel_stops_a_waiting_email(outbox_site: Site, client: httpx.Client) -> None:
    row_id = _staff_email(outbox_site, outbox_site.refs["waiting"], "Cancel me")
    assert post(client, "/outbox", f"/outbox/{row_id}/cancel").status_code == 303
    with outbox_site.store.session() as s:
        assert s.get(Outbox, row_id).status == "cancelled"  # type: ignore[union-attr]
        assert s.exec(select(Event).where(Event.action == "email_cancelled")).first() is not None


def test_accept_with_email_shows_the_draft_then_queues_the_edited_text_and_accepts(
        outbox_site: Site, client: httpx.Client) -> None:
    ref = outbox_site.refs["decide"]
    page = f"/s/{ref}"
    form = post(client, page, f"{page}/decide", decision="accept", note="Strong evidence", email="yes")
    assert form.status_code == 200
    assert "has been accepted for the toolkit" in form.text and "Queue the email and accept" in form.text
    assert "Strong evidence" in form.text  # the history note is carried to the email page
    with outbox_site.store.session() as s:
        assert get_by_reference(s, ref).status == "pending_review"  # nothing changes before queueing
    r = client.post(f"{page}/email/accept", data={
        "csrf_token": csrf_of(form), "subject": "Accepted: Stories for the cabinet",
        "body": "We loved it. It will be in the May edition.", "note": "Strong evidence"})
    assert r.status_code == 303
    assert "Accepted: " + ref in client.get(page).text
    [row] = outbox_rows(outbox_site, ref)
    assert (row.kind, row.status, row.to_addr) == ("accepted", "pending", "grace@borough.example")
    msg = parsed(row)
    assert msg["Subject"] == f"Accepted: Stories for the cabinet [{ref}]"
    assert "We loved it. It will be in the May edition." in text_of(row)
    assert "Auto-Submitted" not in msg
    with outbox_site.store.session() as s:
        sub = get_by_reference(s, ref)
        decision = s.exec(select(Event).where(Event.submission_id == sub.id, Event.action == "accept")).one()
    assert (sub.status, decision.actor, decision.note) == ("accepted", "rev@example.org", "Strong evidence")


def test_reject_with_email_starts_from_the_rejected_template(outbox_site: Site, client: httpx.Client) -> None:
    ref = outbox_site.refs["reject"]
    form = client.get(f"/s/{ref}/email/reject")
    assert form.status_code == 200 and "not able to include it in the toolkit" in form.text
    r = client.post(f"/s/{ref}/email/reject", data={
        "csrf_token": csrf_of(form), "subject": "Your case study", "body": "Sorry: not this time."})
    assert r.status_code == 303, r.text[-3000:]
    [row] = outbox_rows(outbox_site, ref)
    assert row.kind == "rejected" and "Sorry: not this time." in text_of(row)
    with outbox_site.store.session() as s:
        assert get_by_reference(s, ref).status == "rejected"


def test_accept_without_email_queues_nothing(outbox_site: Site, client: httpx.Client) -> None:
    ref = outbox_site.refs["plain"]
    r = post(client, f"/s/{ref}", f"/s/{ref}/decide", decision="accept", note="fine")
    assert r.status_code == 303 and outbox_rows(outbox_site, ref) == []


def test_a_withdrawn_submission_is_not_asked_for_changes_until_reopened(outbox_site: Site,
                                                                         client: httpx.Client) -> None:
    ref = outbox_site.refs["withdrawn"]
    page = client.get(f"/s/{ref}").text
    assert "Ask for changes…" not in page
    assert f"{ref} is withdrawn: reopen it (back to pending review) before asking for changes." in page
    r = client.get(f"/s/{ref}/changes")
    assert r.status_code == 303
    assert "reopen it" in client.get(f"/s/{ref}").text
    refused = client.post(f"/s/{ref}/changes", data={
        "csrf_token": csrf_of(client.get("/")), "subject": "Changes", "body": "Please shorten it."})
    assert refused.status_code == 422 and "reopen it" in refused.text
    assert "Please shorten it." in refused.text  # the text staff wrote is not lost
    with outbox_site.store.session() as s:
        assert get_by_reference(s, ref).status == "withdrawn"
    assert outbox_rows(outbox_site, ref) == []
    post(client, f"/s/{ref}", f"/s/{ref}/decide", decision="reopen", note="They wrote back")
    assert client.get(f"/s/{ref}/changes").status_code == 200


def test_outbox_pages_need_a_login(outbox_site: Site) -> None:
    row_id = _staff_email(outbox_site, outbox_site.refs["waiting"], "Not for strangers")
    with outbox_site.client() as anonymous:
        assert anonymous.get("/outbox").status_code == 303
        r = anonymous.post(f"/outbox/{row_id}/cancel", data={"csrf_token": "x"})
        assert r.status_code in (303, 403)
    with outbox_site.store.session() as s:
        assert s.get(Outbox, row_id).status == "pending"  # type: ignore[union-attr]


def test_asking_for_changes_with_the_untouched_placeholder_is_refused(outbox_site: Site,
                                                                      client: httpx.Client) -> None:
    ref = outbox_site.refs["placeholder"]
    form = client.get(f"/s/{ref}/changes")
    assert "(describe the changes needed here)" in form.text
    body = re.search(r"<textarea[^>]*name=\"body\"[^>]*>(.*?)</textarea>", form.text, re.S)
    assert body is not None
    r = client.post(f"/s/{ref}/changes", data={"csrf_token": csrf_of(form), "subject": "Changes",
                                               "body": html.unescape(body.group(1))})
    assert r.status_code == 422 and "placeholder" in r.text
    with outbox_site.store.session() as s:
        assert get_by_reference(s, ref).status == "pending_review"
    assert outbox_rows(outbox_site, ref) == []


def test_an_accepted_submission_offers_reopen_but_not_accept(outbox_site: Site, client: httpx.Client) -> None:
    ref = outbox_site.refs["accepted"]
    with outbox_site.store.session() as s:
        set_status(s, get_by_reference(s, ref), "accepted", actor="seed")
    page = client.get(f"/s/{ref}").text
    assert 'value="reopen"' in page and 'value="accept"' not in page and 'value="reject"' not in page
    r = post(client, f"/s/{ref}", f"/s/{ref}/decide", decision="accept", note="again")
    assert r.status_code == 303 and "already accepted" in client.get(f"/s/{ref}").text
