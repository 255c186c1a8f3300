"""Personal data commands: ``purge`` (retention), ``forget`` (erasure on request), ``backup`` and
``restore``. Each prints what it did in one or two lines; errors are one line with exit code 2."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Annotated

import typer

from intake.commands.common import ConfigOption, clean_errors, console, fail, state
from intake.private import remove_files_naming, remove_files_older

Days = Annotated[int, typer.Option("--raw-older-than", min=1, metavar="DAYS",
                                   help="Remove raw mail and attachments received more than DAYS days ago.")]


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    app.command("purge")(purge)
    app.command("forget")(forget)
    app.command("backup")(backup)
    app.command("restore")(restore)


def purge(ctx: typer.Context, raw_older_than: Days, config: ConfigOption = None) -> None:
    """Remove raw mail and attachments after a retention period; reviewed submissions stay."""
    from store.privacy import purge_raw

    st = state(ctx, config)
    with clean_errors():
        before = datetime.now(UTC) - timedelta(days=raw_older_than)
        with st.store.session() as s:
            report = purge_raw(s, before=before)
        files = remove_files_older([st.config.outbox_dir], before.timestamp())
    console().print(f"Removed the raw mail of {report.messages} messages ({report.attachments} attachments) "
                    f"and the bodies of {report.emails} sent emails ({files} outbox files) from before "
                    f"{before:%Y-%m-%d}. Submissions under review keep theirs.", markup=False)


def forget(ctx: typer.Context, email: Annotated[str, typer.Argument(help="The person's email address.")],
           yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
           config: ConfigOption = None) -> None:
    """Erase one person's data everywhere (answers, mail, emails sent to them, notes)."""
    from store.privacy import PrivacyError
    from store.privacy import forget as erase

    st = state(ctx, config)
    if not yes and not typer.confirm(f"Erase everything stored about {email}? This cannot be undone"):
        raise fail("nothing erased")
    with clean_errors():
        try:
            with st.store.session() as s:
                report = erase(s, email, actor="cli")
        except PrivacyError as err:
            raise fail(str(err)) from None
        # Copies outside the database: the file outbox and local Maildir folders (an IMAP server's
        # copy is the mailbox's own; the README says to delete it there).
        folders = [st.config.outbox_dir, *(m.path for m in st.config.mailboxes if m.path is not None)]
        files = remove_files_naming(folders, email.strip().encode("utf-8", "replace"))
    refs = ", ".join(report.submissions) or "none"
    console().print(f"Erased {email}: submissions {refs}; {report.messages} messages; {report.emails} "
                    f"emails; {files} files.", markup=False)


def backup(ctx: typer.Context, file: Annotated[Path, typer.Argument(help="The backup file to create.")],
           config: ConfigOption = None) -> None:
    """A consistent copy of the database while the worker runs (SQLite backup API or pg_dump)."""
    from store.privacy import PrivacyError
    from store.privacy import backup as take_backup

    st = state(ctx, config)
    with clean_errors():
        try:
            take_backup(st.store.engine, file)
        except PrivacyError as err:
            raise fail(str(err)) from None
    console().print(f"Backed up the queue to {file} ({file.stat().st_size:,} bytes).", markup=False)


def restore(ctx: typer.Context, file: Annotated[Path, typer.Argument(help="A file made by `intake backup`.")],
            yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
            config: ConfigOption = None) -> None:
    """Replace the queue with a backup. Stop the worker and the web app first."""
    from intake.worker import AlreadyRunning, WorkerLock
    from store.privacy import PrivacyError
    from store.privacy import restore as put_back

    st = state(ctx, config)
    if not yes and not typer.confirm(f"Replace the whole queue with the backup {file}?"):
        raise fail("nothing restored")
    with clean_errors():
        lock = WorkerLock(st.config, st.store)
        try:
            lock.acquire()  # refuse while a worker is using the database
            put_back(st.store.engine, file)
        except (AlreadyRunning, PrivacyError) as err:
            raise fail(str(err)) from None
        finally:
            lock.release()
    console().print(f"Restored the queue from {file}.", markup=False)
