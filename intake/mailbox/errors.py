"""The small exception tree of :mod:`intake.mailbox`. Each class says when it is raised; every
message names the account (``user@host:port``) and quotes the server's own words, never a secret.
"""

from __future__ import annotations

from intake.errors import IntakeError


class MailboxError(IntakeError):
    """Any failure talking to a mailbox server. ``retryable`` is True for faults that may pass on
    their own (network, server busy), False for ones a person must fix (password, folder name)."""

    retryable = True


class ConnectFailed(MailboxError):
    """The server could not be reached: unknown host, connection refused, no answer in time."""


class TlsFailed(ConnectFailed):
    """The TLS handshake failed, most often because the server's certificate is not trusted."""

    retryable = False


class NotTls(TlsFailed):
    """``security = "ssl"`` against a port that speaks plain text (an IMAP port 143 or 1143...)."""


class LoginRefused(MailboxError):
    """The server refused the username with this password or access token (or there is no
    password to give). Retryable only when the server said its own authentication is unavailable
    (RFC 5530 ``[UNAVAILABLE]``)."""

    retryable = False


class TokenError(MailboxError):
    """No OAuth2 access token could be obtained (token command failed, identity provider said no).
    Retryable only when the identity provider could not be reached or did not answer in time."""

    retryable = False


class ConnectionLost(MailboxError):
    """The connection dropped or timed out after it was established; the next cycle reconnects."""


class CommandFailed(MailboxError):
    """The server answered NO or BAD to a command (unknown folder, missing permission...).
    Retryable when the server said the trouble is passing (RFC 5530 ``[UNAVAILABLE]``, ``[INUSE]``,
    ``[LIMIT]``)."""

    retryable = False


class MissingCapability(MailboxError):
    """The server lacks something this feature needs (for example IDLE)."""

    retryable = False
