"""Generate the hostile-input corpus: one email per class of attack, written to a folder at test time.

Each class is built from the issue's description of a measured failure or from the specification of
the format it abuses (RFC 5322/2045/2047/2231, ECMA-376, OpenDocument, ISO 32000, MS-OXTNEF, RTF 1.9),
never from a particular file and never from the parsers. Where the hostile part rides on a valid
submission, the carrier is the default form, so "nothing lost" can be checked: the answers must come
through.

Run ``python -m tests.hostile.make_cases OUTDIR [NAME...]`` to write ``OUTDIR/<name>.eml`` files.
"""

from __future__ import annotations

import io
import os
import random
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from tests.hostile import builders as b


class Expect(StrEnum):
    """What a class must come to.

    FORM: the carrier's answers are read (name and organisation), the hostile part notwithstanding.
    DOC: the attached form is read, or the attachment is reported as unreadable (problem "attachment"),
      or the message is refused with a reason.
    REFUSED: the message is refused with a reason (ParseError), or the attachment reported unreadable.
    CLEAR: any clear outcome: an extraction, or a refusal with a reason; never another exception.
    """

    FORM = "form"
    DOC = "doc"
    REFUSED = "refused"
    CLEAR = "clear"


@dataclass(frozen=True)
class Case:
    """One hostile class: ``build`` returns the raw email; ``about`` says what it abuses."""

    name: str
    about: str
    expect: Expect
    build: Callable[[], bytes]


MiB = 1 << 20
_CASES: list[Case] = []


def case(name: str, expect: Expect, about: str) -> Callable[[Callable[[], bytes]], Callable[[], bytes]]:
    def register(fn: Callable[[], bytes]) -> Callable[[], bytes]:
        _CASES.append(Case(name, about, expect, fn))
        return fn
    return register


def _rng() -> random.Random:
    return random.Random(13)


