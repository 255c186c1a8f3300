"""Every form is protected against cross-site request forgery: a POST without the session's token
is refused with 403 and changes nothing."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.routing import APIRoute
from sqlmodel import select

from intake.web.app import ROUTERS
from store.models import Event
from store.queue import get_by_reference
from tests.fixtures.browser import Site, csrf_of, running_site
from tests.web import seed

# Store, pipeline, worker and web tests run on SQLite and on a real PostgreSQL.
pytestmark = pytest.mark.usefixtures("database")


def post_paths(site: Site, reference: str) -> list[str]:
    """Every POST route of the app, with path parameters filled in."""
    routes = [r for router in ROUTERS for r in router.routes if isinstance(r, APIRoute)]
    paths = [r.path for r in routes if "POST" in (r.methods or ())]
    filled = [re.sub(r"\{reference\}", reference, re.sub(r"\{\w+_id\}", "1", p)) for p in paths]
    assert len(filled) >= 9, filled
    return filled


@pytest.fixture
def one_submission(tmp_path: Path) -> Iterator[Site]:
    def seeder(site: Site) -> None:
        site.refs["one"] = seed.add_submission(site.store, seed.fields("A title"))
    with running_site(tmp_path, seeder=seeder) as s:
        yield s


def test_every_post_route_refuses_a_form_without_the_csrf_token(one_submission: Site) -> None:
    site = one_submission
    ref = site.refs["one"]
    with site.client() as c:
        site.login(c)
        for path in post_paths(site, ref):
            r = c.post(path, data={"decision": "accept", "note": "forged", "email": "rev@example.org",
                                   "password": seed.PASSWORD, "score": "5", "tag": "x"})
            assert r.status_code == 403, path
            assert "did not come from this site" in r.text
    with site.store.session() as s:
        sub = get_by_reference(s, ref)
        assert sub.status == "pending_review" and sub.tags == []
        assert s.exec(select(Event).where(Event.actor != "system")).all() == []


def test_a_token_from_another_session_is_refused(one_submission: Site) -> None:
    site = one_submission
    with site.client() as attacker, site.client() as victim:
        stolen = csrf_of(attacker.get("/login"))
        site.login(victim)
        r = victim.post(f"/s/{site.refs['one']}/decide", data={"decision": "accept", "csrf_token": stolen})
        assert r.status_code == 403


def test_a_form_with_the_right_token_is_accepted(one_submission: Site) -> None:
    site = one_submission
    with site.client() as c:
        site.login(c)
        token = csrf_of(c.get(f"/s/{site.refs['one']}"))
        r = c.post(f"/s/{site.refs['one']}/note", data={"note": "Looks good", "csrf_token": token})
        assert r.status_code == 303


def test_login_form_needs_its_token_too(site: Site) -> None:
    with site.client() as c:
        c.get("/login")
        r = c.post("/login", data={"email": "rev@example.org", "password": seed.PASSWORD})
        assert r.status_code == 403
        assert c.get("/").status_code == 303
