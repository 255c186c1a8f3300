"""parsers.mail.mime: headers, bodies, charsets, flowed text, attachments and the MIME caps."""

from __future__ import annotations

import base64
import quopri
from email.message import EmailMessage

import pytest

from parsers.errors import ParseError
from parsers.mail.mime import as_bytes, message_from_bytes, parse_message, unflow
from parsers.schema import Limits
from tests.parsers.forms import raw_message


def test_decodes_encoded_subject_and_sender_name() -> None:
    raw = raw_message("""
From: =?utf-8?q?Ciar=C3=A1n_Doherty?= <ciaran@example.gov.uk>
Subject: =?utf-8?q?Submission=E2=80=94case_study?=
Message-ID: <abc@example.gov.uk>
In-Reply-To: <call-1@example.org>
References: <call-0@example.org> <call-1@example.org>
Content-Type: text/plain; charset=utf-8
""", b"hello")
    msg = parse_message(raw)
    assert msg.subject == "Submission\u2014case study"
    assert (msg.from_name, msg.from_addr) == ("Ciar\u00e1n Doherty", "ciaran@example.gov.uk")
    assert msg.message_id == "<abc@example.gov.uk>"
    assert msg.in_reply_to == "<call-1@example.org>"
    assert msg.references == ["<call-0@example.org>", "<call-1@example.org>"]


def test_reads_quoted_printable_body_with_soft_breaks() -> None:
    body = quopri.encodestring("Your name: Zo\u00eb Lindqvist \u2013 long line ".encode() * 5)
    raw = raw_message("""
From: a@example.org
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: quoted-printable
""", body)
    assert parse_message(raw).text_body == "Your name: Zo\u00eb Lindqvist \u2013 long line " * 5


def test_reads_base64_body() -> None:
    raw = raw_message("""
From: a@example.org
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: base64
""", base64.encodebytes("Summary: \u00a3210,000 raised".encode()))
    assert parse_message(raw).text_body.strip() == "Summary: \u00a3210,000 raised"


def test_reads_windows_1252_mislabelled_as_iso_8859_1() -> None:
    raw = raw_message("""
From: a@example.org
Content-Type: text/plain; charset=iso-8859-1
Content-Transfer-Encoding: 8bit
""", "children\u2019s centres \u2013 \u201cwarm\u201d".encode("cp1252"))
    assert parse_message(raw).text_body == "children\u2019s centres \u2013 \u201cwarm\u201d"


def test_reads_undeclared_8bit_as_utf8_then_windows_1252() -> None:
    head = "From: a@example.org\nSubject: x"
    assert parse_message(raw_message(head, "caf\u00e9".encode())).text_body == "caf\u00e9"
    assert parse_message(raw_message(head, "caf\u00e9".encode("cp1252"))).text_body == "caf\u00e9"


def test_unflows_format_flowed_without_delsp() -> None:
    text = "Summary: libraries now operate as \nfamily hubs.\n-- \nJo"
    assert unflow(text) == "Summary: libraries now operate as family hubs.\n-- \nJo"


def test_unflows_format_flowed_with_delsp_joining_split_words() -> None:
    assert unflow("Warwick \nshire Libraries", delsp=True) == "Warwickshire Libraries"


def test_unflow_undoes_space_stuffing_and_keeps_quote_depth() -> None:
    assert unflow(" From the start\n> quoted \n> more\nnew") == "From the start\n> quoted more\nnew"


def test_flowed_body_is_unflowed_when_parsed() -> None:
    raw = raw_message("""
From: a@example.org
Content-Type: text/plain; charset=utf-8; format=flowed; delsp=yes
""", "Your name: Th\u00e9r\u00e8se Fra \nser\n".encode())
    assert parse_message(raw).text_body.strip() == "Your name: Th\u00e9r\u00e8se Fraser"


