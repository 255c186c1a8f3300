"""No route of the review app answers user input with a server error or FastAPI's raw JSON: every
route is called with hostile ids, references, pages and form values, over real HTTP. A refused
"process again" is a page for staff and a log line without a traceback."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from itertools import product

import httpx
import pytest
from fastapi.routing import APIRoute

import intake.pipeline
from intake.pipeline import PipelineError
from intake.web.app import ROUTERS
from store.queue import get_by_reference, latest_version
from tests.fixtures.browser import Site, csrf_of, running_site
from tests.web import seed

# Store, pipeline, worker and web tests run on SQLite and on a real PostgreSQL.
pytestmark = pytest.mark.usefixtures("module_database")

HUGE = "99999999999999999999999"
IDS = ["1", HUGE, str(2**63), str(2**63 - 1), "0", "-1", "abc", "1e3", "1.5", "%C2%B2", "%00", "9" * 5000]
REFERENCES = ["CS-1999-9999", "%00", "x" * 500, "%C2%B2", "CS-2026-0001%0D%0AX-Evil:%20yes",
              "'%20OR%201=1--", "%E2%80%AE", "..%2F..%2Fetc"]
WORDS = {"decision": ["accept", "reject", "nope"]}
QUERIES = [{"page": HUGE}, {"page": "abc"}, {"page": "-5"}, {"page": "²"}, {"page": "9" * 5000},
           {"compare": "²"}, {"compare": HUGE}, {"status": "\x00"}, {"kind": "nope"},
           {"q": '"unbalanced'}, {"q": "a AND OR NEAR("}, {"q": "*"}, {"q": "\x00"}, {"tag": "theme:"},
           {"sort": "x"}, {"next": "//evil.example"}, {"assigned": "%"}, {"after": "!!"}, {"after": "W10"},
           {"before": "9" * 5000}, {"after": "eyJ4IjogMX0", "sort": "title"}, {"before": "\x00"}]
FORM = {"note": "n", "decision": "accept", "score": "²", "subject": "s", "body": "b", "tag": "\x00",
        "reviewer": "nobody@example.org", "email": "yes", "back_status": "\x00"}


def routes() -> list[tuple[str, str]]:
    """Every (method, path) the app serves."""
    found = []
    for router in ROUTERS:
        for route in router.routes:
            assert isinstance(route, APIRoute)
            found += [(method, route.path) for method in sorted(route.methods or ())]
    return found


def concrete(path: str, reference: str) -> Iterator[str]:
    """``path`` with each of its parameters replaced by every hostile value for it (and by ids and
    the ``reference`` that exist)."""
    names = re.findall(r"\{(\w+)\}", path)
    choices = [[reference, *REFERENCES] if n == "reference" else WORDS.get(n, IDS) for n in names]
    for values in product(*choices):
        out = path
        for name, value in zip(names, values, strict=True):
            out = out.replace("{" + name + "}", value)
        yield out


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory, module_database: str) -> Iterator[Site]:
    def seeder(site: Site) -> None:
        site.refs["one"] = seed.add_submission(site.store, seed.fields("Hostile target"))

    with running_site(tmp_path_factory.mktemp("hostile"), seeder=seeder) as s:
        yield s


@pytest.fixture
def client(hostile_site: Site) -> Iterator[httpx.Client]:
    with hostile_site.client() as c:
        hostile_site.login(c, email="admin@example.org")
        yield c


def _assert_no_fault(r: httpx.Response) -> None:
    where = f"{r.request.method} {r.request.url}"
    if r.request.url.path == "/healthz" and r.status_code == 503:
        # The site's mailbox was never polled: /healthz says so, as `intake status` would.
        assert r.json()["status"] == "failing" and r.json()["database"] == "ok", where
        return
    assert r.status_code < 500, where
    if r.status_code >= 400 and r.request.url.path != "/healthz":
        assert r.headers["content-type"].startswith("text/html"), where
        assert '"detail"' not in r.text and "Traceback" not in r.text, where


def test_every_route_answers_hostile_ids_pages_and_forms_without_a_server_error(
        hostile_site: Site, client: httpx.Client, caplog: pytest.LogCaptureFixture) -> None:
    token = csrf_of(client.get("/"))
    calls = 0
    for method, path in routes():
        if path == "/logout":
            continue  # would end this session; covered by the auth tests
        for n, url in enumerate(concrete(path, hostile_site.refs["one"])):
            if method == "GET":
                # The hostile queries on the first URL, whose ids and reference exist (the page
                # reads them); a URL with a hostile id is refused before its query is read.
                for params in [{}, *QUERIES] if n == 0 else [{}]:
                    _assert_no_fault(client.get(url, params=params))
                    calls += 1
            else:
                _assert_no_fault(client.post(url, data={"csrf_token": token, **FORM}))
                calls += 1
    print(f"{calls} calls")
    assert calls > 300
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def test_malformed_path_and_query_values_render_the_error_page(client: httpx.Client) -> None:
    for url, status in [("/attachments/abc", 404), ("/attachments/" + HUGE, 404), ("/messages/" + HUGE, 404),
                        ("/outbox/abc/retry", 404), ("/messages?page=abc", 400), ("/outbox?page=x", 400)]:
        r = client.post(url, data={"csrf_token": csrf_of(client.get("/"))}) if url.endswith("retry") \
            else client.get(url)
        assert r.status_code == status, url
        assert r.headers["content-type"].startswith("text/html") and "<h1>" in r.text, url
        assert "Back to the queue" in r.text


def test_huge_page_numbers_show_an_empty_page_past_the_end(client: httpx.Client) -> None:
    for url in ("/messages", "/outbox", "/"):
        r = client.get(url, params={"page": HUGE})
        assert r.status_code == 200, url


def test_reprocessing_an_unknown_message_says_so_without_a_traceback(
        hostile_site: Site, client: httpx.Client, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    r = client.post("/messages/99999/reprocess", data={"csrf_token": csrf_of(client.get("/"))})
    assert r.status_code == 404 and "There is no such message." in r.text
    assert not [rec for rec in caplog.records if rec.exc_info]


def test_a_refused_reprocess_is_a_message_for_staff_not_a_logged_fault(
        hostile_site: Site, client: httpx.Client, caplog: pytest.LogCaptureFixture,
        monkeypatch: pytest.MonkeyPatch) -> None:
    row_id = seed.add_failed_message(hostile_site.store, b"Subject: x\r\n\r\nbody\r\n", "old bug")
    page = f"/messages/{row_id}"

    def refuse(*_args: object) -> None:
        raise PipelineError(f"message {row_id} is not a failed message")

    monkeypatch.setattr(intake.pipeline, "reprocess", refuse)
    caplog.set_level(logging.INFO)
    r = client.post(f"{page}/reprocess", data={"csrf_token": csrf_of(client.get(page))})
    assert r.status_code == 303
    assert f"Not processed again: message {row_id} is not a failed message" in client.get(page).text
    assert not [rec for rec in caplog.records if rec.exc_info]

    def crash(*_args: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(intake.pipeline, "reprocess", crash)
    client.post(f"{page}/reprocess", data={"csrf_token": csrf_of(client.get(page))})
    faults = [rec for rec in caplog.records if rec.exc_info]
    assert len(faults) == 1 and faults[0].levelno == logging.ERROR


def test_only_a_failed_message_is_processed_again(hostile_site: Site, client: httpx.Client) -> None:
    with hostile_site.store.session() as s:
        message_id = latest_version(s, get_by_reference(s, hostile_site.refs["one"])).message_row_id
    page = f"/messages/{message_id}"
    r = client.post(f"{page}/reprocess", data={"csrf_token": csrf_of(client.get(page))})
    assert r.status_code == 303
    said = "Only a message that failed can be processed again; this one is submission."
    assert said in client.get(page).text
