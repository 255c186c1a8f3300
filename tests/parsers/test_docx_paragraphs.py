"""Word running text: emphasis for labels, tracked changes, text boxes, hidden text, packages."""

from __future__ import annotations

import io

import pytest
from docx import Document

from parsers.blocks import Para
from parsers.documents.formats import read_document
from parsers.errors import DocumentError
from parsers.schema import Limits
from tests.parsers.docx_build import docx_from_xml, p, retype, run

INS = '<w:ins w:id="{}" w:author="Ed" w:date="2025-03-01T00:00:00Z">{}</w:ins>'
DEL = (
    '<w:del w:id="{}" w:author="Ed" w:date="2025-03-01T00:00:00Z">'
    "<w:r><w:delText>{}</w:delText></w:r></w:del>"
)


def read(data: bytes, name: str = "form.docx") -> list:
    blocks = read_document(name, "application/octet-stream", data, Limits())
    assert blocks is not None
    return blocks


def test_bold_label_paragraphs_have_emphasis_and_answers_do_not() -> None:
    doc = Document()
    doc.add_paragraph().add_run("Your name").bold = True
    doc.add_paragraph("Lowri Halloran")
    doc.add_paragraph("")
    doc.add_paragraph().add_run("Key lessons learned (max 100 words)").bold = True
    doc.add_paragraph("Small services matter.")
    out = io.BytesIO()
    doc.save(out)
    assert read(out.getvalue()) == [
        Para("Your name", True),
        Para("Lowri Halloran", False),
        Para("Key lessons learned (max 100 words)", True),
        Para("Small services matter.", False),
    ]


def test_heading_styled_label_has_emphasis() -> None:
    doc = Document()
    doc.add_heading("Suggested title for case study", level=2)
    doc.add_paragraph("Family hubs in the library")
    out = io.BytesIO()
    doc.save(out)
    assert read(out.getvalue()) == [
        Para("Suggested title for case study", True),
        Para("Family hubs in the library", False),
    ]


def test_bold_from_the_paragraph_style_counts_as_emphasis() -> None:
    doc = Document()
    style = doc.styles.add_style("FormLabel", 1)
    style.font.bold = True
    doc.add_paragraph("Email address", style="FormLabel")
    doc.add_paragraph("ann@example.org")
    out = io.BytesIO()
    doc.save(out)
    assert read(out.getvalue()) == [Para("Email address", True), Para("ann@example.org", False)]


def test_partly_bold_paragraph_has_no_emphasis() -> None:
    body = (
        f'<w:p><w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">Name: </w:t></w:r>{run("Ann Lee")}</w:p>'
    )
    assert read(docx_from_xml(body)) == [Para("Name: Ann Lee", False)]


def test_tracked_insertion_counts_and_deletion_does_not() -> None:
    body = (
        f"<w:p>{DEL.format(1, 'Independent living showcases')}"
        f"{INS.format(2, run('Try before you buy'))}</w:p>"
        f"<w:p>{run('Visitors: ')}{INS.format(3, run('1,610'))}{DEL.format(4, '1,200')}</w:p>"
    )
    assert read(docx_from_xml(body)) == [Para("Try before you buy"), Para("Visitors: 1,610")]


def test_moved_text_is_read_once_at_its_new_place() -> None:
    body = (
        f'<w:p><w:moveFrom w:id="5" w:author="Ed"><w:r><w:t>Moved words</w:t></w:r></w:moveFrom>'
        f"{run('Stays.')}</w:p>"
        f'<w:p><w:moveTo w:id="6" w:author="Ed"><w:r><w:t>Moved words</w:t></w:r></w:moveTo></w:p>'
    )
    assert read(docx_from_xml(body)) == [Para("Stays."), Para("Moved words")]


def test_field_code_is_not_read_but_its_result_is() -> None:
    body = (
        '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> HYPERLINK "mailto:ann@example.org" </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>ann@example.org</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
    )
    assert read(docx_from_xml(body)) == [Para("ann@example.org")]


