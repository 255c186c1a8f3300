"""How fast the review queue answers with many submissions, next to an empty database.

For each database (SQLite always; PostgreSQL too when its server binaries are installed, in a
throwaway cluster on 127.0.0.1), two databases are made: one empty, one seeded with ``--count``
submissions by a bulk insert (varied titles, organisations and answers, one in seven with problems,
one in five tagged, one version and one event each; the search triggers fill the search tables as
for any write). Each is served by the real web app under uvicorn on 127.0.0.1 and, signed in, the
same pages are fetched over HTTP: the queue's first page, two text searches (words found in nearly
every submission, and a person's name), a filtered and title-sorted page, and the page reached by
following "Next" twenty times. Prints the median time of each next to the empty database and the
ratio.

Then ``intake queue list`` (one page, as a reviewer runs it) is run as a command over
``--cli-count`` submissions and over an empty database; its CPU time (user + system of the child)
is printed next to ``intake --help``'s.

Exits 1 when a page's ratio is over ``--budget-ratio`` (default 3).

    python benchmarks/queue_page.py [--count 50000] [--cli-count 5000] [--runs 15] [--no-postgres]
"""

from __future__ import annotations

import argparse
import html
import logging
import os
import random
import re
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
import sqlalchemy as sa  # noqa: E402
import uvicorn  # noqa: E402

from intake.config import Config, parse_config  # noqa: E402
from intake.web import WebOptions, create_app  # noqa: E402
from intake.web.passwords import hash_password  # noqa: E402
from store.db import Store  # noqa: E402
from store.models import Event, ReferenceCounter, Submission, SubmissionVersion  # noqa: E402
from store.review import add_user  # noqa: E402

PAGES = {
    "queue page": "/",
    "search common": "/?q=volunteers+library",
    "search name": "/?q=Person+4711",
    "filter+sort": "/?status=pending_review&problems=no&sort=title",
}
DEEP = ("next x20", "/", 20)  # the page reached by following rel="next" this many times from "/"
PASSWORD = "benchmark password"
WORDS = ("library volunteers reading children digital inclusion health wellbeing partnership funding "
         "council budget evidence footfall loneliness families schools business skills makerspace "
         "outreach heritage archive literacy carers refugees jobs older residents warm space").split()
PLACES = ("North", "South", "East", "West", "Upper", "Lower", "Mid", "Old", "New", "Great")
TOWNS = ("field", "ham", "borough", "ford", "vale", "moor", "bury", "wick", "ton", "stead")
STATUS_CYCLE = ("pending_review", "pending_review", "pending_review", "accepted", "rejected",
                "changes_requested", "pending_review", "withdrawn")
CHUNK = 2000


def answers(rng: random.Random, n: int) -> dict[str, str | None]:
    def sentence(k: int) -> str:
        return " ".join(rng.choice(WORDS) for _ in range(k)).capitalize() + "."

    org = f"{rng.choice(PLACES)}{rng.choice(TOWNS)} Libraries"
    return {"name": f"Person {n}", "job_title": "Head of Service", "email": f"head{n}@council.example",
            "organisation": org, "title": f"{sentence(4)[:-1]} {n}", "summary": sentence(30),
            "description": "\n\n".join(sentence(60) for _ in range(5)), "lessons": sentence(60)}


