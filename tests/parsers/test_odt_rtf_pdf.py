"""OpenDocument text, RTF and text-layer PDF forms."""

from __future__ import annotations

import io

import pytest
from odf.opendocument import OpenDocumentText
from odf.style import Style, TextProperties
from odf.table import CoveredTableCell, Table, TableCell, TableColumn, TableRow
from odf.text import H, P, Span
from pypdf import PdfWriter

from parsers.blocks import Pair, Para
from parsers.documents.formats import read_document
from parsers.documents.rtf import rtf_body_text
from parsers.errors import DocumentError
from parsers.schema import Limits
from tests.fixtures.pdfs import pdf_bytes


def odt(build) -> bytes:  # type: ignore[no-untyped-def]
    doc = OpenDocumentText()
    bold = Style(name="Bold", family="paragraph")
    bold.addElement(TextProperties(fontweight="bold"))
    doc.automaticstyles.addElement(bold)
    build(doc, bold)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def cell(text: str) -> TableCell:
    c = TableCell()
    if text:
        c.addElement(P(text=text))
    return c


def test_odt_bold_label_paragraphs_and_headings_have_emphasis() -> None:
    def build(doc, bold):  # type: ignore[no-untyped-def]
        doc.text.addElement(H(outlinelevel=1, text="Case study form"))
        doc.text.addElement(P(stylename=bold, text="Your name"))
        para = P()
        para.addElement(Span(text="Zoë Williams"))
        doc.text.addElement(para)

    blocks = read_document("form.odt", "application/vnd.oasis.opendocument.text", odt(build), Limits())
    assert blocks == [Para("Case study form", True), Para("Your name", True), Para("Zoë Williams", False)]


def test_odt_two_column_table_rows_become_pairs_and_merged_cells_are_read_once() -> None:
    def build(doc, bold):  # type: ignore[no-untyped-def]
        table = Table()
        table.addElement(TableColumn(numbercolumnsrepeated=2))
        for label, answer in (("Your name", "Ann Lee"), ("Email address", "ann@example.org")):
            row = TableRow()
            row.addElement(cell(label))
            row.addElement(cell(answer))
            table.addElement(row)
        row = TableRow()
        row.addElement(TableCell(numbercolumnsspanned=2))
        row.addElement(CoveredTableCell())
        row.childNodes[0].addElement(P(text="Reviewed by the library team"))
        table.addElement(row)
        doc.text.addElement(table)

    blocks = read_document("form.odt", "", odt(build), Limits())
    assert blocks == [
        Pair("Your name", "Ann Lee"),
        Pair("Email address", "ann@example.org"),
        Para("Reviewed by the library team"),
    ]


def test_damaged_odt_is_a_document_error() -> None:
    data = odt(lambda doc, bold: doc.text.addElement(P(text="x")))
    with pytest.raises(DocumentError):
        read_document("form.odt", "application/vnd.oasis.opendocument.text", data[:200], Limits())


RTF = (
    rb"{\rtf1\ansi\deff0{\fonttbl{\f0 Arial;}}\pard{\b Your name}\par Zo\'eb Vaughan\par"
    rb"\trowd\cellx3000\cellx8000 Email address\cell zoe@example.org\cell\row"
    rb"\trowd\cellx3000\cellx8000 Job title\cell Head of Libraries\cell\row\pard Thank you\par}"
)


def test_rtf_paragraphs_and_table_rows_are_read_and_the_closing_thanks_is_not() -> None:
    blocks = read_document("form.rtf", "application/rtf", RTF, Limits())
    assert blocks == [
        Para("Your name"),
        Para("Zoë Vaughan"),
        Pair("Email address", "zoe@example.org"),
        Pair("Job title", "Head of Libraries"),
    ]


def text_pdf(lines: list[str]) -> bytes:
    """A one-page PDF with a real text layer (Helvetica), built by hand with a correct xref."""
    return text_pdf_pages([lines])


def text_pdf_pages(pages: list[list[str]]) -> bytes:
    """A PDF with one page per list of lines, each a real text layer (Helvetica)."""
    n = len(pages)
    kids = " ".join(f"{3 + 2 * i} 0 R" for i in range(n)).encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, n),
    ]
    font = 3 + 2 * n
    for i, lines in enumerate(pages):
        ops = ["BT", "/F1 11 Tf", "72 760 Td", "14 TL"]
        for line in lines:
            ops.append("(" + line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ") Tj T*")
        ops.append("ET")
        stream = "\n".join(ops).encode("latin-1")
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
            b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (4 + 2 * i, font)
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    return pdf_bytes(objects)


def test_pdf_text_layer_is_read_line_by_line() -> None:
    data = text_pdf(["Your name: Ann Lee", "Job title / position: Librarian"])
    blocks = read_document("form.pdf", "application/pdf", data, Limits())
    assert blocks == [Para("Your name: Ann Lee"), Para("Job title / position: Librarian")]


def test_pdf_running_header_footer_and_page_numbers_are_not_read() -> None:
    header, footer = "Libraries Advocacy Network case study form", "Registered charity 1234567"
    data = text_pdf_pages([
        [header, "Your name: Ann Lee", "Description: We opened warm spaces", footer, "Page 1 of 2"],
        [header, "in every branch.", "Key lessons: Start small.", footer, "Page 2 of 2"],
    ])
    blocks = read_document("form.pdf", "application/pdf", data, Limits())
    assert blocks == [
        Para("Your name: Ann Lee"),
        Para("Description: We opened warm spaces"),
        Para("in every branch."),
        Para("Key lessons: Start small."),
    ]


def test_password_protected_pdf_is_a_password_problem() -> None:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(DocumentError) as err:
        read_document("locked.pdf", "application/pdf", out.getvalue(), Limits())
    assert "password" in err.value.reason


