"""CLI commands of the review web app: ``intake serve`` and
``intake user add|list|disable|enable|password|invite|reset``."""

from __future__ import annotations

import ipaddress
import json
import socket
import sys
from pathlib import Path
from typing import Annotated

import typer

from intake.commands.common import ConfigOption, clean_errors, console, err_console, fail, state

STDIN_HELP = "Read the password from the first line of stdin."
user_app = typer.Typer(no_args_is_help=True, help="Staff accounts for the review web app.")


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    app.command("serve")(serve)
    app.add_typer(user_app, name="user")


def serve(
    ctx: typer.Context,
    host: Annotated[str | None, typer.Option(help="Address to listen on (default: web.host).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default: web.port, 8000).")] = None,
    config: ConfigOption = None,
) -> None:
    """Run the review web app until interrupted (Ctrl+C)."""
    import uvicorn

    from intake.web import create_app
    from intake.web.security import SecretKeyError

    st = state(ctx, config)
    with clean_errors():
        cfg = st.config
        try:
            app = create_app(cfg, st.store)
        except SecretKeyError as err:
            raise fail(str(err)) from None
    host = host or cfg.web.host
    port = port or cfg.web.port
    _check_can_listen(host, port)
    if not _is_loopback(host) and not cfg.web.https:
        err_console().print(f"warning: listening on {host} without web.https: passwords and pages cross the "
                            "network unencrypted unless a TLS proxy sits in front.", markup=False)
    console().print(f"Review app on http://{host}:{port}{cfg.web.base_path}/ (Ctrl+C stops it)",
                    markup=False)
    # X-Forwarded-For is believed only from the configured proxies: from anyone else, rotating the
    # header would give each failed login a fresh address and lift the login throttle.
    proxies = cfg.web.trusted_proxies
    uvicorn.run(app, host=host, port=port, log_level="info", proxy_headers=bool(proxies),
                forwarded_allow_ips=list(proxies) or None, server_header=False, timeout_graceful_shutdown=10)


def _check_can_listen(host: str, port: int) -> None:
    """Fail with one line (not uvicorn's log and exit 1) when the address is taken or invalid."""
    try:
        with socket.create_server((host, port)):
            pass
    except OSError as err:
        raise fail(f"cannot listen on {host}:{port}: {err.strerror or err}") from None


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    from intake.web.passwords import RULE as PASSWORD_RULE

    err_console().print(PASSWORD_RULE, markup=False)
    return str(typer.prompt("Password", hide_input=True, confirmation_prompt=True))


@user_app.command("add")
def user_add(
    ctx: typer.Context,
    email: Annotated[str, typer.Argument(help="The person's email address (their login).")],
    role: Annotated[str, typer.Option(help="reviewer or admin.")] = "reviewer",
    password_stdin: Annotated[bool, typer.Option("--password-stdin", help=STDIN_HELP)] = False,
    config: ConfigOption = None,
) -> None:
    """Create a staff account; the password is asked twice (or read from stdin)."""
    from email_validator import EmailNotValidError, validate_email

    from intake.web.passwords import PasswordError, hash_password
    from store.review import ROLES, ReviewError, add_user, find_user

    if role not in ROLES:
        raise fail(f"--role must be one of {', '.join(ROLES)}, not {role!r}")
    try:
        address = validate_email(email, check_deliverability=False).normalized.lower()
    except EmailNotValidError as err:
        raise fail(f"{email!r} is not a valid email address: {err}") from None
    st = state(ctx, config)
    with clean_errors():
        with st.store.session() as s:
            if find_user(s, address) is not None:
                raise fail(f"there is already an account for {address}")
        try:
            password_hash = hash_password(_read_password(password_stdin))
        except PasswordError as err:
            raise fail(str(err)) from None
        try:
            with st.store.session() as s:
                add_user(s, address, role=role, password_hash=password_hash)
        except ReviewError as err:
            raise fail(str(err)) from None
    console().print(f"Added {role} {address}.", markup=False)


@user_app.command("list")
def user_list(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    config: ConfigOption = None,
) -> None:
    """List staff accounts."""
    from store.review import list_users

    with clean_errors(), state(ctx, config).store.session() as s:
        users = list_users(s)
    rows = [{"email": u.email, "role": u.role, "active": u.active, "created_at": u.created_at.isoformat()}
            for u in users]
    if as_json:
        typer.echo(json.dumps(rows, indent=2))
        return
    if not rows:
        console().print("No staff accounts yet. Add one with: intake user add EMAIL --role admin",
                        markup=False)
        return
    from rich.table import Table

    table = Table("email", "role", "active", "created")
    for r in rows:
        table.add_row(str(r["email"]), str(r["role"]), "yes" if r["active"] else "no",
                      str(r["created_at"])[:16])
    console().print(table)


