"""Fillable PDF forms (AcroForm): the field values are the answers, matched to the form by the
label printed beside the widget, by the tooltip (/TU) or by the field name.

The forms are made by LibreOffice at test time (an HTML form imported into Writer, whose form
controls are exported as PDF form fields with the ``ExportFormFields`` filter option; one soffice
call for both forms), and filled with pypdf as a PDF viewer would."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from parsers import extract_file
from tests.fixtures.producers import soffice_convert
from tests.parsers.forms import ANSWERS, LABELS, PDF_FORM, fill_pdf_form

LONG = ("summary", "description", "lessons")


def _printed_form() -> str:
    """Every label printed: text boxes right of their label, multi-line boxes under it."""
    rows = []
    for i, (key, label) in enumerate(LABELS.items(), 1):
        if key in LONG:
            rows.append(f'<p>{label}<br><textarea name="Text{i}" rows="4" cols="60"></textarea></p>')
        else:
            rows.append(f'<p>{label} <input type="text" name="Text{i}" size="40"></p>')
    rows.append('<p><input type="checkbox" name="Check1" value="Yes"> I agree to publication</p>')
    return _page("".join(rows))


def _named_form() -> str:
    """No printed labels for the first three questions: a tooltip or the field name says."""
    rows = ['<p><input type="text" name="Text1" size="40"></p>',
            '<p><input type="text" name="job_title" size="40"></p>',
            '<p><input type="text" name="email_address" size="40"></p>']
    for i, key in enumerate(LONG, 4):
        rows.append(f'<p>{LABELS[key]}<br><textarea name="Text{i}" rows="4" cols="60"></textarea></p>')
    return _page("".join(rows))


HELP = {key: f"Help for this question, number {i}." for i, key in enumerate(LABELS, 1)}


def _helped_form() -> str:
    """Each label printed above its box with a grey italic help line between them."""
    rows = []
    for i, (key, label) in enumerate(LABELS.items(), 1):
        widget = (f'<textarea name="Text{i}" rows="4" cols="60"></textarea>' if key in LONG
                  else f'<input type="text" name="Text{i}" size="40">')
        rows.append(f'<p><b>{label}</b><br><i><font color="#808080">{HELP[key]}</font></i><br>{widget}</p>')
    return _page("".join(rows))


def _page(rows: str) -> str:
    return ("<html><body><form><h1>Libraries Connected: call for case studies</h1>"
            "<p>Please answer every question below. Thank you for sharing your work with us.</p>"
            f"{rows}</form></body></html>")


@pytest.fixture(scope="session")
def blank(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    d = tmp_path_factory.mktemp("acroform")
    sources = []
    for name, html in (("printed", _printed_form()), ("named", _named_form()), ("helped", _helped_form())):
        path = d / f"{name}.html"
        path.write_text(html, encoding="utf-8")
        sources.append(path)
    # LibreOffice reads .html as a Writer/Web page unless told to import it into Writer.
    out = soffice_convert(sources, PDF_FORM, d / "pdf", infilter="HTML (StarWriter)")
    return {stem: path.read_bytes() for stem, path in out.items()}


def test_libreoffice_form_exports_its_controls_as_fields(blank: dict[str, bytes]) -> None:
    fields = PdfReader(io.BytesIO(blank["printed"])).get_fields() or {}
    assert {"Text1", "Text8", "Check1"} <= set(fields)


def test_filled_form_reads_every_answer_by_the_label_printed_beside_each_field(
        blank: dict[str, bytes]) -> None:
    values = {f"Text{i}": ANSWERS[key] for i, key in enumerate(LABELS, 1)}
    result = extract_file(fill_pdf_form(blank["printed"], values | {"Check1": "/Yes"}), "form.pdf")
    assert result.kind == "submission"
    assert result.fields == ANSWERS
    assert result.problems == []


def test_multi_line_answer_keeps_its_paragraphs(blank: dict[str, bytes]) -> None:
    values = {f"Text{i}": ANSWERS[key] for i, key in enumerate(LABELS, 1)}
    result = extract_file(fill_pdf_form(blank["printed"], values), "form.pdf")
    assert result.fields["description"] == ANSWERS["description"]
    assert "\n\n" in ANSWERS["description"]


def test_field_left_empty_is_missing_and_its_label_takes_no_other_text(blank: dict[str, bytes]) -> None:
    values = {f"Text{i}": ANSWERS[key] for i, key in enumerate(LABELS, 1) if key != "email"}
    result = extract_file(fill_pdf_form(blank["printed"], values), "form.pdf")
    assert result.fields["email"] is None
    assert any(p.field == "email" and p.code == "missing" for p in result.problems)
    assert result.fields["organisation"] == ANSWERS["organisation"]


def test_fields_without_printed_labels_are_matched_by_tooltip_and_by_name(blank: dict[str, bytes]) -> None:
    values = {"Text1": ANSWERS["name"], "job_title": ANSWERS["job_title"], "email_address": ANSWERS["email"],
              "Text4": ANSWERS["summary"], "Text5": ANSWERS["description"], "Text6": ANSWERS["lessons"]}
    result = extract_file(fill_pdf_form(blank["named"], values, {"Text1": "Your name"}), "form.pdf")
    assert result.fields["name"] == ANSWERS["name"]
    assert result.fields["job_title"] == ANSWERS["job_title"]
    assert result.fields["email"] == ANSWERS["email"]
    assert result.fields["lessons"] == ANSWERS["lessons"]


def test_check_box_is_read_by_the_label_right_of_it_on_when_ticked(blank: dict[str, bytes]) -> None:
    from parsers.documents.acroform import form_fields
    from parsers.documents.pdf_layout import page_layouts

    def box(data: bytes) -> str | None:
        found = form_fields(list(PdfReader(io.BytesIO(data)).pages), page_layouts(data)).fields
        return {t.name: t.value for t in found}["I agree to publication"]

    assert box(fill_pdf_form(blank["printed"], {"Check1": "/Yes"})) == "Yes"
    assert box(blank["printed"]) is None


def test_form_title_is_never_an_answer(blank: dict[str, bytes]) -> None:
    values = {f"Text{i}": ANSWERS[key] for i, key in enumerate(LABELS, 1) if key != "organisation"}
    result = extract_file(fill_pdf_form(blank["printed"], values), "form.pdf")
    assert result.fields["organisation"] is None
    assert all("call for case studies" not in (v or "") for v in result.fields.values())


def test_label_printed_above_a_help_line_names_the_field_below_them(blank: dict[str, bytes]) -> None:
    values = {f"Text{i}": ANSWERS[key] for i, key in enumerate(LABELS, 1)}
    result = extract_file(fill_pdf_form(blank["helped"], values), "form.pdf")
    assert result.fields == ANSWERS


def test_tooltip_names_the_field_though_its_label_is_printed_on_the_page(blank: dict[str, bytes]) -> None:
    values = {f"Text{i}": ANSWERS[key] for i, key in enumerate(LABELS, 1)}
    tips = {f"Text{i}": label for i, label in enumerate(LABELS.values(), 1)}
    result = extract_file(fill_pdf_form(blank["helped"], values, tips), "form.pdf")
    assert result.fields == ANSWERS
