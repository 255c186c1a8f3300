"""A fleet of ``intake run`` processes sharing one PostgreSQL over several Dovecot mailboxes, for
the counted test (tests/test_workers_counted.py) and the throughput benchmark
(benchmarks/workers.py): configs, start/kill/stop, and the tally read from the servers."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from tests.fixtures.dovecot import Dovecot
from tests.fixtures.mailflow import submission

ROOT = Path(__file__).resolve().parents[1]


def fleet_config(dovecot: Dovecot, users: list[str], smtp: dict[str, Any], db_url: str, folder: Path, *,
                 lease_s: float = 3.0) -> Path:
    """A config file for one worker: its own data folder, the shared database, every mailbox."""
    folder.mkdir(parents=True, exist_ok=True)
    lines = [f"data_dir = {json.dumps(str(folder / 'data'))}", "", "[database]",
             f"url = {json.dumps(db_url)}",
             "", "[worker]", "poll_interval_s = 1.0", "send_interval_s = 1.0", f"lease_s = {lease_s}", "",
             "[smtp]"]
    lines += [f"{k} = {json.dumps(v)}" for k, v in smtp.items()]
    for user in users:
        pw = folder / f"{user}.password"
        pw.write_text(dovecot.password(user) + "\n")
        lines += ["", "[[mailbox]]", f"name = {json.dumps(user)}", 'type = "imap"',
                  f"host = {json.dumps(dovecot.host)}", f"port = {dovecot.port}", 'security = "none"',
                  f"username = {json.dumps(user)}", f"password_file = {json.dumps(str(pw))}",
                  "timeout_s = 10", "connect_timeout_s = 5", "batch_size = 50"]
    path = folder / "config.toml"
    path.write_text("\n".join(lines) + "\n")
    return path


def load_mail(dovecot: Dovecot, users: list[str], total: int, tag: str = "w") -> list[str]:
    """``total`` distinct submissions spread over ``users``' INBOXes; returns their Message-IDs."""
    ids = []
    for i, user in enumerate(users):
        ns = range(i, total, len(users))
        dovecot.write_maildir(user, [submission(n, tag=tag) for n in ns])
        ids += [f"<{tag}{n}@library{n}.example.org>" for n in ns]
    return ids


@dataclass
class Fleet:
    """The running workers (``procs``, by name) with their logs."""

    folder: Path
    procs: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    def start(self, name: str, config: Path) -> None:
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        env.pop("INTAKE_DATABASE_URL", None)
        log = open(self.folder / f"{name}.log", "wb")  # noqa: SIM115 (closed with the process)
        self.procs[name] = subprocess.Popen([sys.executable, "-m", "intake", "--config", str(config), "run"],
                                            cwd=config.parent, env=env, stdout=log, stderr=subprocess.STDOUT)
        log.close()

    def kill(self, name: str) -> None:
        p = self.procs[name]
        p.send_signal(signal.SIGKILL)
        p.wait(30)

    def stop_all(self) -> dict[str, int | None]:
        for p in self.procs.values():
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
        codes = {}
        for name, p in self.procs.items():
            try:
                codes[name] = p.wait(60)
            except subprocess.TimeoutExpired:
                p.kill()
                codes[name] = p.wait(10)
        return codes

    def log(self, name: str) -> str:
        return (self.folder / f"{name}.log").read_text(errors="replace")


def db_counts(db_url: str) -> dict[str, Any]:
    """Messages stored (rows, distinct Message-IDs), replies sent, and the lease holders."""
    engine = sa.create_engine(db_url)
    try:
        with engine.connect() as c:
            rows = c.execute(sa.text("SELECT count(*), count(DISTINCT message_id) FROM message")).one()
            sent = c.execute(sa.text("SELECT count(*) FROM outbox WHERE status = 'sent'")).scalar()
            outbox = c.execute(sa.text("SELECT count(*) FROM outbox")).scalar()
            holders = dict(c.execute(sa.text("SELECT name, holder FROM mailboxlease")).all())
    finally:
        engine.dispose()
    return {"messages": rows[0], "distinct": rows[1], "sent": sent, "outbox": outbox, "holders": holders}


def first_stored_s(db_url: str, users: list[str]) -> dict[str, float]:
    """Per mailbox (user), seconds from the first message stored in any mailbox to the first
    stored from this one (-1 when none): how long each mailbox's mail waited to start flowing."""
    engine = sa.create_engine(db_url)
    try:
        with engine.connect() as c:
            rows = c.execute(sa.text("SELECT origin, received_at FROM message")).all()
    finally:
        engine.dispose()
    if not rows:
        return {}
    start = min(at for _o, at in rows)
    return {u: min(((at - start).total_seconds() for o, at in rows if f"//{u}@" in o), default=-1.0)
            for u in users}


def wait_until(what: Any, timeout_s: float, step_s: float = 0.25) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if what():
            return True
        time.sleep(step_s)
    return False


def deliveries(received: list[Any]) -> Counter[str]:
    """Acknowledgements counted at the SMTP server, by the Message-ID they answer."""
    return Counter(str(r.msg.get("In-Reply-To", "")).strip() for r in received)
