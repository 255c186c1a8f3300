"""Where messages come from: a Maildir, an IMAP folder, files given on the command line.

Every source yields :class:`Fetched` items and is told, after the database commit, what became of
them through :meth:`Source.finish` (move them, flag them, or leave them), several at a time.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, Protocol

if TYPE_CHECKING:  # the store (SQLModel, SQLAlchemy) is loaded only by commands that open it
    from store.marks import FolderMark


Disposition = Literal["processed", "failed", "other"]


@dataclass(frozen=True)
class SourceKey:
    """Where one message sits in a mailbox: the dedupe key (account, folder, UIDVALIDITY, UID).
    Maildir uses its unique file name as ``uid`` and 0 as ``uidvalidity``."""

    account: str
    folder: str
    uidvalidity: int
    uid: str


@dataclass(frozen=True)
class Fetched:
    """Raw bytes and where they came from. ``key`` is ``None`` for one-off files (import)."""

    raw: bytes
    origin: str
    key: SourceKey | None = None


class SeenIndex(Protocol):
    """What the store knows about one mailbox folder (implemented by the pipeline over the store)."""

    def finished_uids(self, account: str, folder: str, uidvalidity: int, *,
                      among: Collection[str] | None = None) -> set[str]:
        """UIDs whose processing and post-action are both done; an empty set when none. With
        ``among``, only those of these UIDs (``None``: every finished UID of the folder)."""
        ...

    def finished_from(self, account: str, folder: str, uidvalidity: int, uid: int) -> bool:
        """True when a finished UID of the folder is ``uid`` or higher."""
        ...

    def forget_uids(self, account: str, folder: str, uidvalidity: int) -> int:
        """Drop the UID records of one folder (the messages stay stored and are recognised by
        their content); returns how many were dropped. For a server that reused UIDs."""
        ...

    def unfinished_upto(self, account: str, folder: str, uidvalidity: int, uid: int, *,
                        limit: int) -> set[str]:
        """Recorded UIDs, ``uid`` or lower, whose processing or post-action is not done (at most
        ``limit``); an empty set when none."""
        ...

    def mark(self, account: str, folder: str) -> FolderMark | None:
        """The folder's mark, kept across processes; ``None`` when it has none."""
        ...

    def set_mark(self, account: str, folder: str, mark: FolderMark | None) -> None:
        """Replace the folder's mark; ``None`` drops it (the next poll scans the whole folder)."""
        ...


class Source(Protocol):
    """A mailbox the pipeline reads. ``name`` is the mailbox name used for the heartbeat."""

    name: str

    def fetch(self, seen: SeenIndex) -> Iterator[Fetched]:
        """Yield the messages whose keys ``seen`` does not list as finished. A message committed
        but not yet moved is yielded again; the pipeline recognises its hash and only finishes it."""
        ...

    def finish(self, items: Sequence[Fetched], disposition: Disposition) -> None:
        """Act on the mailbox for ``items``, each committed already with the outcome
        ``disposition`` (move/flag them; one server command where the source can); must be safe
        to call twice. Raises on the first fault: the items it could not finish are taken again
        at the next poll and recognised by their hash."""
        ...
