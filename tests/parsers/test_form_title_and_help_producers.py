"""A form's own title is never a label or an answer, its introduction is guidance, and grey
italic help text under a label whose answer is blank is no answer: the field is missing. In every
document format: .docx (python-docx, as Word writes it), and LibreOffice's .doc, .odt, .rtf and
.pdf of the same form (one soffice call per format for both titles)."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document
from docx.shared import Pt, RGBColor

from tests.fixtures.producers import extracted, soffice_convert
from tests.parsers.forms import ANSWERS, LABELS

TITLES = {
    "qualified": "Case study submission form – Library Services",
    "call": "Libraries Connected: call for case studies",
    # Broken over three lines as a narrow page wraps it (a line break, so at any font).
    "wrapped": "Libraries Connected \u2013\ncase study\ntemplate 2027",
}
HELP = {
    "name": "Please give your full name.",
    "email": "Please give an address we can reply to.",
    "summary": "Please give a short overview for the toolkit index.",
}
BLANK = "email"
FORMATS = ["docx", "doc", "odt", "rtf", "pdf"]


def _form(title: str, path: Path) -> Path:
    doc = Document()
    doc.add_paragraph(title, style="Title")
    doc.add_paragraph("Thank you for sharing your work with other library services. "
                      "Please complete every section below.")
    for key, label in LABELS.items():
        doc.add_paragraph().add_run(label).bold = True
        if key in HELP:
            run = doc.add_paragraph().add_run(HELP[key])
            run.italic = True
            run.font.size = Pt(9)
            run.font.color.rgb = RGBColor(0x80, 0x80, 0x80)
        for para in ([""] if key == BLANK else ANSWERS[key].split("\n\n")):
            doc.add_paragraph(para)
    doc.add_paragraph("Thank you.")
    doc.save(str(path))
    return path


@pytest.fixture(scope="session")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], bytes]:
    d = tmp_path_factory.mktemp("titles")
    sources = [_form(title, d / f"{name}.docx") for name, title in TITLES.items()]
    out = {(s.stem, "docx"): s.read_bytes() for s in sources}
    for fmt in FORMATS[1:]:
        for stem, path in soffice_convert(sources, fmt, d / fmt).items():
            out[(stem, fmt)] = path.read_bytes()
    return out


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("title", list(TITLES))
def test_form_title_and_introduction_are_never_answers(made: dict[tuple[str, str], bytes],
                                                        title: str, fmt: str) -> None:
    result = extracted(made[(title, fmt)], f"form.{fmt}")
    assert result.kind == "submission"
    assert result.fields["organisation"] == ANSWERS["organisation"]
    for value in result.fields.values():
        assert not any(line in (value or "") for line in TITLES[title].split("\n"))
        assert "Thank you for sharing" not in (value or "")
    assert result.fields["title"] == ANSWERS["title"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_help_text_over_a_blank_answer_is_missing_not_the_answer(made: dict[tuple[str, str], bytes],
                                                                 fmt: str) -> None:
    result = extracted(made[("qualified", fmt)], f"form.{fmt}")
    assert result.fields[BLANK] is None
    assert any(p.field == BLANK and p.code == "missing" for p in result.problems)


@pytest.mark.parametrize("fmt", FORMATS)
def test_help_text_over_a_typed_answer_stays_out_of_it(made: dict[tuple[str, str], bytes], fmt: str) -> None:
    result = extracted(made[("call", fmt)], f"form.{fmt}")
    assert result.fields["name"] == ANSWERS["name"]
    assert result.fields["summary"] == ANSWERS["summary"]
