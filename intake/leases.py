"""Which worker polls which mailbox: lease keeping for ``intake run`` and ``intake poll`` alike.

Every cycle over a mailbox happens under that mailbox's lease (:mod:`store.leases`), so two
processes never poll one mailbox at once, whether they are two ``intake run`` workers sharing a
PostgreSQL database, or an ``intake poll`` started beside a running worker.

A :class:`LeaseKeeper` runs in each worker: every third of ``worker.lease_s`` it announces the
worker, renews the leases it holds, gives up those above its share (about ``mailboxes / workers``)
and takes free or expired ones up to its share. A worker that dies stops renewing: its leases run
out after ``lease_s`` and the others take them over (at once when it ran on the same machine:
:func:`holder_is_gone`); a new worker is counted at the next renewal
of the others, which then release what is above the new share. Every transaction of a cycle ends
with :meth:`Holding.fence`, and every move in the mailbox is preceded by one, so a worker whose
lease was taken over (a partition, a long pause) can neither commit nor move a message.
"""

from __future__ import annotations

import hashlib
import logging
import os
import socket
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlmodel import Session

from intake.sources import Disposition, Fetched, SeenIndex, Source
from store import leases
from store.db import Store, unavailable_reason
from store.leases import Lease, LeaseLost

log = logging.getLogger("intake.worker")


def worker_identity() -> str:
    """This process as a lease holder: ``host:pid``."""
    return f"{socket.gethostname()}:{os.getpid()}"


def holder_is_gone(holder: str) -> bool:
    """Whether ``holder`` (``host:pid``) is a process of this machine that no longer runs, so its
    lease is taken over at once instead of waited out (a killed ``intake poll`` or ``run``). A
    holder on another machine is never known to be gone: its lease expires."""
    host, _, pid = holder.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # a live process of another user
        return False
    return False


@dataclass
class Holding:
    """A lease this process holds. ``lost`` turns True once another worker took it over;
    ``release_wanted`` when the keeper wants it given up after the current cycle."""

    store: Store
    lease: Lease
    ttl_s: float
    lost: bool = False
    release_wanted: bool = False
    busy: bool = False

    @property
    def name(self) -> str:
        return self.lease.name

    def fence(self, session: Session) -> None:
        """Renew the lease inside ``session``'s transaction; raises :class:`LeaseLost` (rolling
        the transaction back) when another worker holds it now."""
        if self.lost or not leases.renew(session, self.lease, self.ttl_s):
            self.lost = True
            raise LeaseLost(f"mailbox {self.name}: lease (generation {self.lease.generation}) "
                            "was taken over by another worker")

    def verify(self) -> None:
        """:meth:`fence` in a transaction of its own (before acting on the mailbox)."""
        with self.store.session() as s:
            self.fence(s)

    def should_stop(self) -> bool:
        return self.lost or self.release_wanted


class FencedSource:
    """A source whose post-actions (moves) happen only while the lease is still held."""

    def __init__(self, inner: Source, holding: Holding) -> None:
        self.inner = inner
        self.holding = holding
        self.name = inner.name

    def fetch(self, seen: SeenIndex) -> Iterator[Fetched]:
        return self.inner.fetch(seen)

    def finish(self, items: Sequence[Fetched], disposition: Disposition) -> None:
        self.holding.verify()
        self.inner.finish(items, disposition)


