"""Start-up: ``import intake.cli`` (every command's ``--help``) loads neither the web stack, nor the
database layer, nor any document or mail reader; each command imports what it needs when it runs."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("fastapi", "uvicorn", "pypdf", "odf", "docx", "sqlalchemy", "sqlmodel", "alembic", "lxml",
         "mailparser", "pdfplumber", "jinja2", "apscheduler", "imapclient")


def test_importing_the_cli_loads_no_web_stack_no_database_and_no_reader() -> None:
    code = ("import json, sys, intake.cli; "
            f"print(json.dumps(sorted(m for m in {HEAVY!r} if m in sys.modules)))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                         check=True)
    assert json.loads(out.stdout) == []
