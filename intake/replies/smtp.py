"""SMTP delivery: the only module that imports smtplib.

TLS is always verified: stdlib ``starttls()`` without a context accepts any certificate, so a
context from ``intake.tls.client_context(smtp.ca_file)`` (system CAs plus ``ca_file``) is passed
for both ``ssl`` (implicit TLS, port 465) and ``starttls`` (port 587). ``none`` sends in clear and is refused
for a login anywhere but the loopback interface.

Errors become :class:`~intake.replies.errors.DeliveryError`: connection faults and 4xx replies
are temporary, 5xx replies permanent, always with the server's own words.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
from collections.abc import Callable
from types import TracebackType
from typing import TYPE_CHECKING

from intake.config import ConfigError
from intake.deadline import DeadlinePassed, Watchdog, call_with_deadline
from intake.replies.errors import DeliveryError
from intake.tls import client_context

if TYPE_CHECKING:
    from intake.config import Config, SmtpConfig
    from store.models import Outbox

log = logging.getLogger("intake.replies")

_LOOPBACK = ("127.0.0.1", "localhost", "::1")


class SmtpTransport:
    """One SMTP connection per send run, opened at the first email and reopened after a fault."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.smtp: SmtpConfig = config.smtp
        self._conn: smtplib.SMTP | None = None

    def __enter__(self) -> SmtpTransport:
        return self

    def __exit__(self, et: type[BaseException] | None, ev: BaseException | None,
                 tb: TracebackType | None) -> None:
        self._drop(quit_=True)

    def send(self, row: Outbox) -> None:
        """Deliver ``row`` to its one recipient; raises :class:`DeliveryError` when it did not go."""
        conn = self._connection()
        # One email's whole transaction has a deadline: a server that trickles its answers is
        # cut off before the email's sending lease ends (so no second run sends it meanwhile).
        dog = Watchdog(self.smtp.transaction_timeout_s, lambda: conn.sock, f"sending to {self._where()}")
        try:
            with dog:
                self._sendmail(row, conn)
        except DeliveryError as err:
            if not dog.expired:
                raise
            self._drop()
            raise DeliveryError(dog.message(), connection=True) from err

    def _sendmail(self, row: Outbox, conn: smtplib.SMTP) -> None:
        try:
            conn.sendmail(self.smtp.from_addr, [row.to_addr], row.raw)
        except smtplib.SMTPRecipientsRefused as err:
            code, words = next(iter(err.recipients.values()), (450, b"recipient refused"))
            raise _reply_error(code, words) from err
        except smtplib.SMTPResponseException as err:  # sender refused, data refused, 421
            if err.smtp_code == 421:  # the server closes the session after 421 (RFC 5321 3.8)
                self._drop()
            raise _reply_error(err.smtp_code, err.smtp_error, connection=err.smtp_code == 421) from err
        except (smtplib.SMTPException, OSError) as err:
            self._drop()
            raise DeliveryError(f"connection to {self._where()} lost: {err}", connection=True) from err
        log.info("delivered outbox row %s (Message-ID %s) to %s", row.id, row.message_id, row.to_addr)

    def check(self) -> str:
        """Connect, secure and log in as a send run would, then say goodbye; for ``intake doctor``.
        Returns a one-line description; raises :class:`DeliveryError` in words an operator can act on."""
        self._connection()
        how = {"ssl": "implicit TLS", "starttls": "STARTTLS", "none": "no TLS"}[self.smtp.security]
        login = " after login" if self.smtp.username or self.smtp.oauth2_mailbox else ""
        self._drop(quit_=True)
        return f"SMTP {self._where()} accepts us over {how}{login}"

    def _where(self) -> str:
        return f"{self.smtp.host}:{self.smtp.port}"

    def _connection(self) -> smtplib.SMTP:
        if self._conn is None:
            self._conn = self._connect()
        return self._conn

    def _connect(self) -> smtplib.SMTP:
        s = self.smtp
        conn: smtplib.SMTP | None = None
        try:
            ctx = client_context(s.ca_file)
            what = f"connecting to {self._where()}"
            # The constructor connects and reads the greeting; a server that trickles it is cut
            # off at the deadline (the late connection, if it ever comes, is closed).
            made = call_with_deadline(lambda: self._make(ctx), s.transaction_timeout_s, what, _close)
            conn = made
            dog = Watchdog(s.transaction_timeout_s, lambda: made.sock, what)
            try:
                with dog:
                    self._secure_and_login(made, ctx)
            except Exception as err:
                if dog.expired:
                    raise DeliveryError(dog.message(), connection=True) from err
                raise
            return made
        except BaseException as err:
            if conn is not None:
                conn.close()
            mapped = self._connect_error(err)
            if mapped is err:
                raise
            raise mapped from err

    def _make(self, ctx: ssl.SSLContext) -> smtplib.SMTP:
        """Connect and read the greeting."""
        s = self.smtp
        if s.security == "ssl":
            return smtplib.SMTP_SSL(s.host, s.port, timeout=s.timeout_s, context=ctx)
        return smtplib.SMTP(s.host, s.port, timeout=s.timeout_s)

    def _secure_and_login(self, conn: smtplib.SMTP, ctx: ssl.SSLContext) -> None:
        """STARTTLS when configured, then log in."""
        s = self.smtp
        if s.security == "starttls":
            conn.ehlo()
            conn.starttls(context=ctx)
            conn.ehlo()
        self._login(conn)

    def _connect_error(self, err: BaseException) -> BaseException:
        """Our error for a failed connect or login, in words an operator can act on."""
        where = self._where()
        if isinstance(err, DeliveryError):
            return err
        if isinstance(err, DeadlinePassed):
            return DeliveryError(str(err), connection=True)
        if isinstance(err, ssl.SSLCertVerificationError):
            return DeliveryError(f"TLS certificate of {where} not trusted ({err.verify_message}); "
                                 "set smtp.ca_file to trust a private CA", connection=True)
        if isinstance(err, smtplib.SMTPAuthenticationError):
            return DeliveryError(f"login refused by {where}: {_words(err.smtp_code, err.smtp_error)} "
                                 "- check smtp.username and the password or token", connection=True)
        if isinstance(err, smtplib.SMTPNotSupportedError):
            return DeliveryError(f"{where} does not offer STARTTLS or this login ({err}); "
                                 "check smtp.security", connection=True)
        if isinstance(err, ConfigError):
            return DeliveryError(str(err), connection=True)
        if isinstance(err, smtplib.SMTPResponseException):
            return DeliveryError(f"{where} refused the session: {_words(err.smtp_code, err.smtp_error)}",
                                 connection=True)
        if isinstance(err, smtplib.SMTPException | OSError):
            return DeliveryError(f"cannot connect to {where}: {err}", connection=True)
        return err

    def _login(self, conn: smtplib.SMTP) -> None:
        s = self.smtp
        if not s.username and not s.oauth2_mailbox:
            return
        if s.security == "none" and s.host not in _LOOPBACK:
            raise DeliveryError(f"refusing to send a password in clear to {self._where()}; "
                                "set smtp.security to \"ssl\" or \"starttls\"", connection=True)
        if s.oauth2_mailbox:
            user, token = self._oauth_token()
            conn.ehlo_or_helo_if_needed()
            conn.auth("XOAUTH2", _xoauth2(user, token), initial_response_ok=True)  # type: ignore[arg-type]
            return
        password = s.password()
        if password is None:
            raise DeliveryError("smtp.username is set but no password: set smtp.password_env or "
                                "smtp.password_file", connection=True)
        conn.login(s.username or "", password)

    def _oauth_token(self) -> tuple[str, str]:
        """``(user, access token)`` from the mailbox named by ``smtp.oauth2_mailbox``."""
        name = self.smtp.oauth2_mailbox
        mailbox = next((m for m in self.config.mailboxes if m.name == name), None)
        if mailbox is None:
            raise DeliveryError(f"smtp.oauth2_mailbox: no mailbox named {name!r}", connection=True)
        from intake.mailbox.errors import MailboxError  # the IMAP engineer's token provider
        from intake.mailbox.oauth import token_for

        try:
            token = token_for(mailbox)
        except MailboxError as err:
            raise DeliveryError(f"cannot get an OAuth2 token for mailbox {name!r}: {err}",
                                connection=True) from err
        return self.smtp.username or mailbox.username, token

    def _drop(self, *, quit_: bool = False) -> None:
        conn, self._conn = self._conn, None
        if conn is None:
            return
        try:
            if quit_:
                conn.quit()
        except (smtplib.SMTPException, OSError):
            pass
        finally:
            conn.close()


def _close(conn: smtplib.SMTP) -> None:
    """Close a connection made too late to be used (see :func:`call_with_deadline`)."""
    conn.close()


def _xoauth2(user: str, token: str) -> Callable[[bytes | None], str]:
    """The SASL XOAUTH2 client: the initial response, then an empty line after an error
    challenge (the server then answers 535 with its words)."""

    def respond(challenge: bytes | None = None) -> str:
        return "" if challenge else f"user={user}\x01auth=Bearer {token}\x01\x01"

    return respond


def _words(code: int, text: bytes | str) -> str:
    words = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    return f"{code} {' '.join(words.split())}"


def _reply_error(code: int, text: bytes | str, *, connection: bool = False) -> DeliveryError:
    """5xx is permanent; anything else (4xx, odd codes) is worth another try."""
    return DeliveryError(_words(code, text), permanent=500 <= code < 600, connection=connection)
