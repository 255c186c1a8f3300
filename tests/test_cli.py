"""The ``intake`` commands as a user types them: output, exit codes, one-line errors."""

from __future__ import annotations

import json
import mailbox
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from intake.cli import app
from tests.fixtures.forms import form_email, question_email

FORM_KEYS = ["name", "job_title", "email", "organisation", "title", "summary", "description", "lessons"]


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner(env={"COLUMNS": "200"})


def _invoke(runner: CliRunner, *args: str, code: int = 0) -> tuple[str, str]:
    result = runner.invoke(app, list(args))
    assert result.exit_code == code, (result.stdout, result.stderr, result.exception)
    return result.stdout, result.stderr


def _one_line_error(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and "Traceback" not in stderr, stderr
    return lines[0]


def _imported(runner: CliRunner, workdir: Path, *raws: bytes) -> None:
    for n, raw in enumerate(raws):
        (workdir / f"{n}.eml").write_bytes(raw)
    _invoke(runner, "import", *[str(workdir / f"{n}.eml") for n in range(len(raws))])


# --- extract ----------------------------------------------------------------------------------------


def test_extract_prints_the_json_shape_of_the_issue(runner: CliRunner, workdir: Path) -> None:
    path = workdir / "form.eml"
    path.write_bytes(form_email(summary="word " * 55))
    out, _ = _invoke(runner, "extract", str(path))
    data = json.loads(out)
    assert list(data) == ["kind", "fields", "problems", "source"]
    assert data["kind"] == "submission" and data["source"] == "body"
    assert list(data["fields"]) == FORM_KEYS and data["fields"]["name"] == "Jane Okafor"
    assert data["problems"] == [{"field": "summary", "code": "over_word_limit",
                                 "message": data["problems"][0]["message"]}]
    assert "55 words" in data["problems"][0]["message"]


def test_extract_reads_a_bare_text_form_and_stores_nothing(runner: CliRunner, workdir: Path) -> None:
    path = workdir / "form.txt"
    path.write_text("Your name: Ann Lee\nSuggested title for case study: Story Walks\n"
                    "Email address: ann@example.org\nJob title / position: Librarian\n", encoding="utf-8")
    data = json.loads(_invoke(runner, "extract", str(path))[0])
    assert data["fields"]["title"] == "Story Walks" and data["fields"]["summary"] is None
    assert {"field": "summary", "code": "missing"} in [{k: p[k] for k in ("field", "code")}
                                                      for p in data["problems"]]
    assert not (workdir / "data").exists()


def test_extract_of_a_question_fills_no_field(runner: CliRunner, workdir: Path) -> None:
    path = workdir / "q.eml"
    path.write_bytes(question_email())
    data = json.loads(_invoke(runner, "extract", str(path))[0])
    assert data == {"kind": "not_submission", "fields": dict.fromkeys(FORM_KEYS), "problems": [],
                    "source": None}


@pytest.mark.parametrize("name", ["missing.eml", "."])
def test_extract_of_unreadable_input_is_one_line_and_exit_2(name: str, runner: CliRunner,
                                                           workdir: Path) -> None:
    out, err = _invoke(runner, "extract", str(workdir / name), code=2)
    assert out == "" and "cannot read" in _one_line_error(err)


def test_extract_of_an_unsupported_file_is_one_line_and_exit_2(runner: CliRunner, workdir: Path) -> None:
    path = workdir / "photo.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    out, err = _invoke(runner, "extract", str(path), code=2)
    assert out == "" and "photo.png" in _one_line_error(err)


# --- import, poll ------------------------------------------------------------------------------------


def test_import_stores_messages_once_and_says_so(runner: CliRunner, workdir: Path) -> None:
    (workdir / "a.eml").write_bytes(form_email(title="Alpha"))
    (workdir / "b.eml").write_bytes(question_email())
    out, _ = _invoke(runner, "import", str(workdir / "a.eml"), str(workdir / "b.eml"))
    assert out.startswith("import: 2 messages (1 new submission, 1 not a submission) -> CS-")
    again, _ = _invoke(runner, "import", str(workdir))
    assert again.startswith("import: 2 messages (2 seen before)")


def test_import_of_many_messages_shows_progress_on_stderr(runner: CliRunner, workdir: Path) -> None:
    box = mailbox.mbox(str(workdir / "all.mbox"))
    for n in range(25):
        box.add(form_email(title=f"Case {n}"))
    box.close()
    out, _ = _invoke(runner, "import", str(workdir / "all.mbox"))
    assert out.startswith("import: 25 messages (25 new submissions)")


def test_import_of_a_missing_path_is_one_line_and_exit_2(runner: CliRunner, workdir: Path) -> None:
    _, err = _invoke(runner, "import", str(workdir / "nowhere"), code=2)
    assert "nowhere: no such file or folder" in _one_line_error(err)


def test_poll_takes_the_maildir_once(runner: CliRunner, workdir: Path) -> None:
    (workdir / "data").mkdir()
    box = mailbox.Maildir(str(workdir / "data" / "Maildir"), create=True)
    box.add(form_email(title="Polled"))
    out, _ = _invoke(runner, "poll")
    assert out.startswith("default: 1 message (1 new submission) -> CS-")
    assert _invoke(runner, "poll", "--backlog")[0].strip() == "default: 0 messages"


def test_poll_of_an_unusable_mailbox_is_one_line_and_exit_2(runner: CliRunner, workdir: Path) -> None:
    (workdir / "blocked").write_text("not a folder")
    (workdir / "config.toml").write_text('[mailbox]\npath = "blocked/Maildir"\n')
    _, err = _invoke(runner, "poll", code=2)
    assert "mailbox default" in _one_line_error(err)


# --- queue -------------------------------------------------------------------------------------------


def test_queue_list_shows_a_table_and_json(runner: CliRunner, workdir: Path) -> None:
    _imported(runner, workdir, form_email(title="Alpha"), form_email(title="Beta", summary="word " * 60))
    table, _ = _invoke(runner, "queue", "list")
    for text in ("CS-", "pending review", "needs attention", "Alpha", "Beta", "over word limit"):
        assert text in table
    rows = json.loads(_invoke(runner, "queue", "list", "--json")[0])
    assert [(r["title"], r["status"], r["problems"]) for r in rows] == [
        ("Beta", "needs_attention", 1), ("Alpha", "pending_review", 0)]
    only = json.loads(_invoke(runner, "queue", "list", "--status", "needs_attention", "--json")[0])
    assert [r["title"] for r in only] == ["Beta"]


def test_queue_list_pages_by_reference_without_skipping_or_repeating(runner: CliRunner,
                                                                    workdir: Path) -> None:
    _imported(runner, workdir, *(form_email(title=f"Title {n}", message_id=f"<p{n}@example.org>")
                                 for n in range(5)))
    everything = [r["reference"] for r in json.loads(_invoke(runner, "queue", "list", "--json")[0])]
    first = [r["reference"] for r in json.loads(_invoke(runner, "queue", "list", "-n", "2", "--json")[0])]
    table, _ = _invoke(runner, "queue", "list", "-n", "2")
    assert f"Next page: intake queue list --after {first[-1]}" in table
    seen, after = list(first), first[-1]
    while True:
        page = json.loads(_invoke(runner, "queue", "list", "-n", "2", "--after", after, "--json")[0])
        if not page:
            break
        seen += [r["reference"] for r in page]
        after = page[-1]["reference"]
    assert seen == everything and len(everything) == 5
    back = json.loads(_invoke(runner, "queue", "list", "-n", "2", "--before", everything[2], "--json")[0])
    assert [r["reference"] for r in back] == everything[:2]


def test_queue_list_of_an_unknown_status_is_one_line_and_exit_2(runner: CliRunner, workdir: Path) -> None:
    _, err = _invoke(runner, "queue", "list", "--status", "lost", code=2)
    assert "unknown status 'lost'" in _one_line_error(err)


def test_queue_show_prints_answers_problems_and_history(runner: CliRunner, workdir: Path) -> None:
    _imported(runner, workdir, form_email(title="Gamma", summary="word " * 60))
    ref = json.loads(_invoke(runner, "queue", "list", "--json")[0])[0]["reference"]
    text, _ = _invoke(runner, "queue", "show", ref.lower())
    for part in (ref, "needs_attention", "Suggested title for case study", "Gamma", "60/50 words",
                 "received"):
        assert part in text
    detail = json.loads(_invoke(runner, "queue", "show", ref, "--json")[0])
    assert detail["reference"] == ref and detail["fields"]["title"] == "Gamma"
    assert [p["code"] for p in detail["problem_list"]] == ["over_word_limit"]
    assert detail["versions"][0]["version"] == 1 and detail["events"][0]["action"] == "received"


def test_queue_show_of_an_unknown_reference_is_one_line_and_exit_2(runner: CliRunner, workdir: Path) -> None:
    _, err = _invoke(runner, "queue", "show", "CS-1999-0001", code=2)
    assert "no submission with reference CS-1999-0001" in _one_line_error(err)


def test_queue_set_status_changes_status_with_a_note(runner: CliRunner, workdir: Path) -> None:
    _imported(runner, workdir, form_email(title="Delta"))
    ref = json.loads(_invoke(runner, "queue", "list", "--json")[0])[0]["reference"]
    out, _ = _invoke(runner, "queue", "set-status", ref, "accepted", "--note", "Strong evidence")
    assert out.strip() == f"{ref}: pending_review -> accepted"
    detail = json.loads(_invoke(runner, "queue", "show", ref, "--json")[0])
    last = [e for e in detail["events"] if e["to_status"]][-1]
    assert detail["status"] == "accepted"
    assert (last["to_status"], last["note"]) == ("accepted", "Strong evidence")
    assert last["actor"].startswith("cli")
    _, err = _invoke(runner, "queue", "set-status", ref, "done", "--note", "x", code=2)
    assert "unknown status 'done'" in _one_line_error(err)


def test_queue_set_status_refuses_an_empty_note_and_a_status_it_already_has(runner: CliRunner,
                                                                           workdir: Path) -> None:
    _imported(runner, workdir, form_email(title="Echo"))
    ref = json.loads(_invoke(runner, "queue", "list", "--json")[0])[0]["reference"]
    _, err = _invoke(runner, "queue", "set-status", ref, "accepted", "--note", "  ", code=2)
    assert "--note must say why" in _one_line_error(err)
    _, err = _invoke(runner, "queue", "set-status", ref, "pending_review", "--note", "again", code=2)
    assert f"{ref} is already pending review; nothing changed" in _one_line_error(err)
    detail = json.loads(_invoke(runner, "queue", "show", ref, "--json")[0])
    assert not [e for e in detail["events"] if e["action"] == "status"]


# --- configuration -----------------------------------------------------------------------------------


def test_config_option_before_or_after_the_command_chooses_the_data(runner: CliRunner, workdir: Path) -> None:
    other = workdir / "elsewhere"
    other.mkdir()
    (other / "intake.toml").write_text('data_dir = "state"\n')
    (workdir / "a.eml").write_bytes(form_email(title="Configured"))
    _invoke(runner, "--config", str(other / "intake.toml"), "import", str(workdir / "a.eml"))
    assert (other / "state" / "intake.sqlite3").is_file() and not (workdir / "data").exists()
    rows = json.loads(_invoke(runner, "queue", "list", "--json", "--config", str(other / "intake.toml"))[0])
    assert [r["title"] for r in rows] == ["Configured"]


def test_config_toml_in_the_current_folder_is_used(runner: CliRunner, workdir: Path) -> None:
    (workdir / "config.toml").write_text('data_dir = "here"\n')
    _invoke(runner, "queue", "list")
    assert (workdir / "here" / "intake.sqlite3").is_file()


@pytest.mark.parametrize("text, words", [("data_dir = [", "not valid TOML"),
                                         ("[limits]\nmax_mime_parts = 'many'\n", "limits.max_mime_parts")])
def test_bad_config_is_one_line_and_exit_2(text: str, words: str, runner: CliRunner, workdir: Path) -> None:
    (workdir / "bad.toml").write_text(text)
    _, err = _invoke(runner, "--config", str(workdir / "bad.toml"), "queue", "list", code=2)
    assert words in _one_line_error(err)


def test_missing_config_file_is_one_line_and_exit_2(runner: CliRunner, workdir: Path) -> None:
    _, err = _invoke(runner, "queue", "list", "--config", str(workdir / "none.toml"), code=2)
    assert "not found" in _one_line_error(err)


@pytest.mark.parametrize(("url", "says"), [
    ("notaurl", "database URL 'notaurl' is not valid"),
    ("mysql://x/y", "needs a driver that is not installed"),
    ("sqlite:///{tmp}/afile/dir/x.db", "cannot create the database folder"),
    ("postgresql+psycopg://u:secret@127.0.0.1:1/db", "could not open the database postgresql+psycopg://u:***@"),
])
def test_an_unusable_database_url_is_one_line_exit_2_and_hides_the_password(
        tmp_path: Path, url: str, says: str) -> None:
    config = tmp_path / "c.toml"
    config.write_text(f'[database]\nurl = "{url.format(tmp=tmp_path)}"\n')
    (tmp_path / "afile").write_text("a file where a folder would have to be\n")
    result = subprocess.run([sys.executable, "-m", "intake", "--config", str(config), "queue", "list"],
                            capture_output=True, text=True, timeout=60, cwd=tmp_path,
                            env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])})
    assert result.returncode == 2
    assert says in result.stderr and "Traceback" not in result.stderr and "secret" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_import_refuses_an_mbox_that_holds_no_messages(runner: CliRunner, workdir: Path) -> None:
    junk = workdir / "junk.mbox"
    junk.write_bytes(bytes(range(256)) * 8)
    _, err = _invoke(runner, "import", str(junk), code=2)
    assert "holds no messages" in _one_line_error(err)


