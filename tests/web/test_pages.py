"""The review pages and actions over real HTTP (uvicorn on 127.0.0.1): what staff see, what each
action records, exports, failed and other mail, and /healthz; on SQLite and on a real PostgreSQL
(``module_database``; a test with a site of its own gets a fresh database, ``own_database``)."""

from __future__ import annotations

import csv
import email
import email.policy
import hashlib
import html as html_lib
import io
import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from docx import Document
from sqlmodel import select

from store.messages import record_message
from store.models import Event, Heartbeat, Message, Outbox, utcnow
from store.queue import get_by_reference, set_status
from tests.fixtures.browser import Site, csrf_of, running_site
from tests.web import seed

pytestmark = pytest.mark.usefixtures("module_database")


@pytest.fixture
def client(review_site: Site) -> Iterator[httpx.Client]:
    with review_site.client() as c:
        review_site.login(c)
        yield c


def post(c: httpx.Client, page: str, action: str, **data: str) -> httpx.Response:
    """Submit a form found on ``page`` (its CSRF token included)."""
    return c.post(action, data={"csrf_token": csrf_of(c.get(page)), **data})


def test_answers_show_word_counts_against_limits_and_problems(review_site: Site,
                                                              client: httpx.Client) -> None:
    html = client.get(f"/s/{review_site.refs['problems']}").text
    assert re.search(r'class="words over">63 words of 50 — over the limit', html)
    assert "Your summary has 63 words; the limit is 50." in html
    assert html.count('class="answer has-problem"') == 1
    assert "from the email body" in html


def test_measurable_impact_and_themes_are_highlighted(review_site: Site, client: httpx.Client) -> None:
    html = client.get(f"/s/{review_site.refs['clean']}").text
    assert '<mark class="impact">£62,000</mark>' in html and '<mark class="impact">15%</mark>' in html
    assert '<mark class="impact">budget was protected</mark>' in html
    assert "Public health and essential services" in html and "Partnerships and funding" in html


def test_submitter_markup_is_escaped_and_email_html_sanitised(review_site: Site,
                                                              client: httpx.Client) -> None:
    html = client.get(f"/s/{review_site.refs['hostile']}").text
    assert "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;" in html
    assert "&lt;script&gt;alert(&#39;description&#39;)" in html
    assert "<script" not in html and "onerror" not in html and "javascript:" not in html
    assert '<div class="mail-html"><p>Hello<a rel="noopener noreferrer nofollow">click</a></p>' in html


def test_attachments_download_as_attachments(review_site: Site, client: httpx.Client) -> None:
    html = client.get(f"/s/{review_site.refs['clean']}").text
    link = re.search(r'href="(/attachments/\d+)" download>case-study.txt<', html)
    assert link
    r = client.get(link.group(1))
    assert r.status_code == 200 and r.content == b"Our form.\n"
    assert r.headers["content-disposition"].startswith('attachment; filename="case-study.txt"')
    assert r.headers["x-content-type-options"] == "nosniff"


def test_versions_are_compared_side_by_side(review_site: Site, client: httpx.Client) -> None:
    html = client.get(f"/s/{review_site.refs['versions']}").text
    start = html.index('<table class="diff">')
    table = html[start:html.index("</table>", start)]
    assert "Version 1 (left) and version 2 (right)" in table
    summary = re.search(r'<tr class="changed"><th scope="row">Summary of case study.*?</tr>', table, re.S)
    assert summary
    assert "<del>Libraries kept open through a partnership with public health.</del>" in summary.group(0)
    assert "<ins>A shorter summary after feedback.</ins>" in summary.group(0)
    assert '<tr class="same"><th scope="row">Your name' in table


