"""Every real-world message goes through extract_message: an Extraction or a ParseError, never
anything else, each within 10 seconds."""

from __future__ import annotations

from pathlib import Path

import pytest

from parsers import Extraction, ParseError, extract_file, extract_message
from tests.fixtures.common import corpus_dir, cpu_seconds

REAL = corpus_dir("real")
EML = sorted((REAL / "eml").glob("*.eml")) if REAL else []
BARE = sorted(p for sub in ("docx", "doc", "tnef") for p in (REAL / sub).glob("*")
              if p.is_file()) if REAL else []


def _run(path: Path) -> tuple[Extraction | ParseError, float]:
    started = cpu_seconds()
    try:
        if path.suffix == ".eml":
            outcome: Extraction | ParseError = extract_message(path.read_bytes())
        else:
            outcome = extract_file(path.read_bytes(), path.name)
    except ParseError as err:
        outcome = err
    return outcome, cpu_seconds() - started


@pytest.mark.corpus
@pytest.mark.parametrize("path", EML, ids=lambda p: p.name)
def test_real_message_gives_an_extraction_or_a_parse_error_within_10_s_of_cpu(path: Path) -> None:
    outcome, seconds = _run(path)
    assert seconds < 10
    if isinstance(outcome, Extraction):
        assert set(outcome.fields) == {"name", "job_title", "email", "organisation", "title", "summary",
                                       "description", "lessons"}
        if outcome.kind == "not_submission":
            assert outcome.problems == [] and all(v is None for v in outcome.fields.values())


@pytest.mark.corpus
@pytest.mark.parametrize("path", BARE, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_real_document_file_gives_an_extraction_or_a_parse_error_within_10_s_of_cpu(path: Path) -> None:
    outcome, seconds = _run(path)
    assert seconds < 10
    assert isinstance(outcome, Extraction | ParseError)