def test_import_refuses_a_path_that_is_not_a_file_or_folder(runner: CliRunner, workdir: Path) -> None:
    fifo = workdir / "pipe.eml"
    os.mkfifo(fifo)
    _, err = _invoke(runner, "import", str(fifo), code=2)
    assert "not a regular file or folder" in _one_line_error(err)


def test_extract_reads_a_bare_word_form(runner: CliRunner, workdir: Path) -> None:
    import docx

    doc = docx.Document()
    table = doc.add_table(rows=0, cols=2)
    answers = {"Your name": "Jane Okafor", "Job title / position": "Head of Libraries",
               "Email address": "jane.okafor@council.example.gov.uk",
               "Name of library service/local authority": "Exampleshire Libraries",
               "Suggested title for case study": "Warm spaces that stayed",
               "Summary of case study (max 50 words)": "We kept warm spaces open all year.",
               "Description of the project / initiative / approach (max 750 words)": "We did it.",
               "Key lessons learned (max 100 words)": "Start early."}
    for label, answer in answers.items():
        cells = table.add_row().cells
        cells[0].text, cells[1].text = label, answer
    path = workdir / "form.docx"
    doc.save(str(path))
    out, _ = _invoke(runner, "extract", str(path))
    data = json.loads(out)
    assert data["kind"] == "submission" and data["source"] == "attachment:form.docx"
    assert data["fields"]["title"] == "Warm spaces that stayed" and data["problems"] == []
    assert not (workdir / "data").exists()


@pytest.mark.parametrize("command", [["queue", "list"], ["send"], ["outbox", "list"], ["user", "list"],
                                     ["status"], ["poll"]])
def test_every_command_takes_config_after_its_name(runner: CliRunner, workdir: Path,
                                                   command: list[str]) -> None:
    config = workdir / "elsewhere.toml"
    config.write_text('data_dir = "custom-data"\n')
    result = runner.invoke(app, [*command, "--config", str(config)])
    assert "No such option" not in result.stderr
    assert result.exit_code in (0, 1), result.stderr  # status says 1: never polled
    assert (workdir / "custom-data" / "intake.sqlite3").is_file()
    assert not (workdir / "data").exists()
