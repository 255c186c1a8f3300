"""Copying a whole queue from one database to another (SQLite to PostgreSQL or back), checked.

Every table of the models is copied in dependency order, in batches, ordered by primary key, into
an empty target migrated to the same revision; PostgreSQL's id sequences are then moved past the
copied ids. The full-text tables are rebuilt by the target's own triggers as the rows arrive.
Leases and worker presence are not copied (they describe the processes running on the source).
At the end every table is counted and checksummed on both sides (a SHA-256 over its rows in
primary-key order, values normalised: naive datetimes read as UTC, JSON with sorted keys), and
any difference is an error.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, Table, func, select
from sqlmodel import SQLModel

import store.models  # noqa: F401  (registers every table)
from store.db import StoreError

NOT_COPIED = ("mailboxlease", "workerpresence")
BATCH = 500


@dataclass(frozen=True)
class TableCheck:
    """One table compared after the copy: rows and checksum on each side."""

    table: str
    source_rows: int
    target_rows: int
    source_sum: str
    target_sum: str

    @property
    def ok(self) -> bool:
        return self.source_rows == self.target_rows and self.source_sum == self.target_sum


def copied_tables() -> list[Table]:
    """The tables a copy carries, parents before children."""
    return [t for t in SQLModel.metadata.sorted_tables if t.name not in NOT_COPIED]


def copy_database(source: Engine, target: Engine) -> list[TableCheck]:
    """Copy every row of :func:`copied_tables` from ``source`` into ``target`` (both migrated to
    head) and compare them. Raises :class:`StoreError` when the target already holds rows, or
    when a table differs after the copy (the target is then left as it is, for inspection)."""
    tables = copied_tables()
    with target.connect() as conn:
        busy = [t.name for t in tables if conn.execute(select(func.count()).select_from(t)).scalar()]
    if busy:
        raise StoreError(f"the target database is not empty (rows in {', '.join(busy)}); "
                         "copy only into a new, empty database")
    with source.connect() as src, target.begin() as dst:
        for table in tables:
            rows: list[dict[str, Any]] = []
            for row in src.execute(select(table).order_by(*table.primary_key.columns)).mappings():
                rows.append(dict(row))
                if len(rows) >= BATCH:
                    dst.execute(table.insert(), rows)
                    rows = []
            if rows:
                dst.execute(table.insert(), rows)
        if target.dialect.name == "postgresql":
            _move_sequences(dst, tables)
    checks = [_check(source, target, t) for t in tables]
    bad = [c.table for c in checks if not c.ok]
    if bad:
        raise StoreError(f"the copy differs from the source in {', '.join(bad)}")
    return checks


def _move_sequences(conn: Any, tables: list[Table]) -> None:
    for table in tables:
        pk = list(table.primary_key.columns)
        if len(pk) == 1 and pk[0].autoincrement in (True, "auto") and pk[0].type.python_type is int:
            # Names from our own metadata only, never from input.
            top = select(func.coalesce(func.max(pk[0]), 0) + 1).scalar_subquery()
            seq = func.pg_get_serial_sequence(f'"{table.name}"', pk[0].name)
            conn.execute(select(func.setval(seq, top, False)))


def checksum(engine: Engine, table: Table) -> tuple[int, str]:
    """Rows and the SHA-256 of ``table``'s rows in primary-key order (values normalised)."""
    digest, n = hashlib.sha256(), 0
    with engine.connect() as conn:
        for row in conn.execute(select(table).order_by(*table.primary_key.columns)):
            digest.update(json.dumps([_plain(v) for v in row], sort_keys=True).encode())
            n += 1
    return n, digest.hexdigest()


def _check(source: Engine, target: Engine, table: Table) -> TableCheck:
    (sn, ss), (tn, ts) = checksum(source, table), checksum(target, table)
    return TableCheck(table.name, sn, tn, ss, ts)


def _plain(value: Any) -> Any:
    if isinstance(value, bytes | memoryview):
        return hashlib.sha256(bytes(value)).hexdigest()
    if isinstance(value, datetime):
        aware = value if value.tzinfo else value.replace(tzinfo=UTC)
        return aware.astimezone(UTC).isoformat()
    return value
