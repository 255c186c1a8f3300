"""Several reviewers, end to end in Debian's Chromium through Playwright: two reviewer accounts
score each criterion under blind review (neither sees the other's scores, nor the means, before
scoring), the queue filters "assigned to me" and "not yet scored by me", sorts by its column
headings from the keyboard (with ``aria-sort``), and bulk-assigns and bulk-changes status after
one confirmation. The run saves the scored submission to docs/screenshot-scores.png for the README."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect
from sqlmodel import select

from store.models import Event
from store.queue import get_by_reference
from store.scores import set_scores
from store.states import Status
from tests.fixtures.browser import Site, running_site
from tests.fixtures.common import ROOT
from tests.web import seed

SCREENSHOT = ROOT / "docs" / "screenshot-scores.png"
REV, ADMIN = "rev@example.org", "admin@example.org"
CRITERIA = {"relevance": "Relevance to the call", "evidence_of_impact": "Evidence of impact",
            "transferability": "Transferability to other services"}


def seeder(site: Site) -> None:
    st = site.store
    for key, title in [("scored", "Cultural Health Passport"), ("b", "Baby Bounce outdoors"),
                       ("c", "Atlas of reading groups"), ("done", "Open+ extended hours")]:
        site.refs[key] = seed.add_submission(st, seed.fields(title))
    with st.session() as s:
        from store.queue import set_status

        set_status(s, get_by_reference(s, site.refs["done"]), Status.ACCEPTED.value, actor="seed")


@pytest.fixture(scope="module")
def blind_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    with running_site(tmp_path_factory.mktemp("blind"), seeder=seeder, review={"blind": True}) as s:
        yield s


def seeder_rev_scored(site: Site) -> None:
    """:func:`seeder`, and ``REV``'s scores of the "scored" submission already given."""
    seeder(site)
    with site.store.session() as s:
        set_scores(s, get_by_reference(s, site.refs["scored"]), reviewer=REV,
                   scores={"relevance": 4, "evidence_of_impact": 4, "transferability": 4}, criteria=CRITERIA)


@pytest.fixture(scope="module")
def rev_scored_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """A blind-review site of its own where ``REV`` has scored "scored": the filters' test does not
    hang on the scoring test having run first, in the same pytest-xdist worker."""
    with running_site(tmp_path_factory.mktemp("rev-scored"), seeder=seeder_rev_scored,
                      review={"blind": True}) as s:
        yield s


def sign_in(page: Any, site: Site, email: str) -> None:
    page.goto(site.url + "/login")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(seed.PASSWORD)
    page.get_by_label("Password").press("Enter")
    expect(page.get_by_role("heading", name="Review queue")).to_be_visible()


def score(page: Any, values: dict[str, int]) -> None:
    """Choose each criterion's score with the keyboard-reachable radio buttons, then save."""
    form = page.locator("#score-form")
    for key, value in values.items():
        form.get_by_role("group", name=CRITERIA[key]).get_by_label(str(value), exact=True).check()
    form.get_by_role("button", name="Save scores").click()
    expect(page.get_by_role("status").first).to_contain_text("Your scores:")


def queue_row(page: Any, ref: str) -> Any:
    return page.locator("table.queue tbody tr").filter(has=page.get_by_role("link", name=ref, exact=True))


