"""Screens that misled (issue 10), over real HTTP: the 404 page keeps the navigation, a message
that fails again is not a green banner, "accepted pending" is said in words, a kept answer says
which version it was kept from, the compared version is not offered again as a link, and the
From display name stands in for a missing name."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from intake.config import load_config
from intake.pipeline import PipelineContext, process
from intake.replies import queue_staff_email
from store.db import Store
from store.queue import get_by_reference
from tests.fixtures.browser import Site, csrf_of, running_site
from tests.fixtures.forms import form_email
from tests.web import seed


def seeder(site: Site) -> None:
    st = site.store
    site.refs["two"] = seed.add_submission(st, seed.fields("Two versions", lessons="Old lessons."))
    seed.add_second_version(st, site.refs["two"], {**seed.fields("Two versions"), "lessons": "New lessons."})
    site.refs["waiting"] = seed.add_submission(st, seed.fields("Email waiting"))
    with st.session() as s:
        queue_staff_email(s, site.config, submission=get_by_reference(s, site.refs["waiting"]),
                          kind="accepted", subject="Accepted", body="Good news.", actor="seed")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    with running_site(tmp_path_factory.mktemp("screens"), seeder=seeder) as s:
        yield s


@pytest.fixture
def client(site: Site) -> Iterator[httpx.Client]:
    with site.client() as c:
        site.login(c)
        yield c


def test_the_404_page_keeps_the_navigation_bar(client: httpx.Client) -> None:
    r = client.get("/s/CS-2099-9999")
    assert r.status_code == 404 and "There is no submission" in r.text
    assert ">Other mail</a>" in r.text and ">Failed messages</a>" in r.text and "rev@example.org" in r.text


def test_processing_again_a_message_that_fails_again_is_an_error_banner(
        site: Site, client: httpx.Client) -> None:
    # Bytes with no header at all still fail when read again (in a parse process, as the worker does).
    row_id = seed.add_failed_message(site.store, b"\r\n\r\nbody\r\n", "old bug")
    page = f"/messages/{row_id}"
    assert client.post(f"{page}/reprocess", data={"csrf_token": csrf_of(client.get(page))}).status_code == 303
    text = client.get(page).text
    assert 'class="flash flash-error"' in text
    assert "failed again: not an email message: no headers found" in text
    assert 'flash-success' not in text and "flash-info" not in text


def test_an_email_still_in_the_outbox_is_said_in_words_under_the_status(site: Site,
                                                                         client: httpx.Client) -> None:
    text = client.get("/").text
    assert "accepted email still in the outbox" in text and "accepted pending" not in text


def test_a_kept_answer_names_its_version_and_the_compared_version_is_no_link(site: Site,
                                                                           client: httpx.Client) -> None:
    ref = site.refs["two"]
    text = client.get(f"/s/{ref}").text
    assert "from the version" not in text
    assert "compared with version 2 below" in text
    assert not re.search(r"compare=1[^>]*>compare with version 2", text)


def test_the_from_display_name_stands_in_for_a_missing_name(workdir: Path) -> None:
    config = load_config(None, cwd=workdir)
    store = Store.open(config.database_url)
    raw = form_email(sender="Jane Okafor <jane@northbridge.example.org>", name=None)
    out = process(PipelineContext(config, store), raw, origin="test")
    with store.session() as s:
        assert get_by_reference(s, out.reference or "").submitter_name == "Jane Okafor"
    store.close()