def _word_chunk(size: int, rng: random.Random, *, vocabulary: int = 4000, odt: bool = False) -> bytes:
    """About ``size`` bytes of paragraphs of random words: with the default vocabulary the text deflates
    about 2:1 (a low-compression part); with a small one and styled runs about 11:1, so that a package
    under the attachment limit expands towards the zip total."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    words = ["".join(rng.choice(letters) for _ in range(rng.randint(3, 9))) for _ in range(vocabulary)]
    if odt:
        open_ = '<text:p text:style-name="P1"><text:span text:style-name="T1">'
        close = "</text:span></text:p>"
    elif vocabulary < 1000:
        open_ = ('<w:p><w:pPr><w:pStyle w:val="BodyText"/><w:spacing w:after="120"/></w:pPr><w:r><w:rPr>'
                 '<w:rFonts w:ascii="Arial"/><w:sz w:val="22"/></w:rPr><w:t xml:space="preserve">')
        close = "</w:t></w:r></w:p>"
    else:
        open_, close = '<w:p><w:r><w:t xml:space="preserve">', "</w:t></w:r></w:p>"
    out = io.StringIO()
    while out.tell() < size:
        out.write(open_ + " ".join(rng.choice(words) for _ in range(12)) + close)
    return out.getvalue().encode()


def _repeat(chunk: bytes, total: int) -> Iterator[bytes]:
    for _ in range(max(1, total // len(chunk))):
        yield chunk


def _docx_mail(data: bytes, name: str = "form.docx") -> bytes:
    return b.with_attachment(name, b.DOCX_TYPE, data)


def _odt_mail(data: bytes, name: str = "form.odt") -> bytes:
    return b.with_attachment(name, b.ODT_TYPE, data)


def _pdf_mail(data: bytes, name: str = "form.pdf") -> bytes:
    return b.with_attachment(name, "application/pdf", data)


# --- the classes the issue measured ---------------------------------------------------------------

@case("docx_95mb_low_compression", Expect.REFUSED, "95 MB .docx, document.xml stored (ratio 1)")
def _docx_95mb() -> bytes:
    body = [b.form_paras().encode(), *_repeat(_word_chunk(MiB, _rng()), 95 * MiB)]
    return _docx_mail(b.docx(body, stored=True))


@case("docx_deflated_90mb_under_limits", Expect.DOC,
      "a .docx under the attachment limit whose document.xml deflates 90 MB of paragraphs")
def _docx_90mb() -> bytes:
    body = [b.form_paras().encode(), *_repeat(_word_chunk(MiB, _rng(), vocabulary=64), 90 * MiB)]
    return _docx_mail(b.docx(body))


@case("odt_60mb", Expect.REFUSED, "60 MB .odt, content.xml stored")
def _odt_60mb() -> bytes:
    chunk = _word_chunk(MiB, _rng(), odt=True)
    return _odt_mail(b.odt([b.form_odt_paras().encode(), *_repeat(chunk, 60 * MiB)], stored=True))


@case("odt_deflated_under_limits", Expect.DOC, "an .odt under the attachment limit, content.xml ~80 MB")
def _odt_big() -> bytes:
    chunk = _word_chunk(MiB, _rng(), vocabulary=64, odt=True)
    return _odt_mail(b.odt([b.form_odt_paras().encode(), *_repeat(chunk, 80 * MiB)]))


@case("docx_small_parts", Expect.DOC,
      "document.xml of millions of tiny runs (two letters each), within the ratio and size caps")
def _docx_small_parts() -> bytes:
    rng = _rng()
    letters = "abcdefghijklmnopqrstuvwxyz"
    runs = "".join(f"<w:r><w:t>{rng.choice(letters)}{rng.choice(letters)}</w:t></w:r>"
                   for _ in range(40000))
    chunk = f"<w:p>{runs}</w:p>".encode()
    return _docx_mail(b.docx([b.form_paras().encode(), *_repeat(chunk, 60 * MiB)]))


@case("pdf_200_pages_of_operators", Expect.DOC,
      "200 pages, each a content stream of 60,000 graphics operators (q/cm/Q, m/l/S)")
def _pdf_operators() -> bytes:
    noise = b"q 1 0 0 1 0 0 cm Q 1 1 m 2 2 l S\n" * 30000
    pages = [b.pdf_text_ops(b.form_lines()) + noise] + [noise] * 199
    return _pdf_mail(b.pdf_pages(pages))


@case("winmail_400k_unknown_attributes", Expect.DOC,
      "winmail.dat with 400,000 message attributes of unknown ID before the attached form")
def _winmail_attrs() -> bytes:
    filler = (b.tnef_attr(b.LVL_MESSAGE, b.ATP_BYTE, 0x7000 + (i & 0xFF), b"") for i in range(400000))
    data = b.tnef([("form.docx", b.docx(b.form_paras()))], filler=filler)
    return b.with_attachment("winmail.dat", "application/ms-tnef", data)


@case("html_bold_200kb", Expect.FORM, "HTML body: the form, then 200 KB of unclosed <b> marks")
def _html_bold() -> bytes:
    form = "".join(f"<p>{line}</p>" for line in b.form_lines())
    return b.html_message(f"<html><body>{form}{'<b>' * 68000}x</body></html>")


@case("html_bold_pairs_200kb", Expect.FORM, "HTML body: the form, then 200 KB of empty <b></b> pairs")
def _html_bold_pairs() -> bytes:
    form = "".join(f"<p>{line}</p>" for line in b.form_lines())
    return b.html_message(f"<html><body>{form}{'<b></b>' * 29000}</body></html>")


@case("email_answer_a_at_50000", Expect.FORM, 'the email answer is "a@" x 50,000')
def _email_a_at() -> bytes:
    lines = b.form_lines()
    lines[2] = "Email address: " + "a@" * 50000
    return b.text_message("Hello,\n\n" + "\n".join(lines) + "\n")


@case("content_controls_nested_16", Expect.DOC, "the form inside content controls (w:sdt) nested 16 deep")
def _sdt_16() -> bytes:
    inner = b.form_paras()
    for _ in range(16):
        inner = f"<w:sdt><w:sdtPr/><w:sdtContent>{inner}{b.w_para('')}</w:sdtContent></w:sdt>"
    return _docx_mail(b.docx(inner))


@case("content_controls_inline_nested_16", Expect.DOC,
      "run-level content controls nested 16 deep inside each line of the form, in table cells")
def _sdt_inline() -> bytes:
    def cell(text: str) -> str:
        inner = f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'
        for _ in range(16):
            inner = f"<w:sdt><w:sdtPr/><w:sdtContent>{inner}<w:r><w:t> </w:t></w:r></w:sdtContent></w:sdt>"
        return f"<w:tc><w:p>{inner}</w:p></w:tc>"
    from tests.fixtures.forms import FORM
    rows = "".join(f"<w:tr>{cell(label)}{cell(value)}</w:tr>" for label, value in FORM.values())
    grid = "<w:tblPr/><w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid>"
    return _docx_mail(b.docx(f"<w:tbl>{grid}{rows}</w:tbl>"))


@case("content_controls_nested_40", Expect.DOC, "content controls nested 40 deep (beyond the measured 16)")
def _sdt_40() -> bytes:
    inner = b.form_paras()
    for _ in range(40):
        inner = f"<w:sdt><w:sdtPr/><w:sdtContent>{inner}</w:sdtContent></w:sdt>"
    return _docx_mail(b.docx(inner))


@case("rfc5322_groups_nested_deep", Expect.FORM, "To: groups opened 20,000 deep (RFC 5322 §3.4 group syntax)")
def _groups() -> bytes:
    to = "".join(f"g{i}: " for i in range(20000)) + "a@example.org" + ";" * 20000
    return b.text_message(b.form_text(), f"Cc: {to}")


@case("header_1mb_encoded_words", Expect.FORM, "a 1 MB Subject of RFC 2047 encoded words")
def _encoded_words() -> bytes:
    words = "\n ".join("=?utf-8?q?Case_study_=C3=A9?=" for _ in range(36000))
    return b.text_message(b.form_text(), subject=words)


@case("content_type_330k_parameters", Expect.CLEAR, "Content-Type with 330,000 parameters")
def _ct_params() -> bytes:
    params = ";\n ".join(f"p{i}=v" for i in range(330000))
    return b.text_message(b.form_text(), content_type=f'text/plain; charset="utf-8";\n {params}')


def _small_tables(n: int) -> bytes:
    """The form table, then ``n`` one-cell tables of a random word each (so that the part deflates
    well under the ratio cap, as a real document's would)."""
    rng = _rng()
    tables = "".join(f"<w:tbl><w:tblPr/><w:tblGrid><w:gridCol/></w:tblGrid><w:tr><w:tc>"
                     f"{b.w_para(_token(rng))}</w:tc></w:tr></w:tbl>" for _ in range(n))
    return _docx_mail(b.docx(b.form_table() + tables))


def _token(rng: random.Random, n: int = 8) -> str:
    """A random run of ``n`` lower-case letters (also a valid XML name)."""
    return "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(n))


@case("docx_60000_small_tables", Expect.DOC, "the form table, then 60,000 one-cell tables")
def _tables() -> bytes:
    return _small_tables(60000)


@case("docx_20000_small_tables", Expect.DOC, "the form table, then 20,000 one-cell tables (a smaller part)")
def _tables_20k() -> bytes:
    return _small_tables(20000)


@case("drawing_250k_empty_children", Expect.DOC, "one w:drawing with 250,000 empty child elements")
def _drawing() -> bytes:
    rng = _rng()
    kids = "".join(f"<a:{_token(rng, 4)}/>" for _ in range(250000))
    drawing = f"<w:p><w:r><w:drawing><wp:inline><a:graphic><a:graphicData>{kids}" \
              "</a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>"
    return _docx_mail(b.docx(b.form_paras() + drawing))


def _many_parts(n: int) -> Iterator[bytes]:
    part = b"Content-Type: text/plain\n\nx"
    for _ in range(n):
        yield part


@case("mime_parts_rfc2231_boundary", Expect.REFUSED,
      "300,000 parts whose boundary is given as RFC 2231 continuations boundary*0=, boundary*1=")
def _rfc2231_boundary() -> bytes:
    return b.multipart(_many_parts(300000), boundary="hostile-parts",
                       ctype_params='boundary*0="hostile-"; boundary*1="parts"')


@case("mime_boundary_after_4mib", Expect.REFUSED,
      "300,000 parts, the Content-Type (and its boundary) declared after 4.5 MiB of header")
def _late_boundary() -> bytes:
    pad = "X-Padding: " + "\n ".join("p" * 70 for _ in range(66000))
    return b.multipart(_many_parts(300000), extra=(pad,))


@case("from_5000_nested_comments", Expect.FORM, "From: with 5,000 nested RFC 5322 comments")
def _nested_comments() -> bytes:
    sender = "Jane Okafor " + "(" * 5000 + "c" + ")" * 5000 + " <jane.okafor@northbridge.example.org>"
    return b.text_message(b.form_text(), sender=sender)


@case("quoted_from_5000_nested_comments", Expect.FORM,
      "a quoted reply header (From:) in the body with 5,000 nested comments")
def _quoted_comments() -> bytes:
    quoted = "From: Casestudies " + "(" * 5000 + ")" * 5000 + " <casestudies@example.org>"
    body = (b.form_text() + "\n-----Original Message-----\n" + quoted
            + "\nSent: Monday\nSubject: Form\n\nold\n")
    return b.text_message(body)


# --- more classes from the formats' specifications --------------------------------------------------

@case("html_deep_div_nesting", Expect.FORM, "HTML: the form, then <div> nested 100,000 deep")
def _html_deep() -> bytes:
    form = "".join(f"<p>{line}</p>" for line in b.form_lines())
    return b.html_message(f"<html><body>{form}{'<div>' * 100000}x{'</div>' * 100000}</body></html>")


@case("html_form_after_deep_nesting", Expect.FORM, "HTML: <span> nested 20,000 deep, then the form (the "
      "HTML parser stops at 256 levels, and what followed was lost without a word)")
def _html_form_after_deep() -> bytes:
    form = "".join(f"<p>{line}</p>" for line in b.form_lines())
    return b.html_message(f"<html><body>{'<span>' * 20000}x{'</span>' * 20000}{form}</body></html>")


@case("html_huge_attribute", Expect.FORM, "HTML: the form, then one 5 MB attribute value")
def _html_attr() -> bytes:
    form = "".join(f"<p>{line}</p>" for line in b.form_lines())
    return b.html_message(f'<html><body>{form}<a href="{"h" * (5 * MiB)}">x</a></body></html>')


@case("html_100k_table_cells", Expect.FORM, "HTML: the form, then a table of 100,000 cells")
def _html_cells() -> bytes:
    form = "".join(f"<p>{line}</p>" for line in b.form_lines())
    cells = "<tr>" + "<td>c</td>" * 100 + "</tr>"
    return b.html_message(f"<html><body>{form}<table>{cells * 1000}</table></body></html>")


@case("html_300k_table_cells", Expect.FORM, "HTML: the form, then a data table of 300,000 cells (3 MB)")
def _html_cells_300k() -> bytes:
    form = "".join(f"<p>{line}</p>" for line in b.form_lines())
    cells = "<tr>" + "<td>c</td>" * 100 + "</tr>"
    return b.html_message(f"<html><body>{form}<table>{cells * 3000}</table></body></html>")


@case("text_huge_single_line", Expect.FORM, "text body: the form, then one 10 MB line (RFC 5322 says 998)")
def _huge_line() -> bytes:
    return b.text_message(b.form_text() + "x" * (10 * MiB) + "\n")


@case("text_50000_delimiter_lines", Expect.FORM, "text body: the form, then 50,000 \"--\" lines and a word "
      "(every one a signature delimiter the reader weighs against the others)")
def _delimiter_lines() -> bytes:
    return b.text_message(b.form_text() + "--\n" * 50_000 + "end\n")


@case("text_dash_line_100000", Expect.FORM, "text body: the form, then one line of 100,000 dashes and "
      "one of 100,000 dashes with a banner's words in the middle (each split of a dash run tried by a "
      "banner pattern made it quadratic: 8,000 dashes took 17 s)")
def _dash_line() -> bytes:
    dashes = "-" * 100_000
    return b.text_message(b.form_text() + dashes + "\n" + dashes[:50_000] + " Original Message "
                          + dashes[:50_000] + "x\nend\n")


@case("text_from_line_240000", Expect.FORM, "text body: the form, then one line of 40,000 \"From: \" (each a "
      "place a header block run onto a line may start; searching the rest of the line from each was "
      "quadratic: 60,000 characters took 7.6 s)")
def _from_line() -> bytes:
    return b.text_message(b.form_text() + "From: " * 40_000 + "\nend\n")


@case("text_4000_banner_lines", Expect.FORM, "text body: the form, then 4,000 \"-------- Original Message "
      "--------\" lines (each a forward inside the one before: the body reader read each level again, "
      "nesting 8,000 calls, and stopped with RecursionError)")
def _banner_lines() -> bytes:
    return b.text_message(b.form_text() + "-------- Original Message --------\n" * 4000 + "end\n")


@case("docx_billion_laughs", Expect.DOC, "document.xml declaring nested entities (billion laughs)")
def _docx_laughs() -> bytes:
    ents = '<!ENTITY l0 "ha">' + "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    prolog = f'<?xml version="1.0"?>\n<!DOCTYPE w:document [{ents}]>\n'
    return _docx_mail(b.docx(b.form_paras() + "<w:p><w:r><w:t>&l9;</w:t></w:r></w:p>", prolog=prolog))


@case("odt_billion_laughs", Expect.DOC, "content.xml declaring nested entities (billion laughs)")
def _odt_laughs() -> bytes:
    ents = '<!ENTITY l0 "ha">' + "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    prolog = f'<?xml version="1.0"?>\n<!DOCTYPE office:document-content [{ents}]>\n'
    return _odt_mail(b.odt(b.form_odt_paras() + "<text:p>&l9;</text:p>", prolog=prolog))


@case("docx_external_entity", Expect.DOC, "document.xml with an external entity naming /etc/passwd (XXE)")
def _docx_xxe() -> bytes:
    prolog = '<?xml version="1.0"?>\n<!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
    return _docx_mail(b.docx(b.form_paras() + "<w:p><w:r><w:t>&x;</w:t></w:r></w:p>", prolog=prolog))


@case("docx_zip_path_traversal", Expect.DOC, "a .docx with entries named ../../.. and /absolute paths")
def _traversal() -> bytes:
    evil = [("../../../../tmp/hostile-traversal.txt", [b"owned"]), ("/etc/hostile-abs.txt", [b"owned"]),
            ("word/../../escape.xml", [b"<x/>"])]
    return _docx_mail(b.docx(b.form_paras(), parts=evil))


@case("docx_5000_entries", Expect.DOC, "a .docx of 5,000 zip entries (over max_zip_entries)")
def _entries() -> bytes:
    parts = [(f"customXml/item{i}.xml", [b"<x/>"]) for i in range(5000)]
    return _docx_mail(b.docx(b.form_paras(), parts=parts))


@case("docx_many_header_parts", Expect.DOC, "1,500 sections each with its own 27 KB header part")
def _header_parts() -> bytes:
    header = (f'<w:hdr xmlns:w="{b.W}">' + b.w_para("h" * 40) * 300 + "</w:hdr>").encode()
    rels = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships '
            'xmlns="http://schemas.openxmlformats.org/package/2006/relationships">']
    secs, parts, overrides = [], [], []
    for i in range(1500):
        rels.append(f'<Relationship Id="rH{i}" Type="{b.R}/header" Target="header{i}.xml"/>')
        secs.append(f'<w:p><w:pPr><w:sectPr><w:headerReference w:type="default" r:id="rH{i}"/>'
                    '</w:sectPr></w:pPr></w:p>')
        parts.append((f"word/header{i}.xml", [header]))
        overrides.append(f'<Override PartName="/word/header{i}.xml" ContentType="application/'
                         'vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>')
    rels.append("</Relationships>")
    return _docx_mail(b.docx(b.form_paras() + "".join(secs), parts=parts,
                             doc_rels="".join(rels).encode(), overrides="".join(overrides).encode()))


