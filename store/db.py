"""Engine, sessions and migrations.

SQLite is opened in WAL mode with a busy timeout, and every transaction starts with
``BEGIN IMMEDIATE``: a transaction that reads then writes under WAL otherwise fails at once with
"database is locked" when another process holds the write lock (measured on 3.11). The event hooks
are the ones SQLAlchemy documents for pysqlite's transaction handling.
"""

from __future__ import annotations

import ast
import errno
import logging
import os
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import CursorResult, Engine, Executable, create_engine, event, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlmodel import Session

if TYPE_CHECKING:
    from sqlalchemy.dialects.postgresql import Insert as PgInsert
    from sqlalchemy.dialects.sqlite import Insert as SqliteInsert

log = logging.getLogger("intake.store")

MIGRATIONS = Path(__file__).parent / "migrations"


class StoreError(Exception):
    """Raised when the database cannot be opened or migrated."""


class StoreUnavailable(StoreError):
    """The database cannot take writes for now (locked by another process, its disk full, its
    server unreachable): a condition that passes, not a fault of the message being stored. The
    text says which, in words an operator can act on."""


#: Driver messages of conditions that pass, and what to tell the operator.
_TRANSIENT = (
    ("database is locked", "the database is locked by another process (retrying next poll)"),
    ("database table is locked", "the database is locked by another process (retrying next poll)"),
    ("database or disk is full", "the disk holding the database is full: free some space"),
    ("no space left on device", "the disk holding the database is full: free some space"),
    ("disk i/o error", "the database's disk reported an I/O error (full or failing?)"),
    ("attempt to write a readonly database", "the database file is read-only for this user"),
    ("server closed the connection", "the database server closed the connection (retrying next poll)"),
    ("connection refused", "the database server cannot be reached (retrying next poll)"),
    ("could not serialize access", "another worker changed the same rows (retrying next poll)"),
    ("deadlock detected", "another worker changed the same rows (retrying next poll)"),
)


def unavailable_reason(err: BaseException) -> str | None:
    """What makes ``err`` a passing condition of the database (see :class:`StoreUnavailable`), in
    words for the operator; ``None`` when it is not one (a real fault)."""
    seen: set[int] = set()
    current: BaseException | None = err
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, OSError) and current.errno == errno.ENOSPC:
            return "the disk holding the database is full: free some space"
        text = str(getattr(current, "orig", None) or current).lower()
        for needle, reason in _TRANSIENT:
            if needle in text:
                return reason
        current = current.__cause__ or current.__context__
    return None


def make_engine(url: str, *, busy_timeout_s: float = 10.0, echo: bool = False) -> Engine:
    """An engine for ``url`` (``sqlite:///path`` or ``postgresql+psycopg://...``).

    For SQLite the database's folder is created when missing (with its parents, like the data
    folder it usually lives in) and the file is created readable by its owner only. Raises
    :class:`StoreError` naming the URL (with any password hidden) when the URL or its folder cannot
    be used.
    """
    try:
        if url.startswith("sqlite"):
            path = sqlite_file(url)
            if path is not None:
                _create_private(path)
            engine = create_engine(url, echo=echo, connect_args={"timeout": busy_timeout_s,
                                                                 "check_same_thread": False})
            _sqlite_hooks(engine, busy_timeout_s)
            return engine
        return create_engine(url, echo=echo, pool_pre_ping=True)
    except OSError as err:
        raise StoreError(f"cannot create the database folder {err.filename or url}: "
                         f"{err.strerror or err}") from err
    except ImportError as err:
        raise StoreError(f"database URL {_safe(url)!r} needs a driver that is not installed "
                         f"({err.name or err}); SQLite (sqlite:///path) and PostgreSQL "
                         "(postgresql+psycopg://..., pip install 'case-intake[postgres]') are supported"
                         ) from err
    except ArgumentError as err:
        raise StoreError(f"database URL {_safe(url)!r} is not valid: expected sqlite:///path or "
                         "postgresql+psycopg://user@host/db") from err


def sqlite_file(url: str) -> Path | None:
    """The database file of a ``sqlite:///path`` URL; ``None`` for other databases and in-memory
    SQLite."""
    if not (url.startswith("sqlite") and "///" in url):
        return None
    path = url.split("///", 1)[1]
    return Path(path) if path and path != ":memory:" else None


def _create_private(path: Path) -> None:
    """Make the database's folder (0700 when new) and the file itself (0600) before SQLite opens
    it: SQLite gives its -wal and -shm files the database file's permissions, so the queue's personal
    data stays readable by its owner only, whatever the umask."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    if not path.exists():
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))


def _safe(url: str) -> str:
    """``url`` with any password replaced by ``***`` (for messages and logs)."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url if "@" not in url else "<database URL>"


def _sqlite_hooks(engine: Engine, busy_timeout_s: float) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Let SQLAlchemy, not pysqlite, emit BEGIN, so we can make it IMMEDIATE.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute(f"PRAGMA busy_timeout={int(busy_timeout_s * 1000)}")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        if conn.get_execution_options().get(_READING):
            return  # Store.reading(): each statement reads on its own, taking no lock
        conn.exec_driver_sql("BEGIN IMMEDIATE")


_READING = "intake_reading"
"""Execution option (and ``Session.info`` key) of the sessions of :meth:`Store.reading`."""


_REVISION_LINE = re.compile(r"^(revision|down_revision)\b[^=\n]*=(.*)$", re.M)


