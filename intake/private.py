"""Files that hold personal data stay private to the account that runs case-intake.

Submissions carry names, addresses and whole forms, so the database (and SQLite's -wal/-shm
files), the raw mail, the outbox's .eml files and converters' scratch copies are created readable
by their owner only (0600 files, 0700 folders), whatever the umask the service was started with.
:func:`exposed` lets ``intake doctor`` warn about files made before, or by hand.
"""

from __future__ import annotations

import logging
import os
import shutil
import stat
import time
from pathlib import Path

log = logging.getLogger("intake")

#: Files 0600, folders 0700: nothing for the group or others.
PRIVATE_UMASK = 0o077
#: Scratch folders older than this are left over from a killed run (converters time out far sooner).
STALE_SCRATCH_S = 15 * 60


def keep_private() -> None:
    """Make every file and folder this process creates private from now on."""
    os.umask(PRIVATE_UMASK)


def use_scratch_dir(data_dir: Path) -> Path:
    """Make ``<data_dir>/tmp``, the private folder where converters keep their temporary copies of
    attachments (``Limits.scratch_dir``), and remove what a killed run left there. Returns the
    folder; when it cannot be made, a warning says why (converters then make it themselves)."""
    scratch = data_dir / "tmp"
    try:
        scratch.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(scratch, 0o700)
    except OSError as err:
        log.warning("cannot make %s for temporary files: %s", scratch, err.strerror or err)
        return scratch
    _remove_leftovers(scratch)
    return scratch


def _remove_leftovers(scratch: Path) -> None:
    cutoff = time.time() - STALE_SCRATCH_S
    for entry in scratch.iterdir():
        try:
            if entry.lstat().st_mtime >= cutoff:
                continue  # another process of this installation may be using it now
            # Imported only for an old entry: it brings psutil (about 10 ms), which a command
            # finding the folder empty, as most do, never needs.
            from parsers import scratch_in_use

            if scratch_in_use(entry):
                continue  # a running LibreOffice's folder stays as old as the LibreOffice
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
            log.info("removed %s, left behind by an interrupted run", entry)
        except OSError as err:
            log.warning("cannot remove the leftover %s: %s", entry, err.strerror or err)


def exposed(paths: list[Path]) -> list[tuple[Path, int]]:
    """The paths among ``paths`` (those that exist) that the group or others may read, write or
    enter, with their permission bits."""
    out = []
    for path in paths:
        try:
            mode = stat.S_IMODE(path.stat().st_mode)
        except OSError:
            continue
        if mode & 0o077:
            out.append((path, mode))
    return out


def remove_files_naming(folders: list[Path], needle: bytes) -> int:
    """Delete every file under ``folders`` whose bytes contain ``needle`` (case-insensitive ASCII);
    returns how many went. For an erasure: the outbox's .eml copies and a local Maildir's messages."""
    wanted = needle.lower()
    removed = 0
    for path in _files_under(folders):
        try:
            if wanted in path.read_bytes().lower():
                path.unlink()
                removed += 1
        except OSError as err:
            log.warning("cannot erase %s: %s", path, err.strerror or err)
    return removed


def remove_files_older(folders: list[Path], before: float) -> int:
    """Delete the files under ``folders`` last changed before ``before`` (seconds since the epoch)."""
    removed = 0
    for path in _files_under(folders):
        try:
            if path.stat().st_mtime < before:
                path.unlink()
                removed += 1
        except OSError as err:
            log.warning("cannot remove %s: %s", path, err.strerror or err)
    return removed


def _files_under(folders: list[Path]) -> list[Path]:
    return [p for folder in folders if folder.is_dir() for p in folder.rglob("*")
            if p.is_file() and not p.is_symlink()]
