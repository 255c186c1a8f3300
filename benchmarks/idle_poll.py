"""How long a poll that finds nothing new takes with 10,000 processed messages in the folder, next
to an empty folder, against a real Dovecot on 127.0.0.1.

Two Dovecot accounts: one with an empty INBOX, one whose INBOX holds ``--messages`` small messages
(written straight into the Maildir, then indexed by Dovecot) that the database already records as
processed (one finished mailbox key each), as after ``after = "none"`` or ``"seen"``. Each is
polled ``--runs`` times by :func:`intake.cycle.poll_mailbox` (one connection, SELECT, UID SEARCH:
after the warm-up's whole-folder scan, only above the finished UIDs' mark),
alternating between the two; prints the median of each, the ratio, and the IMAP commands the full
account's polls sent (Dovecot's rawlog): one UID SEARCH per poll and no FETCH.

    python benchmarks/idle_poll.py [--messages 10000] [--runs 15]
"""

from __future__ import annotations

import argparse
import logging
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402

from intake.config import Config, parse_config  # noqa: E402
from intake.cycle import poll_mailbox  # noqa: E402
from intake.sources.imap import account_of  # noqa: E402
from store.db import Store  # noqa: E402
from store.models import MailboxSeen  # noqa: E402
from tests.fixtures.dovecot import Dovecot, running_dovecot, running_idp  # noqa: E402
from tests.fixtures.mailflow import config_data  # noqa: E402


def small(n: int) -> bytes:
    return (f"From: p{n}@example.org\r\nTo: casestudies@example.org\r\nSubject: note {n}\r\n"
            f"Message-ID: <n{n}@example.org>\r\n\r\nHello {n}.\r\n").encode()


def account(dovecot: Dovecot, root: Path, messages: int) -> tuple[Config, Store, str]:
    user = dovecot.new_user("poll")[0]
    root.mkdir()
    config = parse_config(config_data(dovecot, user, root, after="none"), base=root, path=None)
    store = Store.open(config.database_url)
    if messages:
        dovecot.write_maildir(user, (small(n) for n in range(messages)))
        dovecot.doveadm("index", "-u", user, "INBOX")
        validity = dovecot.uidvalidity(user)
        cfg = config.mailboxes[0]
        rows = [{"account": account_of(cfg), "folder": cfg.folder, "uidvalidity": validity, "uid": str(uid),
                 "sha256": f"{uid:064d}", "message_id": None, "message_row_id": None, "finished": True}
                for uid in range(1, messages + 1)]
        with store.session() as s:
            s.execute(sa.insert(MailboxSeen), rows)
    return config, store, user


def poll(config: Config, store: Store) -> float:
    started = time.perf_counter()
    report = poll_mailbox(config, store, config.mailboxes[0])
    took = time.perf_counter() - started
    assert report.error is None and report.total == 0, (report.error, report.total)
    return took


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--messages", type=int, default=10_000, help="processed messages (default 10000)")
    ap.add_argument("--runs", type=int, default=15, help="timed polls of each account (default 15)")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    with running_idp() as idp, running_dovecot(idp) as dovecot, tempfile.TemporaryDirectory() as tmp:
        empty = account(dovecot, Path(tmp) / "empty", 0)
        started = time.perf_counter()
        full = account(dovecot, Path(tmp) / "full", args.messages)
        print(f"wrote and indexed {args.messages} messages in {time.perf_counter() - started:.1f} s")
        assert dovecot.count(full[2]) == args.messages
        poll(*empty[:2])  # warm-up of both
        poll(*full[:2])
        dovecot.clear_rawlog(full[2])
        times: tuple[list[float], list[float]] = ([], [])
        for _ in range(args.runs):
            times[0].append(poll(*empty[:2]))
            times[1].append(poll(*full[:2]))
        commands = Counter(c.split()[1] if c.startswith("UID ") else c.split()[0]
                           for c in dovecot.rawlog_commands(full[2]))
    e, f = statistics.median(times[0]), statistics.median(times[1])
    print(f"idle poll, median of {args.runs}: empty folder {e * 1000:.1f} ms, {args.messages} processed "
          f"{f * 1000:.1f} ms, ratio {f / e:.2f}")
    print(f"commands of the {args.runs} polls of the full folder: "
          + ", ".join(f"{k} {v}" for k, v in sorted(commands.items())))
    ok = commands.get("SEARCH", 0) == args.runs and not commands.get("FETCH")
    print("one UID SEARCH per poll and no FETCH" if ok else "NOT one UID SEARCH per poll without FETCH")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
