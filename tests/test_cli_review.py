"""``intake queue assign|score|tag|note|search|export``: what the web app lets a reviewer do, at
the terminal, with one-line errors and exit 2 for what is refused."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from docx import Document
from docx.shared import Mm
from typer.testing import CliRunner

from intake.cli import app
from tests.fixtures.forms import form_email


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner(env={"COLUMNS": "200"})


def run(runner: CliRunner, *args: str, code: int = 0, stdin: str | None = None) -> tuple[str, str]:
    result = runner.invoke(app, list(args), input=stdin)
    assert result.exit_code == code, (result.stdout, result.stderr, result.exception)
    return result.stdout, result.stderr


def one_line_error(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and "Traceback" not in stderr, stderr
    return lines[0]


@pytest.fixture
def queued(runner: CliRunner, workdir: Path) -> list[str]:
    """Two submissions imported (Alpha, then Beta) and a reviewer account; their references."""
    for n, title in enumerate(["Alpha story walks", "Beta makerspace"]):
        (workdir / f"{n}.eml").write_bytes(form_email(title=title, message_id=f"<m{n}@test>"))
        run(runner, "import", str(workdir / f"{n}.eml"))
    run(runner, "user", "add", "rev@example.org", "--password-stdin", stdin="a long enough password\n")
    rows = json.loads(run(runner, "queue", "list", "--json")[0])
    return [r["reference"] for r in sorted(rows, key=lambda r: r["title"])]


def show(runner: CliRunner, ref: str) -> dict[str, object]:
    detail: dict[str, object] = json.loads(run(runner, "queue", "show", ref, "--json")[0])
    return detail


def test_assign_tag_and_note_change_the_submission_with_history(runner: CliRunner, queued: list[str]) -> None:
    alpha = queued[0]
    out, _ = run(runner, "queue", "assign", alpha, "rev@example.org")
    assert out.strip() == f"{alpha}: assigned to rev@example.org"
    run(runner, "queue", "tag", alpha, "shortlist")
    run(runner, "queue", "note", alpha, "Ring the service about the figures")
    detail = show(runner, alpha)
    assert detail["assigned_to"] == "rev@example.org" and detail["tags"] == ["shortlist"]
    events = detail["events"]
    assert isinstance(events, list)
    assert ("note", "Ring the service about the figures") in [(e["action"], e["note"]) for e in events]
    run(runner, "queue", "tag", alpha, "shortlist", "--remove")
    run(runner, "queue", "assign", alpha, "--clear")
    detail = show(runner, alpha)
    assert detail["assigned_to"] is None and detail["tags"] == []


def test_assign_to_an_unknown_account_is_one_line_and_exit_2(runner: CliRunner, queued: list[str]) -> None:
    _, err = run(runner, "queue", "assign", queued[0], "nobody@example.org", code=2)
    assert "no active staff account nobody@example.org" in one_line_error(err)
    _, err = run(runner, "queue", "assign", queued[0], code=2)
    assert "--clear" in one_line_error(err)


def test_score_records_each_criterion_and_search_finds_what_is_not_scored(runner: CliRunner,
                                                                         queued: list[str]) -> None:
    alpha, beta = queued
    out, _ = run(runner, "queue", "score", alpha, "relevance=4", "evidence_of_impact=2", "--reviewer",
                 "rev@example.org")
    assert "relevance=4, evidence_of_impact=2" in out
    found = json.loads(run(runner, "queue", "search", "--not-scored-by", "rev@example.org", "--json")[0])
    assert [r["reference"] for r in found] == [beta]
    found = json.loads(run(runner, "queue", "search", "makerspace", "--json")[0])
    assert [r["reference"] for r in found] == [beta]
    table, _ = run(runner, "queue", "search", "story")
    assert alpha in table and beta not in table and "1 submission found" in table


@pytest.mark.parametrize(("args", "message"), [
    (["relevance=9"], "a score is 1 to 5, not 9 (criterion relevance)"),
    (["novelty=3"], "there is no review criterion 'novelty'; the criteria are relevance, evidence_of_impact"),
    (["relevance"], "'relevance': expected CRITERION=SCORE such as relevance=4"),
])
def test_a_bad_score_is_one_line_and_stores_nothing(runner: CliRunner, queued: list[str], args: list[str],
                                                    message: str) -> None:
    _, err = run(runner, "queue", "score", queued[0], *args, "--reviewer", "rev@example.org", code=2)
    assert message in one_line_error(err)
    events = show(runner, queued[0])["events"]
    assert isinstance(events, list) and "score" not in [e["action"] for e in events]


def test_export_writes_the_csv_and_an_a4_word_document(runner: CliRunner, queued: list[str],
                                                       workdir: Path) -> None:
    alpha, _ = queued
    run(runner, "queue", "score", alpha, "relevance=4", "evidence_of_impact=2", "transferability=3",
        "--reviewer", "rev@example.org")
    run(runner, "queue", "set-status", alpha, "accepted", "--note", "Strong")
    assert "2 submissions" in run(runner, "queue", "export", str(workdir / "queue.csv"))[0]
    rows = {r["Reference"]: r for r in csv.DictReader(io.StringIO(
        (workdir / "queue.csv").read_text(encoding="utf-8-sig")))}
    assert rows[alpha]["Status"] == "Accepted" and rows[alpha]["Mean score"] == "3.00"
    assert rows[alpha]["Mean score: Evidence of impact"] == "2.00"
    assert rows[alpha]["Sender's address"] == "jane.okafor@northbridge.example.org"
    assert "1 submission" in run(runner, "queue", "export", str(workdir / "accepted.docx"))[0]
    doc = Document(str(workdir / "accepted.docx"))
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    # Word stores sizes in twentieths of a point: 210 mm is 11,906 twips, 0.03 mm more.
    assert abs(section.page_width - Mm(210)) < Mm(0.1) and abs(section.page_height - Mm(297)) < Mm(0.1)
    assert doc.core_properties.author == "Case studies"
    _, err = run(runner, "queue", "export", str(workdir / "queue.txt"), code=2)
    assert "must end in .csv or .docx" in one_line_error(err)
