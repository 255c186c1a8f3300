"""How long a poll that finds nothing new takes with 10,000 processed messages in the folder, next
to an empty folder, against a real Dovecot on 127.0.0.1.

Two Dovecot accounts: one with an empty INBOX, one whose INBOX holds ``--messages`` small messages
(written straight into the Maildir, then indexed by Dovecot) that the database already records as
processed (one finished mailbox key each), as after ``after = "none"`` or ``"seen"``. Each is
polled ``--runs`` times, alternating between the two, after one warm-up poll of each; prints the
median of each, the ratio, and the IMAP commands the full account's timed polls sent (Dovecot's
rawlog): one UID SEARCH per poll and no FETCH.

By default each poll is the long-running worker's: :func:`intake.cycle.poll_mailbox` in this process
(one connection, SELECT, UID SEARCH: above the mark of finished UIDs that the warm-up's
whole-folder scan kept in the database). With ``--one-shot`` each is a cron-style ``intake poll``: a new
Python process that loads the configuration from its file and runs :func:`intake.cycle.poll_once`;
it prints the time of that call, measured inside the process, and the process's whole wall time.

The timed polls start ``--settle`` seconds after the full folder's Maildir last changed (the
warm-up's SELECT moves the new messages from new/ to cur/). Dovecot re-reads a Maildir's cur/ at
every SELECT while the directory's mtime is within a second of the clock (``MAILDIR_SYNC_SECS``,
src/lib-storage/index/maildir/maildir-sync.c), 10 ms for 10,000 files here; a folder that is
idle, the case measured, changed longer ago than that. ``--settle 0`` measures that window.

    python benchmarks/idle_poll.py [--messages 10000] [--runs 15] [--one-shot] [--settle 2]
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402

from intake.config import Config, load_config, parse_config  # noqa: E402
from intake.cycle import poll_mailbox, poll_once  # noqa: E402
from intake.sources.imap import account_of  # noqa: E402
from store.db import Store  # noqa: E402
from store.models import MailboxSeen  # noqa: E402
from tests.fixtures.dovecot import Dovecot, running_dovecot, running_idp  # noqa: E402
from tests.fixtures.mailflow import config_data, toml_text  # noqa: E402


def small(n: int) -> bytes:
    return (f"From: p{n}@example.org\r\nTo: casestudies@example.org\r\nSubject: note {n}\r\n"
            f"Message-ID: <n{n}@example.org>\r\n\r\nHello {n}.\r\n").encode()


@dataclass(frozen=True)
class Account:
    """One Dovecot account with its configuration (also written as ``path``, for ``intake poll``)."""

    config: Config
    store: Store
    user: str
    path: Path


def account(dovecot: Dovecot, root: Path, messages: int) -> Account:
    user = dovecot.new_user("poll")[0]
    root.mkdir()
    data = config_data(dovecot, user, root, after="none")
    path = root / "config.toml"
    path.write_text(toml_text(data))
    config = parse_config(data, base=root, path=None)
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
    return Account(config, store, user, path)


def poll(acc: Account) -> tuple[float, float]:
    """The worker's poll of ``acc`` in this process: (its seconds, the same again)."""
    started = time.perf_counter()
    report = poll_mailbox(acc.config, acc.store, acc.config.mailboxes[0])
    took = time.perf_counter() - started
    assert report.error is None and report.total == 0, (report.error, report.total)
    return took, took


def poll_process(acc: Account) -> tuple[float, float]:
    """``intake poll`` of ``acc`` in a new process: (seconds of its poll_once, of the process)."""
    started = time.perf_counter()
    out = subprocess.run([sys.executable, __file__, "--child", str(acc.path)], capture_output=True,
                         text=True, timeout=120, check=True).stdout
    return float(out.split()[-1]), time.perf_counter() - started


def child(path: Path) -> int:
    """What ``intake poll --config PATH`` does, printing the seconds of its cycle."""
    config = load_config(path)
    store = Store.open(config.database_url)
    started = time.perf_counter()
    [report] = poll_once(config, store)
    took = time.perf_counter() - started
    assert report.error is None and report.total == 0, (report.error, report.total)
    print(f"{took:.6f}")
    return 0


def settle(dovecot: Dovecot, user: str, seconds: float) -> float:
    """Wait until the Maildir of ``user``'s INBOX has not changed for ``seconds``; returns how long
    ago it last changed (its new/, cur/ and uidlist, the mtimes Dovecot compares)."""
    box = dovecot.maildir(user)
    changed = max((box / name).stat().st_mtime for name in ("new", "cur", "dovecot-uidlist"))
    time.sleep(max(0.0, changed + seconds - time.time()))
    return time.time() - changed


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--messages", type=int, default=10_000, help="processed messages (default 10000)")
    ap.add_argument("--runs", type=int, default=15, help="timed polls of each account (default 15)")
    ap.add_argument("--one-shot", action="store_true", help="each poll a new `intake poll` process")
    ap.add_argument("--settle", type=float, default=2.0,
                    help="seconds the full Maildir stays unchanged before the timed polls (default 2)")
    ap.add_argument("--child", type=Path, help=argparse.SUPPRESS)  # one `intake poll` (--one-shot)
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    if args.child is not None:
        return child(args.child)
    run = poll_process if args.one_shot else poll
    with running_idp() as idp, running_dovecot(idp) as dovecot, tempfile.TemporaryDirectory() as tmp:
        empty = account(dovecot, Path(tmp) / "empty", 0)
        started = time.perf_counter()
        full = account(dovecot, Path(tmp) / "full", args.messages)
        print(f"wrote and indexed {args.messages} messages in {time.perf_counter() - started:.1f} s")
        assert dovecot.count(full.user) == args.messages
        run(empty)  # warm-up of both
        run(full)
        quiet = settle(dovecot, full.user, args.settle)
        dovecot.clear_rawlog(full.user)
        times: tuple[list[tuple[float, float]], list[tuple[float, float]]] = ([], [])
        for _ in range(args.runs):
            times[0].append(run(empty))
            times[1].append(run(full))
        commands = Counter(c.split()[1] if c.startswith("UID ") else c.split()[0]
                           for c in dovecot.rawlog_commands(full.user))
    kind = "one-shot `intake poll`" if args.one_shot else "worker's poll"
    e, f = (statistics.median(t[0] for t in ts) for ts in times)
    print(f"idle {kind}, median of {args.runs}, the Maildir unchanged for {quiet:.1f} s: empty folder "
          f"{e * 1000:.1f} ms, {args.messages} processed {f * 1000:.1f} ms, ratio {f / e:.2f}")
    if args.one_shot:
        e, f = (statistics.median(t[1] for t in ts) for ts in times)
        print(f"whole process: empty folder {e * 1000:.0f} ms, {args.messages} processed {f * 1000:.0f} ms, "
              f"ratio {f / e:.2f}")
    print("load average " + " ".join(f"{n:.2f}" for n in os.getloadavg()))
    print(f"commands of the {args.runs} polls of the full folder: "
          + ", ".join(f"{k} {v}" for k, v in sorted(commands.items())))
    ok = commands.get("SEARCH", 0) == args.runs and not commands.get("FETCH")
    print("one UID SEARCH per poll and no FETCH" if ok else "NOT one UID SEARCH per poll without FETCH")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
