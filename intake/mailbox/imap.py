"""One IMAP connection, the only module that imports imapclient.

:class:`ImapMailbox` connects (implicit TLS, STARTTLS, or plain text on loopback only) with explicit
connect and read timeouts, logs in with a password or an OAuth2 token (SASL XOAUTH2/OAUTHBEARER),
and offers the few operations the application needs: select a folder, SEARCH by UID, fetch with
``BODY.PEEK[]`` in batches, MOVE (or COPY + STORE \\Deleted + UID EXPUNGE where MOVE is missing),
set flags, APPEND, and wait for new mail with IDLE. Every imapclient, socket and TLS error leaves
this module as one of :mod:`intake.mailbox.errors`, naming the account and quoting the server.
Passwords and tokens are never logged.
"""

from __future__ import annotations

import ipaddress
import logging
import re
import socket
import ssl
import time
from collections import Counter
from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from types import TracebackType

from imapclient import IMAPClient, SocketTimeout
from imapclient import exceptions as imap_errors

from intake.config import ConfigError, MailboxConfig
from intake.deadline import DeadlinePassed, Watchdog, call_with_deadline
from intake.mailbox.errors import (
    CommandFailed,
    ConnectFailed,
    ConnectionLost,
    LoginRefused,
    MailboxError,
    MissingCapability,
    NotTls,
    TlsFailed,
)
from intake.tls import client_context

log = logging.getLogger("intake.mailbox")


class _NoMessageBytes(logging.Filter):
    """Drops imaplib's protocol trace of server responses: at DEBUG (``intake -v``) it logs each
    FETCH answer whole, the message bytes with it (found by tests/test_log_privacy.py). The
    commands sent (passwords already redacted by imapclient) are kept."""

    def filter(self, record: logging.LogRecord) -> bool:
        text = str(record.msg)
        return not (text.startswith("untagged_responses") or text.startswith("<") or "BODY[" in text)


logging.getLogger("imapclient.imaplib").addFilter(_NoMessageBytes())

# RFC 2177: a client should re-issue IDLE at least every 29 minutes, since servers may log out
# an idle client after 30. Renewing at 25 leaves room for slow networks.
IDLE_RENEW_S = 25 * 60

DELETED = b"\\Deleted"
SEEN = b"\\Seen"

TokenProvider = Callable[[MailboxConfig], str]


@dataclass(frozen=True)
class FolderState:
    """A selected folder. ``uidnext`` is ``None`` when the server did not say."""

    name: str
    uidvalidity: int
    exists: int
    uidnext: int | None = None


def where(cfg: MailboxConfig) -> str:
    """``user on host:port``, the way every message of this module names an account."""
    return f"{cfg.username} on {cfg.host}:{cfg.port}"


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


# RFC 5530 response codes that say the trouble is on the server's side and passing.
_PASSING_CODES = re.compile(r"\[(UNAVAILABLE|INUSE|LIMIT|SERVERBUG)\]", re.IGNORECASE)


# What OpenSSL says when the other side answers a TLS hello in plain text (3.0; 3.2 and later).
_PLAIN_TEXT_REPLIES = frozenset({"WRONG_VERSION_NUMBER", "RECORD_LAYER_FAILURE"})


def _passing(said: str) -> bool:
    """True when the server's answer carries a response code for a passing fault, or is the BYE of
    a server shutting down (Dovecot answers a LOGIN during its restart with "Shutting down": the
    fault run met it, and stopping the worker as misconfigured would be wrong)."""
    return _PASSING_CODES.search(said) is not None or "shutting down" in said.lower()


def server_words(err: BaseException) -> str:
    """The server's text from an imaplib/imapclient error, without Python's ``b'...'`` wrapping."""
    arg = err.args[0] if err.args else err
    text = arg.decode("utf-8", "replace") if isinstance(arg, bytes) else str(arg)
    text = re.sub(r"""\bb(['"])(.*?)\1""", r"\2", text)
    # Dovecot appends its timings, "(0.001 + 0.000 secs)": noise to the reader.
    text = re.sub(r"\s*\(\d+\.\d+(?: \+ \d+\.\d+)* secs\)", "", text)
    return text.strip() or type(err).__name__