def test_hidden_text_is_not_read() -> None:
    body = f"<w:p><w:r><w:rPr><w:vanish/></w:rPr><w:t>Secret note</w:t></w:r>{run('Visible')}</w:p>"
    assert read(docx_from_xml(body)) == [Para("Visible")]


TEXTBOX = (
    '<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic>'
    '<a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp>'
    "<wps:txbx><w:txbxContent>{inner}</w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic>"
    "</wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>{inner}"
    "</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
    "<w:r><w:t>Anchor text</w:t></w:r></w:p>"
)


def test_text_box_text_is_read_once_though_word_stores_it_twice() -> None:
    inner = p("Your name", bold=True) + p("Ann Lee")
    blocks = read(docx_from_xml(TEXTBOX.format(inner=inner)))
    assert blocks == [Para("Anchor text"), Para("Your name", True), Para("Ann Lee")]


def test_tabs_and_line_breaks_inside_a_paragraph_are_kept() -> None:
    body = f"<w:p>{run('Name:')}<w:r><w:tab/></w:r>{run('Ann')}<w:r><w:br/></w:r>{run('Lee')}</w:p>"
    assert read(docx_from_xml(body)) == [Para("Name:\tAnn\nLee")]


@pytest.mark.parametrize(
    "name, content_type",
    [
        ("form.docm", "application/vnd.ms-word.document.macroEnabled.main+xml"),
        ("form.dotx", "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"),
    ],
)
def test_macro_enabled_and_template_word_files_are_read(name: str, content_type: str) -> None:
    data = retype(docx_from_xml(p("Your name", bold=True) + p("Ann Lee")), content_type)
    assert read(data, name) == [Para("Your name", True), Para("Ann Lee")]


def test_docx_named_file_with_no_word_part_is_refused_with_advice() -> None:
    buf = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("hello.txt", "not a document")
    with pytest.raises(DocumentError) as err:
        read_document("form.docx", "", buf.getvalue(), Limits())
    assert "docx" in err.value.advice


def test_truncated_docx_is_a_document_error_naming_the_file() -> None:
    data = docx_from_xml(p("Your name") + p("Ann"))
    with pytest.raises(DocumentError) as err:
        read_document("cut.docx", "", data[: len(data) // 2], Limits())
    assert err.value.filename == "cut.docx"
    assert "damaged" in err.value.reason or "truncated" in err.value.reason


def test_images_and_plain_text_are_not_documents() -> None:
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    assert read_document("photo.png", "image/png", png, Limits()) is None
    assert read_document("notes.txt", "text/plain", b"Your name: Ann", Limits()) is None


def test_document_over_the_text_limit_is_refused() -> None:
    data = docx_from_xml(p("word " * 2000))
    with pytest.raises(DocumentError):
        read_document("long.docx", "", data, Limits(max_text_chars=1000))


def test_a_document_reads_the_same_after_another_with_the_same_styles_part() -> None:
    from parsers.documents.word import parsed_styles

    first = docx_from_xml(p("Case study form", style="Heading1") + p("Your name", bold=True) + p("Ann Lee"))
    second = docx_from_xml(p("Lessons", style="Heading2") + p("Start small.") + p("Contact", style="Title"))
    parsed_styles.cache_clear()
    cold = read(second)
    read(first)
    assert read(second) == cold


def test_the_styles_of_a_few_templates_read_in_turn_are_each_parsed_once() -> None:
    # A mailbox brings the form from several templates in turn (Word versions, other word
    # processors' defaults): each template's styles part is parsed once, not once per switch.
    from docx.enum.style import WD_STYLE_TYPE

    from parsers.documents.word import parsed_styles

    files = []
    for n in range(4):
        doc = Document()
        doc.styles.add_style(f"Template {n}", WD_STYLE_TYPE.PARAGRAPH)
        doc.add_paragraph("Your name", style=f"Template {n}")
        doc.add_paragraph(f"Ann Lee {n}")
        out = io.BytesIO()
        doc.save(out)
        files.append(out.getvalue())
    parsed_styles.cache_clear()
    first = [read(f) for f in files]
    again = [read(f) for f in files + files]
    assert again == first + first
    assert parsed_styles.cache_info().misses == 4
