"""Throughput of 1, 2 and 4 ``intake run`` workers sharing one PostgreSQL over 4 IMAP mailboxes.

Starts a private Dovecot and a private PostgreSQL cluster on 127.0.0.1 (the test fixtures'; needs
``dovecot-imapd`` and ``postgresql``). For each number of workers: a fresh database, four fresh
mailboxes of ``--per-mailbox`` submissions each, the workers started as separate processes (own
data folders, replies written as files), timed until every message is stored and every INBOX is
empty. Prints messages per second (the median of ``--repeat`` rounds, taken in turn so that a
change of the machine's load falls on every count alike, with the lowest and highest) and the
ratio to one worker measured in the same run, and the load average before and after.

    python benchmarks/workers.py [--per-mailbox 100] [--workers 1 2 4] [--repeat 1]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402

from store.db import Store  # noqa: E402
from tests.fixtures.dovecot import Dovecot, running_dovecot, running_idp  # noqa: E402
from tests.fixtures.postgres import running_cluster  # noqa: E402
from tests.workerfleet import Fleet, db_counts, fleet_config, load_mail, wait_until  # noqa: E402


def fresh_database(server_url: str, name: str) -> str:
    admin = sa.create_engine(server_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as c:
            c.execute(sa.text(f'CREATE DATABASE "{name}" TEMPLATE template0 ENCODING \'UTF8\''))
    finally:
        admin.dispose()
    url = server_url.rsplit("/", 1)[0] + f"/{name}"
    Store.open(url).close()  # migrated before the clock starts
    return url


def one_run(dovecot: Dovecot, server_url: str, workers: int, per_mailbox: int, tmp: Path,
            round_no: int = 0) -> float:
    """Messages per second with ``workers`` workers over 4 mailboxes (``round_no`` names the
    round's database)."""
    users = [dovecot.new_user(f"b{workers}x")[0] for _ in range(4)]
    total = 4 * per_mailbox
    load_mail(dovecot, users, total, tag=f"b{workers}-")
    url = fresh_database(server_url, f"bench_{workers}_{round_no}")
    fleet = Fleet(tmp)
    started = time.monotonic()
    try:
        for n in range(workers):
            name = f"r{round_no}w{workers}-{n}"
            fleet.start(name, fleet_config(dovecot, users, {"transport": "file"}, url, tmp / name))
        ok = wait_until(lambda: db_counts(url)["messages"] >= total
                        and sum(dovecot.count(u, "INBOX") for u in users) == 0, 60 + total, step_s=0.2)
        took = time.monotonic() - started
    finally:
        fleet.stop_all()
    if not ok:
        raise SystemExit(f"{workers} workers did not drain the mailboxes: {db_counts(url)}")
    return total / took


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--per-mailbox", type=int, default=100)
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    ap.add_argument("--repeat", type=int, default=1, help="rounds of every count, taken in turn")
    args = ap.parse_args()
    load_before = os.getloadavg()
    rates: dict[int, list[float]] = {w: [] for w in args.workers}
    with running_idp() as idp, running_dovecot(idp) as dovecot, running_cluster() as pg, \
            tempfile.TemporaryDirectory() as tmp:
        for r in range(max(1, args.repeat)):
            for w in args.workers:
                rates[w].append(one_run(dovecot, pg.url, w, args.per_mailbox, Path(tmp), r))
    medians = {w: statistics.median(got) for w, got in rates.items()}
    base = medians[args.workers[0]]
    print(f"{4 * args.per_mailbox} messages over 4 mailboxes, one PostgreSQL "
          "(workers start together; the time includes their start-up and lease sharing); "
          f"{max(1, args.repeat)} round(s), median (lowest-highest)")
    for w, rate in medians.items():
        print(f"  {w} worker(s): {rate:6.1f} msg/s ({min(rates[w]):.1f}-{max(rates[w]):.1f})   "
              f"x{rate / base:4.2f} of {args.workers[0]} worker(s)")
    before, after = (" ".join(f"{x:.2f}" for x in la) for la in (load_before, os.getloadavg()))
    print(f"load average before {before}, after {after}")


if __name__ == "__main__":
    main()
