"""Sessions, CSRF tokens and the slowing down of failed logins.

The session itself is Starlette's signed cookie (itsdangerous, HttpOnly, SameSite=Lax, Secure when
``web.https``); this module makes its key, puts a CSRF token in it, and checks that token on every
POST. A login throttle counts failures per account and per client address, in the database.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import secrets
import threading
import time
from collections.abc import Callable, Iterable, MutableMapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from store import logins
from store.db import Store

log = logging.getLogger("intake.web")

CSRF_FIELD = "csrf_token"


class SecretKeyError(Exception):
    """The session key file cannot be read or created."""


def load_secret_key(path: Path) -> str:
    """The session-signing key kept in ``path``; the file is created (mode 0600) with a fresh random
    key on first use. Raises :class:`SecretKeyError` when it cannot be read or made, or is too short."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return _read_key(path)
    except OSError as err:
        raise SecretKeyError(f"cannot create the session key file {path}: {err.strerror}") from err
    with os.fdopen(fd, "w", encoding="ascii") as f:
        f.write(secrets.token_urlsafe(48) + "\n")
    log.info("created the session key file %s", path)
    return _read_key(path)


def _read_key(path: Path) -> str:
    try:
        key = path.read_text(encoding="ascii").strip()
        mode = path.stat().st_mode & 0o077
    except (OSError, UnicodeDecodeError) as err:
        raise SecretKeyError(f"cannot read the session key file {path}: {err}") from err
    if len(key) < 32:
        raise SecretKeyError(f"the session key in {path} is shorter than 32 characters")
    if mode:
        log.warning("the session key file %s can be read by other users; chmod 600 it", path)
    return key


def csrf_token(session: MutableMapping[str, Any]) -> str:
    """This session's CSRF token, made on first use."""
    token = session.get("csrf")
    if not isinstance(token, str) or len(token) < 20:
        token = secrets.token_urlsafe(32)
        session["csrf"] = token
    return token


def csrf_ok(session: MutableMapping[str, Any], sent: object) -> bool:
    """True when ``sent`` (the form's token) equals the session's token, compared in constant time."""
    expected = session.get("csrf")
    return (isinstance(sent, str) and isinstance(expected, str) and bool(expected)
            and hmac.compare_digest(sent.encode(), expected.encode()))


def hash_fingerprint(password_hash: str) -> str:
    """A short digest of a password hash kept in the session: changing the password (or a rehash)
    ends every session made with the old one."""
    return hashlib.sha256(password_hash.encode()).hexdigest()[:16]


def safe_next(target: str | None) -> str:
    """``target`` when it is a path inside this site ("/..."), else ``"/"`` (no open redirects)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


class FailureRecords(Protocol):
    """Where the throttle keeps its counts: ``{key: (count, last_at)}``."""

    def get(self, keys: list[str]) -> dict[str, tuple[int, float]]: ...

    def add(self, keys: list[str], at: float) -> None: ...

    def clear(self, keys: list[str]) -> None: ...

    def prune(self, before: float) -> None: ...


@dataclass
class MemoryRecords:
    """Counts in this process only (tests, and a throttle that must not touch the database)."""

    max_keys: int = 10_000
    _records: dict[str, tuple[int, float]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def get(self, keys: list[str]) -> dict[str, tuple[int, float]]:
        with self._lock:
            return {k: self._records[k] for k in keys if k in self._records}

    def add(self, keys: list[str], at: float) -> None:
        with self._lock:
            if len(self._records) >= self.max_keys:  # full: drop the oldest half
                oldest = sorted(self._records, key=lambda k: self._records[k][1])
                for k in oldest[: len(oldest) // 2]:
                    del self._records[k]
            for k in keys:
                count, _last = self._records.get(k, (0, 0.0))
                self._records[k] = (count + 1, at)

    def clear(self, keys: list[str]) -> None:
        with self._lock:
            for k in keys:
                self._records.pop(k, None)

    def prune(self, before: float) -> None:
        with self._lock:
            for k in [k for k, (_c, last) in self._records.items() if last < before]:
                del self._records[k]


@dataclass
class StoreRecords:
    """Counts in the database (:mod:`store.logins`): they survive a restart of the web app and are
    shared by every web process of the installation."""

    store: Store

    def get(self, keys: list[str]) -> dict[str, tuple[int, float]]:
        with self.store.session() as s:
            return logins.failures(s, keys)

    def add(self, keys: list[str], at: float) -> None:
        with self.store.session() as s:
            logins.add_failure(s, keys, at)

    def clear(self, keys: list[str]) -> None:
        with self.store.session() as s:
            logins.clear_failures(s, keys)

    def prune(self, before: float) -> None:
        with self.store.session() as s:
            logins.forget_failures_before(s, before)


@dataclass
class LoginThrottle:
    """Failed-login counts per key (``"account:<email>"``, ``"ip:<address>"``).

    After ``free`` failures a key is locked for ``base_lock_s`` seconds, doubling with each further
    failure up to ``max_lock_s``. Accounts get ``free_account`` tries, client addresses (which may be
    a proxy shared by everyone) ``free_ip``. An address that has no account is counted like one that
    has, so the answers cannot tell which exist. ``records`` is where the counts live: in memory by
    default; the web app keeps them in the database (:class:`StoreRecords`), so a restart keeps them.
    """

    free_account: int = 5
    free_ip: int = 30
    base_lock_s: float = 15.0
    max_lock_s: float = 900.0
    clock: Callable[[], float] = time.time
    records: FailureRecords = field(default_factory=MemoryRecords)

    def retry_after(self, keys: Iterable[str]) -> float:
        """Seconds until a login may be tried for these keys; 0 when it may be tried now."""
        wanted = list(keys)
        now = self.clock()
        found = self.records.get(wanted)
        return max((self._wait(k, found.get(k), now) for k in wanted), default=0.0)

    def failed(self, keys: Iterable[str]) -> None:
        """Count one failure against each key (and forget keys quiet for longer than a lock)."""
        now = self.clock()
        self.records.prune(now - self.max_lock_s)
        self.records.add(list(keys), now)

    def succeeded(self, keys: Iterable[str]) -> None:
        """Forget the failures of these keys."""
        self.records.clear(list(keys))

    def _wait(self, key: str, rec: tuple[int, float] | None, now: float) -> float:
        free = self.free_ip if key.startswith("ip:") else self.free_account
        if rec is None or rec[0] < free:
            return 0.0
        count, last = rec
        lock = min(self.max_lock_s, self.base_lock_s * 2 ** (count - free))
        return max(0.0, last + lock - now)
