"""Refusals of the rescue actions over real HTTP, on SQLite and a real PostgreSQL: a message already
in the queue is not re-filed, a correction names a submission that exists, an answer still holding
its placeholder is shown again as typed, unchanged answers make no version, and every form needs
its CSRF token. Nothing changes in the store when an action is refused."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

import httpx
import pytest
from sqlmodel import select

from store.messages import record_message
from store.models import Message, Outbox, SubmissionVersion
from store.queue import get_by_reference
from tests.fixtures.browser import Site, csrf_of, running_site
from tests.fixtures.smtp import incoming
from tests.web import seed

pytestmark = pytest.mark.usefixtures("module_database")


def seeder(site: Site) -> None:
    site.refs["sub"] = seed.add_submission(site.store, seed.fields("Reading rooms"))
    raw = incoming(sender="Bo <bo@lib.example.org>", subject="A question", body="Can I send a PDF?\n",
                   message_id="<q@lib.example.org>")
    with site.store.session() as s:
        row = record_message(s, raw=raw, sha256=hashlib.sha256(raw).hexdigest(), origin="test",
                             outcome="not_submission", reason="question", from_addr="bo@lib.example.org",
                             subject="A question", message_id="<q@lib.example.org>")
        site.ids["question"] = row.id or 0
        sub = get_by_reference(s, site.refs["sub"])
        made = s.exec(select(Message).where(Message.submission_id == sub.id)).one()
        site.ids["queued"] = made.id or 0


@pytest.fixture(scope="module")
def refile_site(tmp_path_factory: pytest.TempPathFactory, module_database: str) -> Iterator[Site]:
    with running_site(tmp_path_factory.mktemp("refile"), seeder=seeder) as s:
        yield s


@pytest.fixture
def client(refile_site: Site) -> Iterator[httpx.Client]:
    with refile_site.client() as c:
        refile_site.login(c)
        yield c


def post(c: httpx.Client, page: str, action: str, **data: str) -> httpx.Response:
    return c.post(action, data={"csrf_token": csrf_of(c.get(page)), **data})


def flashes(c: httpx.Client, path: str) -> str:
    return c.get(path).text


def test_a_message_already_in_the_queue_is_not_refiled(client: httpx.Client, refile_site: Site) -> None:
    mid = refile_site.ids["queued"]
    page = f"/messages/{mid}"
    assert 'id="refile"' not in client.get(page).text  # no form offered
    r = post(client, f"/messages/{refile_site.ids['question']}", f"/messages/{mid}/refile", how="handled")
    assert r.status_code == 303
    assert "only other mail and failed messages are re-filed" in flashes(client, page)
    with refile_site.store.session() as s:
        msg = s.get(Message, mid)
        assert msg is not None and (msg.outcome, msg.filed_as) == ("submission", None)


def test_a_correction_names_a_submission_that_exists(client: httpx.Client, refile_site: Site) -> None:
    mid = refile_site.ids["question"]
    page = f"/messages/{mid}"
    post(client, page, f"{page}/refile", how="correction", reference="CS-2026-9999")
    assert "Not filed: no submission with reference CS-2026-9999" in flashes(client, page)
    post(client, page, f"{page}/refile", how="correction", reference="")
    assert "Name the submission this message corrects" in flashes(client, page)
    with refile_site.store.session() as s:
        msg = s.get(Message, mid)
        assert msg is not None
        assert (msg.outcome, msg.filed_as, msg.submission_id) == ("not_submission", None, None)


def test_an_answer_still_holding_its_placeholder_is_shown_again_as_typed(client: httpx.Client,
                                                                          refile_site: Site) -> None:
    mid = refile_site.ids["question"]
    form = client.get(f"/messages/{mid}/answer").text
    assert "(write your answer here)" in form and 'value="Re: A question"' in form
    r = post(client, f"/messages/{mid}/answer", f"/messages/{mid}/answer", subject="Re: A question",
             body="Yes. (write your answer here)")
    assert r.status_code == 422
    assert "placeholder" in r.text and "Yes. (write your answer here)</textarea>" in r.text
    with refile_site.store.session() as s:
        assert s.exec(select(Outbox).where(Outbox.message_row_id == mid)).all() == []


def test_unchanged_answers_make_no_version(client: httpx.Client, refile_site: Site) -> None:
    ref = refile_site.refs["sub"]
    form = client.get(f"/s/{ref}/answers").text
    assert 'name="answer-lessons"' in form and "Start with data the council already trusts." in form
    r = post(client, f"/s/{ref}/answers", f"/s/{ref}/answers",
             **{"answer-lessons": "Start with data the council already trusts."})
    assert r.status_code == 422 and "Nothing changed" in r.text
    with refile_site.store.session() as s:
        sub = get_by_reference(s, ref)
        q = select(SubmissionVersion).where(SubmissionVersion.submission_id == sub.id)
        assert len(s.exec(q).all()) == 1


@pytest.mark.parametrize("path", ["/messages/{q}/refile", "/messages/{q}/answer", "/s/{ref}/answers"])
def test_every_rescue_form_needs_its_csrf_token(client: httpx.Client, refile_site: Site, path: str) -> None:
    url = path.format(q=refile_site.ids["question"], ref=refile_site.refs["sub"])
    r = client.post(url, data={"how": "handled", "body": "Hello", "subject": "Hi", "answer-lessons": "x"})
    assert r.status_code == 403
    with refile_site.store.session() as s:
        msg = s.get(Message, refile_site.ids["question"])
        assert msg is not None and msg.filed_as is None
