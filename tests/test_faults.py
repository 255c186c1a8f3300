"""The fault run's short version (benchmarks/faults.py runs the long one): 40 messages through
one ``intake run`` worker against Dovecot, aiosmtpd and SQLite, reached through fault relays,
while one fault of each kind hits it (kills at chosen and random points, cuts, stalls and
trickles, a Dovecot restart, 4xx and 5xx periods, a lock holder, a crashing message and one that
kills the worker), with stalls, outages and the worker's network timeouts cut to a fifth. Every
message is stored once and filed where it belongs, every reply is delivered, and a reply goes
twice only when a fault fell between the server's 250 and the commit."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.faultrun import KINDS, FaultRun, running_sink, sqlite_url
from tests.fixtures.dovecot import Dovecot

MESSAGES = 40


@pytest.mark.slow
def test_forty_messages_through_one_fault_of_each_kind_are_each_stored_filed_and_answered_once(
        dovecot: Dovecot, tmp_path: Path) -> None:
    with running_sink() as sink:
        run = FaultRun(dovecot, sink, sqlite_url(tmp_path), tmp_path, messages=MESSAGES, faults=len(KINDS),
                       seed=7, scale=0.2, drain_s=90)
        try:
            tally = run.run()
        finally:
            run.close()
    print(f"\n{tally.details}\n{tally.line()}")
    assert tally.details["faults"] == dict.fromkeys(KINDS, 1)
    assert tally.messages == MESSAGES + 2  # and the crashing message, and the one killing the worker
    assert (tally.stored, tally.duplicates, tally.lost, tally.misfiled) == (tally.messages, 0, 0, 0), \
        (tally.line(), (tmp_path / "worker.log").read_text(errors="replace")[-4000:])
    assert tally.replies_due == tally.messages  # an acknowledgement or, for a failed one, the notice
    assert tally.sent == tally.replies_due and tally.outside_window == 0, tally.line()
    assert tally.details["unexpected_exits"] == []
    assert tally.ok
