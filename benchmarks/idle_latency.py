"""From a submission's arrival in the mailbox to its acknowledgement at the SMTP server, with IMAP
IDLE, against a real Dovecot and an aiosmtpd server on 127.0.0.1.

The worker (``intake run``'s :class:`intake.worker.Worker`, scheduled polls an hour apart so only
IDLE can bring mail in) watches a Dovecot INBOX; ``--arrivals`` submissions are APPENDed one at a
time, each after the previous one's acknowledgement came. The time from the APPEND's completion to
the acknowledgement's DATA at the SMTP server is printed per arrival, with the median and the
largest, next to the targets (median <= 1.0 s, max <= 2 s); exits 1 when either is missed.

    python benchmarks/idle_latency.py [--arrivals 20]
"""

from __future__ import annotations

import argparse
import logging
import queue
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from aiosmtpd.controller import Controller  # noqa: E402
from aiosmtpd.smtp import SMTP as SMTPServer  # noqa: E402
from aiosmtpd.smtp import Envelope, Session  # noqa: E402

from intake.config import parse_config  # noqa: E402
from intake.worker import Worker  # noqa: E402
from store.db import Store  # noqa: E402
from tests.fixtures.dovecot import running_dovecot, running_idp  # noqa: E402
from tests.fixtures.mailflow import config_data, submission  # noqa: E402
from tests.fixtures.smtp import free_port  # noqa: E402


class Stamps:
    """aiosmtpd handler: when each message's DATA arrived, with its recipients."""

    def __init__(self) -> None:
        self.got: queue.Queue[tuple[float, list[str]]] = queue.Queue()

    async def handle_DATA(self, server: SMTPServer, session: Session, envelope: Envelope) -> str:
        self.got.put((time.monotonic(), list(envelope.rcpt_tos)))
        return "250 OK"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--arrivals", type=int, default=20, help="submissions to send (default 20)")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    stamps = Stamps()
    smtp = Controller(stamps, hostname="127.0.0.1", port=free_port())
    smtp.start()
    took: list[float] = []
    with running_idp() as idp, running_dovecot(idp) as dovecot, tempfile.TemporaryDirectory() as tmp:
        user = dovecot.new_user("lat")[0]
        top: dict[str, Any] = {"worker": {"poll_interval_s": 3600, "send_interval_s": 3600},
                               "smtp": {"transport": "smtp", "host": "127.0.0.1", "port": smtp.port,
                                        "security": "none", "timeout_s": 5.0,
                                        "from_addr": "casestudies@example.org"}}
        config = parse_config(config_data(dovecot, user, Path(tmp), idle=True, top=top), base=Path(tmp),
                              path=None)
        worker = Worker(config, Store.open(config.database_url))

        def drive() -> None:
            try:
                deadline = time.monotonic() + 30
                while "IDLE" not in dovecot.rawlog_commands(user) and time.monotonic() < deadline:
                    time.sleep(0.05)
                time.sleep(0.2)
                for n in range(args.arrivals):
                    dovecot.append(user, [submission(n)])
                    arrived = time.monotonic()
                    at, rcpts = stamps.got.get(timeout=30)
                    assert rcpts == [f"person{n}@library{n}.example.org"], rcpts
                    took.append(at - arrived)
                    print(f"arrival {n + 1:2d}: acknowledged after {took[-1]:.3f} s", flush=True)
            finally:
                worker.request_stop()

        threading.Thread(target=drive, daemon=True).start()
        worker.run()
    smtp.stop()
    if len(took) < args.arrivals:
        print(f"only {len(took)} of {args.arrivals} arrivals were acknowledged")
        return 1
    median, largest = statistics.median(took), max(took)
    print(f"arrival to acknowledgement over {len(took)} arrivals: median {median:.3f} s (target 1.0), "
          f"max {largest:.3f} s (target 2.0)")
    return 0 if median <= 1.0 and largest <= 2.0 else 1


if __name__ == "__main__":
    sys.exit(main())
