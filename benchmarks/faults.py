"""Faults injected into one ``intake run`` worker against real servers, and what became of the mail.

Starts a private Dovecot and an aiosmtpd server on 127.0.0.1 (and, with ``--database postgres``, a
private PostgreSQL cluster; the default is SQLite), delivers ``--messages`` submissions to two
mailboxes as the run goes (an equal share before each fault, so every fault meets mail on its
way) and injects ``--faults`` faults while the worker takes them in (see tests/faultrun.py for
the kinds: kills at chosen and random points, connection cuts, stalls and trickles through TCP
relays, Dovecot restarts, 4xx/5xx periods, a database lock holder, crashing messages). Then it
counts, from the servers themselves, and prints::

    messages N, stored N, duplicates 0, lost 0, misfiled 0, replies due R, sent R,
    duplicated replies K (all inside the 250-to-commit window)

(on one line). Exits 1 when a message was lost, stored or filed twice, filed in the wrong place, a
reply is missing, or a reply went twice outside the window between the server's 250 and the commit.

    python benchmarks/faults.py [--messages 2000] [--faults 200] [--database sqlite|postgres] [--seed 13]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.faultrun import FaultRun, FaultSink, Tally, running_sink, sqlite_url  # noqa: E402
from tests.fixtures.dovecot import Dovecot, running_dovecot, running_idp  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--messages", type=int, default=2000)
    ap.add_argument("--faults", type=int, default=200)
    ap.add_argument("--mailboxes", type=int, default=2)
    ap.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--keep", type=Path, help="keep the worker's log and data in this folder")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        with running_idp() as idp, running_dovecot(idp) as dovecot, running_sink() as sink:
            if args.database == "postgres":
                from tests.fixtures.postgres import running_cluster

                with running_cluster() as pg:
                    tally = _run(dovecot, sink, _fresh_database(pg.url), folder, args)
            else:
                tally = _run(dovecot, sink, sqlite_url(folder), folder, args)
    print(json.dumps(tally.details, default=str))
    print(tally.line())
    raise SystemExit(0 if tally.ok else 1)


def _fresh_database(server_url: str) -> str:
    """A new, migrated database ``faults`` on the cluster."""
    import sqlalchemy as sa

    from store.db import Store

    admin = sa.create_engine(server_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as c:
            c.execute(sa.text("CREATE DATABASE faults TEMPLATE template0 ENCODING 'UTF8'"))
    finally:
        admin.dispose()
    url = server_url.rsplit("/", 1)[0] + "/faults"
    Store.open(url).close()
    return url


def _run(dovecot: Dovecot, sink: FaultSink, url: str, folder: Path, args: argparse.Namespace) -> Tally:
    run = FaultRun(dovecot, sink, url, folder, messages=args.messages, faults=args.faults,
                   mailboxes=args.mailboxes, seed=args.seed)
    try:
        return run.run(progress=lambda line: print(line, flush=True))
    finally:
        run.close()


if __name__ == "__main__":
    main()
