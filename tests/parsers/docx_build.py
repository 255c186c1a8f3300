"""Building small Word files inside tests: python-docx for the package, inline XML for what
python-docx cannot write (content controls, form fields, tracked changes, text boxes, merges)."""

from __future__ import annotations

import io
import zipfile

from docx import Document
from docx.oxml import parse_xml

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = (
    f'xmlns:w="{W}" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml" '
    'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml"'
)


def docx_from_xml(body_xml: str) -> bytes:
    """A .docx whose body holds ``body_xml`` (elements in the ``w:`` namespace, no declarations)."""
    doc = Document()
    body = doc.element.body
    fragment = parse_xml(f"<w:body {NS}>{body_xml}</w:body>")
    sect = body[-1]
    for el in list(fragment):
        sect.addprevious(el)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def p(text: str, *, bold: bool = False, style: str | None = None) -> str:
    """One paragraph of one run."""
    ppr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    rpr = "<w:rPr><w:b/></w:rPr>" if bold else ""
    return f'<w:p>{ppr}<w:r>{rpr}<w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def tc(*paras: str, extra: str = "") -> str:
    """A table cell holding the given paragraph XML (an empty paragraph when none)."""
    return f"<w:tc><w:tcPr>{extra}</w:tcPr>{''.join(paras) or '<w:p/>'}</w:tc>"


def tbl(*rows: str) -> str:
    return f"<w:tbl><w:tblPr/>{''.join(rows)}</w:tbl><w:p/>"


def tr(*cells: str, props: str = "") -> str:
    return f"<w:tr>{props}{''.join(cells)}</w:tr>"


def sdt(content: str, *, alias: str | None = None, tag: str | None = None, placeholder: bool = False) -> str:
    """A content control around ``content`` (runs for run level, paragraphs for block level)."""
    pr = ""
    if alias:
        pr += f'<w:alias w:val="{alias}"/>'
    if tag:
        pr += f'<w:tag w:val="{tag}"/>'
    pr += '<w:id w:val="12345"/>'
    if placeholder:
        pr += "<w:showingPlcHdr/>"
    return f"<w:sdt><w:sdtPr>{pr}</w:sdtPr><w:sdtContent>{content}</w:sdtContent></w:sdt>"


def run(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def formtext(result: str, *, name: str = "Text1", default: str | None = None) -> str:
    """A legacy FORMTEXT field (runs): begin with ffData, the field code, separate, result, end."""
    dflt = f'<w:default w:val="{default}"/>' if default is not None else ""
    return (
        f'<w:bookmarkStart w:id="7" w:name="{name}"/>'
        f'<w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:name w:val="{name}"/><w:enabled/>'
        f"<w:textInput>{dflt}</w:textInput></w:ffData></w:fldChar></w:r>"
        '<w:r><w:instrText xml:space="preserve"> FORMTEXT </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        f'<w:r><w:t xml:space="preserve">{result}</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r><w:bookmarkEnd w:id="7"/>'
    )


def retype(data: bytes, content_type: str) -> bytes:
    """The same package with the main part's content type changed (to make .docm/.dotx files)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            blob = src.read(info.filename)
            if info.filename == "[Content_Types].xml":
                blob = blob.replace(
                    b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
                    content_type.encode(),
                )
            dst.writestr(info.filename, blob)
    return out.getvalue()
