"""Failed sign-ins per key, kept in the database so that restarting the web app does not reset the
login throttle. The policy (how many tries, how long a lock) lives with the web app; this module
only counts."""

from __future__ import annotations

from collections.abc import Iterable

from sqlmodel import Session, col, delete, select

from store.models import LoginFailure


def failures(session: Session, keys: Iterable[str]) -> dict[str, tuple[int, float]]:
    """``{key: (count, last_at)}`` for the keys that have failures; keys without any are absent."""
    wanted = list(keys)
    rows = session.exec(select(LoginFailure).where(col(LoginFailure.key).in_(wanted))).all()
    return {r.key: (r.count, r.last_at) for r in rows}


def add_failure(session: Session, keys: Iterable[str], at: float) -> None:
    """Count one failure at ``at`` (seconds since the epoch) against each key."""
    for key in keys:
        row = session.get(LoginFailure, key) or LoginFailure(key=key)
        row.count += 1
        row.last_at = at
        session.add(row)


def clear_failures(session: Session, keys: Iterable[str]) -> None:
    """Forget the failures of these keys (after a successful sign-in)."""
    wanted = list(keys)
    session.exec(delete(LoginFailure).where(col(LoginFailure.key).in_(wanted)))  # type: ignore[call-overload]


def forget_failures_before(session: Session, before: float) -> int:
    """Delete failures last seen before ``before``; returns how many keys were forgotten."""
    result = session.exec(delete(LoginFailure).where(col(LoginFailure.last_at) < before))  # type: ignore[call-overload]
    return int(result.rowcount or 0)
