"""Fillable PDF forms (AcroForm) where the page layout parts what belongs together (issue 9,
heldout10 cases h10-027/030/031/032/034/037 on a machine whose fonts moved the breaks):

* a question's label and help line at the foot of one page, its text box at the top of the next:
  the box is named by the lines overleaf, and the text layer's label and help line are no answer;
* a form title over two or three lines: the whole title is the form's own words, never a label
  or an answer, and the introduction under it stays the form's words too.

The forms are made by LibreOffice from HTML (one soffice call for all of them) and filled with pypdf.
The breaks are forced by content, not by this machine's font widths: a ``page-break-before`` on
the paragraph holding the text box, and ``<br>`` inside the title heading."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from parsers import extract_file
from parsers.blocks import Para, Tagged
from parsers.documents.acroform import Widget, named_fields
from parsers.documents.pdf_layout import PageLayout, TextLine, page_layouts
from parsers.form.fields import extract_fields
from parsers.schema import DEFAULT_SCHEMA
from tests.cases.heldout10.content import GUIDANCE
from tests.fixtures.producers import soffice_convert
from tests.parsers.forms import ANSWERS, LABELS, PDF_FORM, fill_pdf_form

LONG = ("summary", "description", "lessons")
NAMES = {"name": "your_name", "job_title": "job_title", "email": "email_address",
         "organisation": "library_service", "title": "case_study_title", "summary": "summary",
         "description": "description", "lessons": "key_lessons"}
HELP = GUIDANCE | {"description": "What you did, who was involved, what it cost and what changed."}
"""The help printed under each label (each one line long at any font)."""
INTRO = "Please answer every question below."
"""One short sentence: one line at any font, so the title's lines outnumber the body's."""
INTRO_TWO_LINES = "We publish a selection of case studies each spring. Complete one<br>form for each project."
"""An introduction broken in mid-sentence, as a wrap breaks it: its last line is right above the
first label."""


def _widget(key: str, name: str) -> str:
    if key in LONG:
        return f'<textarea name="{name}" rows="4" cols="60"></textarea>'
    return f'<input type="text" name="{name}" size="50">'


def _overleaf_form() -> str:
    """Labels in bold above their boxes with a help line between; a page break right before the
    last box, so its label and help line end page 1 and the box starts page 2."""
    rows = []
    for key, label in LABELS.items():
        head = f"<b>{label}</b><br><i>{HELP[key]}</i>"
        if key == "lessons":
            rows.append(f'<p>{head}</p><p style="page-break-before: always">{_widget(key, NAMES[key])}</p>')
        else:
            rows.append(f"<p>{head}<br>{_widget(key, NAMES[key])}</p>")
    return _page("<h1>Libraries Connected: call for case studies</h1>", "".join(rows))


def _titled_form(title: str, intro: str, *, beside: bool) -> str:
    """A title over several lines, its introduction, and bold labels above their boxes
    (``beside``: on the same line, for the short answers)."""
    rows = []
    for i, (key, label) in enumerate(LABELS.items(), 1):
        if beside and key not in LONG:
            rows.append(f"<p><b>{label}</b> {_widget(key, f'Text{i}')}</p>")
        else:
            rows.append(f"<p><b>{label}</b><br>{_widget(key, f'Text{i}')}</p>")
    return _page(f"<h1>{title}</h1>", "".join(rows), intro)


def _wrapped_help_form() -> str:
    """Fields named Text1..Text8 only (no tooltip), each under its bold label and a help line
    broken over two lines (a line break where a wrap may fall): the label is the third line up."""
    rows = []
    for i, (key, label) in enumerate(LABELS.items(), 1):
        first, _, rest = HELP[key].partition(" ")
        rows.append(f"<p><b>{label}</b><br><i>{first}<br>{rest}</i><br>{_widget(key, f'Text{i}')}</p>")
    return _page("<h1>Libraries Connected: call for case studies</h1>", "".join(rows))


TAIL = ("Our volunteers deliver books every three weeks. Safeguarding training is provided by the",
        "council.")
"""An answer whose last word wraps onto a line of its own, a word that names a field."""


def _typed_form() -> str:
    """A form typed in (no form fields): bold labels, the answers under them; the description's
    last word on a line of its own (a line break where the wrap may fall)."""
    rows = []
    for key, label in LABELS.items():
        answer = "<br>".join(TAIL) if key == "description" else ANSWERS[key].replace("\n\n", "</p><p>")
        rows.append(f"<p><b>{label}</b></p><p>{answer}</p>")
    return _page("<h1>Libraries Connected: call for case studies</h1>", "".join(rows))


def _page(title: str, rows: str, intro: str = INTRO) -> str:
    return (f'<html><head><meta charset="utf-8"></head><body>{title}<p>{intro}</p><form>{rows}'
            '<p><input type="checkbox" name="consent" value="Yes"> I agree that Libraries Connected may '
            "publish this case study.</p></form></body></html>")


TWO_LINES = "Case study submission form \u2013 Library<br>Services"
THREE_LINES = "Libraries Connected \u2013<br>case study<br>template 2027"


@pytest.fixture(scope="module")
def blank(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    d = tmp_path_factory.mktemp("acroform-breaks")
    forms = {"overleaf": _overleaf_form(),
             "two_lines": _titled_form(TWO_LINES, INTRO_TWO_LINES, beside=False),
             "three_lines": _titled_form(THREE_LINES, INTRO, beside=True),
             "wrapped_help": _wrapped_help_form(), "typed": _typed_form()}
    sources = []
    for name, html in forms.items():
        path = d / f"{name}.html"
        path.write_text(html, encoding="utf-8")
        sources.append(path)
    out = soffice_convert(sources, PDF_FORM, d / "pdf", infilter="HTML (StarWriter)")
    return {stem: path.read_bytes() for stem, path in out.items()}


def _fill(data: bytes, values: dict[str, str], tooltips: dict[str, str] | None = None) -> bytes:
    return fill_pdf_form(data, values | {"consent": "/Yes"}, tooltips)


def test_the_last_box_starts_page_two_under_no_text(blank: dict[str, bytes]) -> None:
    """The layout the other tests rely on: page 2 opens with the lessons box, its label is on page 1."""
    data = blank["overleaf"]
    page1, page2 = page_layouts(data)[:2]
    assert page1.lines[-1].text == HELP["lessons"]
    box = [a.get_object() for a in PdfReader(io.BytesIO(data)).pages[1].get("/Annots", [])]
    top = page2.height - max(float(v) for v in box[0]["/Rect"][1::2])
    assert str(box[0]["/T"]) == "key_lessons"
    assert all(ln.top > top for ln in page2.lines)


@pytest.mark.parametrize("naming", ["name", "tooltip"])
def test_box_at_the_top_of_a_page_is_named_by_the_label_at_the_foot_of_the_one_before(
        blank: dict[str, bytes], naming: str) -> None:
    values = {NAMES[key]: ANSWERS[key] for key in LABELS}
    tips = {NAMES[key]: label for key, label in LABELS.items()} if naming == "tooltip" else None
    result = extract_file(_fill(blank["overleaf"], values, tips), "form.pdf")
    assert result.fields == ANSWERS
    assert result.problems == []


def test_help_line_overleaf_is_no_answer_when_the_box_is_left_empty(blank: dict[str, bytes]) -> None:
    values = {NAMES[key]: ANSWERS[key] for key in LABELS if key != "lessons"}
    result = extract_file(_fill(blank["overleaf"], values), "form.pdf")
    assert result.fields["lessons"] is None
    assert result.fields["description"] == ANSWERS["description"]


@pytest.mark.parametrize("form", ["two_lines", "three_lines"])
def test_title_over_several_lines_is_never_a_label_or_an_answer(blank: dict[str, bytes], form: str) -> None:
    values = {f"Text{i}": ANSWERS[key] for i, key in enumerate(LABELS, 1)}
    tips = {f"Text{i}": label for i, label in enumerate(LABELS.values(), 1)}
    result = extract_file(_fill(blank[form], values, tips), "form.pdf")
    assert result.fields == ANSWERS
    assert result.problems == []


def test_title_over_several_lines_without_tooltips_leaves_no_answer_to_the_title(
        blank: dict[str, bytes]) -> None:
    """Fields named Text1..Text8 only, labels printed beside: the title's lines and the introduction
    answer nothing, not even the field whose label is unread."""
    values = {f"Text{i}": ANSWERS[key] for i, key in enumerate(LABELS, 1)}
    result = extract_file(_fill(blank["three_lines"], values), "form.pdf")
    assert result.fields == ANSWERS


def test_box_under_a_label_and_a_help_line_that_wraps_is_named_by_the_label(blank: dict[str, bytes]) -> None:
    values = {f"Text{i}": ANSWERS[key] for i, key in enumerate(LABELS, 1)}
    result = extract_file(_fill(blank["wrapped_help"], values), "form.pdf")
    assert result.fields == ANSWERS
    assert result.problems == []


def test_last_word_of_an_answer_wrapped_alone_is_no_label(blank: dict[str, bytes]) -> None:
    """"council." names the organisation field, but there it ends the sentence the line above left open."""
    result = extract_file(blank["typed"], "form.pdf")
    assert " ".join((result.fields["description"] or "").split()) == " ".join(TAIL)
    assert result.fields["organisation"] == ANSWERS["organisation"]
    assert result.fields["lessons"] == ANSWERS["lessons"]


def test_a_form_fields_own_value_outranks_what_the_text_read_under_its_label() -> None:
    """The text layer of a fillable PDF holds the label and its help line, not the answer: the
    help line read under the label gives way to the field's value for the same question."""
    blocks = [Para(LABELS["lessons"]), Para(HELP["lessons"], guidance=True),
              Tagged("key_lessons", ANSWERS["lessons"])]
    assert extract_fields(blocks, DEFAULT_SCHEMA).fields["lessons"] == ANSWERS["lessons"]


