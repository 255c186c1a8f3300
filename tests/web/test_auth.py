
"""Accounts and sessions of the review app, over real HTTP to uvicorn on 127.0.0.1."""

from __future__ import annotations

import stat
import time
from pathlib import Path

import pytest
from sqlmodel import select

from intake.web import WebOptions
from intake.web.security import LoginThrottle
from store.models import User
from store.review import set_active
from tests.fixtures.browser import Site, csrf_of, running_site
from tests.web import seed

# Store, pipeline, worker and web tests run on SQLite and on a real PostgreSQL.
pytestmark = pytest.mark.usefixtures("database")


def test_queue_redirects_to_login_when_signed_out(site: Site) -> None:
    with site.client() as c:
        r = c.get("/", params={"status": "accepted"})
        assert r.status_code == 303
        assert r.headers["location"] == "/login?next=%2F%3Fstatus%3Daccepted"


def test_right_password_opens_the_queue_and_returns_to_the_page_asked_for(site: Site) -> None:
    with site.client() as c:
        token = csrf_of(c.get("/login"))
        r = c.post("/login", data={"email": "REV@example.org", "password": seed.PASSWORD,
                                   "csrf_token": token, "next": "/messages?kind=failed"})
        assert r.status_code == 303 and r.headers["location"] == "/messages?kind=failed"
        page = c.get("/")
        assert page.status_code == 200
        assert "<h1>Review queue</h1>" in page.text and "rev@example.org" in page.text


def test_login_never_redirects_to_another_site(site: Site) -> None:
    with site.client() as c:
        token = csrf_of(c.get("/login"))
        r = c.post("/login", data={"email": "rev@example.org", "password": seed.PASSWORD,
                                   "csrf_token": token, "next": "//evil.example/x"})
        assert r.headers["location"] == "/"


def test_wrong_password_is_refused_after_a_delay(tmp_path: Path) -> None:
    with running_site(tmp_path, options=WebOptions(failed_login_delay_s=0.4)) as s, s.client() as c:
        started = time.monotonic()
        r = s.login(c, password="not the password")
        assert r.status_code == 401
        assert time.monotonic() - started >= 0.4
        assert "do not match an active account" in r.text
        assert c.get("/").status_code == 303


def test_unknown_address_gets_the_same_answer_as_a_wrong_password(site: Site) -> None:
    with site.client() as c:
        r = site.login(c, email="nobody@example.org")
        assert r.status_code == 401 and "do not match an active account" in r.text


def test_repeated_failures_lock_the_account_even_for_the_right_password(tmp_path: Path) -> None:
    throttle = LoginThrottle(free_account=3, base_lock_s=60)
    with running_site(tmp_path, options=WebOptions(failed_login_delay_s=0, throttle=throttle)) as s, \
            s.client() as c:
        assert [s.login(c, password="wrong").status_code for _ in range(3)] == [401, 401, 401]
        locked = s.login(c)
        assert locked.status_code == 429 and "Too many failed attempts" in locked.text
        # Another account from the same address is not locked.
        assert s.login(c, email="admin@example.org").status_code == 303


def test_throttle_lock_grows_with_each_failure_and_ends() -> None:
    now = [1000.0]
    t = LoginThrottle(free_account=2, base_lock_s=10, max_lock_s=25, clock=lambda: now[0])
    keys = ["account:a@example.org"]
    t.failed(keys)
    assert t.retry_after(keys) == 0
    t.failed(keys)
    assert t.retry_after(keys) == 10
    t.failed(keys)
    assert t.retry_after(keys) == 20
    t.failed(keys)
    assert t.retry_after(keys) == 25  # capped
    now[0] += 26
    assert t.retry_after(keys) == 0
    t.succeeded(keys)
    t.failed(keys)
    assert t.retry_after(keys) == 0


def test_session_cookie_is_httponly_lax_and_not_secure_over_plain_http(site: Site) -> None:
    with site.client() as c:
        cookie = site.login(c).headers["set-cookie"]
        assert cookie.startswith("intake_session=")
        flags = {part.strip().lower() for part in cookie.split(";")}
        assert {"httponly", "samesite=lax", "path=/"} <= flags
        assert "secure" not in flags


def test_session_cookie_is_secure_when_served_over_https(tmp_path: Path) -> None:
    with running_site(tmp_path, https=True) as s, s.client() as c:
        cookie = c.get("/login").headers["set-cookie"].lower()
        assert "; secure" in cookie and "httponly" in cookie


def test_a_tampered_session_cookie_is_ignored(site: Site) -> None:
    with site.client() as c:
        site.login(c)
        value = c.cookies["intake_session"]
        c.cookies.set("intake_session", value[:-3] + ("AAA" if not value.endswith("AAA") else "BBB"))
        assert c.get("/").status_code == 303


def test_logout_ends_the_session(site: Site) -> None:
    with site.client() as c:
        site.login(c)
        token = csrf_of(c.get("/"))
        r = c.post("/logout", data={"csrf_token": token})
        assert r.status_code == 303 and r.headers["location"] == "/login"
        assert "You are signed out." in c.get("/login").text
        assert c.get("/").status_code == 303


def test_disabling_an_account_ends_its_open_sessions(site: Site) -> None:
    with site.client() as c:
        site.login(c)
        assert c.get("/").status_code == 200
        with site.store.session() as s:
            set_active(s, "rev@example.org", False)
        assert c.get("/").status_code == 303
        assert site.login(c).status_code == 401


def test_passwords_are_stored_as_argon2id_hashes(site: Site) -> None:
    with site.store.session() as s:
        users = s.exec(select(User)).all()
    assert users and all(u.password_hash.startswith("$argon2id$") for u in users)
    assert all(seed.PASSWORD not in u.password_hash for u in users)



def test_session_key_file_is_created_readable_only_by_its_owner(site: Site) -> None:
    key_file = site.config.web.secret_key_file
    assert key_file is not None and key_file.is_file()
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert len(key_file.read_text().strip()) >= 32


def test_pages_carry_a_script_free_content_security_policy(site: Site) -> None:
    with site.client() as c:
        r = c.get("/login")
        csp = r.headers["content-security-policy"]
        assert "default-src 'none'" in csp and "script-src" not in csp
        assert r.headers["x-frame-options"] == "DENY" and r.headers["cache-control"] == "no-store"


def test_only_admins_manage_staff_accounts(site: Site) -> None:
    with site.client() as reviewer:
        site.login(reviewer)
        assert reviewer.get("/staff").status_code == 403
        assert 'href="/staff"' not in reviewer.get("/").text
    with site.client() as admin:
        site.login(admin, email="admin@example.org")
        page = admin.get("/staff")
        assert page.status_code == 200 and "rev@example.org" in page.text
        r = admin.post("/staff/active", data={"email": "rev@example.org", "active": "no",
                                              "csrf_token": csrf_of(page)})
        assert r.status_code == 303 and "Disabled rev@example.org." in admin.get("/staff").text
        admin.post("/staff/active", data={"email": "admin@example.org", "active": "no",
                                          "csrf_token": csrf_of(page)})
        assert "You cannot disable your own account." in admin.get("/staff").text
    with site.client() as reviewer:
        assert site.login(reviewer).status_code == 401
