"""parsers.extract: every kind of attached form goes through the same candidate choice as the body.

Each fixture is built here: Word files with python-docx, an OpenDocument file with odfpy, RTF and
PDF by hand, Word 2003 XML saved as .doc, and winmail.dat (TNEF) blobs attribute by attribute.
"""

from __future__ import annotations

import io
import struct
from email.message import EmailMessage
from html import escape

import compressed_rtf
from odf.opendocument import OpenDocumentText
from odf.table import Table, TableCell, TableColumn, TableRow
from odf.text import P

from parsers import extract_file, extract_message
from tests.parsers.forms import ANSWERS, LABELS, inline_form, message
from tests.parsers.test_extract_message import word_form
from tests.parsers.test_odt_rtf_pdf import text_pdf
from tests.parsers.test_tnef import SIGNATURE, attribute, winmail

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
COVER = "Please find attached our case study.\n\nJo"


def attach(msg: EmailMessage, data: bytes, filename: str, ctype: str) -> bytes:
    maintype, subtype = ctype.split("/")
    msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    return msg.as_bytes()


def one_line_answers() -> dict[str, str]:
    """The answers with paragraphs joined by a space (for formats written one line per answer)."""
    return {k: v.replace("\n\n", " ") for k, v in ANSWERS.items()}


def odt_form() -> bytes:
    doc = OpenDocumentText()
    table = Table()
    table.addElement(TableColumn(numbercolumnsrepeated=2))
    for key, label in LABELS.items():
        row = TableRow()
        for text in (label, one_line_answers()[key]):
            cell = TableCell()
            cell.addElement(P(text=text))
            row.addElement(cell)
        table.addElement(row)
    doc.text.addElement(table)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def rtf_escape(text: str) -> str:
    return "".join(c if ord(c) < 128 else f"\\u{ord(c)}?" for c in text)


def rtf_form() -> bytes:
    answers = one_line_answers()
    rows = "".join(
        f"\\trowd\\cellx3000\\cellx9000 {rtf_escape(label)}\\cell {rtf_escape(answers[key])}\\cell\\row\n"
        for key, label in LABELS.items()
    )
    head = "{\\rtf1\\ansi\\deff0 {\\fonttbl{\\f0 Arial;}}\n\\pard Case study form\\par\n"
    return (head + rows + "}").encode()


WORD_XML = "http://schemas.microsoft.com/office/word/2003/wordml"


def word2003_xml_form() -> bytes:
    """A Word 2003 XML document: what Word writes for "Save as XML", often sent named .doc."""
    rows = "".join(
        f"<w:tr><w:tc><w:p><w:r><w:t>{escape(label)}</w:t></w:r></w:p></w:tc>"
        f"<w:tc><w:p><w:r><w:t>{escape(one_line_answers()[key])}</w:t></w:r></w:p></w:tc></w:tr>"
        for key, label in LABELS.items()
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<?mso-application progid="Word.Document"?>\n'
        f'<w:wordDocument xmlns:w="{WORD_XML}"><w:body><w:tbl>{rows}</w:tbl></w:body></w:wordDocument>'
    ).encode()


def mapi_body(prop_id: int, payload: bytes) -> bytes:
    """A winmail.dat carrying only a message body in the MAPI property ``prop_id`` (binary)."""
    pad = b"\x00" * (-len(payload) % 4)
    props = struct.pack("<IHHII", 1, 0x0102, prop_id, 1, len(payload)) + payload + pad
    return SIGNATURE + attribute(1, 0x9006, 0x0008, struct.pack("<I", 0x00010000)) + attribute(
        1, 0x9003, 0x0006, props
    )


def html_form() -> str:
    cells = "".join(
        f"<tr><td><b>{escape(label)}</b></td><td>{escape(one_line_answers()[key])}</td></tr>"
        for key, label in LABELS.items()
    )
    return f"<html><body><p class=MsoNormal>Dear team,</p><table>{cells}</table></body></html>"


def test_word_form_inside_winmail_dat_beats_the_covering_note() -> None:
    raw = attach(message(COVER), winmail(("form.docx", word_form())), "winmail.dat", "application/ms-tnef")
    result = extract_message(raw)
    assert (result.source, result.fields) == ("attachment:form.docx", ANSWERS)


def test_form_in_the_html_body_of_a_winmail_dat_is_read_as_the_body() -> None:
    blob = mapi_body(0x1013, html_form().encode())
    raw = attach(message(""), blob, "winmail.dat", "application/ms-tnef")
    result = extract_message(raw)
    assert (result.kind, result.source, result.problems) == ("submission", "body", [])
    assert result.fields == one_line_answers()


