"""No page scrolls horizontally, in Debian's Chromium through Playwright, at a 390 px phone and at
1280 px, with long unbroken values in the data (a title with no spaces, an assigned reviewer, an
``imap://`` origin, a long address). The run saves a submission at 390 px to
docs/screenshot-submission-phone.png for the README."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import Any

import pytest

from intake.replies import queue_staff_email
from store.messages import record_message
from store.queue import get_by_reference
from store.review import assign
from tests.fixtures.browser import Site, running_site
from tests.fixtures.common import ROOT
from tests.web import seed

SCREENSHOT = ROOT / "docs" / "screenshot-submission-phone.png"
LONG = "Lending" + "x" * 180
ORIGIN = "imap://casestudies@mail.library-service.example.org/INBOX/" + "9" * 120 + ";UIDVALIDITY=1700000000"
ADDRESS = "someone.with.a.very.long.address." + "y" * 60 + "@library-service.example.org"


def seeder(site: Site) -> None:
    st = site.store
    ref = seed.add_submission(st, seed.fields(LONG, email=ADDRESS, organisation="Org" + "z" * 120))
    seed.add_second_version(st, ref, {**seed.fields(LONG, email=ADDRESS), "lessons": "L" * 200})
    site.refs["long"] = ref
    raw = f"From: {ADDRESS}\r\nSubject: {LONG}\r\n\r\n{'w' * 400}\r\n".encode()
    seed.add_failed_message(st, raw, "E" * 300)
    with st.session() as s:
        other = raw.replace(b"Subject:", b"X-Other: 1\r\nSubject:")
        row = record_message(s, raw=other, sha256=hashlib.sha256(other).hexdigest(), origin=ORIGIN,
                             outcome="not_submission", from_addr=ADDRESS, subject=LONG, reason="question")
        site.ids["other"] = row.id or 0
        sub = get_by_reference(s, ref)
        assign(s, sub, "admin@example.org", actor="seed")
        queue_staff_email(s, site.config, submission=sub, kind="message", subject=LONG,
                          body="b" * 500, actor="seed")


@pytest.fixture(scope="module")
def layout_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    with running_site(tmp_path_factory.mktemp("layout"), seeder=seeder) as s:
        yield s


def _sign_in(page: Any, site: Site) -> None:
    page.goto(site.url + "/login")
    page.get_by_label("Email address").fill("admin@example.org")
    page.get_by_label("Password").fill(seed.PASSWORD)
    page.get_by_label("Password").press("Enter")
    page.wait_for_url(site.url + "/")


@pytest.mark.parametrize("width", [390, 1280])
def test_no_page_scrolls_horizontally(page: Any, layout_site: Site, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    _sign_in(page, layout_site)
    ref = layout_site.refs["long"]
    paths = ["/", f"/s/{ref}", f"/s/{ref}?compare=1#versions", "/messages?kind=other",
             "/messages?kind=failed", f"/messages/{layout_site.ids['other']}", "/outbox", "/staff"]
    wide = {}
    for path in paths:
        response = page.goto(layout_site.url + path)
        assert response is not None and response.status == 200, path
        scroll, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        if scroll > inner:
            wide[path] = scroll
        if width == 390 and path == f"/s/{ref}":
            page.screenshot(path=SCREENSHOT, full_page=False)
    assert wide == {}, f"pages wider than {width} px: {wide}"