def seed(store: Store, count: int) -> None:
    """``count`` submissions by bulk insert (a chunk per transaction), created a minute apart."""
    rng = random.Random(7)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    pg = store.engine.dialect.name == "postgresql"
    for base in range(0, count, CHUNK):
        subs, versions, events = [], [], []
        for n in range(base, min(count, base + CHUNK)):
            fields = answers(rng, n)
            problems = ([{"field": "summary", "code": "over_word_limit", "message": "Too long."}]
                        if n % 7 == 0 else [])
            status = "needs_attention" if problems else STATUS_CYCLE[n % len(STATUS_CYCLE)]
            at = start + timedelta(minutes=n)
            subs.append({"id": n + 1, "reference": f"CS-2026-{n + 1:05d}", "status": status, "version": 1,
                         "submitter_email": fields["email"], "submitter_name": fields["name"],
                         "title": fields["title"], "organisation": fields["organisation"],
                         "problem_count": len(problems), "assigned_to": None,
                         "tags": ["shortlist"] if n % 5 == 0 else [], "created_at": at, "updated_at": at})
            versions.append({"submission_id": n + 1, "version": 1, "message_row_id": None, "fields": fields,
                             "problems": problems, "source": "body", "field_sources": {},
                             "forwarded_by": None, "created_at": at})
            events.append({"submission_id": n + 1, "at": at, "actor": "system", "action": "received",
                           "from_status": None, "to_status": status, "note": None,
                           "data": {"version": 1, "source": "body"}})
        with store.session() as s:
            if pg:  # the search triggers run once per submission below, not twice per row here
                s.execute(sa.text("SET LOCAL session_replication_role = replica"))
            s.execute(sa.insert(Submission), subs)
            s.execute(sa.insert(SubmissionVersion), versions)
            s.execute(sa.insert(Event), events)
    with store.session() as s:
        s.add(ReferenceCounter(year=2026, last=count))
    if pg:
        with store.engine.connect() as conn:
            conn.exec_driver_sql("SELECT submission_search_refresh(id) FROM submission")
            for table in ("submission", "submissionversion", "event"):
                conn.exec_driver_sql(f"SELECT setval('{table}_id_seq', (SELECT max(id) FROM {table}))")  # noqa: S608
            conn.commit()
            conn.exec_driver_sql("ANALYZE")  # as autovacuum would, soon after a bulk load
            conn.commit()


def make(root: Path, count: int, url: str | None) -> tuple[Config, Store]:
    data: dict[str, Any] = {"data_dir": str(root / "data")}
    if url:
        data["database"] = {"url": url}
    config = parse_config(data, base=root, path=None)
    store = Store.open(config.database_url)
    with store.session() as s:
        add_user(s, "bench@example.org", role="reviewer", password_hash=hash_password(PASSWORD))
    if count:
        seed(store, count)
    return config, store