def test_two_reviewers_score_each_criterion_blind(browser: Any, blind_site: Site) -> None:
    site, ref = blind_site, blind_site.refs["scored"]
    first, second = browser.new_context(), browser.new_context()
    try:
        rev, admin = first.new_page(), second.new_page()
        sign_in(rev, site, REV)
        rev.goto(f"{site.url}/s/{ref}")
        expect(rev.locator("#scores-hidden")).to_contain_text("Hidden until you have scored")
        expect(rev.locator("#mean-score")).to_have_text("hidden until you score (blind review)")
        score(rev, {"relevance": 5, "evidence_of_impact": 4, "transferability": 3})
        expect(rev.locator("#reviewer-scores")).to_contain_text(
            f"{REV}: Relevance to the call 5, Evidence of impact 4, Transferability to other services 3")
        expect(rev.locator("#mean-score")).to_have_text("4.0 from 1 reviewer")

        # The second reviewer sees nothing of the first one's scores until scoring too.
        sign_in(admin, site, ADMIN)
        expect(queue_row(admin, ref).locator(".score-cell")).to_have_text("hidden until you score")
        admin.goto(f"{site.url}/s/{ref}")
        expect(admin.locator("#scores-hidden")).to_be_visible()
        assert REV not in admin.locator("#scores").inner_text()
        expect(admin.locator("#reviewer-scores")).to_have_count(0)
        # Nor in the history: the first reviewer's score event is there, without its values.
        scored_row = admin.locator("table.history tr").filter(has_text="score")
        expect(scored_row).to_have_count(1)
        assert "5" not in scored_row.locator("td").nth(2).inner_text()
        score(admin, {"relevance": 2, "evidence_of_impact": 2, "transferability": 2})
        means = admin.locator("#score-means")
        expect(means).to_contain_text("Relevance to the call3.5")
        expect(means).to_contain_text("Evidence of impact3.0")
        expect(means).to_contain_text("Transferability to other services2.5")
        expect(admin.locator("#overall-mean")).to_have_text("3.0")
        expect(admin.locator("#reviewer-scores li")).to_have_count(2)
        # Saved scores come back checked, so a reviewer can change one and save again.
        expect(admin.locator("#score-form").get_by_role("group", name="Evidence of impact")
               .get_by_label("2", exact=True)).to_be_checked()
        SCREENSHOT.parent.mkdir(exist_ok=True)
        admin.locator("#scores").screenshot(path=str(SCREENSHOT))

        admin.goto(site.url + "/")
        cell = queue_row(admin, ref).locator(".score-cell")
        expect(cell).to_contain_text("3.0 (2 reviewers)")
        expect(cell).to_contain_text("Relevance to the call: 3.5")
        expect(cell).to_contain_text("you scored")
        # Under blind review the score order would tell, so the Score heading is no link.
        expect(admin.get_by_role("columnheader", name="Score").get_by_role("link")).to_have_count(0)
    finally:
        first.close()
        second.close()
    assert SCREENSHOT.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_bulk_assign_then_filter_assigned_to_me_and_not_yet_scored(page: Any, rev_scored_site: Site) -> None:
    site, refs = rev_scored_site, rev_scored_site.refs
    sign_in(page, site, REV)
    page.get_by_label(f"Select {refs['b']}").check()
    page.get_by_label(f"Select {refs['scored']}").check()
    page.get_by_label("Assign to").select_option(REV)
    page.get_by_role("button", name="Assign…").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Assign to {REV}: 2 submissions?")
    expect(page.locator("#bulk-changing li")).to_have_count(2)
    page.get_by_label("Note (kept in the history of each)").fill("Split for the panel")
    page.get_by_role("button", name=f"Yes, assign to {REV} (2)").click()
    expect(page.get_by_role("status").first).to_contain_text(f"Done: assign to {REV} for 2 submissions")
    with site.store.session() as s:
        for key in ("b", "scored"):
            sub = get_by_reference(s, refs[key])
            assert sub.assigned_to == REV
            assert s.exec(select(Event).where(Event.submission_id == sub.id, Event.action == "assign",
                                              Event.note == "Split for the panel")).first() is not None
        assert get_by_reference(s, refs["c"]).assigned_to is None

    page.get_by_label("Assigned to me").check()
    page.get_by_role("button", name="Show").click()
    expect(page.locator("table.queue tbody tr")).to_have_count(2)
    page.get_by_label("Not yet scored by me").check()
    page.get_by_role("button", name="Show").click()
    expect(page.locator("table.queue tbody tr")).to_have_count(1)
    expect(queue_row(page, refs["b"])).to_have_count(1)
    page.get_by_label("Assigned to me").uncheck()
    page.get_by_role("button", name="Show").click()
    expect(page.locator("table.queue tbody tr")).to_have_count(3)  # all but the one rev scored
    expect(queue_row(page, refs["scored"])).to_have_count(0)


def test_bulk_status_change_goes_through_the_transition_table(page: Any, blind_site: Site) -> None:
    site, refs = blind_site, blind_site.refs
    sign_in(page, site, REV)
    page.get_by_label(f"Select {refs['c']}").check()
    page.get_by_label(f"Select {refs['done']}").check()
    page.get_by_label("Move to status").select_option("rejected")
    page.get_by_role("button", name="Change status…").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Move to “Rejected”: 1 submission?")
    expect(page.locator("#bulk-refused")).to_contain_text(f"{refs['done']} is accepted: reopen it")
    page.get_by_role("button", name="Yes, move to “Rejected” (1)").click()
    expect(page.get_by_role("status").first).to_contain_text("Done: move to “Rejected” for 1 submission")
    with site.store.session() as s:
        assert get_by_reference(s, refs["c"]).status == "rejected"
        assert get_by_reference(s, refs["done"]).status == "accepted"
        sub = get_by_reference(s, refs["c"])
        ev = s.exec(select(Event).where(Event.submission_id == sub.id, Event.action == "reject")).one()
        assert (ev.actor, ev.from_status, ev.to_status) == (REV, "pending_review", "rejected")
    # Nothing ticked: told so, nothing changes.
    page.get_by_role("button", name="Change status…").click()
    expect(page.get_by_role("alert")).to_contain_text("Tick at least one submission first.")


def test_column_headings_sort_from_the_keyboard_with_aria_sort(page: Any, blind_site: Site) -> None:
    site = blind_site
    sign_in(page, site, REV)
    expect(page.get_by_role("columnheader", name="Received")).to_have_attribute("aria-sort", "descending")
    title = page.get_by_role("link", name="Title", exact=True)
    title.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**sort=title")
    heading = page.get_by_role("columnheader", name="Title")
    expect(heading).to_have_attribute("aria-sort", "ascending")
    expect(page.get_by_role("columnheader", name="Received")).not_to_have_attribute("aria-sort", "descending")
    titles = page.locator("table.queue tbody tr td:nth-child(3)").all_inner_texts()
    assert titles == sorted(titles, key=str.lower) and len(titles) == 4
    page.get_by_role("link", name="Title", exact=True).focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**sort=title_desc")
    expect(page.get_by_role("columnheader", name="Title")).to_have_attribute("aria-sort", "descending")
    again = page.locator("table.queue tbody tr td:nth-child(3)").all_inner_texts()
    assert again == list(reversed(titles))
    # The select offers the same orders (for phones, where the headings are hidden).
    expect(page.get_by_label("Sort")).to_have_value("title_desc")
