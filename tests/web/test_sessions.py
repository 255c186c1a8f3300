"""Sessions end when they should, the login throttle survives a restart and cannot be dodged by a
forged X-Forwarded-For: over real HTTP to uvicorn on 127.0.0.1."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from intake.web import WebOptions, create_app
from store.review import find_user, set_active, set_password_hash
from tests.fixtures.browser import Site, running_site, serve
from tests.fixtures.common import ROOT
from tests.web import seed


def _copy_cookies(source: httpx.Client, target: httpx.Client) -> None:
    for name, value in source.cookies.items():
        target.cookies.set(name, value)


def test_signing_out_ends_a_copy_of_the_session_cookie_taken_before(tmp_path: Path) -> None:
    with running_site(tmp_path) as site, site.client() as browser, site.client() as thief:
        assert site.login(browser).status_code == 303
        _copy_cookies(browser, thief)
        assert thief.get("/").status_code == 200  # the copied cookie works while signed in
        page = browser.get("/")
        token = page.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
        assert browser.post("/logout", data={"csrf_token": token}).status_code == 303
        assert thief.get("/").status_code == 303  # sent to the login page
        assert site.login(browser).status_code == 303  # signing in again works


def test_signing_out_ends_every_session_of_the_account_on_other_devices(tmp_path: Path) -> None:
    with running_site(tmp_path) as site, site.client() as laptop, site.client() as phone:
        site.login(laptop)
        site.login(phone)
        token = laptop.get("/").text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
        laptop.post("/logout", data={"csrf_token": token})
        assert phone.get("/").status_code == 303


def test_disabling_or_a_new_password_ends_sessions_at_once(tmp_path: Path) -> None:
    with running_site(tmp_path) as site, site.client() as c:
        site.login(c)
        with site.store.session() as s:
            user = find_user(s, "rev@example.org")
            assert user is not None
            set_password_hash(s, user, user.password_hash)  # a change, even to the same value
        assert c.get("/").status_code == 303
        site.login(c)
        with site.store.session() as s:
            set_active(s, "rev@example.org", False)
        assert c.get("/").status_code == 303


def test_failed_logins_are_remembered_across_a_restart_of_the_app(tmp_path: Path) -> None:
    options = WebOptions(failed_login_delay_s=0)
    with running_site(tmp_path, options=options) as first, first.client() as c:
        assert [first.login(c, password="wrong").status_code for _ in range(5)] == [401] * 5
        config = first.config
    # The same database, a new process's app (as after `systemctl restart`): still locked.
    store = seed.open_store(config)
    try:
        with serve(create_app(config, store, options)) as base:
            site = Site(url=base, config=config, store=store)
            with site.client() as c:
                locked = site.login(c)
                assert locked.status_code == 429 and "Too many failed attempts" in locked.text
    finally:
        store.close()


def test_unknown_and_known_accounts_are_locked_alike(tmp_path: Path) -> None:
    with running_site(tmp_path, options=WebOptions(failed_login_delay_s=0)) as site, site.client() as c:
        known = [site.login(c, password="wrong").status_code for _ in range(6)]
        unknown = [site.login(c, email="nobody@example.org", password="wrong").status_code for _ in range(6)]
        assert known == unknown == [401] * 5 + [429]


def _serve(workdir: Path, extra_config: str) -> tuple[subprocess.Popen[bytes], int]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    (workdir / "config.toml").write_text(f'data_dir = "data"\n[web]\n{extra_config}\n')
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "intake", "serve", "--port", str(port)], cwd=workdir,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 20
    while True:
        try:
            httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return proc, port
        except httpx.TransportError:
            if time.monotonic() > deadline or proc.poll() is not None:
                proc.kill()
                raise
            time.sleep(0.1)


def _client_address_seen(workdir: Path, extra_config: str) -> str:
    """The client address uvicorn logs for a request that claims X-Forwarded-For: 203.0.113.9."""
    proc, port = _serve(workdir, extra_config)
    try:
        httpx.get(f"http://127.0.0.1:{port}/login", headers={"X-Forwarded-For": "203.0.113.9"}, timeout=5)
    finally:
        proc.terminate()
        out, err = proc.communicate(timeout=15)
    logged = out.decode() + err.decode()
    access = [line for line in logged.splitlines() if '"GET /login' in line]
    assert len(access) == 1, logged
    return access[0].split(" - ", 1)[0].split()[-1]


def test_x_forwarded_for_is_ignored_unless_the_proxy_is_trusted(tmp_path: Path) -> None:
    (tmp_path / "plain").mkdir()
    (tmp_path / "proxied").mkdir()
    assert _client_address_seen(tmp_path / "plain", "").startswith("127.0.0.1:")
    assert _client_address_seen(tmp_path / "proxied", 'trusted_proxies = ["127.0.0.1"]').startswith(
        "203.0.113.9:")
