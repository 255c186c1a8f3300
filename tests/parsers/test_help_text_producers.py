"""Grey italic help text printed by the form under a label, or at the top of the answer space, is
never part of an answer, and help over a blank answer leaves the field missing, in the files the
real producers write from one HTML form: LibreOffice (.odt, .rtf, .pdf, .docx, Word 97 .doc),
AbiWord (.odt, .rtf, and its .rtf table whose label cell holds the label and its help on two lines)
and pandoc (.odt from markdown with italic help). One soffice call per format.

LibreOffice's .doc is read by LibreOffice again (antiword places its italic one paragraph late);
when LibreOffice is missing or out of time antiword's reading still makes a submission.
"""

from __future__ import annotations

import os
from html import escape
from pathlib import Path

import pytest

from parsers import extract_file
from parsers.documents.word97 import written_by_office_suite
from parsers.schema import Limits
from tests.fixtures.producers import abiword, pandoc, soffice_convert
from tests.parsers.forms import ANSWERS, LABELS

HELP = {
    "name": "As you would like it to appear in print.",
    "job_title": "Your role when the project ran.",
    "email": "Replies about this submission go here.",
    "organisation": "The service that ran the project.",
    "title": "Six to ten words work best.",
    "summary": "A paragraph for the index page.",
    "description": "Partners, costs, timescale and outcomes.",
    "lessons": "What would you say to a colleague starting out?",
}
BLANK = "title"
_HELP = '<i><span style="color:#808080">{}</span></i>'


def _paragraphs_html() -> str:
    """Bold label, grey italic help, then the answer (``BLANK`` left empty)."""
    out = ["<html><head><meta charset='utf-8'><title>form</title></head><body>"]
    for key, label in LABELS.items():
        out.append(f"<p><b>{escape(label)}</b></p>")
        out.append(f"<p>{_HELP.format(escape(HELP[key]))}</p>")
        answers = [] if key == BLANK else ANSWERS[key].split("\n\n")
        out += [f"<p>{escape(a)}</p>" for a in answers] or ["<p>&nbsp;</p>"]
    out.append("</body></html>")
    return "\n".join(out)


def _table_html(*, help_in_answer: bool, line_break: bool = False) -> str:
    """``label | answer`` rows; the help under the label (its own paragraph, or after a line
    break), or at the top of the answer cell."""
    out = ["<html><head><meta charset='utf-8'><title>form</title></head><body>",
           '<table border="1" cellpadding="4">']
    for key, label in LABELS.items():
        hint = _HELP.format(escape(HELP[key]))
        under = f"<br>{hint}" if line_break else f"<p>{hint}</p>"
        left = f"<p><b>{escape(label)}</b></p>" + ("" if help_in_answer else under)
        answers = [] if key == BLANK else ANSWERS[key].split("\n\n")
        right = "".join([f"<p>{hint}</p>"] if help_in_answer else []) + "".join(
            f"<p>{escape(a)}</p>" for a in answers)
        out.append(f'<tr><td width="40%">{left}</td><td>{right or "&nbsp;"}</td></tr>')
    out.append("</table></body></html>")
    return "\n".join(out)


def _markdown() -> str:
    parts: list[str] = []
    for key, label in LABELS.items():
        parts += [f"**{label}**", f"*{HELP[key]}*"]
        if key != BLANK:
            parts += ANSWERS[key].split("\n\n")
    return "\n\n".join(parts) + "\n"


def _markdown_table() -> str:
    """A pipe table whose label cells hold the label and its italic help in one paragraph."""
    rows = ["| Question | Your answer |", "|:---------|:------------------------------|"]
    for key, label in LABELS.items():
        answer = "" if key == BLANK else " ".join(ANSWERS[key].split("\n\n"))
        rows.append(f"| {label} *{HELP[key]}* | {answer} |")
    return "\n".join(rows) + "\n"


