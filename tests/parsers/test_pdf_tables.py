"""PDF forms laid out as ruled tables whose label cells wrap over two or three lines: the label's
words stay in the label, the answer cell is the answer.

The PDFs are made by LibreOffice at test time (HTML tables imported into Writer, exported as PDF;
one soffice call for every table form)."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader, PdfWriter

from parsers import extract_file
from parsers.blocks import Pair
from parsers.documents.formats import read_document
from parsers.documents.pdf_layout import MAX_LAYOUT_PAGES
from parsers.schema import Limits
from tests.fixtures.producers import soffice_convert
from tests.parsers.forms import ANSWERS, LABELS

TITLE = "Case study submission form – Library Services"


def _table(label_width: int, answers: dict[str, str], help_lines: bool = False, title: str = TITLE) -> str:
    rows = []
    for key, label in LABELS.items():
        helper = "<br><font size='1' color='#808080'>Please keep it short.</font>" if help_lines else ""
        answer = answers.get(key, "").replace("\n\n", "<br><br>")
        rows.append(f'<tr><td width="{label_width}%" valign="top"><b>{label}</b>{helper}</td>'
                    f'<td width="{100 - label_width}%" valign="top">{answer}</td></tr>')
    return (f"<html><body><h1>{title}</h1>"
            "<p>Please complete every section below and return it by email.</p>"
            f'<table border="1" width="100%" cellpadding="4">{"".join(rows)}</table>'
            "<p>Thank you for your submission.</p></body></html>")


HYPHENATED = "We opened warm spaces and after-school clubs in 12 libraries."
FORMS = {
    "wrap2": _table(30, ANSWERS),
    "wrap3": _table(18, ANSWERS),
    "gaps": _table(22, {k: v for k, v in ANSWERS.items() if k not in ("email", "lessons")}),
    # A line broken right after a compound's hyphen, forced by the <br> where a wrap may fall.
    "hyphen": _table(30, ANSWERS | {"summary": HYPHENATED.replace("after-", "after-<br>")}),
    # The title over three lines (line breaks, so at any font): its first line reads as a label.
    "title3": _table(30, ANSWERS, title="Libraries Connected –<br>case study<br>template 2027"),
}


@pytest.fixture(scope="session")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    d = tmp_path_factory.mktemp("pdf-tables")
    sources = []
    for name, html in FORMS.items():
        (d / f"{name}.html").write_text(html, encoding="utf-8")
        sources.append(d / f"{name}.html")
    out = soffice_convert(sources, "pdf", d / "pdf", infilter="HTML (StarWriter)")
    return {stem: path.read_bytes() for stem, path in out.items()}


def test_answer_line_broken_after_a_hyphen_joins_without_a_space(pdfs: dict[str, bytes]) -> None:
    result = extract_file(pdfs["hyphen"], "form.pdf")
    assert result.fields["summary"] == HYPHENATED
    assert result.fields["description"] == ANSWERS["description"]


@pytest.mark.parametrize("form", ["wrap2", "wrap3", "title3"])
def test_wrapped_label_cells_do_not_leak_into_answers(pdfs: dict[str, bytes], form: str) -> None:
    result = extract_file(pdfs[form], "form.pdf")
    assert result.kind == "submission"
    assert result.fields == ANSWERS


def test_label_cells_really_wrap_in_the_text_layer(pdfs: dict[str, bytes]) -> None:
    text = PdfReader(io.BytesIO(pdfs["wrap3"])).pages[0].extract_text()
    assert "Name of library service/local authority" not in " ".join(text.split("\n")[:1])
    assert any(line.strip() in ("authority", "service/local") or line.startswith("authority")
               for line in text.split("\n"))


def test_empty_answer_cells_are_missing_not_filled_with_the_next_label(pdfs: dict[str, bytes]) -> None:
    result = extract_file(pdfs["gaps"], "form.pdf")
    assert result.fields["email"] is None
    assert result.fields["lessons"] is None
    assert {p.field for p in result.problems if p.code == "missing"} == {"email", "lessons"}
    assert result.fields["organisation"] == ANSWERS["organisation"]


def test_table_rows_are_read_as_label_and_answer_pairs(pdfs: dict[str, bytes]) -> None:
    blocks = read_document("form.pdf", "application/pdf", pdfs["wrap3"], Limits())
    assert blocks is not None
    assert Pair("Name of library service/local authority", ANSWERS["organisation"]) in blocks


def test_long_pdf_is_read_from_its_text_layer_without_laying_out_pages(pdfs: dict[str, bytes]) -> None:
    writer = PdfWriter()
    page = PdfReader(io.BytesIO(pdfs["wrap2"])).pages[0]
    for _ in range(MAX_LAYOUT_PAGES + 1):
        writer.add_page(page)
    out = io.BytesIO()
    writer.write(out)
    blocks = read_document("long.pdf", "application/pdf", out.getvalue(), Limits())
    assert blocks is not None
    assert not any(isinstance(b, Pair) for b in blocks)


def test_tables_are_laid_out_only_when_the_text_names_a_question_of_the_form(pdfs: dict[str, bytes]) -> None:
    def read(names_form: bool) -> list[object]:
        blocks = read_document("form.pdf", "application/pdf", pdfs["wrap3"], Limits(),
                               names_form=lambda _text: names_form)
        assert blocks is not None
        return list(blocks)

    assert Pair("Name of library service/local authority", ANSWERS["organisation"]) in read(True)
    assert not any(isinstance(b, Pair) for b in read(False))