def test_each_action_is_an_event_with_the_user_and_note(review_site: Site, client: httpx.Client) -> None:
    ref = review_site.refs["problems"]
    page = f"/s/{ref}"
    assert post(client, page, f"{page}/decide", decision="accept", note="Strong evidence").status_code == 303
    post(client, page, f"{page}/note", note="Check the figures with finance")
    post(client, page, f"{page}/tag", tag="shortlist")
    post(client, page, f"{page}/assign", reviewer="admin@example.org")
    post(client, page, f"{page}/score", **{"score-relevance": "5", "score-evidence_of_impact": "5",
                                            "score-transferability": "5"})
    with review_site.client() as admin:
        review_site.login(admin, email="admin@example.org")
        post(admin, page, f"{page}/score", **{"score-relevance": "2", "score-evidence_of_impact": "2",
                                              "score-transferability": "2"})
    html = client.get(page).text
    assert 'id="mean-score">3.5 from 2 reviewers' in html
    assert '<span class="tag">shortlist</span>' in html
    with review_site.store.session() as s:
        sub = get_by_reference(s, ref)
        assert (sub.status, sub.assigned_to, sub.tags) == ("accepted", "admin@example.org", ["shortlist"])
        rows = s.exec(select(Event).where(Event.submission_id == sub.id, Event.actor != "system")).all()
    got = {(e.actor, e.action, e.note) for e in rows}
    assert ("rev@example.org", "accept", "Strong evidence") in got
    assert ("rev@example.org", "note", "Check the figures with finance") in got
    assert {("rev@example.org", "tag"), ("rev@example.org", "assign"), ("rev@example.org", "score"),
            ("admin@example.org", "score")} <= {(a, b) for a, b, _ in got}


def test_asking_for_changes_queues_the_edited_email(review_site: Site, client: httpx.Client) -> None:
    ref = review_site.refs["changes"]
    form = client.get(f"/s/{ref}/changes").text
    assert "Changes needed to your case study" in form
    r = post(client, f"/s/{ref}/changes", f"/s/{ref}/changes", subject="Please shorten your summary",
             body="Your summary is a little long: 40 words would be ideal.", note="Sent by API test")
    assert r.status_code == 303
    with review_site.store.session() as s:
        sub = get_by_reference(s, ref)
        row = s.exec(select(Outbox).where(Outbox.submission_id == sub.id)).one()
        assert sub.status == "changes_requested"
    msg = email.message_from_bytes(row.raw, policy=email.policy.default)
    assert row.to_addr == "grace@borough.example" and row.status == "pending"
    assert msg["Subject"].startswith("Please shorten your summary")
    part = msg.get_body(("plain",))
    assert part is not None
    body = part.get_content()
    assert "40 words would be ideal." in body


def test_queue_counts_filters_and_pages(review_site: Site, client: httpx.Client) -> None:
    html = client.get("/").text
    assert re.search(r"All <span class=\"count\">\d+</span>", html)
    assert 'rel="next"' in html and 'rel="prev"' not in html
    link = re.search(r'<a href="([^"]+)" rel="next"', html)
    assert link is not None
    following = client.get(html_lib.unescape(link.group(1))).text
    assert 'rel="prev"' in following and "First page" in following
    first_refs = set(re.findall(r"CS-\d{4}-\d{4}", html.split("<tbody>")[1]))
    assert first_refs and not first_refs & set(re.findall(r"CS-\d{4}-\d{4}", following.split("<tbody>")[1]))
    only = client.get("/", params={"problems": "yes"}).text
    assert review_site.refs["problems"] in only and review_site.refs["clean"] not in only
    # "teenagers", not "makerspaces": English stemming (both databases) also finds "Makerspace on
    # wheels" for the plural.
    searched = client.get("/", params={"q": "teenagers"}).text
    assert re.search(r"\s1 matching submission\s", searched) and review_site.refs["versions"] in searched
    themed = client.get("/", params={"tag": "theme:Staff and volunteer advocates"}).text
    assert review_site.refs["changes"] in themed and "Business and IP Centre" not in themed


def test_unknown_reference_is_a_page_not_a_trace(client: httpx.Client) -> None:
    r = client.get("/s/CS-1999-9999")
    assert r.status_code == 404 and "There is no submission CS-1999-9999." in r.text
    assert "Traceback" not in r.text


@pytest.fixture
def site(tmp_path: Path, own_database: str) -> Iterator[Site]:
    """An empty review app over a database of its own (:func:`tests.fixtures.browser.site`)."""
    with running_site(tmp_path) as s:
        yield s


@pytest.fixture
def export_site(tmp_path: Path, own_database: str) -> Iterator[Site]:
    def seeder(site: Site) -> None:
        site.refs["formula"] = seed.add_submission(site.store, seed.fields("=HYPERLINK(\"http://x\")"))
        site.refs["accepted"] = seed.add_submission(site.store, seed.fields(
            "Stories that moved the cabinet", organisation="Westvale Council",
            lessons="Bring a resident to the meeting.\n\nKeep it short."))
        site.refs["other"] = seed.add_submission(site.store, seed.fields("Still pending"))
        with site.store.session() as s:
            set_status(s, get_by_reference(s, site.refs["accepted"]), "accepted", actor="rev@example.org")
    with running_site(tmp_path, seeder=seeder) as s:
        yield s


