"""Mail bodies written by converters, made at test time by the real programs: LibreOffice's XHTML
export sent as the only (text/html) body part, with its ``<?xml ...?>`` prolog, XHTML doctype and
xmlns; and pandoc's plain-text tables (``pandoc -t plain`` / ``-t markdown`` / ``-t gfm`` of a
form table: grid, simple, multiline and pipe tables) as the text/plain body, wrapped cells and a
blank answer cell included."""

from __future__ import annotations

import html
from email.message import EmailMessage

import pytest

from parsers import extract_message
from parsers.blocks import Pair, Para
from parsers.mail.body_blocks import text_to_blocks
from parsers.mail.text_tables import find_tables
from tests.fixtures.producers import pandoc, soffice_convert
from tests.parsers.forms import ANSWERS, LABELS, message

# The form with its job title left blank (an empty answer cell) and a summary long enough to wrap.
FILLED = {
    **ANSWERS,
    "job_title": "",
    "summary": "We opened warm spaces in 12 libraries with public health funding, and visits rose by "
    "a third over the winter in every branch that took part.",
}
ONE_PARAGRAPH = {**FILLED, "description": FILLED["description"].replace("\n\n", " ")}


def _form_html(answers: dict[str, str], widths: bool = False) -> str:
    """The form as a two-column HTML table (bold labels; an answer's paragraphs as <p>), between a
    greeting and a sign-off; ``widths`` gives the columns relative widths (pandoc then writes a
    multiline rather than a simple table)."""
    cols = '<colgroup><col width="30%"><col width="70%"></colgroup>' if widths else ""
    rows = "".join(
        f"<tr><td><b>{html.escape(label)}</b></td><td>"
        + "".join(f"<p>{html.escape(p)}</p>" for p in answers[key].split("\n\n") if p)
        + "</td></tr>"
        for key, label in LABELS.items()
    )
    return (
        f"<html><head><title>Case study form</title></head><body><p>Dear colleagues,</p>"
        f"<p>Please find our case study below.</p><table border='1'>{cols}{rows}</table>"
        "<p>Best wishes,<br>Jo Bloggs</p></body></html>"
    )


def _expected(answers: dict[str, str]) -> dict[str, str | None]:
    return {key: answers[key] or None for key in LABELS}


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Each converter's output of the form, by name."""
    d = tmp_path_factory.mktemp("converter-bodies")
    (d / "form.html").write_text(_form_html(FILLED), encoding="utf-8")
    (d / "flat.html").write_text(_form_html(ONE_PARAGRAPH), encoding="utf-8")
    (d / "widths.html").write_text(_form_html(ONE_PARAGRAPH, widths=True), encoding="utf-8")
    out = {
        "xhtml": soffice_convert(
            [d / "form.html"], "html:XHTML Writer File:UTF8", d / "lo", infilter="HTML (StarWriter)"
        )["form"].read_text(encoding="utf-8"),
    }
    for name, source, fmt in [
        ("grid-plain", "form", "plain"),
        ("grid-markdown", "form", "markdown"),
        ("simple", "flat", "plain"),
        ("multiline", "widths", "plain"),
        ("pipe", "flat", "gfm"),
    ]:
        out[name] = pandoc(d / f"{source}.html", d / f"{name}.txt", "-t", fmt).read_text(encoding="utf-8")
    return out


def _html_only(page: str) -> bytes:
    msg = EmailMessage()
    msg["From"] = "Jo Bloggs <jo.bloggs@example.gov.uk>"
    msg["To"] = "casestudies@example.org"
    msg["Subject"] = "Case study"
    msg.set_content(page, subtype="html", charset="utf-8")
    return msg.as_bytes()


def test_libreoffice_xhtml_export_as_the_only_body_reads_every_answer(made: dict[str, str]) -> None:
    page = made["xhtml"]
    assert page.startswith("<?xml") and "http://www.w3.org/1999/xhtml" in page  # what soffice writes
    result = extract_message(_html_only(page))
    assert result.kind == "submission"
    assert result.fields == _expected(FILLED)


@pytest.mark.parametrize("name", ["grid-plain", "grid-markdown", "simple", "multiline", "pipe"])
def test_pandoc_plain_text_table_body_reads_every_answer(made: dict[str, str], name: str) -> None:
    text = made[name]
    answers = FILLED if name.startswith("grid") else ONE_PARAGRAPH
    result = extract_message(message(text).as_bytes())
    assert result.fields == _expected(answers)
    assert [p.code for p in result.problems if p.field == "job_title"] == ["missing"]


def test_grid_table_rows_become_pairs_with_wrapped_cells_joined(made: dict[str, str]) -> None:
    text = made["grid-plain"]
    assert "+----" in text and "|" in text  # pandoc wrote a grid table
    blocks = text_to_blocks(text)
    assert Pair(LABELS["organisation"], ANSWERS["organisation"]) in blocks
    assert Pair(LABELS["job_title"], None) in blocks
    assert Pair(LABELS["summary"], FILLED["summary"]) in blocks
    assert Pair(LABELS["description"], ANSWERS["description"]) in blocks
    assert blocks[0] == Para("Dear colleagues,")


def test_dashed_lines_that_are_no_table_stay_text() -> None:
    lines = [
        "Case study",
        "----------",
        "",
        "Thanks,",
        "-- ",
        "Jo",
        "",
        "---- ----",
        "no closing rule",
        "",
        "+----+----+",
        "| a  | b  |",
        "not a row",
    ]
    assert find_tables(lines) == []
    assert text_to_blocks("\n".join(lines))[0] == Para("Case study\n----------")