@contextmanager
def serve(config: Config, store: Store) -> Iterator[str]:
    app = create_app(config, store, WebOptions(failed_login_delay_s=0))
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    # Accepted connections inherit this; without it small responses wait ~40 ms for delayed ACKs.
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    server = uvicorn.Server(uvicorn.Config(app, log_config=None, log_level="warning", access_log=False,
                                           lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()


_NEXT = re.compile(r'<a href="([^"]+)" rel="next"')


def follow_next(c: httpx.Client, path: str, times: int) -> str:
    """The path reached by following the page's rel="next" link ``times`` times (fewer when the
    list ends first)."""
    for _ in range(times):
        m = _NEXT.search(c.get(path).text)
        if not m:
            break
        path = html.unescape(m.group(1))
    return path


def signed_in(url: str) -> httpx.Client:
    c = httpx.Client(base_url=url, timeout=60)
    token = re.search(r'name="csrf_token" value="([^"]+)"', c.get("/login").text)
    assert token
    c.post("/login", data={"email": "bench@example.org", "password": PASSWORD, "csrf_token": token.group(1)})
    return c


def measure(empty: tuple[Config, Store], full: tuple[Config, Store], runs: int
            ) -> tuple[dict[str, float], dict[str, float]]:
    """Median seconds per page on the empty and the seeded database. Fetches alternate between the
    two, so a load on the machine weighs on both alike."""
    out: tuple[dict[str, float], dict[str, float]] = ({}, {})
    with ExitStack() as stack:
        clients = [signed_in(stack.enter_context(serve(*db))) for db in (empty, full)]
        for c in clients:
            stack.callback(c.close)
        name, start, times = DEEP
        paths = {**PAGES, name: ""}
        for page, path in paths.items():
            chosen = [path or follow_next(c, start, times) for c in clients]
            for c, p in zip(clients, chosen, strict=True):
                assert c.get(p).status_code == 200, p  # warm-up
            samples: tuple[list[float], list[float]] = ([], [])
            for _ in range(runs):
                for i, (c, p) in enumerate(zip(clients, chosen, strict=True)):
                    samples[i].append(timed(c, p))
            for i in (0, 1):
                out[i][page] = statistics.median(samples[i])
    return out


def timed(c: httpx.Client, path: str) -> float:
    started = time.perf_counter()
    r = c.get(path)
    took = time.perf_counter() - started
    assert r.status_code == 200, path
    return took


def cli_cpu(config_path: Path, args: list[str], runs: int = 3) -> float:
    """Median CPU seconds (user + system) of ``intake --config FILE ARGS`` as a child process."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "100"}
    env.pop("INTAKE_DATABASE_URL", None)
    out = []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run([sys.executable, "-m", "intake", "--config", str(config_path), *args], env=env,
                       check=True, capture_output=True, timeout=120)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        out.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(out)


def write_config(root: Path, url: str | None) -> Path:
    path = root / "config.toml"
    text = f'data_dir = "{root / "data"}"\n'
    if url:
        text += f'[database]\nurl = "{url}"\n'
    path.write_text(text)
    return path


def pages_report(label: str, count: int, baseline: dict[str, float], loaded: dict[str, float],
                 budget: float) -> list[str]:
    print(f"\n{label}: median of the timed fetches per page, {count} submissions")
    print(f"{'page':<16}{'empty ms':>10}{f'{count} ms':>12}{'ratio':>8}")
    over = []
    for name in baseline:
        ratio = loaded[name] / baseline[name]
        print(f"{name:<16}{baseline[name] * 1000:>10.1f}{loaded[name] * 1000:>12.1f}{ratio:>8.2f}")
        if ratio > budget:
            over.append(f"{label} {name}")
    return over


@contextmanager
def postgres_databases(names: list[str]) -> Iterator[dict[str, str]]:
    """A throwaway PostgreSQL cluster with one database per name; their URLs by name."""
    from tests.fixtures.postgres import running_cluster

    with running_cluster() as cluster:
        admin = sa.create_engine(cluster.url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            for name in names:
                conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
        admin.dispose()
        yield {n: cluster.url.rsplit("/", 1)[0] + "/" + n for n in names}


def run_pages(label: str, tmp: Path, urls: tuple[str | None, str | None],
              args: argparse.Namespace) -> list[str]:
    empty_cfg, empty_store = make(tmp / f"{label}-empty", 0, urls[0])
    started = time.perf_counter()
    full_cfg, full_store = make(tmp / f"{label}-full", args.count, urls[1])
    print(f"{label}: seeded {args.count} submissions in {time.perf_counter() - started:.1f} s")
    baseline, loaded = measure((empty_cfg, empty_store), (full_cfg, full_store), args.runs)
    empty_store.close()
    full_store.close()
    return pages_report(label, args.count, baseline, loaded, args.budget_ratio)


def run_cli(tmp: Path, args: argparse.Namespace) -> None:
    empty = tmp / "cli-empty"
    full = tmp / "cli-full"
    make(empty, 0, None)[1].close()
    make(full, args.cli_count, None)[1].close()
    help_s = cli_cpu(write_config(empty, None), ["--help"])
    empty_s = cli_cpu(write_config(empty, None), ["queue", "list"])
    full_s = cli_cpu(write_config(full, None), ["queue", "list"])
    print(f"\nintake CPU seconds (median of 3 runs, SQLite): --help {help_s:.2f}; queue list, empty "
          f"{empty_s:.2f}; queue list, {args.cli_count} submissions {full_s:.2f} "
          f"(ratio {full_s / empty_s:.2f})")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--count", type=int, default=50_000, help="submissions to seed (default 50000)")
    ap.add_argument("--cli-count", type=int, default=5000,
                    help="submissions for the `intake queue list` CPU figure (default 5000)")
    ap.add_argument("--runs", type=int, default=15, help="timed fetches per page (default 15)")
    ap.add_argument("--budget-ratio", type=float, default=3.0,
                    help="largest allowed seeded/empty ratio per page (default 3)")
    ap.add_argument("--no-postgres", action="store_true", help="SQLite only")
    ap.add_argument("--no-cli", action="store_true", help="leave out the `intake queue list` figure")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    over: list[str] = []
    with tempfile.TemporaryDirectory() as name, ExitStack() as stack:
        tmp = Path(name)
        over += run_pages("SQLite", tmp, (None, None), args)
        if not args.no_postgres and Path("/usr/lib/postgresql").is_dir():
            urls = stack.enter_context(postgres_databases(["bench_empty", "bench_full"]))
            over += run_pages("PostgreSQL", tmp, (urls["bench_empty"], urls["bench_full"]), args)
        if not args.no_cli:
            run_cli(tmp, args)
    if over:
        print(f"\nover the budget ratio {args.budget_ratio}: {', '.join(over)}")
        return 1
    print(f"\nevery page within the budget ratio {args.budget_ratio}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
