"""How far each IMAP folder is known to be done (:class:`~store.models.MailboxMark`): read by every
poll before its search, written when a whole-folder scan finds the mark moved."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from store.models import MailboxMark, utcnow


@dataclass(frozen=True)
class FolderMark:
    """Under ``uidvalidity``, every message of the folder with a UID up to ``uid`` was finished."""

    uidvalidity: int
    uid: int


def folder_mark(session: Session, account: str, folder: str) -> FolderMark | None:
    """The mark of one folder; ``None`` when it has none (its next poll scans the whole folder)."""
    row = session.get(MailboxMark, (account, folder))
    return None if row is None else FolderMark(row.uidvalidity, row.uid)


def set_folder_mark(session: Session, account: str, folder: str, mark: FolderMark | None) -> None:
    """Replace the mark of one folder with ``mark``; ``None`` drops it."""
    row = session.get(MailboxMark, (account, folder))
    if mark is None:
        if row is not None:
            session.delete(row)
        return
    row = row or MailboxMark(account=account, folder=folder, uidvalidity=mark.uidvalidity, uid=mark.uid)
    row.uidvalidity, row.uid, row.marked_at = mark.uidvalidity, mark.uid, utcnow()
    session.add(row)