def _encrypted_docx() -> bytes:
    from msoffcrypto.format.ooxml import OOXMLFile

    out = io.BytesIO()
    OOXMLFile(io.BytesIO(b.docx(b.form_paras()))).encrypt("secret", out)
    return out.getvalue()


@case("docx_encrypted", Expect.DOC, "a password-protected .docx (ECMA-376 agile encryption in OLE)")
def _docx_enc() -> bytes:
    return _docx_mail(_encrypted_docx())


@case("pdf_encrypted", Expect.DOC, "a PDF encrypted with a user password (ISO 32000 §7.6)")
def _pdf_enc() -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(b.pdf_pages([b.pdf_text_ops(b.form_lines())]))).pages:
        writer.add_page(page)
    writer.encrypt("secret", algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    return _pdf_mail(out.getvalue())


@case("docx_truncated", Expect.DOC, "a .docx cut in the middle (no central directory)")
def _truncated() -> bytes:
    data = b.docx(b.form_paras() + b.w_para("y" * 20000))
    return _docx_mail(data[: len(data) // 2])


@case("bad_charset_names", Expect.FORM, "charset names that name nothing, in the body and an encoded word")
def _charsets() -> bytes:
    return b.text_message(b.form_text(), content_type='text/plain; charset="x-\u00ffunknown-8"',
                          subject="=?no-such-charset?q?Case_study?= =?utf-7?b?K//+-?=")


@case("base64_garbage", Expect.CLEAR, "a base64 body of characters outside the alphabet, odd padding")
def _b64() -> bytes:
    return b.text_message("!!!@@@###" * 20000 + "====\n" + "QUJD" * 10 + "=A=\n", cte="base64")


@case("qp_soft_break_storm", Expect.FORM, "quoted-printable: the form, then 2 MB of soft line breaks")
def _qp() -> bytes:
    return b.text_message(b.form_text() + "=\n" * MiB, cte="quoted-printable")


@case("many_docx_attachments", Expect.DOC, "150 .docx attachments (under max_mime_parts), one the form")
def _many_attach() -> bytes:
    blank = b.docx(b.w_para("Attachment"))
    parts = [b.text_part(b.NOTE), b.attachment_part("form.docx", b.DOCX_TYPE, b.docx(b.form_paras()))]
    parts += [b.attachment_part(f"extra{i}.docx", b.DOCX_TYPE, blank) for i in range(149)]
    return b.multipart(parts)


@case("mime_50000_parts", Expect.REFUSED, "50,000 parts with an ordinary boundary (over max_mime_parts)")
def _parts() -> bytes:
    return b.multipart(_many_parts(50000))


@case("tnef_recursion", Expect.DOC, "winmail.dat whose attachment is a winmail.dat, 40 deep, the form inside")
def _tnef_deep() -> bytes:
    data = b.tnef([("form.docx", b.docx(b.form_paras()))])
    for _ in range(40):
        data = b.tnef([("winmail.dat", data)])
    return b.with_attachment("winmail.dat", "application/ms-tnef", data)


@case("tnef_nested_3", Expect.FORM, "the form in a winmail.dat inside a winmail.dat inside a winmail.dat")
def _tnef_3() -> bytes:
    data = b.tnef([("form.docx", b.docx(b.form_paras()))])
    for _ in range(2):
        data = b.tnef([("winmail.dat", data)])
    return b.with_attachment("winmail.dat", "application/ms-tnef", data)


@case("text_million_short_lines", Expect.FORM, "the form, then 1,000,000 lines of one character")
def _short_lines() -> bytes:
    return b.text_message(b.form_text() + "x\n" * 1000000)


@case("text_table_borders", Expect.FORM, "the form, then 5,000 lines of a plain-text grid table's border")
def _table_borders() -> bytes:
    return b.text_message(b.form_text() + "+--------+--------+\n" * 5000)


@case("from_groups_nested_deep", Expect.FORM, "From: groups opened 10,000 deep before the address")
def _from_groups() -> bytes:
    sender = "".join(f"g{i}: " for i in range(10000)) + "jane.okafor@northbridge.example.org" + ";" * 10000
    return b.text_message(b.form_text(), sender=sender)


@case("pdf_page_count_lies", Expect.DOC, "a PDF whose page tree declares 1 page and holds 50,000")
def _pdf_lies() -> bytes:
    data = b.pdf_pages([b.pdf_text_ops(b.form_lines())] + [b""] * 50000)
    # Same length, so that the cross-reference offsets stay right.
    return _pdf_mail(data.replace(b"/Count 50001 >>", b"/Count 1     >>", 1))


@case("rtf_deep_groups", Expect.DOC, "an .rtf attachment with groups nested 100,000 deep")
def _rtf_deep() -> bytes:
    form = "\\par ".join(b.form_lines())
    data = ("{\\rtf1\\ansi " + form + "\\par " + "{" * 100000 + "x" + "}" * 100000 + "}").encode()
    return b.with_attachment("form.rtf", "application/rtf", data)


@case("rtf_control_word_storm", Expect.DOC, "an .rtf attachment with 4 MB of control words after the form")
def _rtf_words() -> bytes:
    form = "\\par ".join(b.form_lines())
    data = ("{\\rtf1\\ansi " + form + "\\par " + "\\b\\i\\ul0\\u233?" * 300000 + "}").encode()
    return b.with_attachment("form.rtf", "application/rtf", data)


@case("pdf_xref_loop", Expect.DOC, "a PDF whose trailer /Prev names its own xref, pages tree in a cycle")
def _pdf_loop() -> bytes:
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [2 0 R 4 0 R] /Count 2 >>",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 5 0 R "
            b"/Resources << /Font << /F1 3 0 R >> >> >>",
            b.pdf_stream(b.pdf_text_ops(b.form_lines()))]
    return _pdf_mail(b.pdf(objs, prev_self=True))


@case("pdf_deep_arrays", Expect.DOC, "a PDF object of arrays nested 100,000 deep")
def _pdf_arrays() -> bytes:
    deep = b"<< /Deep " + b"[" * 100000 + b"]" * 100000 + b" >>"
    objs = [b"<< /Type /Catalog /Pages 2 0 R /Extra 6 0 R >>",
            b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 5 0 R "
            b"/Resources << /Font << /F1 3 0 R >> /X 6 0 R >> >>",
            b.pdf_stream(b.pdf_text_ops(b.form_lines())), deep]
    return _pdf_mail(b.pdf(objs))


@case("pdf_50000_pages", Expect.DOC, "a PDF of 50,000 empty pages after the form page")
def _pdf_pages() -> bytes:
    return _pdf_mail(b.pdf_pages([b.pdf_text_ops(b.form_lines())] + [b""] * 50000))


@case("nul_bytes", Expect.FORM, "NUL bytes in the headers and between the form's lines")
def _nul() -> bytes:
    body = "\x00\n".join(b.form_lines()) + "\n" + "\x00" * 100000
    return b.text_message(body, subject="Case\x00study")


@case("overlong_utf8", Expect.FORM, "overlong UTF-8, lone surrogates and 5-byte forms around the answers")
def _overlong() -> bytes:
    bad = b"\xc0\xaf\xe0\x80\xaf\xed\xa0\x80\xf8\x88\x80\x80\x80"
    body = b"Hello,\n\n" + b"\n".join(line.encode() + b" " + bad for line in b.form_lines()) + bad * 50000
    return b.text_message(body)


@case("bidi_controls_in_fields", Expect.FORM, "bidi overrides and zero-width characters in every answer")
def _bidi() -> bytes:
    lines = [f"{label}: \u202e\u200b{value}\u202c\u2066" for label, value in
             (line.split(": ", 1) for line in b.form_lines())]
    return b.text_message("Hello,\n\n" + "\n".join(lines) + "\n", subject="\u202eCase study\u202c")


def _nest_rfc822(depth: int) -> bytes:
    inner = b.text_message(b.form_text())
    for i in range(depth):
        inner = (b.headers("MIME-Version: 1.0", "Content-Type: message/rfc822", message_id=f"<n{i}@x>")
                 + b"\n" + inner)
    return inner


@case("rfc822_nesting_2000", Expect.CLEAR, "message/rfc822 nested 2,000 deep (forwards of forwards)")
def _rfc822() -> bytes:
    return _nest_rfc822(2000)


@case("multipart_nesting_5000", Expect.CLEAR, "multipart/mixed nested 5,000 deep")
def _multipart_deep() -> bytes:
    head = b.headers("MIME-Version: 1.0", 'Content-Type: multipart/mixed; boundary="b0"')
    out = io.BytesIO()
    out.write(head + b"\n")
    for i in range(5000):
        out.write(f'--b{i}\nContent-Type: multipart/mixed; boundary="b{i + 1}"\n\n'.encode())
    out.write(b"--b5000\n" + b.text_part(b.form_text()))
    for i in range(5000, -1, -1):
        out.write(f"\n--b{i}--\n".encode())
    return out.getvalue()


@case("header_200k_lines", Expect.FORM, "200,000 header fields before the body")
def _many_headers() -> bytes:
    return b.text_message(b.form_text(), *[f"X-H{i}: v" for i in range(200000)])


@case("subject_5mb_unfolded", Expect.FORM, "one unfolded 5 MB Subject line")
def _subject() -> bytes:
    return b.text_message(b.form_text(), subject="S" * (5 * MiB))


@case("filename_rfc2231_100k_segments", Expect.DOC,
      "the attachment's filename in 100,000 RFC 2231 continuation segments")
def _filename() -> bytes:
    segs = ";\n ".join(f"filename*{i}*=utf-8''f" if i == 0 else f"filename*{i}*=f" for i in range(100000))
    return b.with_attachment("form.docx", b.DOCX_TYPE, b.docx(b.form_paras()),
                             disposition=f"attachment;\n {segs}")


@case("form_label_storm", Expect.CLEAR, "100,000 lines that are each a form label with no answer")
def _labels() -> bytes:
    labels = [line.split(": ", 1)[0] + ":" for line in b.form_lines()]
    return b.text_message("\n".join(labels[i % len(labels)] for i in range(100000)) + "\n")


@case("answer_one_huge_word", Expect.FORM, "the summary answer is one 1 MB word without spaces")
def _huge_word() -> bytes:
    lines = b.form_lines()
    lines[5] = lines[5] + " " + "w" * MiB
    return b.text_message("Hello,\n\n" + "\n".join(lines) + "\n")


@case("bare_cr_storm", Expect.FORM, "the form, then 2 MB of bare CR characters")
def _cr() -> bytes:
    return b.text_message(b.form_text() + "\r" * (2 * MiB))


@case("doc_ole_garbage", Expect.DOC, "a .doc that is an OLE2 signature then 2 MB of garbage")
def _doc_garbage() -> bytes:
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + os.urandom(0) + random.Random(7).randbytes(2 * MiB)
    return b.with_attachment("form.doc", "application/msword", data)


@case("to_100k_addresses", Expect.FORM, "a To: header of 100,000 addresses")
def _to() -> bytes:
    to = ",\n ".join(f"a{i}@example.org" for i in range(100000))
    return b.text_message(b.form_text(), f"Cc: {to}")


@case("references_100k_ids", Expect.FORM, "References: and In-Reply-To: with 100,000 message IDs")
def _refs() -> bytes:
    ids = "\n ".join(f"<r{i}@example.org>" for i in range(100000))
    return b.text_message(b.form_text(), f"References: {ids}", f"In-Reply-To: {ids}")


@case("docx_nested_tables_200", Expect.DOC, "the form inside tables nested 200 deep")
def _nested_tables() -> bytes:
    inner = b.form_table()
    for _ in range(200):
        inner = f"<w:tbl><w:tblPr/><w:tblGrid><w:gridCol/></w:tblGrid><w:tr><w:tc>{inner}" \
                f"{b.w_para('')}</w:tc></w:tr></w:tbl>"
    return _docx_mail(b.docx(inner))


@case("odt_deep_span_nesting", Expect.DOC, "content.xml with text:span nested 50,000 deep after the form")
def _odt_spans() -> bytes:
    rng = _rng()
    spans = ("<text:p>" + "".join(f'<text:span text:style-name="{_token(rng, 6)}">' for _ in range(50000))
             + "x" + "</text:span>" * 50000 + "</text:p>")
    return _odt_mail(b.odt(b.form_odt_paras() + spans))


@case("docx_run_per_character", Expect.DOC, "the form with every character its own run, then 120,000 runs")
def _runs() -> bytes:
    def para(text: str) -> str:
        return "<w:p>" + "".join(f"<w:r><w:t xml:space=\"preserve\">{c}</w:t></w:r>" for c in text) + "</w:p>"
    body = "".join(para(line) for line in b.form_lines())
    rng = _rng()
    body += "<w:p>" + "".join(f"<w:r><w:t>{_token(rng, 2)}</w:t></w:r>" for _ in range(120000)) + "</w:p>"
    return _docx_mail(b.docx(body))


CASES: tuple[Case, ...] = tuple(_CASES)


def write_cases(outdir: Path, names: list[str] | None = None) -> dict[str, Path]:
    """Write ``<name>.eml`` for each class (all when ``names`` is None) and return the paths by name."""
    outdir.mkdir(parents=True, exist_ok=True)
    paths: dict[str, Path] = {}
    for c in CASES:
        if names and c.name not in names:
            continue
        path = outdir / f"{c.name}.eml"
        path.write_bytes(c.build())
        paths[c.name] = path
    return paths


def main(argv: list[str]) -> int:
    if not argv:
        print("usage: python -m tests.hostile.make_cases OUTDIR [NAME...]", file=sys.stderr)
        return 2
    for name, path in write_cases(Path(argv[0]), argv[1:] or None).items():
        print(f"{name}\t{path.stat().st_size}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
