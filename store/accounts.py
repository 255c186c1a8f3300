"""Set-password links of staff accounts: an administrator invites a reviewer, or resets a password,
and the account's owner follows the link to choose a password.

A link carries a random token (32 bytes, URL-safe); only its SHA-256 is stored (:class:`AccountToken`),
so a copy of the database opens no account. A token works once, until it expires, and issuing a new
one for the same account withdraws every unused older one. Functions take an open session and never
commit; they know nothing of email or of how a password is hashed.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlmodel import Session, col, select

from store.models import AccountToken, User, utcnow
from store.review import ReviewError, add_user, end_sessions, find_user

PURPOSES = ("invite", "reset")
NO_PASSWORD = "!"
"""The password hash of an invited account that has not chosen a password: no password matches it."""


@dataclass(frozen=True)
class IssuedLink:
    """A freshly issued token (``token`` is the secret part of the link, shown once) for ``user``."""

    user: User
    token: str
    expires_at: datetime


def token_digest(token: str) -> str:
    """The SHA-256 (hex) of ``token``, as stored."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def has_password(user: User) -> bool:
    """False for an invited account whose owner has not yet chosen a password."""
    return user.password_hash != NO_PASSWORD


def invite(session: Session, email: str, *, role: str, actor: str, valid_for: timedelta,
           now: datetime | None = None) -> IssuedLink:
    """Create the account ``email`` without a password and issue its invitation link. Raises
    :class:`ReviewError` for a taken address or an unknown role."""
    user = add_user(session, email, role=role, password_hash=NO_PASSWORD)
    return issue(session, user, "invite", actor=actor, valid_for=valid_for, now=now)


def issue(session: Session, user: User, purpose: str, *, actor: str, valid_for: timedelta,
          now: datetime | None = None) -> IssuedLink:
    """A new link of ``purpose`` (``invite`` or ``reset``) for ``user``; unused older links of the
    account stop working. Raises :class:`ReviewError` for a disabled account."""
    if purpose not in PURPOSES:
        raise ReviewError(f"purpose must be one of {', '.join(PURPOSES)}, not {purpose!r}")
    if not user.active:
        raise ReviewError(f"the account {user.email} is disabled; enable it first")
    now = now or utcnow()
    _withdraw(session, user, now)
    token = secrets.token_urlsafe(32)
    assert user.id is not None
    row = AccountToken(user_id=user.id, purpose=purpose, token_sha256=token_digest(token), created_by=actor,
                       created_at=now, expires_at=now + valid_for)
    session.add(row)
    session.flush()
    return IssuedLink(user=user, token=token, expires_at=row.expires_at)


def _withdraw(session: Session, user: User, now: datetime) -> None:
    rows = session.exec(select(AccountToken).where(AccountToken.user_id == user.id,
                                                   col(AccountToken.used_at).is_(None))).all()
    for row in rows:
        row.used_at = now
        session.add(row)


def _aware(t: datetime) -> datetime:
    """SQLite returns naive datetimes; ours are always UTC."""
    return t.replace(tzinfo=UTC) if t.tzinfo is None else t


def check(session: Session, token: str, *, now: datetime | None = None) -> tuple[AccountToken, User]:
    """The token row and its account when ``token`` may still be used; raises :class:`ReviewError`
    with a sentence for the person holding the link otherwise (unknown, used, expired, disabled)."""
    now = now or utcnow()
    row = session.exec(select(AccountToken).where(AccountToken.token_sha256 == token_digest(token))
                       ).first() if 20 <= len(token) <= 100 else None
    if row is None:
        raise ReviewError("This link is not valid. Ask an administrator for a new one.")
    if row.used_at is not None:
        raise ReviewError("This link has already been used. Ask an administrator for a new one.")
    if _aware(row.expires_at) <= now:
        raise ReviewError("This link has expired. Ask an administrator for a new one.")
    user = session.get(User, row.user_id)
    if user is None or not user.active:
        raise ReviewError("This account is disabled. Ask an administrator.")
    return row, user


def redeem(session: Session, token: str, password_hash: str, *, now: datetime | None = None) -> User:
    """Set the password of the token's account to ``password_hash`` and use the token up (every
    session of the account ends). Raises :class:`ReviewError` as :func:`check` does."""
    now = now or utcnow()
    row, user = check(session, token, now=now)
    row.used_at = now
    session.add(row)
    user.password_hash = password_hash
    end_sessions(session, user)
    return user


def pending(session: Session, *, now: datetime | None = None) -> dict[int, AccountToken]:
    """The newest unused, unexpired link of each account that has one, by user id."""
    now = now or utcnow()
    rows = session.exec(select(AccountToken).where(col(AccountToken.used_at).is_(None))
                        .order_by(col(AccountToken.id))).all()
    return {r.user_id: r for r in rows if _aware(r.expires_at) > now}


def user_for(session: Session, email: str) -> User:
    """The account ``email``; raises :class:`ReviewError` when there is none."""
    user = find_user(session, email)
    if user is None:
        raise ReviewError(f"no account for {email}")
    return user