@dataclass
class LeaseKeeper:
    """The leases of one process over ``mailboxes``.

    ``announce`` counts this process among the workers sharing the mailboxes (``intake run``);
    ``intake poll`` does not announce itself and takes every mailbox that is free (``greedy``).
    """

    store: Store
    mailboxes: list[str]
    ttl_s: float
    holder: str = field(default_factory=worker_identity)
    announce: bool = True
    greedy: bool = False
    held: dict[str, Holding] = field(default_factory=dict)
    _lock: threading.RLock = field(default_factory=threading.RLock)
    _last_tick: float = 0.0
    _db_failing: bool = False

    # -- one round -----------------------------------------------------------------------------

    def tick(self) -> None:
        """Announce, renew, give up what is above the share, take what is free up to it.
        A database fault is logged once per outage, never raised (the leases then keep their
        state: the renewal after the reconnect finds whether another worker took them over)."""
        with self._lock:
            self._last_tick = time.monotonic()
            try:
                self._tick()
            except Exception as err:
                if not self._db_failing:
                    log.warning("leases: the database cannot take the leases (%s); retrying",
                                unavailable_reason(err) or type(err).__name__)
                self._db_failing = True
                return
            if self._db_failing:
                log.warning("leases: the database answers again; %d mailbox(es) held", len(self.held))
            self._db_failing = False

    def tick_if_due(self) -> None:
        """:meth:`tick` unless one ran less than a third of the lease ago."""
        if time.monotonic() - self._last_tick >= self.ttl_s / 3:
            self.tick()

    def _tick(self) -> None:
        workers = [self.holder]
        if self.announce:
            with self.store.session() as s:
                leases.announce(s, self.holder, self.ttl_s)
                # A worker of this machine killed since its last announcement counts no more: its
                # mailboxes are shared out at once (its leases are taken at once, see try_take).
                workers = [w for w in leases.live_workers(s)
                           if w == self.holder or not holder_is_gone(w)] or [self.holder]
        for name, h in list(self.held.items()):
            with self.store.session() as s:
                ok = leases.renew(s, h.lease, self.ttl_s)
            if not ok:
                h.lost = True
                del self.held[name]
                log.warning("mailbox %s: another worker took the lease over; no longer polled here", name)
        share = len(self.mailboxes) if self.greedy else self.share(workers)
        self._give_up_above(share)
        if len(self.held) < share:
            self._take_up_to(share)

    def share(self, workers: list[str]) -> int:
        """How many mailboxes this worker should hold among ``workers`` (sorted ids): ``M // W``,
        one more for the first ``M % W`` workers, so the shares add up to the mailboxes exactly."""
        m, w = len(self.mailboxes), max(1, len(workers))
        rank = workers.index(self.holder) if self.holder in workers else w - 1
        return m // w + (1 if rank < m % w else 0)

    def _give_up_above(self, share: int) -> None:
        extra = len(self.held) - share
        for name in sorted(self.held, key=lambda n: (self.held[n].busy, n)):
            if extra <= 0:
                return
            h = self.held[name]
            if h.busy:
                h.release_wanted = True  # released when its cycle ends
            else:
                self._release(h)
            extra -= 1

    def _take_up_to(self, share: int) -> None:
        # Each worker starts at a different mailbox, so two starting together rarely collide.
        start = int(hashlib.sha256(self.holder.encode()).hexdigest(), 16) % max(1, len(self.mailboxes))
        for name in self.mailboxes[start:] + self.mailboxes[:start]:
            if len(self.held) >= share:
                return
            if name in self.held:
                continue
            with self.store.session() as s:
                lease = leases.try_take(s, name, self.holder, self.ttl_s, gone=holder_is_gone)
            if lease is not None:
                self.held[name] = Holding(self.store, lease, self.ttl_s)
                log.debug("mailbox %s: lease taken (generation %d)", name, lease.generation)

    def _release(self, h: Holding) -> None:
        self.held.pop(h.name, None)
        try:
            with self.store.session() as s:
                leases.release(s, h.lease)
            log.debug("mailbox %s: lease given up for another worker", h.name)
        except Exception:  # it runs out by itself
            log.warning("mailbox %s: cannot release the lease; it expires in %g s", h.name, self.ttl_s)

    # -- using a lease -------------------------------------------------------------------------

    @contextmanager
    def using(self, name: str) -> Iterator[Holding | None]:
        """The holding of ``name`` while a cycle runs on it; ``None`` when this process does not
        hold it. A lease the keeper wanted to give up meanwhile is released at the end."""
        with self._lock:
            h = self.held.get(name)
            if h is not None:
                h.busy = True
        try:
            yield h
        finally:
            if h is not None:
                with self._lock:
                    h.busy = False
                    if h.lost:
                        self.held.pop(name, None)
                    elif h.release_wanted:
                        h.release_wanted = False
                        self._release(h)

    def run(self, stop: threading.Event) -> None:
        """Tick every third of the lease until ``stop`` is set (the keeper thread's body)."""
        while not stop.wait(self.ttl_s / 3):
            self.tick()

    def release_all(self) -> None:
        """Give every lease up and withdraw this worker (a clean stop)."""
        with self._lock:
            for h in list(self.held.values()):
                self._release(h)
            if self.announce:
                try:
                    with self.store.session() as s:
                        leases.withdraw(s, self.holder)
                except Exception:
                    log.debug("cannot withdraw worker %s", self.holder, exc_info=True)


def lease_holders(store: Store) -> dict[str, str]:
    """Mailbox name -> the worker holding its unexpired lease (free mailboxes are left out)."""
    with store.session() as s:
        return {lease.name: lease.holder for lease in leases.held_by_others(s, "") if lease.holder}


__all__ = ["FencedSource", "Holding", "LeaseKeeper", "LeaseLost", "holder_is_gone", "lease_holders",
           "worker_identity"]
