"""``intake db upgrade`` (migrations to head) and ``intake db copy --to URL`` (move the whole queue
to another database, SQLite to PostgreSQL or back, checked table by table).

A copy refuses to start while a worker holds the source: the lock file beside a SQLite source is
taken for the length of the copy (so no worker can start meanwhile), and any unexpired mailbox
lease or running worker recorded in the source stops it.
"""

from __future__ import annotations

import fcntl
import os
from typing import Annotated

import typer

from intake.commands.common import ConfigOption, clean_errors, console, fail, state

db_app = typer.Typer(no_args_is_help=True, help="Database upkeep: migrations, moving to another database.")


def register(app: typer.Typer) -> None:
    """Add ``intake db ...`` to ``app``."""
    app.add_typer(db_app, name="db")


def _safe(url: str) -> str:
    from sqlalchemy import make_url

    return make_url(url).render_as_string(hide_password=True)


def _revision(url: str) -> str:
    from alembic.runtime.migration import MigrationContext

    from store.db import make_engine

    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            heads = MigrationContext.configure(conn).get_current_heads()
    finally:
        engine.dispose()
    return ", ".join(heads) or "empty"


@db_app.command("upgrade")
def upgrade(ctx: typer.Context, config: ConfigOption = None) -> None:
    """Bring the database's schema to the newest revision (creates it when empty)."""
    st = state(ctx, config)
    with clean_errors():
        from store.db import make_engine, migrate

        url = st.config.database_url
        before = _revision(url)
        engine = make_engine(url)
        try:
            migrate(engine)
        finally:
            engine.dispose()
        after = _revision(url)
    change = "already at" if before == after else f"upgraded from {before} to"
    console().print(f"database {_safe(url)}: {change} revision {after}", markup=False, soft_wrap=True)


@db_app.command("copy")
def copy(
    ctx: typer.Context,
    to: Annotated[str, typer.Option("--to", metavar="URL", help="The empty target database, e.g. "
                                    "postgresql+psycopg://intake@127.0.0.1/intake or sqlite:///new.sqlite3")],
    config: ConfigOption = None,
) -> None:
    """Copy the whole queue from the configured database to an empty one, then compare row counts
    and a checksum of every table. Stop the workers first; point the config at the new URL after."""
    from store import leases
    from store.copy import copy_database

    st = state(ctx, config)
    with clean_errors():
        from store.db import make_engine, migrate

        source_url = st.config.database_url
        if source_url == to:
            raise fail("--to names the configured database itself")
        lock = _lock_sqlite_source(source_url)
        try:
            store = st.store
            with store.session() as s:
                held = leases.held_by_others(s, "")
                workers = leases.live_workers(s)
            if held or workers:
                who = sorted({lease.holder or "" for lease in held} | set(workers))
                raise fail(f"a worker is using {_safe(source_url)} ({', '.join(who)}); stop every "
                           "`intake run` and `intake poll` first")
            target = make_engine(to)
            try:
                migrate(target)
                checks = copy_database(store.engine, target)
            finally:
                target.dispose()
        finally:
            if st._store is not None:
                st._store.close()
            if lock is not None:
                os.close(lock)
    for c in checks:
        console().print(f"{c.table:<20} {c.source_rows:>8} rows  sha256 {c.source_sum[:16]}  "
                        "same on both sides", markup=False)
    console().print(f"copied {sum(c.source_rows for c in checks)} rows in {len(checks)} tables to "
                    f"{_safe(to)}; every count and checksum matches. Now set [database] url to it.",
                    markup=False, soft_wrap=True)


def _lock_sqlite_source(url: str) -> int | None:
    """Take the worker lock beside a SQLite source for the copy; ``None`` for other databases.
    Raises a one-line failure when a worker holds it."""
    from intake.worker import sqlite_lock_path

    path = sqlite_lock_path(url)
    if path is None:
        return None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as err:
        from store.db import StoreError

        raise StoreError(f"cannot open the lock file {path}: {err.strerror or err}") from err
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = os.pread(fd, 200, 0).decode("utf-8", "replace").strip() or "unknown"
        os.close(fd)
        raise fail(f"a worker is running on {path.with_suffix('').with_suffix('')} ({holder}); "
                   "stop it first") from None
    return fd