def test_a_text_answer_stays_when_the_form_field_is_empty() -> None:
    blocks = [Para(LABELS["lessons"]), Para(ANSWERS["lessons"]), Tagged("key_lessons", None)]
    assert extract_fields(blocks, DEFAULT_SCHEMA).fields["lessons"] == ANSWERS["lessons"]


def test_running_header_and_footer_do_not_hide_the_label_overleaf() -> None:
    """Unit test of the layout rule: page 2 opens with a running header above the box, page 1 ends
    with a running footer and a page number under the label."""
    header, footer = TextLine("Case study form", 57, 200, 20, 30), TextLine("Version 2027", 57, 150, 800, 810)

    def page(number: int, lines: list[TextLine]) -> PageLayout:
        number_line = TextLine(str(number), 290, 300, 815, 825)
        return PageLayout(number, 595, 842, (header, *lines, footer, number_line))

    label = TextLine(LABELS["lessons"], 57, 300, 730, 742)
    helped = TextLine(HELP["lessons"], 57, 450, 746, 758)
    box = Widget("key_lessons", None, "/Tx", ANSWERS["lessons"], 2, (59, 40, 489, 90))
    fields = named_fields([box], [page(1, [label, helped]), page(2, [])])
    assert fields.printed == {LABELS["lessons"], HELP["lessons"]}
    assert fields.fields[0].value == ANSWERS["lessons"]
