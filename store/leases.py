"""Leases: which worker may poll a mailbox, fenced by a generation number.

A lease is one row per mailbox name (:class:`~store.models.MailboxLease`). A worker takes a free
or expired lease (the generation grows by one), renews it well before it expires, and proves it
still holds it inside every transaction it commits for that mailbox (:func:`renew` in the same
transaction: on PostgreSQL the row lock taken by that UPDATE makes a takeover wait until the
commit, and a takeover that came first makes the UPDATE match nothing). A worker that lost its
lease therefore cannot commit. Times come from the database's clock, never the workers'.

Worker presence rows count the running workers, so each can take its share of the mailboxes.
Functions take an open session and never commit: the caller owns the transaction.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Update, bindparam, delete, literal_column, text, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from store.db import write
from store.models import MailboxLease, WorkerPresence


class LeaseLost(BaseException):  # noqa: N818 (a signal, not an error of one message)
    """The lease this transaction depends on is held by another worker now.

    Deliberately not an :class:`Exception`: the per-message boundary of the pipeline catches
    ``Exception`` to record a bad message as failed, and a lost lease is not a fault of the
    message: the transaction must roll back and the whole cycle on that mailbox must end.
    """


@dataclass(frozen=True)
class Lease:
    """A lease as read: ``holder`` ``None`` means free; ``expires_at`` in database seconds."""

    name: str
    holder: str | None
    generation: int
    expires_at: float


def _clock(session: Session) -> str:
    """The SQL expression of the database server's clock, in seconds since the epoch."""
    if session.get_bind().dialect.name == "postgresql":
        return "extract(epoch FROM clock_timestamp())"
    return "((julianday('now') - 2440587.5) * 86400.0)"


def db_now(session: Session) -> float:
    """The database server's clock, in seconds since the epoch."""
    return float(session.exec(text(f"SELECT {_clock(session)}")).scalar_one())  # type: ignore[call-overload]


def _view(row: MailboxLease) -> Lease:
    return Lease(name=row.name, holder=row.holder, generation=row.generation, expires_at=row.expires_at)


def try_take(session: Session, name: str, holder: str, ttl_s: float,
             gone: Callable[[str], bool] = lambda holder: False) -> Lease | None:
    """Take the lease ``name`` for ``ttl_s`` seconds when it is free, expired, already ``holder``'s,
    or held by a holder that ``gone`` knows has ended (a process on this machine killed before it
    could release: its lease is not waited out).

    Returns the lease held, or ``None`` when another worker holds it (or created it at the same
    moment). A change of holder increments the generation.
    """
    now = db_now(session)
    row = session.exec(select(MailboxLease).where(MailboxLease.name == name).with_for_update()).first()
    if row is None:
        try:
            with session.begin_nested():
                row = MailboxLease(name=name, holder=holder, generation=1, expires_at=now + ttl_s,
                                   taken_at=now)
                session.add(row)
        except IntegrityError:
            return None
        return _view(row)
    if row.holder != holder and row.holder is not None and row.expires_at > now and not gone(row.holder):
        return None
    if row.holder != holder or row.expires_at <= now:
        row.generation += 1
        row.taken_at = now
    row.holder, row.expires_at = holder, now + ttl_s
    session.add(row)
    session.flush()
    return _view(row)


def renew(session: Session, lease: Lease, ttl_s: float) -> bool:
    """Extend ``lease`` by ``ttl_s`` from now if it is still held by the same holder at the same
    generation; False when it was taken over (or released). Also the fence before every commit,
    so it is one statement built once, reading the clock inside the UPDATE."""
    params = {"b_name": lease.name, "b_holder": lease.holder, "b_generation": lease.generation,
              "b_ttl": ttl_s}
    return bool(write(session, _renewal(_clock(session)), params).rowcount == 1)


@functools.cache
def _renewal(clock: str) -> Update:
    return (update(MailboxLease)
            .where(col(MailboxLease.name) == bindparam("b_name"),
                   col(MailboxLease.holder) == bindparam("b_holder"),
                   col(MailboxLease.generation) == bindparam("b_generation"))
            .values(expires_at=literal_column(clock) + bindparam("b_ttl")))


def release(session: Session, lease: Lease) -> bool:
    """Give ``lease`` up (free at once for another worker); False when it was no longer ours."""
    q = (update(MailboxLease)
         .where(col(MailboxLease.name) == lease.name, col(MailboxLease.holder) == lease.holder,
                col(MailboxLease.generation) == lease.generation)
         .values(holder=None, expires_at=0.0))
    return bool(session.exec(q).rowcount == 1)


def all_leases(session: Session) -> list[Lease]:
    """Every lease row, by mailbox name (free ones included)."""
    return [_view(r) for r in session.exec(select(MailboxLease).order_by(col(MailboxLease.name)))]


def held_by_others(session: Session, holder: str) -> list[Lease]:
    """Leases held, unexpired, by a holder other than ``holder`` (empty when none)."""
    now = db_now(session)
    return [lease for lease in all_leases(session)
            if lease.holder is not None and lease.holder != holder and lease.expires_at > now]


def announce(session: Session, worker_id: str, ttl_s: float) -> None:
    """Record (or renew) ``worker_id`` as running for ``ttl_s`` seconds; forget long-dead workers."""
    now = db_now(session)
    row = session.get(WorkerPresence, worker_id) or WorkerPresence(id=worker_id, started_at=now)
    row.expires_at = now + ttl_s
    session.add(row)
    session.exec(delete(WorkerPresence).where(col(WorkerPresence.expires_at) < now - 10 * ttl_s))


def withdraw(session: Session, worker_id: str) -> None:
    """Remove ``worker_id``'s presence row (a clean stop)."""
    session.exec(delete(WorkerPresence).where(col(WorkerPresence.id) == worker_id))


def live_workers(session: Session) -> list[str]:
    """Ids of the workers whose presence has not expired, sorted."""
    now = db_now(session)
    q = select(WorkerPresence.id).where(col(WorkerPresence.expires_at) > now).order_by(col(WorkerPresence.id))
    return list(session.exec(q))
