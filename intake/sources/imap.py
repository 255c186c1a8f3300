"""An IMAP folder as the contact mailbox: one connection per cycle, search first, fetch only what is
new, act on the mailbox only after the database commit.

Each cycle: SELECT the folder (its UIDVALIDITY is part of every key), one UID SEARCH, ask the store
which UIDs of this (account, folder, UIDVALIDITY) are finished, and fetch only the others with
``BODY.PEEK[]`` in batches. Once a whole-folder scan has found every message up to some UID
finished, it keeps that mark in the database (``MailboxMark``, with the folder's UIDVALIDITY), and
the next cycles, of any process (a worker, a restarted worker, each cron-style ``intake poll``),
search only above it (``UID n+1:*``) and ask the store about those UIDs alone: an idle poll of
10,000 kept, processed messages reads none of them. A key at or below the mark that is not
finished (none should be: the mark stops below the first unfinished message) is searched for by
its UID in the same command, so it is taken again all the same.
After the pipeline has committed a message, :meth:`ImapSource.finish`
moves it to the processed, failed or not-submissions folder (``after = "move"``), flags it \\Seen
(``"seen"``), or leaves it (``"none"``).

Exactly once, even when the mailbox changes under us: a message copied back into the folder, or
every message after a UIDVALIDITY change, comes with a key the store has not finished; it is
fetched again, recognised by the pipeline from its SHA-256 or Message-ID, and only moved or flagged.
A crash between the commit and the move ends the same way at the next poll.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from datetime import date
from types import TracebackType

from intake.config import Config, MailboxConfig
from intake.mailbox.errors import ConnectionLost, MailboxError
from intake.mailbox.imap import SEEN, FolderState, ImapMailbox, TokenProvider
from intake.sources import Disposition, Fetched, SeenIndex, SourceKey
from store.marks import FolderMark

log = logging.getLogger("intake.mailbox")


def account_of(cfg: MailboxConfig) -> str:
    """The account part of a mailbox key: ``user@host`` (stable when the mailbox is renamed)."""
    return f"{cfg.username}@{cfg.host}"


def since_date(cfg: MailboxConfig) -> date | None:
    """``cfg.since`` as a date; ``None`` when not set. Raises :class:`MailboxError` when malformed."""
    if not cfg.since:
        return None
    try:
        return date.fromisoformat(cfg.since)
    except ValueError as err:
        raise MailboxError(f"mailbox {cfg.name!r}: since = {cfg.since!r} is not a date "
                           "(expected YYYY-MM-DD)", retryable=False) from err


# Finished messages above the mark (kept mail) after which the next poll scans the whole folder
# again and raises the mark; also the most unfinished keys below the mark that a poll searches
# for one by one (more: the whole folder).
_REMARK_AFTER = 200


class ImapSource:
    """One IMAP folder, open for one cycle. A context manager: entering connects, logs in and
    selects the folder; leaving logs out. Raises :mod:`intake.mailbox.errors` on faults."""

    def __init__(self, mailbox_cfg: MailboxConfig, config: Config, *, token: TokenProvider | None = None
                 ) -> None:
        self.name = mailbox_cfg.name
        self.cfg = mailbox_cfg
        self.config = config
        self.account = account_of(mailbox_cfg)
        self._box = ImapMailbox(mailbox_cfg, token=token)
        self._state: FolderState | None = None
        self._lost: ConnectionLost | None = None

    def __enter__(self) -> ImapSource:
        self._box.open()
        try:
            self._state = self._box.select(self.cfg.folder)
        except BaseException:
            self._box.close()
            raise
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self._box.close()
        log.debug("mailbox %s: commands this cycle: %s", self.name, dict(self._box.commands))

    @property
    def commands(self) -> dict[str, int]:
        """IMAP commands sent this cycle, by name (``SEARCH``, ``FETCH``, ``MOVE``...)."""
        return dict(self._box.commands)

    @property
    def state(self) -> FolderState:
        if self._state is None:
            raise MailboxError(f"mailbox {self.name!r} is not open")
        return self._state

    def fetch(self, seen: SeenIndex) -> Iterator[Fetched]:
        """Yield the messages of the folder whose keys ``seen`` does not list as finished, oldest
        UID first, fetched ``batch_size`` at a time."""
        state = self.state
        uids, done = self._search(seen)
        todo = [uid for uid in uids if uid not in done]
        for uid, raw in self._box.fetch(todo):
            if self._lost is not None:
                # The connection died during a move: stop here rather than store messages we can
                # no longer move; they are fetched again next cycle.
                raise ConnectionLost(str(self._lost)) from self._lost
            key = SourceKey(self.account, self.cfg.folder, state.uidvalidity, str(uid))
            yield Fetched(raw=raw, origin=self._origin(state, uid), key=key)

    def _search(self, seen: SeenIndex) -> tuple[list[int], set[int]]:
        """The UIDs to look at and those of them whose keys are finished: above the folder's mark
        (with any unfinished below it) when the mark holds, else the whole folder (or the mail
        ``since``), whose scan keeps the mark it proves."""
        state, since = self.state, since_date(self.cfg)
        stored = seen.mark(self.account, self.cfg.folder)
        mark, behind = self._usable_mark(stored, seen, since)
        if mark is None:
            uids = self._box.search(since=since)
            done = self._finished(seen, state)
            if since is None:
                self._keep_mark(seen, stored, self._mark_of(uids, done, state))
            log.debug("mailbox %s: %d messages in %s, %d finished", self.name, len(uids), self.cfg.folder,
                      len(done))
            return uids, done
        uids = self._box.search(above=mark.uid, also=behind)
        done = {int(u) for u in seen.finished_uids(self.account, self.cfg.folder, state.uidvalidity,
                                                   among=[str(u) for u in uids]) if u.isdigit()}
        if len(done) >= _REMARK_AFTER:
            seen.set_mark(self.account, self.cfg.folder, None)  # the next poll scans and marks anew
        log.debug("mailbox %s: %d messages in %s above UID %d or unfinished below it (%d), %d finished",
                  self.name, len(uids), self.cfg.folder, mark.uid, len(behind), len(done))
        return uids, done

    def _keep_mark(self, seen: SeenIndex, stored: FolderMark | None, high: int) -> None:
        """Keep ``high`` (0: none) as the folder's mark, when it is not the one kept already."""
        new = FolderMark(self.state.uidvalidity, high) if high > 0 else None
        if new != stored:
            seen.set_mark(self.account, self.cfg.folder, new)

    def _usable_mark(self, mark: FolderMark | None, seen: SeenIndex, since: date | None
                     ) -> tuple[FolderMark | None, list[int]]:
        """``mark`` when it still holds for the open folder: same UIDVALIDITY, no ``since``, and
        no finished UID at or above the server's next UID (a server that reuses UIDs gets the
        whole folder scanned, below); with the UIDs at or below it whose keys are not finished
        (none, unless something undid a key after the mark was set), searched for one by one.
        ``(None, [])``: scan the whole folder."""
        state = self.state
        if mark is None or mark.uid <= 0 or since is not None or mark.uidvalidity != state.uidvalidity:
            return None, []
        if state.uidnext is None or mark.uid >= state.uidnext:
            return None, []
        if seen.finished_from(self.account, self.cfg.folder, state.uidvalidity, state.uidnext):
            return None, []
        behind = seen.unfinished_upto(self.account, self.cfg.folder, state.uidvalidity, mark.uid,
                                      limit=_REMARK_AFTER + 1)
        if len(behind) > _REMARK_AFTER:
            return None, []
        return mark, sorted(int(u) for u in behind)

    @staticmethod
    def _mark_of(uids: list[int], done: set[int], state: FolderState) -> int:
        """The highest UID up to which every message of the folder is finished: just below the
        first unfinished one, else just below the next UID. 0 (no mark) unless ``uids`` is the
        whole folder as SELECT saw it: no message hidden from SEARCH (\\Deleted, which may be
        cleared again), none arrived since."""
        if state.uidnext is None or len(uids) != state.exists or (uids and uids[-1] >= state.uidnext):
            return 0
        first_open = next((uid for uid in uids if uid not in done), None)
        if first_open is not None:
            return first_open - 1
        return state.uidnext - 1

    def _finished(self, seen: SeenIndex, state: FolderState) -> set[int]:
        """Every finished UID of the open folder; drops them all when the server reused UIDs."""
        done = {int(u) for u in seen.finished_uids(self.account, self.cfg.folder, state.uidvalidity)
                if u.isdigit()}
        if self._uids_went_back(state, done):
            # RFC 3501 2.3.1.1 forbids it, but a server restored from backup (or rebuilt) may hand
            # out UIDs again under the same UIDVALIDITY: new mail would hide behind finished UIDs.
            # Take everything again; what is stored already is recognised by its content.
            dropped = seen.forget_uids(self.account, self.cfg.folder, state.uidvalidity)
            log.warning("mailbox %s: the server reused UIDs in %s (next UID %s, but UID %s was finished); "
                        "taking every message again (%d old keys dropped)", self.name, self.cfg.folder,
                        state.uidnext, max(done), dropped)
            done = set()
        return done

    @staticmethod
    def _uids_went_back(state: FolderState, done: set[int]) -> bool:
        """True when a finished UID is at or above the server's next UID (UIDs restarted)."""
        return state.uidnext is not None and bool(done) and max(done) >= state.uidnext

    def _origin(self, state: FolderState, uid: int) -> str:
        # RFC 5092 IMAP URL shape: readable, and names the exact message.
        return (f"imap://{self.cfg.username}@{self.cfg.host}:{self.cfg.port}/{self.cfg.folder}"
                f";UIDVALIDITY={state.uidvalidity}/;UID={uid}")

    def finish(self, items: Sequence[Fetched], disposition: Disposition) -> None:
        """Move or flag the messages per ``after``, with one command for all of them. Calling it
        twice is harmless: the second MOVE finds the UIDs gone. A key from another folder or
        UIDVALIDITY is left alone."""
        if self.cfg.after == "none":
            return
        uids = []
        for key in (item.key for item in items):
            if key is None:
                continue
            if key.folder != self.cfg.folder or key.uidvalidity != self.state.uidvalidity:
                log.info("mailbox %s: UID %s is from %s/%s, not the open folder; not moved", self.name,
                         key.uid, key.folder, key.uidvalidity)
                continue
            uids.append(int(key.uid))
        if not uids:
            return
        try:
            self._act(uids, disposition)
        except ConnectionLost as err:
            self._lost = err
            raise

    def _act(self, uids: list[int], disposition: Disposition) -> None:
        if self.cfg.after == "seen":
            self._box.add_flags(uids, [SEEN])
            log.debug("mailbox %s: UIDs %s flagged \\Seen", self.name, uids)
            return
        target = self.target_folder(disposition)
        self._box.move(uids, target)
        log.debug("mailbox %s: UIDs %s moved to %s", self.name, uids, target)

    def target_folder(self, disposition: Disposition) -> str:
        """The folder a message with this outcome goes to when ``after = "move"``."""
        return {"processed": self.cfg.processed_folder, "failed": self.cfg.failed_folder,
                "other": self.cfg.other_folder}[disposition]
