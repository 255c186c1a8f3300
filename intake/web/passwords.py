"""Password hashing: the only module that imports argon2-cffi.

Argon2id with the library's current default parameters (RFC 9106 low-memory profile). Hashes made
with older parameters are upgraded at the next successful login (:func:`needs_rehash`).
"""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

#: The hasher every new hash and every check goes through: argon2-cffi's defaults. The test suite
#: puts in one with the cheapest parameters for its in-process apps (as Django's test settings swap
#: the password hasher); the application never changes it.
HASHER = PasswordHasher()

MIN_LENGTH = 10
MAX_LENGTH = 1024
RULE = f"A password needs {MIN_LENGTH} to {MAX_LENGTH:,} characters; a few unrelated words make a good one."


class PasswordError(Exception):
    """A new password was refused (too short, too long); the message says why, for the user."""


def check_new_password(password: str) -> None:
    """Raise :class:`PasswordError` unless ``password`` is 10 to 1,024 characters long."""
    if len(password) < MIN_LENGTH:
        raise PasswordError(f"a password needs at least {MIN_LENGTH} characters")
    if len(password) > MAX_LENGTH:
        raise PasswordError(f"a password has at most {MAX_LENGTH} characters")


def hash_password(password: str) -> str:
    """The Argon2id hash of a new ``password`` (checked with :func:`check_new_password`)."""
    check_new_password(password)
    return HASHER.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """True when ``password`` matches ``password_hash``; False on a mismatch or an unreadable hash."""
    if len(password) > MAX_LENGTH:
        return False
    try:
        return HASHER.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """True when ``password_hash`` was made with weaker parameters than today's defaults."""
    try:
        return HASHER.check_needs_rehash(password_hash)
    except (InvalidHashError, ValueError):
        return True
