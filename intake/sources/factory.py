"""Open the source a ``[mailbox]`` table describes. IMAP support is imported only when configured,
so a Maildir installation never loads the IMAP client."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from intake.config import Config, MailboxConfig
from intake.sources import Source
from intake.sources.maildir import MaildirSource, maildir_account


def account_key(mailbox_cfg: MailboxConfig) -> str:
    """The account part of the keys this mailbox's messages are remembered by (``MailboxSeen``)."""
    if mailbox_cfg.type == "imap":
        from intake.sources.imap import account_of

        return account_of(mailbox_cfg)
    return maildir_account(mailbox_cfg)


@contextmanager
def open_source(mailbox_cfg: MailboxConfig, config: Config) -> Iterator[Source]:
    """The source for ``mailbox_cfg``, open for one cycle (one connection), closed on exit."""
    if mailbox_cfg.type == "imap":
        from intake.sources.imap import ImapSource  # written by the IMAP issue

        with ImapSource(mailbox_cfg, config) as imap:
            yield imap
        return
    with MaildirSource(mailbox_cfg) as maildir:
        yield maildir
