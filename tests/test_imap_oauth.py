"""OAuth2 for the mailbox: the built-in Microsoft 365 client-credentials provider (msal) against a
local HTTPS stand-in for the identity platform, whose tokens Dovecot's oauth2 passdb accepts: a real
client-credentials grant, then a real SASL XOAUTH2 exchange. Token caching and refresh included."""

from __future__ import annotations

import json
import secrets
import ssl
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import pytest

from intake.config import OAuth2Config
from intake.mailbox.errors import TokenError
from intake.mailbox.imap import ImapMailbox
from intake.mailbox.oauth import token_for
from tests.fixtures.dovecot import Dovecot

TENANT = "contoso-tenant"
CLIENT_ID = "app-1234"
CLIENT_SECRET = "s3cret-value"


@dataclass
class Entra:
    """The identity platform's two endpoints msal uses for client credentials."""

    port: int
    dovecot: Dovecot
    username: str = ""
    expires_in: int = 3600
    token_requests: int = 0
    discovery_requests: int = 0
    forms: list[dict[str, list[str]]] = field(default_factory=list)

    @property
    def authority(self) -> str:
        return f"https://127.0.0.1:{self.port}/{TENANT}"

    def discovery(self) -> dict[str, Any]:
        base = self.authority
        return {"token_endpoint": f"{base}/oauth2/v2.0/token",
                "authorization_endpoint": f"{base}/oauth2/v2.0/authorize",
                "device_authorization_endpoint": f"{base}/oauth2/v2.0/devicecode",
                "issuer": f"{base}/v2.0"}

    def token(self, form: dict[str, list[str]]) -> tuple[int, dict[str, Any]]:
        self.forms.append(form)
        if form.get("client_id") != [CLIENT_ID] or form.get("client_secret") != [CLIENT_SECRET]:
            return 401, {"error": "invalid_client",
                         "error_description": "AADSTS7000215: Invalid client secret provided.\r\nTrace ID: 1"}
        token = self.dovecot.tokens.issue(self.username, secrets.token_urlsafe(24),
                                          lifetime_s=self.expires_in)
        return 200, {"token_type": "Bearer", "expires_in": self.expires_in, "access_token": token}


def _handler(entra: Entra) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path.startswith(f"/{TENANT}/v2.0/.well-known/openid-configuration"):
                entra.discovery_requests += 1
                self._reply(200, entra.discovery())
            else:
                self._reply(404, {"error": "not_found"})

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"])).decode()
            if self.path.startswith(f"/{TENANT}/oauth2/v2.0/token"):
                entra.token_requests += 1
                self._reply(*entra.token(parse_qs(body)))
            else:
                self._reply(404, {"error": "not_found"})

        def _reply(self, status: int, data: dict[str, Any]) -> None:
            out = json.dumps(data).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(out)))
            self.end_headers()
            self.wfile.write(out)

        def log_message(self, *args: Any) -> None:
            pass

    return Handler


@pytest.fixture
def entra(dovecot: Dovecot) -> Iterator[Entra]:
    srv = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(str(dovecot.cert), str(dovecot.key))  # CN=localhost, SAN IP:127.0.0.1
    srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
    state = Entra(port=int(srv.server_address[1]), dovecot=dovecot)
    srv.RequestHandlerClass = _handler(state)
    threading.Thread(target=srv.serve_forever, args=(0.05,), daemon=True).start()
    yield state
    srv.shutdown()
    srv.server_close()


def microsoft_mailbox(dovecot: Dovecot, entra: Entra, tmp_path: Path, *, secret: str = CLIENT_SECRET):  # noqa: ANN201
    user, _ = dovecot.new_user("m365")
    entra.username = user
    (tmp_path / "client-secret").write_text(secret + "\n")
    oauth = OAuth2Config(provider="microsoft", mechanism="XOAUTH2", tenant_id=TENANT, client_id=CLIENT_ID,
                         client_secret_file=tmp_path / "client-secret", authority=entra.authority,
                         token_cache_file=tmp_path / "data" / "token-cache.json", ca_file=dovecot.cert,
                         timeout_s=10)
    return dovecot.mailbox_config(user, tmp_path, password_file=None, oauth2=oauth, security="starttls")


def test_microsoft_client_credentials_log_in_over_xoauth2(dovecot: Dovecot, entra: Entra,
                                                          tmp_path: Path) -> None:
    cfg = microsoft_mailbox(dovecot, entra, tmp_path)
    before = dovecot.tokens.introspections

    with ImapMailbox(cfg) as box:
        assert box.select("INBOX").exists == 0

    assert entra.token_requests == 1
    assert entra.forms[0]["grant_type"] == ["client_credentials"]
    assert entra.forms[0]["scope"][0].split() == ["https://outlook.office365.com/.default"]
    assert dovecot.tokens.introspections == before + 1  # Dovecot checked the token with the IdP


def test_the_token_cache_survives_a_restart_and_is_private(dovecot: Dovecot, entra: Entra,
                                                           tmp_path: Path) -> None:
    cfg = microsoft_mailbox(dovecot, entra, tmp_path)
    first = token_for(cfg)
    second = token_for(cfg)  # a new msal application reading the cache file, as after a restart

    assert first == second and entra.token_requests == 1
    assert cfg.oauth2.token_cache_file is not None
    assert cfg.oauth2.token_cache_file.stat().st_mode & 0o777 == 0o600
    assert first not in cfg.oauth2.token_cache_file.name
    with ImapMailbox(cfg) as box:  # and the cached token still logs in
        box.select("INBOX")
    assert entra.token_requests == 1


def test_a_token_about_to_expire_is_refreshed(dovecot: Dovecot, entra: Entra, tmp_path: Path) -> None:
    cfg = microsoft_mailbox(dovecot, entra, tmp_path)
    entra.expires_in = 120  # inside msal's 5-minute margin: never handed out from the cache
    first = token_for(cfg)
    second = token_for(cfg)
    assert first != second and entra.token_requests == 2
    with ImapMailbox(cfg) as box:
        box.select("INBOX")


def test_refused_client_credentials_are_a_token_error_with_the_providers_words(
        dovecot: Dovecot, entra: Entra, tmp_path: Path) -> None:
    cfg = microsoft_mailbox(dovecot, entra, tmp_path, secret="wrong")
    with pytest.raises(TokenError, match=r"refused the client credentials: invalid_client: AADSTS7000215: "
                                         r"Invalid client secret provided\.$") as info:
        ImapMailbox(cfg).open()
    assert "wrong" not in str(info.value)


def test_an_unreachable_identity_platform_is_a_token_error(dovecot: Dovecot, entra: Entra,
                                                           tmp_path: Path) -> None:
    cfg = microsoft_mailbox(dovecot, entra, tmp_path)
    unreachable = OAuth2Config(**{**cfg.oauth2.__dict__, "authority": "https://127.0.0.1:9/tenant"})
    with pytest.raises(TokenError, match="cannot reach the Microsoft identity platform at https://127.0.0.1:9"):
        token_for(type(cfg)(**{**cfg.__dict__, "oauth2": unreachable}))
