"""Byte-level builders for hostile inputs: raw RFC 5322 messages, minimal .docx/.odt packages (ECMA-376,
OpenDocument 1.2), hand-written PDF files (ISO 32000-1 §7.5) and TNEF streams (MS-OXTNEF).

They are written from the formats' specifications, not from the parsers, and write large parts as
streams so that building a 95 MB package costs the generator little memory.
"""

from __future__ import annotations

import base64
import io
import struct
import zlib
from collections.abc import Iterable, Iterator
from typing import Any
from xml.sax.saxutils import escape

from tests.fixtures.forms import FORM

SENDER = "Jane Okafor <jane.okafor@northbridge.example.org>"
NOTE = "Hello,\n\nPlease find my case study form attached.\n\nBest wishes,\nJane\n"


def form_lines() -> list[str]:
    """The default form as ``Label: value`` lines (the answers of tests.fixtures.forms)."""
    return [f"{label}: {value}" for label, value in FORM.values()]


def form_text() -> str:
    return "Hello,\n\n" + "\n".join(form_lines()) + "\n\nBest wishes,\nJane\n"


# --- mail ---------------------------------------------------------------------------------------------

def headers(*extra: str, sender: str = SENDER, subject: str = "Case study submission",
            message_id: str = "<hostile@test.example.org>") -> bytes:
    """Header lines (``extra`` come after the usual ones), each already folded by the caller."""
    lines = [f"From: {sender}", "To: casestudies@example.org", f"Subject: {subject}",
             "Date: Mon, 02 Mar 2026 10:00:00 +0000", f"Message-ID: {message_id}", *extra]
    return ("\n".join(lines) + "\n").encode("utf-8", "surrogateescape")


def text_message(body: bytes | str, *extra: str, content_type: str = 'text/plain; charset="utf-8"',
                 cte: str = "8bit", **kw: str) -> bytes:
    """A single-part message; ``extra`` are header lines added after the usual ones."""
    raw = body.encode("utf-8") if isinstance(body, str) else body
    head = headers("MIME-Version: 1.0", f"Content-Type: {content_type}",
                   f"Content-Transfer-Encoding: {cte}", *extra, **kw)
    return head + b"\n" + raw


def html_message(html: str, **kw: str) -> bytes:
    return text_message(html, content_type='text/html; charset="utf-8"', **kw)


def attachment_part(filename: str, ctype: str, data: bytes, *, disposition: str | None = None) -> bytes:
    disp = disposition or f'attachment; filename="{filename}"'
    return (f'Content-Type: {ctype}; name="{filename}"\nContent-Disposition: {disp}\n'
            "Content-Transfer-Encoding: base64\n\n").encode() + base64.encodebytes(data)


def multipart(parts: Iterable[bytes], *, boundary: str = "hostile-boundary-1", extra: tuple[str, ...] = (),
              subtype: str = "mixed", ctype_params: str | None = None, **kw: str) -> bytes:
    """A multipart message whose parts are given as raw bytes (headers, blank line, body)."""
    params = ctype_params if ctype_params is not None else f'boundary="{boundary}"'
    out = io.BytesIO()
    out.write(headers("MIME-Version: 1.0", *extra, f"Content-Type: multipart/{subtype}; {params}", **kw))
    out.write(b"\nThis is a multi-part message in MIME format.\n")
    sep = f"\n--{boundary}\n".encode()
    for part in parts:
        out.write(sep)
        out.write(part)
    out.write(f"\n--{boundary}--\n".encode())
    return out.getvalue()


def text_part(text: str) -> bytes:
    return b'Content-Type: text/plain; charset="utf-8"\nContent-Transfer-Encoding: 8bit\n\n' + text.encode()


def with_attachment(filename: str, ctype: str, data: bytes, *, note: str = NOTE,
                    disposition: str | None = None, **kw: Any) -> bytes:
    """A short note with ``data`` attached (base64)."""
    return multipart([text_part(note), attachment_part(filename, ctype, data, disposition=disposition)],
                     **kw)


# --- zip packages -------------------------------------------------------------------------------------

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
DOCX_NS = (f'xmlns:w="{W}" xmlns:r="{R}" '
           'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
           'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"')
