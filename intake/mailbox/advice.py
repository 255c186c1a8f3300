"""What an operator should do about a mailbox fault: the one home of that advice, for
``intake doctor``, ``intake poll`` and ``intake run`` alike. Whether the fault needs a change of
configuration at all is :func:`intake.errors.needs_config_change`."""

from __future__ import annotations

from intake.config import ConfigError, MailboxConfig
from intake.mailbox.errors import (
    CommandFailed,
    ConnectFailed,
    LoginRefused,
    NotTls,
    TlsFailed,
    TokenError,
)


def advice_for(err: BaseException, m: MailboxConfig) -> str:
    """One sentence saying what to do about ``err`` on mailbox ``m``; never empty."""
    if isinstance(err, LoginRefused):
        return _login_advice(err, m)
    if isinstance(err, TokenError):
        return ("fix the OAuth2 settings in [mailbox.oauth2]; run the token command by hand to see "
                "why it fails")
    if isinstance(err, NotTls):
        return ("set security = \"starttls\" for a plain IMAP port (143), or use port 993 with "
                "security = \"ssl\"")
    if isinstance(err, TlsFailed):
        return ("set ca_file to your organisation's CA certificate, or check that host is the name on the "
                "server's certificate; for port 143 use security = \"starttls\", for 993 \"ssl\"")
    if isinstance(err, ConnectFailed):
        return (f"check host ({m.host}) and port ({m.port}) and that this machine may reach them "
                "(firewall, VPN); IMAP is usually 993 with security = \"ssl\"")
    if isinstance(err, CommandFailed):
        return ("check the folder names in [mailbox] (`intake doctor` lists the server's folders)"
                if not err.retryable else "the server says it is busy; it is tried again")
    if isinstance(err, ConfigError):
        return "fix the configuration as the message says"
    return "try again; if it persists, check the server's status"


def _login_advice(err: LoginRefused, m: MailboxConfig) -> str:
    if err.retryable:
        return "the server's sign-in service is unavailable for now; it is tried again"
    if m.oauth2.provider:
        return ("the server refused the access token: check that the app registration may use "
                "IMAP for this mailbox (Microsoft 365: IMAP.AccessAsApp and a mailbox permission) "
                "and that the token is for this username")
    if "no password" in str(err):
        return "set password_env (and export that variable) or password_file in [mailbox]"
    return ("check the password or app password (Microsoft 365 and Gmail need an app password or "
            "OAuth2 when two-step sign-in is on) and the username")
