"""``intake doctor``: check what the configuration points at (database, mailboxes, SMTP, folders)
and explain each failure in words the operator can act on.

Every check gives a :class:`Check`: ``status`` ``ok``, ``warn`` (works, with a caveat) or ``fail``;
``detail`` says what was found (quoting the server); ``advice`` what to do, ``None`` when nothing.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from intake.config import Config, MailboxConfig
from intake.mailbox.advice import advice_for
from intake.mailbox.errors import MailboxError
from intake.private import exposed
from store.db import sqlite_file

CheckStatus = Literal["ok", "warn", "fail"]


@dataclass(frozen=True)
class Check:
    """One finding. ``advice`` is ``None`` when there is nothing to do."""

    name: str
    status: CheckStatus
    detail: str
    advice: str | None = None


def run_checks(config: Config) -> list[Check]:
    """Every check for this configuration, in the order an operator would fix things."""
    checks = [check_database(config)]
    for m in config.mailboxes:
        checks.extend(check_imap(m) if m.type == "imap" else [check_maildir(m)])
    checks.append(check_smtp(config) if config.smtp.transport == "smtp" else check_outbox(config))
    checks.append(check_private_files(config))
    return checks


def check_private_files(config: Config) -> Check:
    """Warn when files holding personal data (the data folder, the SQLite database and its -wal and
    -shm files, the outbox, Maildir folders) can be read by other accounts of this machine."""
    paths = [config.data_dir, config.outbox_dir]
    db_file = sqlite_file(config.database_url)
    if db_file is not None:
        paths += [db_file, db_file.with_name(db_file.name + "-wal"), db_file.with_name(db_file.name + "-shm")]
    paths += [m.path for m in config.mailboxes if m.type == "maildir" and m.path is not None]
    found = exposed(paths)
    if not found:
        return Check("files", "ok", "the data folder, database and outbox are private to their owner")
    shown = ", ".join(f"{path} ({mode:04o})" for path, mode in found)
    return Check("files", "warn", f"readable by other users of this machine: {shown}",
                 "these hold personal data: chmod 600 the files and 700 the folders "
                 "(case-intake creates them so; older files or a copy made by hand may not be)")


# -- database -----------------------------------------------------------------------------------


def check_database(config: Config) -> Check:
    from sqlalchemy import text

    from store.db import Store, StoreError

    shown = _safe_url(config.database_url)
    try:
        store = Store.open(config.database_url)
        try:
            with store.session() as s:
                s.exec(text("SELECT 1"))  # type: ignore[call-overload]
        finally:
            store.close()
    except StoreError as err:
        return Check("database", "fail", str(err), "check [database] url, that the server is running and "
                     "that this user may write to it (for SQLite: the data folder must be writable)")
    except Exception as err:  # drivers raise many types; name the database, quote the driver
        return Check("database", "fail", f"{shown}: {type(err).__name__}: {err}",
                     "check [database] url and that the database server is running")
    return Check("database", "ok", f"{shown} opens and its schema is up to date")


def _safe_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return url.split("@")[-1]


# -- mailboxes ----------------------------------------------------------------------------------


def check_maildir(m: MailboxConfig) -> Check:
    name = f"mailbox {m.name}"
    path = Path(m.path) if m.path else None
    if path is None:
        return Check(name, "fail", "no path configured", "set path in [mailbox]")
    probe = path if path.exists() else _existing_parent(path)
    if not os.access(probe, os.W_OK):
        return Check(name, "fail", f"Maildir {path} is not writable by this user",
                     "fix the folder's permissions or run intake as its owner")
    state = "exists" if path.exists() else "will be created on first use"
    return Check(name, "ok", f"Maildir {path} {state}")


def _existing_parent(path: Path) -> Path:
    for p in path.parents:
        if p.exists():
            return p
    return Path("/")


def check_imap(m: MailboxConfig) -> list[Check]:
    """Login, capabilities and folders of one IMAP mailbox."""
    from intake.mailbox.imap import ImapMailbox, where

    name = f"mailbox {m.name}"
    box = ImapMailbox(m)
    try:
        box.open()
    except MailboxError as err:
        return [Check(f"{name}: login", "fail", str(err), advice_for(err, m))]
    how = f"OAuth2 {m.oauth2.mechanism}" if m.oauth2.provider else "password"
    checks = [Check(f"{name}: login", "ok", f"logged in as {where(m)} ({m.security}, {how})")]
    try:
        checks.append(_capabilities(name, m, box.capabilities()))
        checks.extend(_folders(name, m, box))
        return checks
    except MailboxError as err:
        return [*checks, Check(f"{name}: folders", "fail", str(err), advice_for(err, m))]
    finally:
        box.close()


def _capabilities(name: str, m: MailboxConfig, caps: frozenset[str]) -> Check:
    notes = []
    status: CheckStatus = "ok"
    if "MOVE" not in caps:
        if "UIDPLUS" in caps:
            notes.append("no MOVE: messages are copied, then deleted by UID (fine)")
        else:
            status = "warn"
            notes.append("neither MOVE nor UIDPLUS: processed mail is copied and left flagged as deleted "
                         "in the inbox until a mail client expunges it")
    if m.idle and "IDLE" not in caps:
        status = "warn"
        notes.append("idle = true but the server has no IDLE: polling only")
    has = ", ".join(c for c in ("IDLE", "MOVE", "UIDPLUS") if c in caps) or "none of IDLE, MOVE, UIDPLUS"
    return Check(f"{name}: capabilities", status, f"{has}" + (f"; {'; '.join(notes)}" if notes else ""))


def _folders(name: str, m: MailboxConfig, box: object) -> list[Check]:
    from intake.mailbox.imap import ImapMailbox

    assert isinstance(box, ImapMailbox)
    existing = box.folders()
    out: list[Check] = []
    if m.folder.upper() != "INBOX" and m.folder not in existing:
        shown = ", ".join(sorted(existing)[:20])
        return [Check(f"{name}: folder", "fail",
                      f"folder {m.folder!r} does not exist; the server has: {shown}",
                      "set folder in [mailbox] to one of these names (use the separator shown)")]
    state = box.select(m.folder)
    out.append(Check(f"{name}: folder", "ok",
                     f"{m.folder}: {state.exists} messages, UIDVALIDITY {state.uidvalidity}"))
    targets = [m.processed_folder, m.failed_folder, m.other_folder] if m.after == "move" else []
    targets += [m.sent_folder] if m.sent_folder else []
    missing = [f for f in targets if f not in existing]
    detail = (f"{', '.join(missing)} will be created on first use" if missing
              else f"{', '.join(targets) or 'no folders needed'} present")
    out.append(Check(f"{name}: target folders", "ok", f"after = {m.after}: {detail}"))
    return out


# -- replies ------------------------------------------------------------------------------------


def check_smtp(config: Config) -> Check:
    """Connect, secure and log in exactly as a send run would (``SmtpTransport.check``)."""
    from intake.replies.errors import ReplyError
    from intake.replies.smtp import SmtpTransport

    smtp = config.smtp
    try:
        detail = SmtpTransport(config).check()
    except ReplyError as err:
        return Check("smtp", "fail", str(err),
                     "check [smtp] host, port (587 with starttls, 465 with ssl), ca_file, username and "
                     "password_env/password_file")
    return Check("smtp", "ok", detail if smtp.host else "smtp ok")


def check_outbox(config: Config) -> Check:
    out = config.outbox_dir
    probe = out if out.exists() else _existing_parent(out)
    if not os.access(probe, os.W_OK):
        return Check("replies", "fail", f"outbox folder {out} is not writable",
                     "fix its permissions, or configure [smtp] transport = \"smtp\"")
    return Check("replies", "ok", f"replies are written as .eml files to {out} (transport = \"file\")")
