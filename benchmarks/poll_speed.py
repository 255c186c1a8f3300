"""``intake poll`` of mixed messages from Dovecot into the queue (acknowledgements queued), as a
ratio to the floor measured in the same run: imapclient fetching the same messages in batches plus
a stdlib parse of each (issue 14 target: within 4x).

The messages are the ``.eml`` files of ../shared/corpus/synthetic (when present) and
tests/data/variants, repeated to ``--messages`` with a fresh Message-ID each. Needs dovecot-imapd.

    python benchmarks/poll_speed.py [--messages 2000] [--batch-size 50] [--statements]

``--statements`` also prints the SQL statements the main process ran, by shape (literals and
parameter lists folded), with their count per message: the cost of the poll is mostly statements.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import itertools
import logging
import os
import re
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

CORPORA = (ROOT.parent / "shared" / "corpus" / "synthetic", ROOT / "tests" / "data" / "variants")
_MESSAGE_ID = re.compile(rb"^Message-ID:.*\r?\n", re.IGNORECASE | re.MULTILINE)


def corpus() -> list[bytes]:
    files = [p for folder in CORPORA if folder.is_dir() for p in sorted(folder.glob("*.eml"))]
    if not files:
        raise SystemExit("no .eml files found in " + ", ".join(map(str, CORPORA)))
    return [p.read_bytes() for p in files]


def messages(n: int) -> list[bytes]:
    """``n`` messages cycling through the corpus, each with its own Message-ID."""
    out = []
    for i, raw in zip(range(n), itertools.cycle(corpus()), strict=False):
        head, sep, body = raw.partition(b"\n\n") if b"\r\n\r\n" not in raw else raw.partition(b"\r\n\r\n")
        head = _MESSAGE_ID.sub(b"", head + b"\n").rstrip(b"\r\n")
        out.append(f"Message-ID: <poll-speed-{i}@bench.example>\n".encode() + head + sep + body)
    return out


def main() -> None:
    # Imported here, not at the top: every parse worker runs this script's top level again (as
    # ``__mp_main__``: CPython 3.11's fork server never preloads ``__main__``), and the store, the
    # cycle and the test fixtures cost each worker about a second of CPU at every start (a worker
    # is replaced each 200 messages), which ``intake poll``, whose main is the console script
    # (0.1 s more than the fork server's preload), does not pay.
    from benchmarks.imap_throughput import baseline
    from intake.config import parse_config
    from intake.cycle import poll_once
    from store.db import Store
    from tests.fixtures.dovecot import running_dovecot, running_idp
    from tests.fixtures.mailflow import config_data

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--messages", type=int, default=2000)
    ap.add_argument("--batch-size", type=int, default=50)
    ap.add_argument("--corpus", type=Path, action="append", help="Folder of .eml files (repeatable; "
                    "default: ../shared/corpus/synthetic when present, and tests/data/variants).")
    ap.add_argument("--statements", action="store_true", help="Also count the SQL statements run, by shape.")
    args = ap.parse_args()
    statements = _count_statements() if args.statements else None
    global CORPORA
    CORPORA = tuple(args.corpus) if args.corpus else CORPORA
    logging.basicConfig(level=logging.CRITICAL)
    with running_idp() as idp, running_dovecot(idp) as dovecot, tempfile.TemporaryDirectory() as tmp:
        user, _ = dovecot.new_user("bench")
        again, _ = dovecot.new_user("floor")  # the same messages, for the floor after the poll
        mail = messages(args.messages)
        for who in (user, again):
            dovecot.write_maildir(who, mail)
            dovecot.count(who)  # let Dovecot index the new mail before anything is timed
        cpu = time.process_time()
        n_floor, t_floor = baseline(dovecot, user, args.batch_size)
        cpu_floor = time.process_time() - cpu
        work = Path(tmp)
        config = parse_config(config_data(dovecot, user, work, batch_size=args.batch_size, timeout_s=60),
                              base=work, path=None)
        store = Store.open(config.database_url)  # migrations run before the clock starts
        if statements is not None:
            statements.clear()  # the migrations and the floor are not the poll's
        started, cpu, workers_cpu = time.perf_counter(), time.process_time(), _forkserver_children_cpu()
        with _waits_for_results() as waited:
            [report] = poll_once(config, store)
        t_poll, cpu_poll = time.perf_counter() - started, time.process_time() - cpu
        workers_cpu = _forkserver_children_cpu() - workers_cpu
        left = dovecot.count(user, "INBOX")
        _, t_after = baseline(dovecot, again, args.batch_size)
    print(f"messages {args.messages} (corpus: {', '.join(str(c) for c in CORPORA if c.is_dir())}), "
          f"batch size {args.batch_size}")
    print(f"  floor (imapclient batched fetch + stdlib parse): {n_floor} in {t_floor:.2f} s before the poll, "
          f"{t_after:.2f} s after it (of another mailbox of the same messages); their mean is the floor")
    t_floor = (t_floor + t_after) / 2
    print(f"  intake poll into the queue, replies queued:      {report.total} in {t_poll:.2f} s "
          f"({dict(report.counts)}; inbox left {left}; error {report.error})")
    print(f"  poll / floor: {t_poll / t_floor:.2f}x (target 4x)")
    print(f"  CPU of this process (the IMAP session, the database, the replies; parsing is in the "
          f"workers): floor {cpu_floor:.2f} s, poll {cpu_poll:.2f} s "
          f"({1000 * cpu_poll / max(report.total, 1):.2f} ms per message)")
    print(f"  CPU of the parse workers (and what they started), ended with the poll: {workers_cpu:.2f} s "
          f"({1000 * workers_cpu / max(report.total, 1):.2f} ms per message); both processes' CPU "
          f"over the wall time: {(cpu_poll + workers_cpu) / t_poll:.2f} of {len(os.sched_getaffinity(0))} "
          f"CPUs")
    print(f"  wall time this process waited for parse results: {waited[0]:.2f} s "
          f"({100 * waited[0] / t_poll:.0f}% of the poll)")
    if statements is not None:
        _print_statements(statements, report.total)


def _count_statements() -> collections.Counter[str]:
    """Count every statement any engine of this process runs, by its shape (from now on)."""
    import sqlalchemy as sa

    seen: collections.Counter[str] = collections.Counter()

    def count(conn: object, cursor: object, statement: str, *args: object) -> None:
        seen[_SHAPE.sub("?", " ".join(statement.split()))[:110]] += 1

    sa.event.listen(sa.engine.Engine, "before_cursor_execute", count)
    return seen


_SHAPE = re.compile(r"\((?:\?|, )+\)|'[^']*'|\b\d+\b")


def _print_statements(seen: collections.Counter[str], total: int) -> None:
    n = sum(seen.values())
    print(f"  statements: {n} ({n / max(total, 1):.1f} per message), by shape:")
    for shape, count in seen.most_common(30):
        print(f"    {count / max(total, 1):6.2f}  {shape}")


@contextlib.contextmanager
def _waits_for_results() -> Iterator[list[float]]:
    """The wall seconds spent in ``ParsePool.result`` while inside (one float, in a list filled on
    the way out): the recording waiting for a message's parse, in order."""
    from intake.isolation import ParsePool

    waited = [0.0]
    result = ParsePool.result

    def timed(self: ParsePool, ticket: int) -> Any:
        started = time.perf_counter()
        try:
            return result(self, ticket)
        finally:
            waited[0] += time.perf_counter() - started

    ParsePool.result = timed  # type: ignore[method-assign]
    try:
        yield waited
    finally:
        ParsePool.result = result  # type: ignore[method-assign]


def _forkserver_children_cpu() -> float:
    """CPU seconds of the processes the parse pool's fork server (a child of this process, started
    with the first pool) has waited for: the parse workers, with what they waited for, such as
    LibreOffice (``cutime`` + ``cstime`` of /proc/PID/stat); 0.0 before it has started."""
    me = str(os.getpid())
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if fields[1] == me and b"forkserver" in (stat.parent / "cmdline").read_bytes():
                return (int(fields[13]) + int(fields[14])) / os.sysconf("SC_CLK_TCK")
        except OSError:  # the process ended meanwhile
            continue
    return 0.0


if __name__ == "__main__":
    main()
