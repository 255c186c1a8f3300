"""A local Maildir as the contact mailbox (the embedded default), through stdlib ``mailbox``.

The configured ``path`` is the Maildir root; ``folder = "INBOX"`` reads the root itself, any other
name the Maildir++ subfolder ``.<name>``. After the database commit a message is moved, as one
atomic ``rename``, into ``.Processed``, ``.Failed`` or ``.Not-submissions`` (the configured folder
names), or flagged seen, or left alone, per ``after``. The file name before the info suffix is the
message's UID (Maildir's unique name), so a moved message keeps its identity.
"""

from __future__ import annotations

import logging
import mailbox
import os
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import TracebackType

from intake.config import MailboxConfig
from intake.sources import Disposition, Fetched, SeenIndex, SourceKey
from intake.sources.errors import SourceError

log = logging.getLogger("intake.mailbox")

# Maildir info suffix: ":2," followed by flags (https://cr.yp.to/proto/maildir.html).
COLON = mailbox.Maildir.colon


def maildir_account(cfg: MailboxConfig) -> str:
    """The account part of a Maildir mailbox's keys: ``maildir:<path>``."""
    return f"maildir:{Path(cfg.path or '')}"


class MaildirSource:
    """Reads one folder of a Maildir; a context manager, like every source."""

    def __init__(self, cfg: MailboxConfig) -> None:
        if cfg.path is None:
            raise SourceError(f"mailbox {cfg.name!r}: a maildir needs a path")
        self.name = cfg.name
        self.cfg = cfg
        self.root = Path(cfg.path)
        self.account = maildir_account(cfg)
        self._paths: dict[str, Path] = {}

    def __enter__(self) -> MaildirSource:
        try:
            # The data folder holding it may not exist yet (with PostgreSQL nothing else makes it).
            if not self.root.parent.exists():
                self.root.parent.mkdir(parents=True)
            mailbox.Maildir(str(self.root), create=True)
            self.inbox = self._folder_dir(self.cfg.folder)
        except OSError as err:
            raise SourceError(f"mailbox {self.name!r}: cannot open Maildir {self.root}: {err}") from err
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self._paths.clear()

    def fetch(self, seen: SeenIndex) -> Iterator[Fetched]:
        """Yield the messages in the folder's ``new/`` and ``cur/``, oldest file name first; a file
        that vanishes meanwhile is skipped.

        With ``after = "move"`` every file still in the folder is yielded: a finished message is
        only there again because someone moved it back (the pipeline recognises it and only moves
        it). Otherwise finished messages stay in the folder by design, and ``seen`` filters them.
        """
        done = seen.finished_uids(self.account, self.cfg.folder, 0) if self.cfg.after != "move" else set()
        for path in self._listing(self.inbox):
            uid = path.name.split(COLON, 1)[0]
            if uid in done:
                continue
            try:
                raw = path.read_bytes()
            except FileNotFoundError:
                log.info("maildir %s: message %s vanished before it was read", self.name, uid)
                continue
            self._paths[uid] = path
            yield Fetched(raw=raw, origin=f"maildir:{self.root}/{self.cfg.folder}/{uid}",
                          key=SourceKey(self.account, self.cfg.folder, 0, uid))

    def finish(self, items: Sequence[Fetched], disposition: Disposition) -> None:
        """Move or flag each message per ``after``; a second call finds them gone and does nothing."""
        if self.cfg.after == "none":
            return
        target = self.inbox if self.cfg.after == "seen" else self._folder_dir(self._target_name(disposition))
        for item in items:
            if item.key is not None:
                self._finish_one(item.key.uid, target)

    def _finish_one(self, uid: str, target: Path) -> None:
        path = self._locate(uid)
        if path is None:
            log.info("maildir %s: message %s already moved", self.name, uid)
            return
        if self.cfg.after == "seen":
            _rename(path, target / "cur" / _with_flag(path.name, "S"))
            return
        _rename(path, target / "cur" / _with_flag(path.name, ""))
        log.debug("maildir %s: message %s moved to %s", self.name, uid, target.name)

    def _target_name(self, disposition: Disposition) -> str:
        return {"processed": self.cfg.processed_folder, "failed": self.cfg.failed_folder,
                "other": self.cfg.other_folder}[disposition]

    def _folder_dir(self, folder: str) -> Path:
        """The directory of ``folder``, created (Maildir++ ``.name``) when absent."""
        if folder.upper() == "INBOX":
            return self.root
        mailbox.Maildir(str(self.root), create=True).add_folder(folder)
        return self.root / f".{folder}"

    def _locate(self, uid: str) -> Path | None:
        """Where the message with ``uid`` is now in the inbox folder; ``None`` when it has gone."""
        known = self._paths.get(uid)
        if known is not None and known.exists():
            return known
        for path in self._listing(self.inbox):
            if path.name.split(COLON, 1)[0] == uid:
                return path
        return None

    @staticmethod
    def _listing(folder: Path) -> list[Path]:
        """The messages of ``folder`` (``new/`` and ``cur/``) in the order they were delivered."""
        names: list[Path] = []
        for sub in ("new", "cur"):
            try:
                entries = list(os.scandir(folder / sub))
            except FileNotFoundError:
                continue
            names.extend(Path(e.path) for e in entries if e.is_file() and not e.name.startswith("."))
        return sorted(names, key=lambda p: delivery_order(p.name))


def _with_flag(name: str, flag: str) -> str:
    """``name`` with a Maildir info suffix holding the old flags plus ``flag`` (sorted, per spec)."""
    uid, _, info = name.partition(COLON)
    flags = set(info[2:]) if info.startswith("2,") else set()
    flags.update(flag)
    return f"{uid}{COLON}2,{''.join(sorted(flags))}"


def _rename(src: Path, dst: Path) -> None:
    try:
        dst.parent.mkdir(parents=True, exist_ok=True)
        os.replace(src, dst)
    except FileNotFoundError:
        # Another process moved it between our look and the rename: nothing left to do.
        log.info("maildir: %s moved by someone else", src.name)
    except OSError as err:
        raise SourceError(f"cannot move {src} to {dst.parent}: {err}") from err


_DIGITS = re.compile(r"(\d+)")


def delivery_order(name: str) -> tuple[str | int, ...]:
    """A sort key putting Maildir file names in delivery order: their numbers compared as numbers.

    Delivery agents (Python's ``mailbox``, Dovecot, Postfix) name a file ``SECONDS.M<micro>P<pid>...``
    with the microseconds not zero-padded, so by plain text ``M100000`` would sort before ``M99999``
    of the same second. Names split alike (text, number, text, ...) so the parts always compare.
    """
    return tuple(int(part) if n % 2 else part for n, part in enumerate(_DIGITS.split(name)))