@pytest.fixture(scope="session")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The form by "producer-layout.ext"."""
    d = tmp_path_factory.mktemp("help-producers")
    sources = {"paragraphs": _paragraphs_html(), "table": _table_html(help_in_answer=False),
               "answerhelp": _table_html(help_in_answer=True)}
    paths = []
    for name, html in sources.items():
        path = d / f"{name}.html"
        path.write_text(html, encoding="utf-8")
        paths.append(path)
    out: dict[str, bytes] = {}
    for fmt in ("odt", "rtf", "pdf", "docx", "doc"):
        for stem, path in soffice_convert(paths, fmt, d / fmt, infilter="HTML (StarWriter)").items():
            out[f"libreoffice-{stem}.{fmt}"] = path.read_bytes()
    (d / "abi").mkdir()
    for fmt in ("odt", "rtf"):
        for path in paths:
            out[f"abiword-{path.stem}.{fmt}"] = abiword(path, d / "abi" / f"{path.stem}.{fmt}").read_bytes()
    broken = d / "brtable.html"
    broken.write_text(_table_html(help_in_answer=False, line_break=True), encoding="utf-8")
    out["abiword-brtable.rtf"] = abiword(broken, d / "abi" / "brtable.rtf").read_bytes()
    md = d / "form.md"
    md.write_text(_markdown(), encoding="utf-8")
    out["pandoc-paragraphs.odt"] = pandoc(md, d / "pandoc.odt").read_bytes()
    table_md = d / "table.md"
    table_md.write_text(_markdown_table(), encoding="utf-8")
    for fmt in ("docx", "odt"):
        out[f"pandoc-table.{fmt}"] = pandoc(table_md, d / f"pandoc-table.{fmt}").read_bytes()
    return out


# AbiWord 3.0 keeps no type in the table cells it imports from HTML (the label is no longer bold,
# the help no longer grey): in its .odt the help at the top of every answer cell is known by its
# place (parsers.documents.odt); its help-in-the-answer .rtf is left out, nothing tells the help
# from the answer there. Its table .odt stays in: after converting another file AbiWord writes
# that file's content.xml with a paragraph closed as a heading, which is read as recovered.
FILES = [f"libreoffice-{layout}.{fmt}" for layout in ("paragraphs", "table", "answerhelp")
         for fmt in ("odt", "rtf", "pdf", "docx", "doc")] + [
    "abiword-paragraphs.odt", "abiword-paragraphs.rtf", "abiword-table.odt", "abiword-answerhelp.odt",
    "abiword-table.rtf", "abiword-brtable.rtf", "pandoc-paragraphs.odt", "pandoc-table.docx",
    "pandoc-table.odt"]


@pytest.mark.parametrize("name", FILES)
def test_grey_italic_help_is_never_part_of_an_answer_and_over_a_blank_one_leaves_it_missing(
        made: dict[str, bytes], name: str) -> None:
    """One test per file, so each file is read once (a LibreOffice .doc costs a soffice start)."""
    result = extract_file(made[name], name.split("-", 1)[1])
    assert result.kind == "submission"
    for key in LABELS:
        if key == BLANK:
            continue
        # A pipe table holds one paragraph per cell: paragraphs are compared by their words.
        assert " ".join((result.fields[key] or "").split()) == " ".join(ANSWERS[key].split()), key
    assert result.fields[BLANK] is None
    assert [p.field for p in result.problems if p.code == "missing"] == [BLANK]


@pytest.mark.parametrize("soffice", ["sleep 5", "exit 1"])
def test_libreoffice_doc_is_still_read_when_libreoffice_hangs_or_fails(
    made: dict[str, bytes], soffice: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """LibreOffice out of time (``office_timeout_s``) or failing: antiword's reading is kept."""
    fake = tmp_path / "soffice"
    fake.write_text(f"#!/bin/sh\n{soffice}\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    result = extract_file(made["libreoffice-table.doc"], "table.doc", limits=Limits(office_timeout_s=0.5))
    assert result.kind == "submission"
    assert result.fields["email"] == ANSWERS["email"]


def test_the_libreoffice_doc_is_known_by_its_file_information_block(made: dict[str, bytes]) -> None:
    assert written_by_office_suite(made["libreoffice-paragraphs.doc"])
    assert not written_by_office_suite(made["libreoffice-paragraphs.docx"])
