"""Messages per second from an IMAP mailbox into the review queue, next to a bare baseline.

Starts a private Dovecot on 127.0.0.1 (the test fixture's, tests/fixtures/dovecot.py; needs
``dovecot-imapd``), fills one mailbox with ``--messages`` small "Label: value" submissions, then in
the same run measures:

* baseline: imapclient alone, one UID SEARCH, ``BODY.PEEK[]`` fetched ``--batch-size`` at a time,
  each message parsed with the stdlib (``email.message_from_bytes`` + ``get_body``);
* end to end: ``intake.cycle.poll_once`` over the same mailbox into a fresh SQLite store: search,
  batched fetch, extraction, validation, one transaction per message, MOVE to Processed.

    python benchmarks/imap_throughput.py [--messages 1000] [--batch-size 50] [--no-replies]
"""

from __future__ import annotations

import argparse
import email
import email.policy
import logging
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from imapclient import IMAPClient  # noqa: E402 - the baseline deliberately bypasses intake.mailbox

from intake.config import parse_config  # noqa: E402
from intake.cycle import poll_once  # noqa: E402
from store.db import Store  # noqa: E402
from tests.fixtures.dovecot import Dovecot, running_dovecot, running_idp  # noqa: E402
from tests.fixtures.mailflow import config_data, submission  # noqa: E402


def baseline(dovecot: Dovecot, user: str, batch_size: int) -> tuple[int, float]:
    """Fetch and parse every message with imapclient + stdlib; returns (count, seconds)."""
    started = time.perf_counter()
    n = 0
    with IMAPClient(dovecot.host, port=dovecot.port, ssl=False, timeout=30) as c:
        c.login(user, dovecot.password(user))
        c.select_folder("INBOX", readonly=True)
        uids = c.search(["NOT", "DELETED"])
        for i in range(0, len(uids), batch_size):
            for data in c.fetch(uids[i:i + batch_size], ["BODY.PEEK[]"]).values():
                msg = email.message_from_bytes(data[b"BODY[]"], policy=email.policy.default)
                body = msg.get_body(("plain", "html"))  # type: ignore[attr-defined]
                if body is not None:
                    body.get_content()
                n += 1
    return n, time.perf_counter() - started


def end_to_end(dovecot: Dovecot, user: str, batch_size: int, work: Path, *,
               replies: bool) -> tuple[int, float]:
    """One ``poll_once`` into a fresh store; returns (messages stored, seconds)."""
    data = config_data(dovecot, user, work, batch_size=batch_size, timeout_s=60,
                       top={"replies": {"enabled": replies}})
    config = parse_config(data, base=work, path=None)
    store = Store.open(config.database_url)  # migrations run before the clock starts
    started = time.perf_counter()
    [report] = poll_once(config, store)
    elapsed = time.perf_counter() - started
    if report.error:
        raise SystemExit(f"end-to-end run failed: {report.error}")
    return report.stored, elapsed


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--messages", type=int, default=1000)
    ap.add_argument("--batch-size", type=int, default=50)
    ap.add_argument("--no-replies", action="store_true", help="Turn acknowledgements off (measures the "
                    "mailbox and pipeline without composing replies).")
    args = ap.parse_args()
    logging.basicConfig(level=logging.ERROR)
    with running_idp() as idp, running_dovecot(idp) as dovecot, tempfile.TemporaryDirectory() as tmp:
        user, _ = dovecot.new_user("bench")
        dovecot.write_maildir(user, (submission(n) for n in range(args.messages)))
        dovecot.count(user)  # let Dovecot index the new mail before anything is timed
        n_base, t_base = baseline(dovecot, user, args.batch_size)
        n_e2e, t_e2e = end_to_end(dovecot, user, args.batch_size, Path(tmp), replies=not args.no_replies)
        left = dovecot.count(user, "INBOX")
    rate_base, rate_e2e = n_base / t_base, n_e2e / t_e2e
    print(f"messages: {args.messages}, batch size {args.batch_size}, Dovecot on 127.0.0.1, "
          f"acknowledgements {'off' if args.no_replies else 'on'}")
    print(f"  bare imapclient fetch + stdlib parse: {n_base:6d} in {t_base:6.2f} s = {rate_base:8.1f} msg/s")
    print(f"  end to end into the queue (poll):     {n_e2e:6d} in {t_e2e:6.2f} s = {rate_e2e:8.1f} msg/s")
    print(f"  end to end / bare: {rate_e2e / rate_base:.2f}   (inbox left: {left})")


if __name__ == "__main__":
    main()