DOCX_CT = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
           b'<Default Extension="rels" '
           b'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
           b'<Default Extension="xml" ContentType="application/xml"/>'
           b'<Override PartName="/word/document.xml" ContentType="application/'
           b'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>%s</Types>')
DOCX_RELS = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
             b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
             b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
             b'relationships/officeDocument" Target="word/document.xml"/></Relationships>')
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT_TYPE = "application/vnd.oasis.opendocument.text"


def w_para(text: str) -> str:
    return f'<w:p><w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'


def form_paras() -> str:
    return "".join(w_para(line) for line in form_lines())


def form_table() -> str:
    """The form as a two-column Word table (label | answer), the layout of the real form."""
    rows = "".join(f"<w:tr><w:tc>{w_para(label)}</w:tc><w:tc>{w_para(value)}</w:tc></w:tr>"
                   for label, value in FORM.values())
    return f"<w:tbl><w:tblPr/><w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid>{rows}</w:tbl>"


def _zip(entries: Iterable[tuple[str, Iterable[bytes]]], *, level: int = 6, stored: bool = False,
         stored_names: frozenset[str] | set[str] = frozenset()) -> bytes:
    """A zip of ``entries`` in order; ``stored_names`` are stored whatever ``stored`` says (an
    OpenDocument's ``mimetype`` comes first, uncompressed)."""
    import zipfile

    buf = io.BytesIO()
    method = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(buf, "w", method, compresslevel=None if stored else level) as z:
        for name, chunks in entries:
            info = zipfile.ZipInfo(name, date_time=(2026, 3, 2, 10, 0, 0))
            info.compress_type = zipfile.ZIP_STORED if name in stored_names else method
            with z.open(info, "w", force_zip64=True) as out:
                for chunk in chunks:
                    out.write(chunk)
    return buf.getvalue()


def docx(body: str | Iterable[bytes], *, prolog: str = "", stored: bool = False, level: int = 6,
         parts: Iterable[tuple[str, Iterable[bytes]]] = (), doc_rels: bytes | None = None,
         overrides: bytes = b"") -> bytes:
    """A minimal WordprocessingML package whose ``w:body`` holds ``body`` (markup or chunks of it)."""
    chunks: Iterable[bytes] = [body.encode()] if isinstance(body, str) else body

    def document() -> Iterator[bytes]:
        yield (prolog or '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n').encode()
        yield f"<w:document {DOCX_NS}><w:body>".encode()
        yield from chunks
        yield b"</w:body></w:document>"

    entries: list[tuple[str, Iterable[bytes]]] = [
        ("[Content_Types].xml", [DOCX_CT % overrides]), ("_rels/.rels", [DOCX_RELS]),
        ("word/document.xml", document())]
    if doc_rels is not None:
        entries.append(("word/_rels/document.xml.rels", [doc_rels]))
    entries.extend(parts)
    return _zip(entries, stored=stored, level=level)


ODT_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" office:version="1.2"')
ODT_MANIFEST = (b'<?xml version="1.0" encoding="UTF-8"?>\n<manifest:manifest '
                b'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                b'<manifest:file-entry manifest:full-path="/" manifest:media-type="'
                + ODT_TYPE.encode() + b'"/><manifest:file-entry manifest:full-path="content.xml" '
                b'manifest:media-type="text/xml"/></manifest:manifest>')


def o_para(text: str) -> str:
    return f"<text:p>{escape(text)}</text:p>"


def odt(body: str | Iterable[bytes], *, prolog: str = "", stored: bool = False, level: int = 6) -> bytes:
    """A minimal OpenDocument text package whose ``office:text`` holds ``body``."""
    chunks: Iterable[bytes] = [body.encode()] if isinstance(body, str) else body

    def content() -> Iterator[bytes]:
        yield (prolog or '<?xml version="1.0" encoding="UTF-8"?>\n').encode()
        yield f"<office:document-content {ODT_NS}><office:body><office:text>".encode()
        yield from chunks
        yield b"</office:text></office:body></office:document-content>"

    return _zip([("mimetype", [ODT_TYPE.encode()]), ("META-INF/manifest.xml", [ODT_MANIFEST]),
                 ("content.xml", content())], stored=stored, level=level, stored_names={"mimetype"})


