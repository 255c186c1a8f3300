"""Behind a reverse proxy at /review: every route, link, redirect and the cookie stay under it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fixtures.browser import Site, csrf_of, running_site
from tests.web import seed

# Store, pipeline, worker and web tests run on SQLite and on a real PostgreSQL.
pytestmark = pytest.mark.usefixtures("database")


@pytest.fixture
def proxied(tmp_path: Path) -> Iterator[Site]:
    def seeder(site: Site) -> None:
        site.refs["one"] = seed.add_submission(site.store, seed.fields("Under a prefix"))
    with running_site(tmp_path, seeder=seeder, base_path="/review/") as s:
        yield s


def test_redirects_and_links_carry_the_base_path(proxied: Site) -> None:
    assert proxied.url.endswith("/review")
    with proxied.client() as c:
        r = c.get("/")
        assert r.status_code == 303 and r.headers["location"] == "/review/login?next=%2F"
        login = c.get("/login")
        assert 'action="/review/login"' in login.text and 'href="/review/static/app.css"' in login.text
        assert c.get("/static/app.css").status_code == 200
        r = proxied.login(c)
        assert r.status_code == 303 and r.headers["location"] == "/review/"
        assert "path=/review" in r.headers["set-cookie"]
        queue = c.get("/")
        hrefs = re.findall(r'(?:href|action)="([^"#][^"]*)"', queue.text)
        assert hrefs and all(h.startswith("/review/") for h in hrefs), hrefs
        ref = proxied.refs["one"]
        assert f'href="/review/s/{ref}"' in queue.text
        token = csrf_of(c.get(f"/s/{ref}"))
        r = c.post(f"/s/{ref}/note", data={"note": "n", "csrf_token": token})
        assert r.headers["location"] == f"/review/s/{ref}"


def test_site_root_sends_browsers_to_the_base_path(proxied: Site) -> None:
    root = proxied.url.removesuffix("/review")
    with proxied.client() as c:
        r = c.get(root + "/")
        assert r.status_code == 307 and r.headers["location"] == "/review/"
        assert c.get(root + "/login").status_code == 404


def test_healthz_answers_under_the_base_path(proxied: Site) -> None:
    with proxied.client() as c:
        assert c.get("/healthz").json()["database"] == "ok"
