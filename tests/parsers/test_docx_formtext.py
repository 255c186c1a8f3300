"""Legacy FORMTEXT fields whose typed result runs over several paragraphs, in and out of tables."""

from __future__ import annotations

from parsers.blocks import Pair, Para
from parsers.documents.formats import read_document
from parsers.schema import Limits
from tests.parsers.docx_build import docx_from_xml, p, run, tbl, tc, tr

UNFILLED = "\u2002" * 5


def _begin(name: str, default: str | None = None) -> str:
    dflt = f'<w:default w:val="{default}"/>' if default is not None else ""
    return (
        f'<w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:name w:val="{name}"/><w:enabled/>'
        f"<w:textInput>{dflt}</w:textInput></w:ffData></w:fldChar></w:r>"
        '<w:r><w:instrText xml:space="preserve"> FORMTEXT </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
    )


_END = '<w:r><w:fldChar w:fldCharType="end"/></w:r>'


def spanning_field(
    texts: list[str], *, name: str = "Text1", label: str = "", default: str | None = None, after: str = ""
) -> str:
    """Paragraphs holding one FORMTEXT field: begin in the first, ``end`` in the last."""
    paras = []
    for i, text in enumerate(texts):
        xml = (label + _begin(name, default)) if i == 0 else ""
        xml += run(text)
        if i == len(texts) - 1:
            xml += _END + after
        paras.append(f"<w:p>{xml}</w:p>")
    return "".join(paras)


def read(body: str) -> list:
    blocks = read_document("form.docx", "application/octet-stream", docx_from_xml(body), Limits())
    assert blocks is not None
    return blocks


ANSWER = ["Libraries ran blood pressure checks.", "Uptake was low at first.", "895 people were checked."]
JOINED = "\n\n".join(ANSWER)


def test_formtext_result_over_several_paragraphs_below_a_label_is_read_in_full() -> None:
    body = p("Description of the project", bold=True) + spanning_field(ANSWER) + p("Thank you.")
    assert read(body)[0] == Pair("Description of the project", JOINED)


def test_formtext_result_over_several_paragraphs_after_an_inline_label_is_read_in_full() -> None:
    body = spanning_field(ANSWER, label=run("Summary: "), after=run(" (end)")) + p("Your name: Ann Lee")
    assert read(body)[:2] == [Pair("Summary", JOINED), Para("(end)")]


def test_formtext_result_over_several_paragraphs_reads_the_same_in_a_table_cell() -> None:
    outside = read(p("Description", bold=True) + spanning_field(ANSWER))
    inside = read(tbl(tr(tc(p("Description", bold=True)), tc(spanning_field(ANSWER)))))
    assert outside == inside == [Pair("Description", JOINED)]


def test_blank_paragraphs_inside_a_spanning_formtext_result_collapse_to_one_break() -> None:
    body = p("Description", bold=True) + spanning_field(["First part.", "", "", "Second part."])
    assert read(body) == [Pair("Description", "First part.\n\nSecond part.")]


def test_unfilled_formtext_over_several_paragraphs_reads_as_none() -> None:
    body = p("Description", bold=True) + spanning_field([UNFILLED, UNFILLED]) + p("Your name: Ann Lee")
    assert read(body)[0] == Pair("Description", None)


def test_spanning_formtext_never_reads_its_field_code_or_its_default_text() -> None:
    body = p("Lessons learned", bold=True) + spanning_field(["Type here"], default="Type here")
    body += spanning_field([UNFILLED, UNFILLED], name="Text2", label=run("Title: "), default="Title")
    blocks = read(body)
    assert blocks == [Pair("Lessons learned", None), Pair("Title", None)]
    assert all("FORMTEXT" not in repr(b) for b in blocks)


def test_spanning_formtext_after_an_inline_label_reads_the_same_in_a_cell_read_as_running_content() -> None:
    # The labelled field makes the cell structured (read again as running content): the paragraphs
    # it read on their own are kept only where no field runs on into or out of them.
    body = spanning_field(ANSWER, label=run("Summary: "), after=run(" (end)")) + p("Your name: Ann Lee")
    inside = read(tbl(tr(tc(body))))
    assert inside == read(body) == [Pair("Summary", JOINED), Para("(end)"), Para("Your name: Ann Lee")]


EMPTY = ["<w:p/>", '<w:p><w:pPr><w:pStyle w:val="Heading1"/><w:jc w:val="center"/></w:pPr></w:p>',
         "<w:p><w:pPr><w:rPr><w:b/></w:rPr></w:pPr></w:p>"]
"""Paragraphs holding nothing but their properties (read as empty whatever those say)."""


def test_empty_paragraphs_inside_a_spanning_result_and_under_its_label_read_as_breaks_only() -> None:
    label = p("Description", bold=True)
    empty = "".join(EMPTY)
    spanning = spanning_field(["First part.", "Second part."]).replace("</w:p><w:p>", f"</w:p>{empty}<w:p>")
    body = label + empty + spanning + empty
    expected = [Pair("Description", "First part.\n\nSecond part.")]
    assert read(body) == read(tbl(tr(tc(label), tc(empty + spanning)))) == expected