def _set_active(ctx: typer.Context, email: str, active: bool, config: Path | None) -> None:
    from store.review import ReviewError, set_active

    try:
        with clean_errors(), state(ctx, config).store.session() as s:
            set_active(s, email, active)
    except ReviewError as err:
        raise fail(str(err)) from None
    console().print(f"{'Enabled' if active else 'Disabled'} {email.strip().lower()}.", markup=False)


@user_app.command("disable")
def user_disable(ctx: typer.Context,
                 email: Annotated[str, typer.Argument(help="The account to disable.")],
                 config: ConfigOption = None) -> None:
    """Disable an account: its sessions end at their next request and it can no longer sign in."""
    _set_active(ctx, email, False, config)


@user_app.command("enable")
def user_enable(ctx: typer.Context,
                email: Annotated[str, typer.Argument(help="The account to enable.")],
                config: ConfigOption = None) -> None:
    """Enable a disabled account again."""
    _set_active(ctx, email, True, config)


@user_app.command("password")
def user_password(
    ctx: typer.Context,
    email: Annotated[str, typer.Argument(help="The account whose password to set.")],
    password_stdin: Annotated[bool, typer.Option("--password-stdin", help=STDIN_HELP)] = False,
    config: ConfigOption = None,
) -> None:
    """Set a new password (ends the account's open sessions)."""
    from intake.web.passwords import PasswordError, hash_password
    from store.review import find_user, set_password_hash

    st = state(ctx, config)
    with clean_errors():
        with st.store.session() as s:
            if find_user(s, email) is None:
                raise fail(f"no account for {email}")
        try:
            password_hash = hash_password(_read_password(password_stdin))
        except PasswordError as err:
            raise fail(str(err)) from None
        with st.store.session() as s:
            user = find_user(s, email)
            assert user is not None
            set_password_hash(s, user, password_hash)
    console().print(f"Password changed for {email.strip().lower()}.", markup=False)


def _send_link(ctx: typer.Context, email: str, purpose: str, role: str, config: Path | None) -> None:
    """Issue a set-password link (``invite`` creates the account) and queue its email."""
    from datetime import timedelta

    from intake.notify import queue_account_link
    from intake.replies.errors import ReplyError
    from store import accounts
    from store.review import ReviewError

    st = state(ctx, config)
    cfg = st.config
    if not cfg.web.public_url:
        raise fail("set [web] public_url (the address staff open the app at): the link in the email needs it")
    valid_for = timedelta(hours=cfg.web.link_valid_hours)
    try:
        with clean_errors(), st.store.session() as s:
            if purpose == "invite":
                link = accounts.invite(s, email, role=role, actor="intake user invite", valid_for=valid_for)
            else:
                user = accounts.user_for(s, email)
                purpose = "reset" if accounts.has_password(user) else "invite"
                link = accounts.issue(s, user, purpose, actor="intake user reset", valid_for=valid_for)
            queue_account_link(s, cfg, link, purpose, app_url=cfg.web.public_url, actor="an administrator")
    except (ReviewError, ReplyError) as err:
        raise fail(str(err)) from None
    console().print(f"Queued a set-password link ({purpose}) to {link.user.email}, valid until "
                    f"{link.expires_at:%Y-%m-%d %H:%M} UTC; the worker sends it.", markup=False)


@user_app.command("invite")
def user_invite(
    ctx: typer.Context,
    email: Annotated[str, typer.Argument(help="The person's email address (their login).")],
    role: Annotated[str, typer.Option(help="reviewer or admin.")] = "reviewer",
    config: ConfigOption = None,
) -> None:
    """Create an account without a password and email its owner a link to choose one."""
    _send_link(ctx, email, "invite", role, config)


@user_app.command("reset")
def user_reset(
    ctx: typer.Context,
    email: Annotated[str, typer.Argument(help="The account whose password to reset.")],
    config: ConfigOption = None,
) -> None:
    """Email the account a link to choose a new password (earlier links stop working)."""
    _send_link(ctx, email, "reset", "reviewer", config)
