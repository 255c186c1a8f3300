"""``intake db upgrade`` and ``intake db copy --to URL``: a SQLite queue moved to a real PostgreSQL
and back without losing a row, refused while a worker holds the source."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import func, select
from typer.testing import CliRunner

from intake.cli import app
from intake.config import load_config
from intake.pipeline import PipelineContext, process
from store.copy import checksum, copied_tables
from store.db import Store
from store.models import Attachment, Message, Outbox, Submission, SubmissionVersion
from store.search import QueueFilter, search_queue
from tests.fixtures.forms import form_email, question_email


@pytest.fixture(autouse=True)
def config_db_from_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("INTAKE_DATABASE_URL", raising=False)


def run(cfg: Path, *args: str, code: int = 0) -> str:
    result = CliRunner(env={"COLUMNS": "200"}).invoke(app, ["--config", str(cfg), *args])
    assert result.exit_code == code, (result.stdout, result.stderr, result.exception)
    if code == 2:
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: ") and "Traceback" not in result.stderr
        return lines[0]
    return result.stdout


def filled_queue(tmp_path: Path) -> Path:
    """A SQLite queue with submissions (one with two versions), a question and outbox rows."""
    cfg = tmp_path / "config.toml"
    cfg.write_text('data_dir = "data"\n', encoding="utf-8")
    config = load_config(cfg)
    store = Store.open(config.database_url)
    ctx = PipelineContext(config, store)
    for n in range(12):
        process(ctx, form_email(title=f"Reading friends {n}", message_id=f"<m{n}@example.org>",
                                sender=f"Person {n} <p{n}@library{n}.example.org>"), origin=f"test:{n}")
    process(ctx, form_email(title="Reading friends 3", message_id="<again@example.org>",
                            sender="Person 3 <p3@library3.example.org>", summary="Weekly volunteers."),
            origin="test:again")
    process(ctx, question_email(), origin="test:q")
    store.close()
    return cfg


def counts(url: str) -> dict[str, int]:
    store = Store.open(url, migrate_schema=False)
    try:
        with store.session() as s:
            return {m.__name__: int(s.exec(select(func.count()).select_from(m)).one())
                    for m in (Message, Submission, SubmissionVersion, Outbox, Attachment)}
    finally:
        store.close()


def test_copy_moves_a_sqlite_queue_to_postgresql_and_back_without_losing_a_row(
        tmp_path: Path, pg_url: str) -> None:
    cfg = filled_queue(tmp_path)
    source_url = load_config(cfg).database_url

    out = run(cfg, "db", "copy", "--to", pg_url)

    assert "every count and checksum matches" in out and "submissionversion" in out
    assert counts(pg_url) == counts(source_url)
    assert counts(pg_url)["Submission"] == 12 and counts(pg_url)["SubmissionVersion"] == 13
    pg = Store.open(pg_url)
    try:
        with pg.session() as s:  # the search table was built by the target's triggers
            assert [r.title for r in search_queue(s, QueueFilter(text="weekly volunteer")).rows] == [
                "Reading friends 3"]
        # New rows get new ids: the sequences were moved past the copied ones.
        config = load_config(cfg)
        out2 = process(PipelineContext(config, pg), form_email(title="After the move",
                                                                message_id="<new@example.org>"), origin="t")
        assert out2.status == "submission"
    finally:
        pg.close()

    back = f"sqlite:///{tmp_path / 'back.sqlite3'}"
    pg_cfg = tmp_path / "pg.toml"
    pg_cfg.write_text(f'data_dir = "data2"\n[database]\nurl = "{pg_url}"\n', encoding="utf-8")
    assert "every count and checksum matches" in run(pg_cfg, "db", "copy", "--to", back)
    src, dst = Store.open(pg_url), Store.open(back)
    try:
        for table in copied_tables():
            assert checksum(src.engine, table) == checksum(dst.engine, table), table.name
    finally:
        src.close()
        dst.close()


def test_copy_refuses_an_occupied_target(tmp_path: Path, pg_url: str) -> None:
    cfg = filled_queue(tmp_path)
    run(cfg, "db", "copy", "--to", pg_url)
    line = run(cfg, "db", "copy", "--to", pg_url, code=2)
    assert "the target database is not empty" in line


def test_copy_refuses_while_a_worker_holds_the_sqlite_source(tmp_path: Path, pg_url: str) -> None:
    from intake.worker import WorkerLock

    cfg = filled_queue(tmp_path)
    config = load_config(cfg)
    store = Store.open(config.database_url)
    lock = WorkerLock(config, store)
    lock.acquire()
    try:
        line = run(cfg, "db", "copy", "--to", pg_url, code=2)
    finally:
        lock.release()
        store.close()
    assert "a worker is running on" in line and "stop it first" in line
    import sqlalchemy as sa

    engine = sa.create_engine(pg_url)
    try:
        assert sa.inspect(engine).get_table_names() == []  # the target was not even touched
    finally:
        engine.dispose()


def test_copy_refuses_while_a_worker_holds_a_mailbox_lease_on_the_source(tmp_path: Path, pg_url: str) -> None:
    from store import leases

    pg_cfg = tmp_path / "pg.toml"
    pg_cfg.write_text(f'data_dir = "data"\n[database]\nurl = "{pg_url}"\n', encoding="utf-8")
    store = Store.open(pg_url)
    try:
        with store.session() as s:
            assert leases.try_take(s, "contact", "otherhost:4242", 60) is not None
    finally:
        store.close()
    line = run(pg_cfg, "db", "copy", "--to", f"sqlite:///{tmp_path / 'out.sqlite3'}", code=2)
    assert "otherhost:4242" in line and "stop every `intake run`" in line


def test_upgrade_brings_an_empty_database_to_the_newest_revision(tmp_path: Path, pg_url: str) -> None:
    pg_cfg = tmp_path / "pg.toml"
    pg_cfg.write_text(f'data_dir = "data"\n[database]\nurl = "{pg_url}"\n', encoding="utf-8")
    runner = CliRunner(env={"COLUMNS": "200"})
    # The state opens (and migrates) lazily, so upgrade is the first to touch the empty database.
    first = runner.invoke(app, ["--config", str(pg_cfg), "db", "upgrade"])
    assert first.exit_code == 0, first.stderr
    assert "upgraded from empty to revision 0006_actions10" in first.stdout
    assert "already at revision 0006_actions10" in run(pg_cfg, "db", "upgrade")