def test_pdf_without_text_is_reported_as_a_scan() -> None:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(DocumentError) as err:
        read_document("scan.pdf", "application/pdf", out.getvalue(), Limits())
    assert "no text" in err.value.reason


def test_damaged_pdf_is_a_document_error_not_a_crash() -> None:
    with pytest.raises(DocumentError):
        read_document("bad.pdf", "application/pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog", Limits())


RTF_HELP_TABLE = (
    rb"{\rtf1\ansi\deff0{\fonttbl{\f0 Arial;}}{\colortbl;\red128\green128\blue128;}"
    rb"\trowd\cellx3000\cellx8000\pard\intbl{\b Your name}\par{\fs16\i\cf1 The person we contact}\cell"
    rb"\pard\intbl Ann Lee\cell\row"
    rb"\trowd\cellx3000\cellx8000\pard\intbl{\b Description}\par{\fs16\i\cf1 What did you do?}\cell"
    rb"\pard\intbl We opened two clubs.\par Forty children came.\cell\row"
    rb"\pard After the table\par}"
)


def test_rtf_label_cell_help_paragraph_keeps_each_answer_on_its_own_row() -> None:
    blocks = read_document("form.rtf", "application/rtf", RTF_HELP_TABLE, Limits())
    assert blocks == [
        Pair("Your name", "Ann Lee"),
        Pair("Description", "We opened two clubs.\n\nForty children came."),
        Para("After the table"),
    ]


def test_rtf_body_table_row_with_cell_paragraphs_stays_one_tab_separated_line() -> None:
    text = rtf_body_text("body.rtf", RTF_HELP_TABLE, Limits())
    assert "Your name The person we contact\tAnn Lee" in text.split("\n")



def test_rtf_with_more_control_words_than_the_limit_is_refused_with_the_count_before_it_is_read() -> None:
    storm = b"{\\rtf1\\ansi Your name: Ann Lee\\par " + b"\\b\\i0" * 60 + b"}"
    assert read_document("form.rtf", "application/rtf", storm, Limits(max_rtf_control_words=200))
    with pytest.raises(DocumentError) as err:
        read_document("form.rtf", "application/rtf", storm, Limits(max_rtf_control_words=100))
    assert "too much formatting to read (123 control words; at most 100)" in str(err.value)
    with pytest.raises(DocumentError):
        rtf_body_text("body.rtf", storm, Limits(max_rtf_control_words=100))


def styled_pdf(lines: list[tuple[str, bool, int]]) -> bytes:
    """A one-page PDF whose lines are ``(text, bold, size)``: Helvetica or Helvetica-Bold."""
    ops = ["BT", "72 760 Td", "14 TL"]
    for text, bold, size in lines:
        ops.append(f"/F{2 if bold else 1} {size} Tf ({text}) Tj T*")
    ops.append("ET")
    stream = "\n".join(ops).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R /F2 6 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
    ]
    return pdf_bytes(objects)


def test_pdf_smaller_help_line_under_a_bold_label_is_guidance_and_the_answer_is_not() -> None:
    data = styled_pdf(
        [
            ("Your name", True, 10),
            ("The person we should contact", False, 8),
            ("Ann Lee", False, 10),
            ("Description", True, 10),
            ("We opened two clubs for forty children.", False, 10),
        ]
    )
    blocks = read_document("form.pdf", "application/pdf", data, Limits())
    assert blocks == [
        Para("Your name"),
        Para("The person we should contact", guidance=True),
        Para("Ann Lee"),
        Para("Description"),
        Para("We opened two clubs for forty children."),
    ]


def _typeless_table(rows: list[tuple[str, list[str]]]) -> bytes:
    def build(doc, bold):  # type: ignore[no-untyped-def]
        table = Table()
        table.addElement(TableColumn(numbercolumnsrepeated=2))
        for label, paras in rows:
            row = TableRow()
            row.addElement(cell(label))
            answer = TableCell()
            for text in paras:
                answer.addElement(P(text=text))
            row.addElement(answer)
            table.addElement(row)
        doc.text.addElement(table)

    return odt(build)


def test_odt_table_without_type_reads_the_help_at_the_top_of_each_answer_cell_as_help() -> None:
    """AbiWord's table: no type anywhere, the form's sentence of help opening every answer cell."""
    data = _typeless_table([
        ("Your name", ["The person we should contact.", "Ann Lee"]),
        ("Email address", ["We reply to this address.", "ann@example.org"]),
        ("Summary", ["Two or three sentences.", "We lent tablets.", "People booked GP visits online."]),
        ("Suggested title", ["A short, descriptive title."]),
        ("Organisation", ["The service that ran it.", "Anytown Libraries"]),
    ])
    assert read_document("form.odt", "", data, Limits()) == [
        Pair("Your name", "Ann Lee"),
        Pair("Email address", "ann@example.org"),
        Pair("Summary", "We lent tablets.\n\nPeople booked GP visits online."),
        Pair("Suggested title", None),
        Pair("Organisation", "Anytown Libraries"),
    ]


def test_odt_table_without_type_keeps_answers_typed_in_several_paragraphs() -> None:
    """No short line after a sentence: nothing shows the form printed help, every paragraph is kept."""
    answers = [["We lent tablets.", "People booked GP visits online."],
               ["Volunteers ran the sessions.", "Each had training first."],
               ["Start small.", "Ask the users."],
               ["It cost little.", "It was worth it."]]
    data = _typeless_table([(f"Question {i}", paras) for i, paras in enumerate(answers, 1)])
    assert read_document("form.odt", "", data, Limits()) == [
        Pair(f"Question {i}", "\n\n".join(paras)) for i, paras in enumerate(answers, 1)]
