"""Messages from files named on the command line (``intake import``): ``.eml`` files, ``.mbox``
files (stdlib ``mailbox.mbox``) and folders holding them, searched recursively.

Files have no mailbox key: deduplication rests on the SHA-256 of the bytes and the Message-ID, so
importing the same file twice stores it once. :meth:`FileSource.finish` leaves files untouched.
"""

from __future__ import annotations

import logging
import mailbox
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from intake.sources import Disposition, Fetched, SeenIndex
from intake.sources.errors import SourceError

log = logging.getLogger("intake.mailbox")

MBOX_SUFFIXES = (".mbox", ".mbx")
EML_SUFFIXES = (".eml", ".msg822")


@dataclass(frozen=True)
class _Entry:
    """One file to read; ``count`` is the number of messages in it (1 for an .eml)."""

    path: Path
    is_mbox: bool
    count: int


class FileSource:
    """Reads the given paths once. ``len()`` is the number of messages, known before fetching."""

    name = "import"

    def __init__(self, paths: list[Path]) -> None:
        self.entries = [entry for p in paths for entry in _plan(p)]
        self.unreadable: list[str] = []

    def __len__(self) -> int:
        return sum(e.count for e in self.entries)

    def __enter__(self) -> FileSource:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        return None

    def fetch(self, seen: SeenIndex) -> Iterator[Fetched]:
        """Yield every message of every file in order. A file that cannot be read is logged, listed
        in ``unreadable`` and skipped."""
        for entry in self.entries:
            try:
                yield from (_read_mbox(entry.path) if entry.is_mbox else _read_eml(entry.path))
            except (OSError, mailbox.Error) as err:
                log.info("cannot read %s: %s", entry.path, err)
                self.unreadable.append(f"{entry.path}: {err}")

    def finish(self, items: Sequence[Fetched], disposition: Disposition) -> None:
        """Files are left where they are."""
        return None


def _plan(path: Path) -> list[_Entry]:
    if path.is_dir():
        found = sorted(p for p in path.rglob("*") if p.is_file() and _is_mail_file(p))
        return [_entry(p) for p in found]
    if path.is_file():
        return [_entry(path)]
    if path.exists():
        raise SourceError(f"{path}: not a regular file or folder")
    raise SourceError(f"{path}: no such file or folder")


def _is_mail_file(path: Path) -> bool:
    return path.suffix.lower() in MBOX_SUFFIXES + EML_SUFFIXES


def _entry(path: Path) -> _Entry:
    if path.suffix.lower() not in MBOX_SUFFIXES:
        return _Entry(path, False, 1)
    try:
        box = mailbox.mbox(str(path), create=False)
        try:
            count = len(box)
        finally:
            box.close()
    except (OSError, mailbox.Error) as err:
        raise SourceError(f"{path}: cannot read as an mbox file: {err}") from err
    if count == 0 and path.stat().st_size > 0:
        # mailbox.mbox reads any bytes as an empty mailbox; say so rather than import nothing quietly.
        raise SourceError(f"{path}: holds no messages (an mbox file starts each message with a "
                          "'From ' line); is it really an mbox file?")
    return _Entry(path, True, count)


def _read_eml(path: Path) -> Iterator[Fetched]:
    yield Fetched(raw=path.read_bytes(), origin=f"file:{path.resolve()}")


def _read_mbox(path: Path) -> Iterator[Fetched]:
    box = mailbox.mbox(str(path), create=False)
    try:
        for number, key in enumerate(box.iterkeys(), start=1):
            # get_bytes gives the message without mbox's "From " separator line.
            yield Fetched(raw=box.get_bytes(key), origin=f"mbox:{path.resolve()}#{number}")
    finally:
        box.close()
