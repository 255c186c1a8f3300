"""``intake user ...`` and ``intake serve`` as an operator types them."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from intake.cli import app
from intake.config import load_config
from store.db import Store
from store.review import find_user
from tests.fixtures.common import ROOT

# Store, pipeline, worker and web tests run on SQLite and on a real PostgreSQL.
pytestmark = pytest.mark.usefixtures("database")


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner(env={"COLUMNS": "200"})


def run(runner: CliRunner, *args: str, stdin: str | None = None, code: int = 0) -> tuple[str, str]:
    result = runner.invoke(app, list(args), input=stdin)
    assert result.exit_code == code, (result.stdout, result.stderr, result.exception)
    return result.stdout, result.stderr


def one_line_error(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and "Traceback" not in stderr, stderr
    return lines[0]


def stored_hash(workdir: Path, email: str) -> str | None:
    store = Store.open(load_config(cwd=workdir).database_url)
    try:
        with store.session() as s:
            user = find_user(s, email)
            return user.password_hash if user and user.active else None
    finally:
        store.close()


def test_user_add_reads_the_password_from_stdin(runner: CliRunner, workdir: Path) -> None:
    out, _ = run(runner, "user", "add", "Reviewer@Example.org", "--password-stdin",
                 stdin="a long enough password\n")
    assert "Added reviewer reviewer@example.org." in out
    from intake.web.passwords import verify_password

    password_hash = stored_hash(workdir, "reviewer@example.org")
    assert password_hash and password_hash.startswith("$argon2id$")
    assert verify_password(password_hash, "a long enough password")


def test_user_add_asks_for_the_password_twice(runner: CliRunner, workdir: Path) -> None:
    out, _ = run(runner, "user", "add", "admin@example.org", "--role", "admin",
                 stdin="first attempt!!\nsecond attempt\nthe real password\nthe real password\n")
    assert "do not match" in out and "Added admin admin@example.org." in out
    assert stored_hash(workdir, "admin@example.org")


@pytest.mark.parametrize(("args", "stdin", "message"), [
    (["user", "add", "a@example.org", "--password-stdin"], "short\n", "at least 10 characters"),
    (["user", "add", "not-an-address", "--password-stdin"], "long enough pw\n", "not a valid email address"),
    (["user", "add", "a@example.org", "--role", "boss", "--password-stdin"], "long enough pw\n",
     "--role must be one of reviewer, admin"),
    (["user", "disable", "nobody@example.org"], None, "no account for nobody@example.org"),
])
def test_user_commands_refuse_bad_input_in_one_line(runner: CliRunner, workdir: Path, args: list[str],
                                                    stdin: str | None, message: str) -> None:
    _, err = run(runner, *args, stdin=stdin, code=2)
    assert message in one_line_error(err)


def test_user_add_refuses_an_address_that_has_an_account(runner: CliRunner, workdir: Path) -> None:
    run(runner, "user", "add", "a@example.org", "--password-stdin", stdin="long enough pw\n")
    _, err = run(runner, "user", "add", "A@example.org", "--password-stdin", stdin="long enough pw\n", code=2)
    assert "there is already an account for a@example.org" in one_line_error(err)


def test_user_list_and_disable(runner: CliRunner, workdir: Path) -> None:
    run(runner, "user", "add", "a@example.org", "--password-stdin", stdin="long enough pw\n")
    run(runner, "user", "add", "b@example.org", "--role", "admin", "--password-stdin",
        stdin="long enough pw\n")
    out, _ = run(runner, "user", "disable", "b@example.org")
    assert "Disabled b@example.org." in out
    listed = json.loads(run(runner, "user", "list", "--json")[0])
    assert [(u["email"], u["role"], u["active"]) for u in listed] == [
        ("a@example.org", "reviewer", True), ("b@example.org", "admin", False)]
    table, _ = run(runner, "user", "list")
    assert "b@example.org" in table and "admin" in table
    assert stored_hash(workdir, "b@example.org") is None


def test_serve_runs_the_app_on_loopback(workdir: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "intake", "serve", "--port", str(port)], cwd=workdir,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise
                time.sleep(0.1)
        assert r.json()["database"] == "ok"
        assert httpx.get(f"http://127.0.0.1:{port}/", timeout=2).status_code == 303
    finally:
        proc.terminate()
        out, err = proc.communicate(timeout=15)
    assert f"Review app on http://127.0.0.1:{port}/" in out.decode()
    assert "Traceback" not in err.decode()
    assert (workdir / "data" / "web-secret.key").stat().st_mode & 0o077 == 0


def test_serve_says_in_one_line_when_the_port_is_taken(runner: CliRunner, workdir: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        _, err = run(runner, "serve", "--port", str(port), code=2)
    assert f"cannot listen on 127.0.0.1:{port}" in one_line_error(err)