def test_keeps_text_and_html_renditions_and_attachments() -> None:
    msg = EmailMessage()
    msg["From"] = "a@example.org"
    msg.set_content("plain")
    msg.add_alternative("<p>html</p>", subtype="html")
    msg.add_attachment(b"%PDF-1.4 data", maintype="application", subtype="pdf", filename="form.pdf")
    parsed = parse_message(msg.as_bytes())
    assert parsed.text_body.strip() == "plain"
    assert "<p>html</p>" in (parsed.html_body or "")
    assert [(a.filename, a.content_type, a.data) for a in parsed.attachments] == [
        ("form.pdf", "application/pdf", b"%PDF-1.4 data")]


def test_parses_attached_message_rfc822_as_forwarded() -> None:
    inner = EmailMessage()
    inner["From"] = "Fiona <fiona@example.gov.uk>"
    inner["Subject"] = "My case study"
    inner.set_content("Your name: Fiona")
    outer = EmailMessage()
    outer["From"] = "helen@example.org"
    outer.set_content("Forwarding Fiona's submission.")
    outer.add_attachment(inner)
    parsed = parse_message(outer.as_bytes())
    assert len(parsed.forwarded) == 1
    assert parsed.forwarded[0].from_addr == "fiona@example.gov.uk"
    assert parsed.forwarded[0].text_body.strip() == "Your name: Fiona"


def test_marks_multipart_report_as_report() -> None:
    raw = raw_message("""
From: MAILER-DAEMON@example.org
Content-Type: multipart/report; report-type=delivery-status; boundary="b"
""", b"--b\r\nContent-Type: text/plain\r\n\r\nfailed\r\n--b--\r\n")
    assert parse_message(raw).is_report


def test_refuses_message_over_the_size_cap() -> None:
    with pytest.raises(ParseError, match="limit"):
        parse_message(b"From: a@example.org\r\n\r\n" + b"x" * 2000, Limits(max_message_bytes=1000))


def test_refuses_too_many_parts_before_walking() -> None:
    parts = b"--x\r\nContent-Type: text/plain\r\n\r\nhi\r\n" * 50_000
    raw = b'From: a@example.org\r\nContent-Type: multipart/mixed; boundary="x"\r\n\r\n' + parts + b"--x--\r\n"
    with pytest.raises(ParseError, match="MIME parts"):
        parse_message(raw)


def test_refuses_nesting_deeper_than_the_cap_without_recursion_error() -> None:
    level = b'Content-Type: multipart/mixed; boundary="b%d"\r\n\r\n--b%d\r\n'
    body = b"".join(level % (i, i) for i in range(30))
    raw = b"From: a@example.org\r\n" + body + b"Content-Type: text/plain\r\n\r\nhi\r\n"
    with pytest.raises(ParseError, match="deeper"):
        parse_message(raw, Limits(max_mime_depth=12))


def test_refuses_input_that_is_not_a_message() -> None:
    with pytest.raises(ParseError):
        parse_message(b"   \r\n  ")


@pytest.mark.parametrize("body", [
    b"line one\r\nline two\rline three\nno end",
    b"8-bit caf\xe9 and \xff\xfe bytes\r\n\r\n\r\n",
    b"",
])
def test_as_bytes_writes_what_the_stdlib_writes(body: bytes) -> None:
    # A forwarded message is kept as the stdlib renders it: preamble, epilogue, nested message,
    # every kind of line end and undecodable bytes included.
    inner = b"From: jo@example.org\r\nSubject: inner\r\n\r\n" + body
    raw = (b"From: a@example.org\r\nSubject: a very long subject " + b"word " * 30 + b"\r\n"
           b"Content-Type: multipart/mixed; boundary=XX\r\n\r\npreamble\r\n--XX\r\n"
           b"Content-Type: text/plain\r\n\r\n" + body + b"\r\n--XX\r\n"
           b"Content-Type: message/rfc822\r\n\r\n" + inner + b"\r\n--XX--\r\nepilogue\rend")
    msg = message_from_bytes(raw)
    assert as_bytes(msg) == msg.as_bytes()
