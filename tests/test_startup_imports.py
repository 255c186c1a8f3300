"""Start-up: ``intake --help`` (every command's help) loads neither the web stack, nor the database
layer, nor any document or mail reader, nor the renderers only a terminal's help needs; each command
imports what it needs when it runs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = ("fastapi", "uvicorn", "pypdf", "odf", "docx", "sqlalchemy", "sqlmodel", "alembic", "lxml",
         "mailparser", "pdfplumber", "jinja2", "apscheduler", "imapclient", "email_validator", "pydantic",
         "rich.markdown", "rich.traceback", "markdown_it",
         # nor Rich itself (help through a pipe is click's plain text) nor the config and the parsers
         "rich.console", "rich.table", "intake.config", "parsers")


def run_loading(args: list[str], modules: tuple[str, ...]) -> tuple[str, list[str]]:
    """``intake ARGS`` run in a fresh interpreter through a pipe: what it printed, and which of
    ``modules`` it had imported by the end."""
    code = ("import json, sys\n"
            "from intake.cli import main\n"
            f"sys.argv = ['intake', *{args!r}]\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            f"print(json.dumps(sorted(m for m in {modules!r} if m in sys.modules)))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                         check=True).stdout
    printed, _, loaded = out.rstrip("\n").rpartition("\n")
    return printed, json.loads(loaded)


def test_help_through_a_pipe_loads_no_web_stack_no_database_no_reader_and_no_rich_help() -> None:
    printed, loaded = run_loading(["--help"], HEAVY)
    assert "Usage:" in printed
    assert loaded == []


PLAIN = (b"From: Ann <ann@example.org>\r\nSubject: Case study\r\nMessage-ID: <plain-1@example.org>\r\n\r\n"
         b"Your name: Ann Example\r\nJob title / position: Librarian\r\nEmail address: ann@example.org\r\n"
         b"Name of library service/local authority: Exampleshire\r\n"
         b"Suggested title for case study: Reading together\r\n"
         b"Summary of case study (max 50 words): A club.\r\n"
         b"Description of the project / initiative / approach (max 750 words): We met weekly.\r\n"
         b"Key lessons learned (max 100 words): Start small.\r\n")
NOT_FOR_EXTRACT = ("fastapi", "uvicorn", "jinja2", "sqlalchemy", "sqlmodel", "alembic", "apscheduler",
                   "imapclient", "pydantic", "pypdf", "docx", "odf", "pdfplumber",
                   # the JSON is printed by typer.echo; a message without attachments needs no reader
                   "rich.console", "parsers.documents.formats", "parsers.documents.rtf", "parsers.mail.tnef",
                   "tnefparse", "striprtf")


def test_extract_of_a_plain_message_loads_no_web_stack_no_database_no_reader_of_attachments_no_pydantic(
        tmp_path: Path) -> None:
    """pydantic among them: typer 0.29 builds a pydantic adapter for every option of the command run
    (0.15 s of an extract's 0.45 s), which is why pyproject.toml keeps typer below 0.29."""
    eml = tmp_path / "plain.eml"
    eml.write_bytes(PLAIN)
    printed, loaded = run_loading(["extract", str(eml)], NOT_FOR_EXTRACT)
    assert "Ann Example" in printed
    assert loaded == []


NOT_FOR_QUEUE_LIST = ("fastapi", "uvicorn", "jinja2", "apscheduler", "imapclient", "lxml", "mailparser",
                      "email_validator", "parsers.extract",
                      # a SQLite installation needs neither PostgreSQL's dialect (25 ms) nor, with no
                      # old leftovers in its scratch folder, psutil (10 ms)
                      "sqlalchemy.dialects.postgresql", "psutil")


def test_queue_list_on_sqlite_loads_no_web_stack_no_reader_no_postgresql_dialect_and_no_psutil(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The second run: the first makes the database (its migrations do use PostgreSQL's dialect
    module) and the scratch folder, as every later run finds them."""
    monkeypatch.chdir(tmp_path)
    run_loading(["queue", "list"], ())
    printed, loaded = run_loading(["queue", "list"], NOT_FOR_QUEUE_LIST)
    assert "Review queue (0 submissions)" in printed
    assert loaded == []
