"""How fast the review queue page renders with 5,000 submissions, next to an empty queue.

Two databases are made in a temp folder: one empty, one seeded through ``store.queue`` with
``--count`` submissions (varied titles, organisations and answers, some with problems, some
tagged). Each is served by uvicorn on 127.0.0.1 and, signed in, the same pages are fetched over
HTTP: the queue's first page, a full-text search, a filtered and title-sorted deep page. Prints the
median time of each next to the empty-queue baseline and the ratio; exits 1 when a ratio is over
``--budget-ratio``.

    python benchmarks/queue_page.py [--count 5000] [--runs 15] [--budget-ratio 8]
"""

from __future__ import annotations

import argparse
import logging
import random
import re
import socket
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
import uvicorn  # noqa: E402

from intake.config import Config, parse_config  # noqa: E402
from intake.web import WebOptions, create_app  # noqa: E402
from intake.web.passwords import hash_password  # noqa: E402
from store.db import Store  # noqa: E402
from store.queue import VersionInput, create_submission  # noqa: E402
from store.review import add_user  # noqa: E402

PAGES = {
    "queue page": "/",
    "search": "/?q=volunteers+library",
    "filter+sort": "/?status=pending_review&problems=no&sort=title&page=20",
}
PASSWORD = "benchmark password"
WORDS = ("library volunteers reading children digital inclusion health wellbeing partnership funding "
         "council budget evidence footfall loneliness families schools business skills makerspace "
         "outreach heritage archive literacy carers refugees jobs older residents warm space").split()
PLACES = ("North", "South", "East", "West", "Upper", "Lower", "Mid", "Old", "New", "Great")
TOWNS = ("field", "ham", "borough", "ford", "vale", "moor", "bury", "wick", "ton", "stead")


def answers(rng: random.Random, n: int) -> dict[str, str | None]:
    def sentence(k: int) -> str:
        return " ".join(rng.choice(WORDS) for _ in range(k)).capitalize() + "."

    org = f"{rng.choice(PLACES)}{rng.choice(TOWNS)} Libraries"
    return {"name": f"Person {n}", "job_title": "Head of Service", "email": f"head{n}@council.example",
            "organisation": org, "title": f"{sentence(4)[:-1]} {n}", "summary": sentence(30),
            "description": "\n\n".join(sentence(60) for _ in range(5)), "lessons": sentence(60)}


def seed(store: Store, count: int) -> None:
    rng = random.Random(7)
    with store.session() as s:
        for n in range(count):
            problems = ([{"field": "summary", "code": "over_word_limit", "message": "Too long."}]
                        if n % 7 == 0 else [])
            sub = create_submission(s, VersionInput(fields=answers(rng, n), problems=problems, source="body",
                                                    field_sources={}, message_row_id=None))
            if n % 5 == 0:
                sub.tags = ["shortlist"]


def make(root: Path, count: int) -> tuple[Config, Store]:
    config = parse_config({"data_dir": str(root / "data")}, base=root, path=None)
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


def measure(config: Config, store: Store, runs: int) -> dict[str, float]:
    """Median seconds per page, after one warm-up fetch of each."""
    out: dict[str, float] = {}
    with serve(config, store) as url, httpx.Client(base_url=url, timeout=60) as c:
        token = re.search(r'name="csrf_token" value="([^"]+)"', c.get("/login").text)
        assert token
        c.post("/login", data={"email": "bench@example.org", "password": PASSWORD,
                               "csrf_token": token.group(1)})
        for name, path in PAGES.items():
            assert c.get(path).status_code == 200, path
            times = []
            for _ in range(runs):
                started = time.perf_counter()
                r = c.get(path)
                times.append(time.perf_counter() - started)
                assert r.status_code == 200
            out[name] = statistics.median(times)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=5000, help="submissions to seed (default 5000)")
    ap.add_argument("--runs", type=int, default=15, help="timed fetches per page (default 15)")
    ap.add_argument("--budget-ratio", type=float, default=8.0,
                    help="largest allowed seeded/empty ratio per page (default 8)")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    with tempfile.TemporaryDirectory() as tmp:
        empty_cfg, empty_store = make(Path(tmp) / "empty", 0)
        started = time.perf_counter()
        full_cfg, full_store = make(Path(tmp) / "full", args.count)
        seeded_s = time.perf_counter() - started
        baseline = measure(empty_cfg, empty_store, args.runs)
        loaded = measure(full_cfg, full_store, args.runs)
        empty_store.close()
        full_store.close()
    print(f"seeded {args.count} submissions in {seeded_s:.1f} s; median of {args.runs} fetches per page")
    print(f"{'page':<14}{'empty ms':>10}{f'{args.count} ms':>12}{'ratio':>8}")
    over = []
    for name in PAGES:
        ratio = loaded[name] / baseline[name]
        print(f"{name:<14}{baseline[name] * 1000:>10.1f}{loaded[name] * 1000:>12.1f}{ratio:>8.2f}")
        if ratio > args.budget_ratio:
            over.append(name)
    if over:
        print(f"over the budget ratio {args.budget_ratio}: {', '.join(over)}")
        return 1
    print(f"within the budget ratio {args.budget_ratio}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