def test_form_in_the_rich_text_body_of_a_winmail_dat_is_read_as_the_body() -> None:
    rtf_body = compressed_rtf.compress(rtf_form())
    raw = attach(message(""), mapi_body(0x1009, rtf_body), "winmail.dat", "application/ms-tnef")
    result = extract_message(raw)
    assert (result.source, result.fields) == ("body", one_line_answers())


def test_plain_text_body_of_a_winmail_dat_leaves_the_quoted_original_out() -> None:
    body = inline_form() + "\n\n-----Original Message-----\nFrom: Case Studies\nSent: Monday\n" + "\n".join(
        f"{label}:" for label in LABELS.values()
    )
    blob = SIGNATURE + attribute(1, 0x9006, 0x0008, struct.pack("<I", 0x00010000)) + attribute(
        1, 0x800C, 0x0002, body.encode()
    )
    result = extract_message(attach(message(""), blob, "winmail.dat", "application/ms-tnef"))
    assert (result.source, result.fields) == ("body", ANSWERS)


def test_bare_winmail_dat_with_the_form_in_its_html_body_is_read() -> None:
    result = extract_file(mapi_body(0x1013, html_form().encode()), "winmail.dat")
    assert (result.kind, result.fields) == ("submission", one_line_answers())


def test_doc_attachment_saved_as_word_xml_is_a_candidate() -> None:
    raw = attach(message(COVER), word2003_xml_form(), "form.doc", "application/msword")
    result = extract_message(raw)
    assert (result.source, result.fields) == ("attachment:form.doc", one_line_answers())


def test_odt_attachment_is_a_candidate() -> None:
    raw = attach(message(COVER), odt_form(), "form.odt", "application/vnd.oasis.opendocument.text")
    result = extract_message(raw)
    assert (result.source, result.fields) == ("attachment:form.odt", one_line_answers())


def test_rtf_attachment_is_a_candidate() -> None:
    raw = attach(message(COVER), rtf_form(), "form.rtf", "application/rtf")
    result = extract_message(raw)
    assert (result.source, result.fields) == ("attachment:form.rtf", one_line_answers())


def test_text_pdf_attachment_is_a_candidate() -> None:
    lines = [f"{LABELS[k]}: {v}" for k, v in one_line_answers().items()]
    raw = attach(message(COVER), text_pdf(lines), "form.pdf", "application/pdf")
    result = extract_message(raw)
    assert (result.source, result.fields) == ("attachment:form.pdf", one_line_answers())


def test_word_form_attached_to_a_forwarded_message_is_found_and_the_forwarder_recorded() -> None:
    inner = message("Please find the form attached.\n\nFiona",
                    sender="Fiona McAllister <fiona@example.gov.uk>")
    inner.add_attachment(word_form(), maintype="application", subtype=DOCX.split("/")[1],
                         filename="form.docx")
    outer = message("Forwarding Fiona's case study.\n\nHelen", sender="Helen <helen@example.org>",
                    subject="Fwd: Case study")
    outer.add_attachment(inner)
    result = extract_message(outer.as_bytes())
    assert (result.source, result.fields) == ("forwarded:attachment:form.docx", ANSWERS)
    assert (result.forwarded_by, result.from_addr) == ("helen@example.org", "fiona@example.gov.uk")


def test_body_with_more_answers_beats_a_document_with_fewer() -> None:
    partial = {k: v for k, v in ANSWERS.items() if k in ("name", "email")}
    raw = attach(message(inline_form()), word_form(partial), "form.docx", DOCX)
    result = extract_message(raw)
    assert (result.source, result.fields) == ("body", ANSWERS)


def test_the_senders_own_name_in_an_attached_form_is_an_answer_not_a_signature() -> None:
    import docx

    doc = docx.Document()
    for key, label in LABELS.items():
        doc.add_paragraph().add_run(label).bold = True
        if key == "name":
            # A plain description printed under the label, which the reader cannot tell from an answer.
            doc.add_paragraph("The person we should contact about this case study")
        for para in ANSWERS[key].split("\n\n"):
            doc.add_paragraph(para)
    buf = io.BytesIO()
    doc.save(buf)
    sender = "Jo Bloggs <jo.bloggs@example.gov.uk>"
    raw = attach(message(COVER, sender=sender), buf.getvalue(), "form.docx", DOCX)
    result = extract_message(raw)
    assert result.kind == "submission" and result.source == "attachment:form.docx"
    # Reading goes on past "Jo Bloggs" (the From name) to every later answer.
    assert "Jo Bloggs" in (result.fields["name"] or "")
    assert {k: result.fields[k] for k in ANSWERS if k != "name"} == {k: v for k, v in ANSWERS.items()
                                                                    if k != "name"}
