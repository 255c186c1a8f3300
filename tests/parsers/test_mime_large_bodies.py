"""Large bodies set aside before the stdlib parser (parsers/mail/mime.py) come back byte for byte,
whatever their transfer encoding, and parts that hold other parts are still parsed."""

from __future__ import annotations

import os
from email.message import EmailMessage

from parsers.mail.mime import parse_message
from parsers.schema import Limits

BIG = 600 * 1024


def _message() -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = "Ann Lee <ann@example.org>"
    msg["Subject"] = "Case study"
    msg["Message-ID"] = "<large@example.org>"
    return msg


def test_a_large_base64_attachment_is_read_byte_for_byte() -> None:
    payload = os.urandom(BIG)
    msg = _message()
    msg.set_content("Your name: Ann Lee\n")
    msg.add_attachment(payload, maintype="application", subtype="pdf", filename="report.pdf")
    parsed = parse_message(msg.as_bytes(), Limits())
    assert parsed.text_body is not None and parsed.text_body.startswith("Your name: Ann Lee")
    assert [(a.filename, a.data) for a in parsed.attachments] == [("report.pdf", payload)]


def test_a_large_quoted_printable_body_is_decoded() -> None:
    text = "Description: caf\u00e9 " + "We opened warm spaces in every branch. " * (BIG // 38)
    msg = _message()
    msg.set_content(text, cte="quoted-printable")
    msg.add_attachment(b"small", maintype="application", subtype="octet-stream", filename="a.bin")
    parsed = parse_message(msg.as_bytes(), Limits())
    assert parsed.text_body is not None and parsed.text_body.strip() == text.strip()


def test_a_large_forwarded_message_is_still_parsed_as_a_message() -> None:
    inner = _message()
    inner.set_content("Your name: Ann Lee\n" + "x" * BIG)
    outer = _message()
    outer.set_content("Forwarding Ann's form.\n")
    outer.add_attachment(inner)
    parsed = parse_message(outer.as_bytes(), Limits())
    assert len(parsed.forwarded) == 1
    forwarded_body = parsed.forwarded[0].text_body or ""
    assert forwarded_body.startswith("Your name: Ann Lee") and len(forwarded_body) > BIG


def test_the_stdlib_parser_never_sees_the_large_body() -> None:
    from parsers.mail.mime import _set_aside, _SetAside

    msg = _message()
    msg.set_content("Your name: Ann Lee\n")
    msg.add_attachment(os.urandom(BIG), maintype="application", subtype="pdf", filename="report.pdf")
    raw = msg.as_bytes()
    aside = _SetAside()
    cut = _set_aside(raw, aside)
    assert len(aside.bodies) == 1 and len(aside.bodies[0]) > BIG
    assert len(cut) < 4096 and b"Your name: Ann Lee" in cut