def test_csv_export_follows_the_filters_and_defuses_formulas(export_site: Site) -> None:
    with export_site.client() as c:
        export_site.login(c)
        r = c.get("/export.csv", params={"status": "pending_review"})
    assert r.headers["content-disposition"].startswith("attachment;")
    rows = list(csv.DictReader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert sorted(row["Suggested title for case study"] for row in rows) == [
        "'=HYPERLINK(\"http://x\")", "Still pending"]
    assert (rows[0]["Name of library service/local authority"], rows[0]["Status"]) == (
        "Midshire Libraries", "Pending review")


def test_word_compilation_holds_the_accepted_case_studies(export_site: Site) -> None:
    with export_site.client() as c:
        export_site.login(c)
        r = c.get("/export.docx")
    doc = Document(io.BytesIO(r.content))
    texts = [p.text for p in doc.paragraphs]
    assert "Stories that moved the cabinet" in texts and "Still pending" not in texts
    assert "Organisation: Westvale Council" in texts
    assert "Libraries kept open through a partnership with public health." in texts
    assert texts.index("Bring a resident to the meeting.") + 1 == texts.index("Keep it short.")
    headings = [p.text for p in doc.paragraphs if p.style is not None and p.style.name.startswith("Heading")]
    assert headings == ["Stories that moved the cabinet", "Summary of case study",
                        "Description of the project / initiative / approach", "Key lessons learned"]


def test_healthz_reports_the_database_and_the_last_poll(site: Site) -> None:
    with site.store.session() as s:
        beat = s.exec(select(Heartbeat).where(Heartbeat.mailbox == "default")).one()  # the site's fresh one
        beat.last_success_at, beat.last_attempt_at, beat.last_count = utcnow(), utcnow(), 3
        s.add(beat)
    with site.client() as c:
        r = c.get("/healthz")
    body = r.json()
    assert r.status_code == 200 and body["status"] == "ok" and body["database"] == "ok"
    assert body["mailboxes"][0]["mailbox"] == "default" and body["mailboxes"][0]["last_count"] == 3
    assert body["mailboxes"][0]["last_success_at"]


@pytest.mark.usefixtures("own_database")
def test_failed_messages_show_the_error_and_can_be_processed_again(tmp_path: Path) -> None:
    raw = seed.Mail(subject="Case study: Reading together", text="\n".join(
        f"{label}: {value}" for label, value in [
            ("Your name", "Ada Lovelace"), ("Job title / position", "Head of Libraries"),
            ("Email address", "ada@council.example"), ("Name of library service/local authority", "Midshire"),
            ("Suggested title for case study", "Reading together"), ("Summary of case study", "Short."),
            ("Description of the project / initiative / approach", "Longer."),
            ("Key lessons learned", "Listen.")])).raw()

    def seeder(site: Site) -> None:
        site.ids["failed"] = seed.add_failed_message(site.store, raw, "ParseError: simulated old bug")

    with running_site(tmp_path, seeder=seeder) as site, site.client() as c:
        site.login(c)
        listing = c.get("/messages", params={"kind": "failed"}).text
        assert "ParseError: simulated old bug" in listing
        page = f"/messages/{site.ids['failed']}"
        html = c.get(page).text
        assert "Reading together" in html and "Process again" in html
        r = post(c, page, f"{page}/reprocess")
        assert r.status_code == 303
        assert "Processed again: the message is now submission." in c.get(page).text
        with site.store.session() as s:
            assert s.get(Message, site.ids["failed"]).outcome == "submission"  # type: ignore[union-attr]


def test_non_submissions_are_listed_beside_the_queue(site: Site) -> None:
    raw = b"From: someone@example.org\r\nSubject: Opening hours?\r\n\r\nAre you open on Sunday?\r\n"
    with site.store.session() as s:
        record_message(s, raw=raw, sha256=hashlib.sha256(raw).hexdigest(), origin="test",
                       outcome="not_submission", reason="question", subject="Opening hours?",
                       from_addr="someone@example.org")
    with site.client() as c:
        site.login(c)
        assert re.search(r"Messages that are not submissions</a>: 1", c.get("/").text)
        listing = c.get("/messages", params={"kind": "other"}).text
        assert "Opening hours?" in listing and "question" in listing