def form_odt_paras() -> str:
    return "".join(o_para(line) for line in form_lines())


# --- PDF ----------------------------------------------------------------------------------------------

def pdf(objects: list[bytes], *, root: int = 1, trailer_extra: bytes = b"", xref: bool = True,
        prev_self: bool = False) -> bytes:
    """A PDF whose object ``i + 1`` is ``objects[i]``; with ``prev_self`` the trailer's /Prev names its
    own cross-reference section (a loop a reader must notice)."""
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % i + body + b"\nendobj\n")
    start = out.tell()
    if xref:
        out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
        for off in offsets:
            out.write(b"%010d 00000 n \n" % off)
    prev = b" /Prev %d" % start if prev_self else b""
    out.write(b"trailer\n<< /Size %d /Root %d 0 R%s%s >>\nstartxref\n%d\n%%%%EOF\n"
              % (len(objects) + 1, root, prev, trailer_extra, start))
    return out.getvalue()


def pdf_stream(data: bytes, *, compress: bool = True) -> bytes:
    if compress:
        data = zlib.compress(data, 9)
        return b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream"
    return b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def pdf_text_ops(lines: list[str]) -> bytes:
    ops = [b"BT /F1 11 Tf 14 TL 72 760 Td"]
    for line in lines:
        safe = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        ops.append(b"(" + safe.encode("latin-1", "replace") + b") Tj T*")
    ops.append(b"ET")
    return b"\n".join(ops) + b"\n"


def pdf_pages(contents: list[bytes], *, extra_objects: list[bytes] | None = None) -> bytes:
    """A PDF of one page per content stream, Helvetica as /F1. Objects: 1 catalog, 2 pages, 3 font,
    then page/content pairs."""
    n = len(contents)
    kids = b" ".join(b"%d 0 R" % (4 + 2 * i) for i in range(n))
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, n),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    for i, content in enumerate(contents):
        objs.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
                    b"/Resources << /Font << /F1 3 0 R >> >> >>" % (5 + 2 * i))
        objs.append(pdf_stream(content))
    objs.extend(extra_objects or [])
    return pdf(objs)


# --- TNEF (MS-OXTNEF §2.1.3) ---------------------------------------------------------------------------

TNEF_SIGNATURE = 0x223E9F78
LVL_MESSAGE, LVL_ATTACHMENT = 0x01, 0x02
ATP_BYTE, ATP_STRING, ATP_DWORD = 0x0006, 0x0001, 0x0008


def tnef_attr(level: int, atp: int, name: int, data: bytes) -> bytes:
    """One attribute: level, ID (type << 16 | name), length, data, checksum (sum of data bytes mod 2^16)."""
    return (struct.pack("<BII", level, (atp << 16) | name, len(data)) + data
            + struct.pack("<H", sum(data) & 0xFFFF))


def tnef(attachments: list[tuple[str, bytes]], *, filler: Iterable[bytes] = ()) -> bytes:
    """A TNEF stream: version, code page, the ``filler`` attributes, then each attachment."""
    out = io.BytesIO()
    out.write(struct.pack("<IH", TNEF_SIGNATURE, 0x0001))
    out.write(tnef_attr(LVL_MESSAGE, ATP_DWORD, 0x9006, struct.pack("<I", 0x00010000)))
    out.write(tnef_attr(LVL_MESSAGE, ATP_BYTE, 0x9007, struct.pack("<II", 1252, 0)))
    for chunk in filler:
        out.write(chunk)
    for title, data in attachments:
        out.write(tnef_attr(LVL_ATTACHMENT, ATP_BYTE, 0x9002, b"\x01\x00\x00\x00" + b"\xff" * 10))
        out.write(tnef_attr(LVL_ATTACHMENT, ATP_STRING, 0x8010, title.encode() + b"\x00"))
        out.write(tnef_attr(LVL_ATTACHMENT, ATP_BYTE, 0x800F, data))
    return out.getvalue()
