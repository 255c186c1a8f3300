"""Transports: how a queued email leaves. ``file`` (the embedded default) writes .eml files into
``outbox_dir``; ``smtp`` lives in :mod:`intake.replies.smtp`, the only module that imports smtplib.

A transport is a context manager holding at most one connection for one send run. ``send``
returns nothing on success and raises :class:`~intake.replies.errors.DeliveryError` otherwise.
"""

from __future__ import annotations

import os
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Protocol

from intake.replies.errors import DeliveryError

if TYPE_CHECKING:
    from intake.config import Config
    from store.models import Outbox


class Transport(Protocol):
    """Delivers raw messages; entered once per send run."""

    def __enter__(self) -> Transport: ...

    def __exit__(self, et: type[BaseException] | None, ev: BaseException | None,
                 tb: TracebackType | None) -> None: ...

    def send(self, row: Outbox) -> None:
        """Deliver ``row.raw`` to ``row.to_addr``; raises ``DeliveryError`` when it did not go."""
        ...


class FileTransport:
    """Writes each email as ``<created>-<id>-<kind>.eml`` into ``folder`` (created when absent).
    The file appears whole or not at all (written under a temporary name, then renamed)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def __enter__(self) -> FileTransport:
        return self

    def __exit__(self, et: type[BaseException] | None, ev: BaseException | None,
                 tb: TracebackType | None) -> None:
        return None

    def path_for(self, row: Outbox) -> Path:
        return self.folder / f"{row.created_at:%Y%m%d-%H%M%S}-{row.id:06d}-{row.kind}.eml"

    def send(self, row: Outbox) -> None:
        target = self.path_for(row)
        tmp = target.with_suffix(".tmp")
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            tmp.write_bytes(row.raw)
            os.replace(tmp, target)
        except OSError as err:
            raise DeliveryError(f"cannot write {target}: {err.strerror or err}", connection=True) from err


def make_transport(config: Config) -> Transport:
    """The transport ``smtp.transport`` names."""
    if config.smtp.transport == "smtp":
        from intake.replies.smtp import SmtpTransport

        return SmtpTransport(config)
    return FileTransport(config.outbox_dir)
