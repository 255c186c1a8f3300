"""The sample messages shipped in the package, and their delivery into a local Maildir for
``intake demo``. The samples are written by scripts/make_demo_data.py."""

from __future__ import annotations

import mailbox
from importlib import resources
from pathlib import Path

from intake.sources.errors import SourceError


def sample_messages() -> list[tuple[str, bytes]]:
    """``(file name, raw bytes)`` of every sample, in file-name order."""
    folder = resources.files("intake").joinpath("demo_data")
    items = sorted((f.name, f.read_bytes()) for f in folder.iterdir() if f.name.endswith(".eml"))
    if not items:
        raise SourceError("the package holds no demo messages (intake/demo_data is empty)")
    return items


def deliver(maildir: Path, messages: list[tuple[str, bytes]]) -> Path:
    """Put ``messages`` into the ``new/`` folder of the Maildir at ``maildir`` (created when absent),
    as a mail server would. Returns the ``new/`` folder."""
    try:
        box = mailbox.Maildir(str(maildir), create=True)
        for _name, raw in messages:
            box.add(raw)
    except OSError as err:
        raise SourceError(f"cannot write to the Maildir {maildir}: {err}") from err
    return maildir / "new"
