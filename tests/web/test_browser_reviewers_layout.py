"""No horizontal scrolling, in Debian's Chromium at a 390 px phone and at 1280 px, on the screens
of several reviewers (the queue with checkboxes, criterion means and the bulk form; a submission
with every reviewer's scores; the bulk confirmation) when the data holds long unbroken values: a
title with no spaces, a long reviewer address assigned and scoring, long criterion labels."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from store.queue import get_by_reference
from store.review import assign
from store.scores import set_scores
from tests.fixtures.browser import Site, running_site
from tests.web import seed

LONG = "Reading" + "x" * 200
LONG_REVIEWER = "a.reviewer.with.a.very.long.address." + "r" * 80 + "@library-service.example.org"
CRITERIA = {"relevance": "Relevance" + "y" * 90, "impact": "Evidence of measurable impact on residents"}


def seeder(site: Site) -> None:
    st = site.store
    seed.add_staff(st, LONG_REVIEWER)
    ref = seed.add_submission(st, seed.fields(LONG, organisation="Org" + "z" * 150, name="N" + "n" * 120))
    site.refs["long"] = ref
    for n in range(3):
        seed.add_submission(st, seed.fields(f"Other {n}"))
    with st.session() as s:
        sub = get_by_reference(s, ref)
        assign(s, sub, LONG_REVIEWER, actor="seed")
        for who in (LONG_REVIEWER, "admin@example.org"):
            set_scores(s, sub, reviewer=who, scores={"relevance": 4, "impact": 5}, criteria=CRITERIA)
        sub.tags = ["t" * 40]


@pytest.fixture(scope="module")
def long_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    with running_site(tmp_path_factory.mktemp("long"), seeder=seeder,
                      review={"criteria": CRITERIA}) as s:
        yield s


def overflow(page: Any) -> int:
    """How many pixels the page is wider than the window (0 when it does not scroll sideways)."""
    scroll, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    return int(scroll - inner) if scroll > inner else 0


@pytest.mark.parametrize("width", [390, 1280])
def test_reviewer_screens_do_not_scroll_sideways_with_long_values(page: Any, long_site: Site,
                                                                  width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(long_site.url + "/login")
    page.get_by_label("Email address").fill("admin@example.org")
    page.get_by_label("Password").fill(seed.PASSWORD)
    page.get_by_label("Password").press("Enter")
    page.wait_for_url(long_site.url + "/")
    ref = long_site.refs["long"]
    wide: dict[str, int] = {}
    for path in ["/", "/?sort=score_desc", f"/?assigned={LONG_REVIEWER}", f"/s/{ref}"]:
        response = page.goto(long_site.url + path)
        assert response is not None and response.status == 200, path
        if overflow(page):
            wide[path] = overflow(page)
    # The long values are on the pages measured, not left out.
    page.goto(long_site.url + "/")
    assert LONG in page.content() and "Relevance" + "y" * 90 in page.content()
    page.goto(f"{long_site.url}/s/{ref}")
    assert page.locator("#reviewer-scores li").count() == 2 and LONG_REVIEWER in page.content()
    # The bulk confirmation, with the long reviewer chosen.
    page.goto(long_site.url + "/")
    page.get_by_label(f"Select {ref}").check()
    page.get_by_label("Assign to").select_option(LONG_REVIEWER)
    page.get_by_role("button", name="Assign…").click()
    page.get_by_role("heading", level=1).wait_for()
    assert "is already assigned to" in page.locator("#bulk-refused").inner_text()
    if overflow(page):
        wide["/bulk"] = overflow(page)
    assert wide == {}, f"pages wider than {width} px: {wide}"