def newest_revisions() -> frozenset[str] | None:
    """The head revisions of the migration scripts, read from each script's ``revision`` and
    ``down_revision`` lines without loading alembic (which costs a command a quarter of a second);
    ``None`` when a script does not state both as literals (then only alembic can say)."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for script in sorted((MIGRATIONS / "versions").glob("*.py")):
        found = dict((m.group(1), m.group(2)) for m in _REVISION_LINE.finditer(script.read_text("utf-8")))
        try:
            revision = ast.literal_eval(found["revision"].strip())
            down = ast.literal_eval(found["down_revision"].strip())
        except (KeyError, ValueError, SyntaxError):
            return None
        if not isinstance(revision, str):
            return None
        revisions.add(revision)
        parents.update([down] if isinstance(down, str) else down or ())
    return frozenset(revisions - parents) or None


def schema_is_current(engine: Engine) -> bool:
    """True when the database records exactly the newest revisions of the scripts; False when it
    records others, none, or cannot be read (a new database)."""
    heads = newest_revisions()
    if heads is None:
        return False
    try:
        with engine.connect() as conn:
            stored = frozenset(conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalars())
    except SQLAlchemyError:
        return False
    return stored == heads


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision (creates it from empty). A database already there is
    only read (its ``alembic_version``), so opening it does not load alembic."""
    if schema_is_current(engine):
        return
    from alembic import command
    from alembic.config import Config as AlembicConfig

    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    try:
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "heads")
    except Exception as err:  # alembic and drivers raise many types; name the database once.
        raise StoreError(f"could not open the database {engine.url.render_as_string(hide_password=True)}: "
                         f"{_first_line(err)}") from err


def _first_line(err: BaseException) -> str:
    """The first line of a driver's error (the rest is SQL and background links)."""
    text = str(getattr(err, "orig", None) or err).strip()
    return text.splitlines()[0] if text else type(err).__name__


_WROTE = "intake.wrote"
"""Key in ``Session.info``: the transaction has written (set by the listeners below)."""


@event.listens_for(Session, "before_flush")
def _flushing(session: Session, _context: Any, _instances: Any) -> None:
    if session.info.get(_READING) and (session.new or session.dirty or session.deleted):
        raise StoreError("a write was made in a reading session (Store.reading)")


@event.listens_for(Session, "after_flush")
def _flushed(session: Session, _context: Any) -> None:
    session.info[_WROTE] = True


@event.listens_for(Session, "do_orm_execute")
def _executed(state: Any) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        if state.session.info.get(_READING):
            raise StoreError("a write was run in a reading session (Store.reading)")
        state.session.info[_WROTE] = True


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_rollback")
def _ended(session: Session) -> None:
    session.info.pop(_WROTE, None)


def write(session: Session, statement: Executable,
          params: Mapping[str, Any] | Sequence[Mapping[str, Any]] | None = None) -> CursorResult[Any]:
    """Run a Core INSERT, UPDATE or DELETE (best built once, with bind parameters; a list of
    parameter sets runs it for each) on the session's connection, and note that the transaction
    wrote, so that the store's ``before_commit`` runs.

    For the statements of every message: through the ORM the same UPDATE cost ten times the CPU
    (an ORM-enabled statement also looks for the objects it changes in the session; none of these
    has any there).
    """
    if session.info.get(_READING):
        raise StoreError("a write was run in a reading session (Store.reading)")
    session.info[_WROTE] = True
    return session.connection().execute(statement, params)


def upsert_insert(dialect: str) -> Callable[[Any], PgInsert | SqliteInsert]:
    """The INSERT construct with ON CONFLICT of ``dialect`` (PostgreSQL's, else SQLite's). Imported
    here, not at the top: PostgreSQL's dialect module costs every command about 25 ms to import
    (all its drivers' modules), and a SQLite installation never needs it."""
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert


class Store:
    """The database of one installation. Create with :meth:`open`; pass it around, no globals."""

    def __init__(self, engine: Engine, *, before_commit: Callable[[Session], None] | None = None) -> None:
        self.engine = engine
        #: Run inside every transaction just before it commits (a lease fence); ``None``: nothing.
        self.before_commit = before_commit
        self._reader = engine.execution_options(**{_READING: True})

    def checked(self, before_commit: Callable[[Session], None]) -> Store:
        """A store on the same engine whose every transaction runs ``before_commit`` just before it
        commits; an exception there rolls the transaction back and propagates."""
        return Store(self.engine, before_commit=before_commit)

    @classmethod
    def open(cls, url: str, *, migrate_schema: bool = True) -> Store:
        engine = make_engine(url)
        if migrate_schema:
            migrate(engine)
        return cls(engine)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session whose transaction commits on normal exit and rolls back on an exception.
        ``before_commit`` runs only when the transaction wrote something (a flush, or an ORM
        INSERT/UPDATE/DELETE statement): a read-only transaction commits nothing to fence."""
        with Session(self.engine, expire_on_commit=False) as s:
            try:
                yield s
                if self.before_commit is not None:
                    if s.new or s.dirty or s.deleted:
                        s.flush()
                    if s.info.get(_WROTE):
                        self.before_commit(s)
                s.commit()
            except BaseException:
                s.rollback()
                raise

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for reads that need not agree with each other, such as one lookup: on SQLite no
        transaction is begun, so each statement reads what is committed when it runs and no lock is
        taken (``BEGIN IMMEDIATE`` and its ``COMMIT`` cost each message a third of its lookup). On
        PostgreSQL it is an ordinary transaction. A write in it raises :class:`StoreError` and
        nothing is committed."""
        with Session(self._reader, expire_on_commit=False, autoflush=False) as s:
            s.info[_READING] = True
            yield s
            if s.new or s.dirty or s.deleted:
                raise StoreError("a write was made in a reading session (Store.reading)")
            # Closed, never committed or rolled back: the objects read keep their loaded state.

    def close(self) -> None:
        self.engine.dispose()
