"""OAuth2 access tokens for IMAP and SMTP logins (SASL XOAUTH2 / OAUTHBEARER); the only module
that imports msal.

Two providers, chosen by ``[mailbox.oauth2] provider``:

* ``command``: run ``token_command`` (any provider's token helper, e.g. ``oauth2ms``,
  ``gcloud auth print-access-token``, a script) with a timeout; the token is the first line of its
  standard output. The command is split like a shell would, but no shell runs it: wrap it in
  ``sh -c '...'`` for pipes.
* ``microsoft``: Microsoft 365 client credentials through msal. The token cache is kept in
  ``token_cache_file`` (mode 0600) so a worker restart reuses a valid token; msal hands out the
  cached token and asks for a new one shortly before it expires (5 minutes ahead).

Tokens and secrets are never logged. Every failure is a :class:`~intake.mailbox.errors.TokenError`.
"""

from __future__ import annotations

import logging
import os
import shlex
import subprocess
from pathlib import Path
from typing import Any

from intake.config import ConfigError, MailboxConfig, OAuth2Config, read_secret
from intake.mailbox.errors import TokenError

log = logging.getLogger("intake.mailbox")

MICROSOFT_LOGIN = "https://login.microsoftonline.com"
# RFC 6749 section 5.2 errors and the platform's own that pass by waiting; any other (invalid_client,
# unauthorized_client, invalid_scope...) needs a change of the app registration or the config.
PASSING_OAUTH_ERRORS = frozenset({"temporarily_unavailable", "server_error"})


def token_for(cfg: MailboxConfig) -> str:
    """A valid access token for the account of ``cfg`` (IMAP mailbox; the SMTP transport reuses it
    for the mailbox named in ``smtp.oauth2_mailbox``). Raises :class:`TokenError`."""
    oauth = cfg.oauth2
    what = f"mailbox {cfg.name!r} ({cfg.username})"
    if oauth.provider == "command":
        if not oauth.token_command:
            raise TokenError(f"{what}: oauth2.token_command is not set")
        return command_token(oauth.token_command, timeout_s=oauth.timeout_s, what=what)
    if oauth.provider == "microsoft":
        return microsoft_token(oauth, what=what)
    raise TokenError(f"{what}: no oauth2 provider is configured")


def command_token(command: str, *, timeout_s: float, what: str = "token command") -> str:
    """Run ``command`` and return the first non-empty line of its output.

    Raises :class:`TokenError` when it cannot start, runs longer than ``timeout_s``, exits with a
    non-zero status (quoting the last line it wrote on stderr) or prints nothing.
    """
    try:
        argv = shlex.split(command)
    except ValueError as err:
        raise TokenError(f"{what}: cannot read token_command: {err}") from err
    if not argv:
        raise TokenError(f"{what}: token_command is empty")
    try:
        res = subprocess.run(argv, capture_output=True, timeout=timeout_s, check=False,
                             stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired as err:
        raise TokenError(f"{what}: token command {argv[0]} did not finish within {timeout_s:g} s",
                         retryable=True) from err
    except OSError as err:
        raise TokenError(f"{what}: cannot run token command {argv[0]}: {err.strerror or err}") from err
    if res.returncode != 0:
        said = _last_line(res.stderr) or "no message"
        # A helper's own network trouble looks the same as a bad setting: keep trying.
        raise TokenError(f"{what}: token command {argv[0]} failed (exit {res.returncode}): {said}",
                         retryable=True)
    token = next((line.strip() for line in res.stdout.decode("utf-8", "replace").splitlines()
                  if line.strip()), "")
    if not token:
        raise TokenError(f"{what}: token command {argv[0]} printed no token", retryable=True)
    return token


def _last_line(data: bytes) -> str:
    lines = [ln.strip() for ln in data.decode("utf-8", "replace").splitlines() if ln.strip()]
    return lines[-1][:300] if lines else ""


def microsoft_token(oauth: OAuth2Config, *, what: str = "microsoft") -> str:
    """An app-only token from the Microsoft identity platform (client credentials grant).

    Reads and updates the token cache in ``oauth.token_cache_file`` (``None``: in memory, so every
    call asks the identity provider). Raises :class:`TokenError` with the provider's error code.
    """
    import msal
    import requests

    try:
        secret = read_secret(oauth.client_secret_env, oauth.client_secret_file, what=f"{what} oauth2")
    except ConfigError as err:
        raise TokenError(str(err)) from err
    if not secret:
        raise TokenError(f"{what}: set oauth2.client_secret_env or oauth2.client_secret_file")
    cache = msal.SerializableTokenCache()
    _load_cache(cache, oauth.token_cache_file)
    authority = oauth.authority or f"{MICROSOFT_LOGIN}/{oauth.tenant_id}"
    try:
        app = msal.ConfidentialClientApplication(
            oauth.client_id, client_credential=secret, authority=authority, token_cache=cache,
            timeout=oauth.timeout_s, http_client=_PinnedHttp(oauth.ca_file, oauth.timeout_s) if oauth.ca_file
            else None,
            # A custom authority (a national cloud, a test server) is trusted as configured.
            instance_discovery=False if oauth.authority else None)
        result: dict[str, Any] = app.acquire_token_for_client(scopes=list(oauth.scopes))
    except (ValueError, requests.RequestException, OSError) as err:
        raise TokenError(f"{what}: cannot reach the Microsoft identity platform at {authority}: "
                         f"{_first_line(str(err))}", retryable=True) from err
    token = result.get("access_token")
    if not token:
        said = _first_line(result.get("error_description", ""))
        code = str(result.get("error", "no token"))
        raise TokenError(f"{what}: the identity platform refused the client credentials: {code}: {said}",
                         retryable=code in PASSING_OAUTH_ERRORS)
    if cache.has_state_changed:
        _save_cache(cache.serialize(), oauth.token_cache_file)
    log.debug("access token for %s from %s", what, result.get("token_source", "identity provider"))
    return str(token)


class _PinnedHttp:
    """The HTTP client msal uses when ``ca_file`` is set. requests lets ``REQUESTS_CA_BUNDLE`` in the
    environment override a session's ``verify`` (psf/requests#3829), so the CA is passed with every
    request instead."""

    def __init__(self, ca_file: Path, timeout_s: float) -> None:
        import requests

        self._session = requests.Session()
        self._verify = str(ca_file)
        self._timeout = timeout_s

    def get(self, url: str, **kwargs: Any) -> Any:
        kwargs.setdefault("timeout", self._timeout)
        return self._session.get(url, verify=self._verify, **kwargs)

    def post(self, url: str, **kwargs: Any) -> Any:
        kwargs.setdefault("timeout", self._timeout)
        return self._session.post(url, verify=self._verify, **kwargs)

    def close(self) -> None:
        self._session.close()


def _first_line(text: str) -> str:
    return (text.strip().splitlines() or [""])[0][:300]


def _load_cache(cache: Any, path: Path | None) -> None:
    if path is None or not path.is_file():
        return
    try:
        cache.deserialize(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        # A damaged cache only costs one extra token request.
        log.warning("ignoring unreadable token cache %s: %s", path, err)


def _save_cache(text: str, path: Path | None) -> None:
    """Write the cache readable by its owner only, replacing the old file atomically."""
    if path is None:
        return
    tmp = path.with_name(path.name + ".tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
    except OSError as err:
        log.warning("cannot save the token cache %s: %s", path, err.strerror or err)