class ImapMailbox:
    """One authenticated connection to one account. Use as a context manager::

        with ImapMailbox(cfg) as box:
            state = box.select(cfg.folder)
            for uid, raw in box.fetch(box.search()):
                ...

    ``token`` returns an OAuth2 access token for ``cfg`` (default: :func:`intake.mailbox.oauth.token_for`);
    it is only called when ``cfg.oauth2.provider`` is set. ``commands`` counts the IMAP commands
    sent after login, by name (``SEARCH``, ``FETCH``, ``MOVE``...).
    """

    def __init__(self, cfg: MailboxConfig, *, token: TokenProvider | None = None) -> None:
        self.cfg = cfg
        self._token = token
        self._client: IMAPClient | None = None
        self._folders: set[str] | None = None
        self.selected: FolderState | None = None
        self.commands: Counter[str] = Counter()

    # -- connection ---------------------------------------------------------------------------

    def __enter__(self) -> ImapMailbox:
        self.open()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def open(self) -> None:
        """Connect and log in. Raises :class:`ConnectFailed`, :class:`TlsFailed`,
        :class:`LoginRefused`, :class:`~intake.mailbox.errors.TokenError` or :class:`MailboxError`."""
        started = time.monotonic()
        with self._errors("connect", connected=False):
            self._client = call_with_deadline(self._connect, self.cfg.command_timeout_s,
                                              f"connecting to {where(self.cfg)}", _shut)
        try:
            self._login()
        except BaseException:
            self.close()
            raise
        log.debug("logged in as %s (%s, %.2f s)", where(self.cfg), self.cfg.security,
                 time.monotonic() - started)

    def close(self) -> None:
        """Log out and close the socket; never raises (the connection may already be gone)."""
        client, self._client = self._client, None
        if client is None:
            return
        try:
            client.logout()
        except Exception:  # an error here means the connection was already closed
            try:
                client.shutdown()
            except Exception:
                pass

    @property
    def client(self) -> IMAPClient:
        if self._client is None:
            raise ConnectionLost(f"not connected to {where(self.cfg)}")
        return self._client

    def _tls_context(self) -> ssl.SSLContext:
        """The system's trusted CAs, plus ``ca_file`` when set (a private CA); hostnames checked."""
        try:
            return client_context(self.cfg.ca_file)
        except (OSError, ssl.SSLError) as err:
            raise TlsFailed(f"cannot read ca_file {self.cfg.ca_file}: {err}") from err

    def _connect(self) -> IMAPClient:
        cfg = self.cfg
        timeout = SocketTimeout(connect=cfg.connect_timeout_s, read=cfg.timeout_s)
        if cfg.security == "ssl":
            return IMAPClient(cfg.host, port=cfg.port, ssl=True, ssl_context=self._tls_context(),
                              timeout=timeout)
        if cfg.security == "none" and not _is_loopback(cfg.host):
            raise ConnectFailed(f"refusing a plain-text connection to {cfg.host}: security = \"none\" "
                                "is only for 127.0.0.1")
        client = IMAPClient(cfg.host, port=cfg.port, ssl=False, timeout=timeout)
        if cfg.security == "starttls":
            try:
                client.starttls(ssl_context=self._tls_context())
            except BaseException:
                client.shutdown()
                raise
        return client

    def _login(self) -> None:
        cfg = self.cfg
        oauth = cfg.oauth2
        if oauth.provider:
            token = (self._token or _default_token_provider())(cfg)
            with self._errors("login"):
                if oauth.mechanism == "OAUTHBEARER":
                    self.client.oauthbearer_login(cfg.username, token)
                else:
                    self.client.oauth2_login(cfg.username, token)
            return
        try:
            password = cfg.password()
        except ConfigError as err:
            raise LoginRefused(f"no password for {where(cfg)}: {err}") from err
        if password is None:
            raise LoginRefused(f"no password for {where(cfg)}: set password_env or password_file "
                               "(or [mailbox.oauth2])")
        with self._errors("login"):
            self.client.login(cfg.username, password)

    @contextmanager
    def _errors(self, action: str, *, connected: bool = True, deadline: bool = True) -> Iterator[None]:
        """Turn imapclient, socket and TLS errors raised inside into :mod:`intake.mailbox.errors`.
        A command (``connected``, ``deadline``) that runs past ``command_timeout_s`` in all has its
        connection shut and fails with :class:`ConnectionLost` saying so."""
        who = where(self.cfg)
        limit = self.cfg.command_timeout_s if connected and deadline else 0
        dog = Watchdog(limit, lambda: self._client.socket() if self._client else None, f"{action} on {who}")
        try:
            with dog:
                yield
        except MailboxError:
            raise
        except DeadlinePassed as err:
            raise ConnectFailed(str(err)) from err
        except Exception as err:
            if dog.expired:
                raise ConnectionLost(dog.message()) from err
            mapped = self._mapped(action, who, connected, err)
            if mapped is err:
                raise
            raise mapped from err

    def _mapped(self, action: str, who: str, connected: bool, err: Exception) -> Exception:
        """Our error for an imapclient, socket or TLS error; ``err`` itself when it is none of those."""
        host = f"{self.cfg.host}:{self.cfg.port}"
        lost_or_failed = ConnectionLost if connected else ConnectFailed
        if isinstance(err, imap_errors.LoginError):
            said = server_words(err)
            return LoginRefused(f"login refused for {who}: {said}", retryable=_passing(said))
        if isinstance(err, imap_errors.CapabilityError):
            return MissingCapability(f"{action} on {who}: {server_words(err)}")
        if isinstance(err, imap_errors.IMAPClientAbortError):
            return ConnectionLost(f"connection to {who} lost during {action}: {server_words(err)}")
        if isinstance(err, imap_errors.IMAPClientError):
            said = server_words(err)
            return CommandFailed(f"{action} failed on {who}: {said}", retryable=_passing(said))
        if isinstance(err, ssl.SSLCertVerificationError):
            return TlsFailed(f"the certificate of {host} is not trusted ({err.verify_message}); "
                             "set ca_file if it comes from a private CA")
        if isinstance(err, ssl.SSLError):
            if err.reason in _PLAIN_TEXT_REPLIES:  # a plain-text greeting where TLS was expected
                return NotTls(f"{who}: this server does not speak TLS on {self.cfg.port}: use security = "
                              '"starttls" (or port 993)')
            return TlsFailed(f"TLS with {host} failed: {err.reason or err}")
        if isinstance(err, socket.gaierror):
            return ConnectFailed(f"cannot find the server {self.cfg.host}: {err.strerror}")
        if isinstance(err, TimeoutError):
            limit = self.cfg.timeout_s if connected else self.cfg.connect_timeout_s
            return lost_or_failed(f"no answer from {host} within {limit:g} s during {action}")
        if isinstance(err, OSError | EOFError):
            reason = getattr(err, "strerror", None) or str(err) or type(err).__name__
            return lost_or_failed(f"{action} with {host} failed: {reason}")
        return err

    # -- server facts -------------------------------------------------------------------------

    def capabilities(self) -> frozenset[str]:
        """What the server offers after login, upper-case (``MOVE``, ``UIDPLUS``, ``IDLE``...)."""
        with self._errors("CAPABILITY"):
            caps = self.client.capabilities()
        return frozenset(c.decode("ascii", "replace").upper() for c in caps)

    def has(self, capability: str) -> bool:
        return capability.upper() in self.capabilities()

    def folders(self) -> set[str]:
        """Every folder name the account can see."""
        with self._errors("LIST"):
            listing = self.client.list_folders()
        self.commands["LIST"] += 1
        self._folders = {name for _flags, _sep, name in listing}
        return set(self._folders)

    def ensure_folder(self, folder: str) -> None:
        """Create ``folder`` unless it exists (checked once per connection)."""
        known = self._folders if self._folders is not None else self.folders()
        if folder in known or (folder.upper() == "INBOX"):
            return
        with self._errors(f"CREATE {folder}"):
            try:
                self.client.create_folder(folder)
            except imap_errors.IMAPClientError as err:
                # Another client may have created it since we listed (RFC 5530 ALREADYEXISTS).
                if "ALREADYEXISTS" not in server_words(err).upper():
                    raise
        self.commands["CREATE"] += 1
        log.info("created folder %r on %s", folder, where(self.cfg))
        known.add(folder)

    # -- reading ------------------------------------------------------------------------------

    def select(self, folder: str) -> FolderState:
        """Select ``folder`` read-write. Raises :class:`CommandFailed` when it does not exist,
        naming the folders the account does have."""
        try:
            with self._errors(f"SELECT {folder}"):
                resp = self.client.select_folder(folder)
        except CommandFailed as err:
            known = self.folders()
            if folder in known or err.retryable:
                raise
            shown = ", ".join(sorted(known)[:20])
            raise CommandFailed(f"folder {folder!r} does not exist on {where(self.cfg)}; the server has: "
                                f"{shown}") from err
        self.commands["SELECT"] += 1
        uidnext = resp.get(b"UIDNEXT")
        self.selected = FolderState(name=folder, uidvalidity=int(resp[b"UIDVALIDITY"]),
                                    exists=int(resp.get(b"EXISTS", 0)),
                                    uidnext=int(uidnext) if uidnext is not None else None)
        return self.selected

    def search(self, *, since: date | None = None, above: int = 0, also: Collection[int] = ()) -> list[int]:
        """UIDs in the selected folder not flagged \\Deleted, oldest first; with ``since``, only
        mail whose internal date is on or after that day (IMAP SINCE ignores the time); with
        ``above``, only UIDs greater than it and those of ``also`` (``UID 3,7,above+1:*``, whose
        answer's highest UID is dropped when it is neither: RFC 3501 ``n:*`` always names the last
        message)."""
        criteria: list[object] = ["NOT", "DELETED"]
        wanted = set(also)
        if above > 0:
            uid_set = ",".join([*(str(u) for u in sorted(wanted)), f"{above + 1}:*"])
            criteria = ["UID", uid_set, *criteria]
        if since is not None:
            criteria += ["SINCE", since]
        with self._errors("SEARCH"):
            uids = self.client.search(criteria)
        self.commands["SEARCH"] += 1
        return sorted(int(u) for u in uids if above <= 0 or int(u) > above or int(u) in wanted)

    def fetch(self, uids: Sequence[int], *, batch_size: int | None = None) -> Iterator[tuple[int, bytes]]:
        """Yield ``(uid, raw bytes)`` for ``uids`` with ``BODY.PEEK[]`` (\\Seen stays as it was),
        ``batch_size`` UIDs per FETCH (default: the mailbox's ``batch_size``). A UID that vanished
        meanwhile (moved or expunged by someone else) is skipped."""
        size = max(1, batch_size or self.cfg.batch_size)
        for start in range(0, len(uids), size):
            batch = list(uids[start:start + size])
            with self._errors(f"FETCH of {len(batch)} messages"):
                resp = self.client.fetch(batch, ["BODY.PEEK[]"])
            self.commands["FETCH"] += 1
            for uid in batch:
                raw = resp.get(uid, {}).get(b"BODY[]")
                if raw is None:
                    log.info("UID %s vanished from %s before it could be fetched", uid, self._folder())
                    continue
                yield uid, bytes(raw)

    def _folder(self) -> str:
        return self.selected.name if self.selected else "?"

    # -- acting -------------------------------------------------------------------------------

    def move(self, uids: Sequence[int], folder: str) -> None:
        """Move ``uids`` from the selected folder to ``folder`` (created when absent).

        Uses MOVE (RFC 6851); without it COPY, STORE \\Deleted and, with UIDPLUS (RFC 4315), UID
        EXPUNGE of exactly these UIDs. Without UIDPLUS the originals stay flagged \\Deleted (a plain
        EXPUNGE would also purge messages someone else flagged): they are hidden from our SEARCH.
        Moving a UID that is already gone is not an error, so a repeated call is harmless.
        """
        if not uids:
            return
        self.ensure_folder(folder)
        with self._errors(f"MOVE to {folder}"):
            if self.has("MOVE"):
                self.client.move(list(uids), folder)
                self.commands["MOVE"] += 1
                return
            self.client.copy(list(uids), folder)
            self.client.add_flags(list(uids), [DELETED], silent=True)
            self.commands.update(["COPY", "STORE"])
            if self.has("UIDPLUS"):
                self.client.uid_expunge(list(uids))
                self.commands["EXPUNGE"] += 1

    def add_flags(self, uids: Sequence[int], flags: Sequence[bytes]) -> None:
        """Add ``flags`` (e.g. ``[b"\\\\Seen"]``) to ``uids`` in the selected folder."""
        if not uids:
            return
        with self._errors("STORE"):
            self.client.add_flags(list(uids), list(flags), silent=True)
        self.commands["STORE"] += 1

    def append(self, folder: str, raw: bytes, flags: Sequence[bytes] = (SEEN,)) -> int | None:
        """Store ``raw`` in ``folder`` (created when absent), e.g. a copy of a sent reply.
        Returns the new UID when the server says it (UIDPLUS APPENDUID), else ``None``."""
        self.ensure_folder(folder)
        with self._errors(f"APPEND to {folder}"):
            resp = self.client.append(folder, raw, list(flags))
        self.commands["APPEND"] += 1
        text = resp.decode("ascii", "replace") if isinstance(resp, bytes) else str(resp)
        m = re.search(r"APPENDUID \d+ (\d+)", text)
        return int(m.group(1)) if m else None

    # -- waiting ------------------------------------------------------------------------------

    def wait_for_mail(self, timeout_s: float, *, should_stop: Callable[[], bool] = lambda: False,
                      slice_s: float = 1.0) -> bool:
        """IDLE (RFC 2177) on the selected folder until the server announces new mail (True), or
        ``timeout_s`` passes, at most :data:`IDLE_RENEW_S`, or ``should_stop()`` turns true (False).
        ``should_stop`` is checked every ``slice_s``. Raises :class:`MissingCapability` without
        IDLE and :class:`ConnectionLost` when the server closes the connection meanwhile."""
        if not self.has("IDLE"):
            raise MissingCapability(f"{self.cfg.host} does not offer IDLE; polling only")
        deadline = time.monotonic() + min(timeout_s, IDLE_RENEW_S)
        news = False
        with self._errors("IDLE", deadline=False):
            self.client.idle()
            self.commands["IDLE"] += 1
            try:
                while not news and not should_stop():
                    left = deadline - time.monotonic()
                    if left <= 0:
                        break
                    news = self._idle_slice(min(slice_s, left))
            finally:
                self.client.idle_done()
        return news

    def _idle_slice(self, wait_s: float) -> bool:
        started = time.monotonic()
        responses = self.client.idle_check(timeout=wait_s)
        if not responses and time.monotonic() - started < wait_s / 2:
            # imapclient's idle_check swallows EOF: a readable socket with no line means the
            # server has closed the connection. Without this check the loop would spin.
            raise ConnectionLost(f"{where(self.cfg)} closed the connection during IDLE")
        return any(len(r) >= 2 and r[1] in (b"EXISTS", b"RECENT") for r in responses)


def _shut(client: IMAPClient) -> None:
    """Close a connection made too late to be used (see :func:`call_with_deadline`)."""
    client.shutdown()


def _default_token_provider() -> TokenProvider:
    from intake.mailbox.oauth import token_for

    return token_for
