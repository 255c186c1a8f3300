"""Tables at 80 columns (``intake queue list``, ``intake outbox list``), rendered at exactly that
width: the id and the reference stay whole, statuses read as words, the received date and the
reference are there, long text folds, and the least useful columns are left out first (named in
the caption)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console
from sqlmodel import select
from typer.testing import CliRunner

from intake.cli import app
from intake.commands.tables import Column, fitted_table
from intake.config import load_config
from store.db import Store
from store.models import Outbox
from tests.fixtures.forms import form_email

LONG_ERROR = ("550 5.1.1 <someone@library.example.org>: Recipient address rejected: User unknown in "
              "virtual mailbox table")


@pytest.fixture
def filled(tmp_path: Path) -> Path:
    """Twelve submissions taken in through `intake import` (so outbox ids reach 12), one with a
    problem and one whose acknowledgement failed with the server's long words."""
    (tmp_path / "config.toml").write_text('data_dir = "data"\n')
    for n in range(1, 13):
        title = f"Warm spaces and reading groups in branch number {n}"
        extra = {"summary": "word " * 60} if n == 12 else {}
        sender = f"Person {n} <person{n}@library{n}.example.org>"  # one each: acks are rate-limited
        (tmp_path / f"{n:02}.eml").write_bytes(form_email(sender=sender, title=title, **extra))
    result = CliRunner().invoke(app, ["--config", str(tmp_path / "config.toml"), "import", str(tmp_path)])
    assert result.exit_code == 0, result.stderr
    store = Store.open(load_config(tmp_path / "config.toml").database_url)
    with store.session() as s:
        row = s.exec(select(Outbox).where(Outbox.id == 11)).one()
        row.status, row.attempts, row.last_error = "failed", 3, LONG_ERROR
        s.add(row)
    store.close()
    return tmp_path / "config.toml"


def at_80(config: Path, *args: str) -> list[str]:
    result = CliRunner(env={"COLUMNS": "80"}).invoke(app, ["--config", str(config), *args])
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines and max(len(line) for line in lines) <= 80, result.stdout
    return lines


def row_of(lines: list[str], first_cell: str) -> str:
    return next(line for line in lines if line.startswith(f"│ {first_cell} "))


def test_outbox_list_at_80_columns_keeps_ids_whole_and_folds_the_error(filled: Path) -> None:
    lines = at_80(filled, "outbox", "list")
    text = "\n".join(lines)
    assert "…" not in text
    header = next(line for line in lines if "Id" in line and "Reference" in line)
    for name in ("Queued", "Status", "To", "Last error"):
        assert name in header
    for n in range(1, 13):
        assert row_of(lines, f"{n:<2}")  # ids 10, 11, 12 whole, not "1…"
    failed = row_of(lines, "11")
    assert "CS-2026-0011" in failed and "failed" in failed and "│ 20" in failed  # reference, status, date
    error_cells = [line.rsplit("│", 2)[1].strip() for line in lines[lines.index(failed):]
                   if line.startswith("│")][:8]
    assert " ".join(error_cells).startswith("550 5.1.1"), "the last error is folded in its own column"
    assert "Kind, Tries left out at this width" in text


def test_queue_list_at_80_columns_keeps_references_whole_and_titles_readable(filled: Path) -> None:
    lines = at_80(filled, "queue", "list")
    text = "\n".join(lines)
    header = next(line for line in lines if "Reference" in line)
    assert "Received" in header and "Status" in header and "Title" in header
    for n in range(1, 13):
        assert row_of(lines, f"CS-2026-{n:04}")
    first = row_of(lines, "CS-2026-0001")
    assert "pending review" in first and "Warm spaces and" in first  # words, not one word a line
    attention = row_of(lines, "CS-2026-0012")
    below = lines[lines.index(attention) + 1]
    assert "needs" in attention and "attention" in attention + below and "needs_attention" not in text
    assert "Problems, Reply left out at this width" in text


def test_a_wide_terminal_shows_every_column() -> None:
    columns = (Column("Id", whole=True), Column("Title", min_width=10, keep=50),
               Column("Note", min_width=10, keep=10))
    console = Console(width=120, file=io.StringIO())
    console.print(fitted_table("t", columns, [("1234", "A title of some length", "a note")], 120))
    out = console.file.getvalue()  # type: ignore[attr-defined]
    assert "A title of some length" in out and "a note" in out and "left out" not in out

    narrow = Console(width=28, file=io.StringIO())
    narrow.print(fitted_table("t", columns, [("1234", "A title of some length", "a note")], 28))
    out = narrow.file.getvalue()  # type: ignore[attr-defined]
    assert "1234" in out and "Note left out" in out and max(len(line) for line in out.splitlines()) <= 28
