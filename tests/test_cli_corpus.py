"""Every real-world file of the shared corpus through ``intake extract`` as a user would run it:
exit 0 with the JSON of the issue, or exit 2 with one line on stderr; never a traceback, each
within 10 seconds. (Left out, and reported, when ../shared/corpus is absent.)"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from intake.cli import app
from tests.fixtures.common import corpus_dir, cpu_seconds

REAL = corpus_dir("real")
FILES = sorted(p for sub in ("eml", "docx", "doc", "tnef") for p in (REAL / sub).glob("*")
               if p.is_file()) if REAL else []


@pytest.mark.corpus
@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_intake_extract_exits_0_with_json_or_2_with_one_line(path: Path, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    started = cpu_seconds()
    result = CliRunner().invoke(app, ["extract", str(path)])
    assert cpu_seconds() - started < 10  # CPU, converters included: a loaded machine's waits don't count
    assert result.exit_code in (0, 2), (result.exit_code, result.exception)
    assert "Traceback" not in result.stdout + result.stderr
    if result.exit_code == 0:
        data = json.loads(result.stdout)
        assert data["kind"] in ("submission", "not_submission")
        assert len(data["fields"]) == 8
    else:
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: ")
    assert not (tmp_path / "data").exists()  # extract stores nothing
