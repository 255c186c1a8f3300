"""Start-up: ``intake --help`` (every command's help) loads neither the web stack, nor the database
layer, nor any document or mail reader, nor the renderers only a terminal's help needs; each command
imports what it needs when it runs."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("fastapi", "uvicorn", "pypdf", "odf", "docx", "sqlalchemy", "sqlmodel", "alembic", "lxml",
         "mailparser", "pdfplumber", "jinja2", "apscheduler", "imapclient", "email_validator", "pydantic",
         "rich.markdown", "rich.traceback", "markdown_it")


def test_help_through_a_pipe_loads_no_web_stack_no_database_no_reader_and_no_rich_help() -> None:
    code = ("import json, sys\n"
            "from intake.cli import main\n"
            "sys.argv = ['intake', '--help']\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            f"print(json.dumps(sorted(m for m in {HEAVY!r} if m in sys.modules)))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                         check=True)
    assert "Usage:" in out.stdout
    assert json.loads(out.stdout.splitlines()[-1]) == []
