"""Bodies whose declared charset is not that of their bytes, the bytes made by iconv: UTF-8
declared as a single-byte charset reads as UTF-8, windows-1252 declared as UTF-8 reads as
windows-1252 (also one such line in a UTF-8 body), a genuine Latin-1 text stays Latin-1, and an
HTML part without a MIME charset is read by its own ``<meta charset>``."""

from __future__ import annotations

import quopri

import pytest

from parsers import extract_file
from parsers.mail.mime import parse_message
from tests.fixtures.producers import iconv
from tests.parsers.forms import raw_message

TEXT = "Siân Dunmore\nThe firm sponsors the libraries’ laptops – “a real gift”.\n£42,000 for Loch Feàrna\n"


def _body(charset: str | None, data: bytes, *, ctype: str = "text/plain", cte: str = "8bit") -> bytes:
    declared = f"; charset={charset}" if charset else ""
    return raw_message(
        f"From: a@example.org\nSubject: x\nMIME-Version: 1.0\n"
        f"Content-Type: {ctype}{declared}\nContent-Transfer-Encoding: {cte}",
        data,
    )


@pytest.mark.parametrize("declared", ["iso-8859-1", "us-ascii", "windows-1252", "iso-8859-15"])
def test_utf8_bytes_declared_as_a_single_byte_charset_read_as_utf8(declared: str) -> None:
    assert parse_message(_body(declared, iconv(TEXT, "UTF-8"))).text_body == TEXT


@pytest.mark.parametrize("cte", ["8bit", "quoted-printable"])
def test_windows_1252_bytes_declared_utf8_read_as_windows_1252(cte: str) -> None:
    data = iconv(TEXT, "WINDOWS-1252")
    body = _body("utf-8", quopri.encodestring(data) if cte == "quoted-printable" else data, cte=cte)
    assert parse_message(body).text_body == TEXT


def test_a_windows_1252_line_in_a_utf8_body_reads_with_the_rest() -> None:
    first, pasted = "Zoë Ní Bhraonáin\n", "“Stories on the Move” – £42,000\n"
    body = _body("utf-8", iconv(first, "UTF-8") + iconv(pasted, "WINDOWS-1252"))
    assert parse_message(body).text_body == first + pasted


@pytest.mark.parametrize("charset", ["ISO-8859-1", "ISO-8859-15"])
def test_a_genuine_latin1_text_stays_latin1(charset: str) -> None:
    text = "Siân Dunmore, naïve café, £42,000 for Loch Feàrna, Ærø, ÀÉÎÕÜ « » ° §\n"
    assert parse_message(_body(charset.lower(), iconv(text, charset))).text_body == text


def test_an_html_part_without_mime_charset_is_read_by_its_meta_charset() -> None:
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-2">'
        "</head><body><p>Your name: Łucja Wąsowska, Łódź</p></body></html>"
    )
    msg = parse_message(_body(None, iconv(page, "ISO-8859-2"), ctype="text/html"))
    assert msg.html_body == page


def test_an_html_file_is_read_by_its_meta_charset() -> None:
    answers = {
        "Your name": "Łucja Wąsowska",
        "Job title / position": "Kierowniczka biblioteki",
        "Email address": "lucja@example.pl",
        "Name of library service/local authority": "Biblioteka Łódź",
        "Suggested title for case study": "Łódź czyta",
        "Summary of case study": "Książki dla wszystkich.",
    }
    body = "".join(f"<p>{label}: {answer}</p>" for label, answer in answers.items())
    page = f'<html><head><meta charset="iso-8859-2"></head><body>{body}</body></html>'
    result = extract_file(iconv(page, "ISO-8859-2"), "form.html")
    assert (result.fields["name"], result.fields["title"]) == ("Łucja Wąsowska", "Łódź czyta")


@pytest.mark.parametrize("declared", ["base64", "x-no-such-charset", "unknown-8bit"])
def test_a_charset_that_names_no_text_encoding_reads_as_utf8(declared: str) -> None:
    assert parse_message(_body(declared, iconv(TEXT, "UTF-8"))).text_body == TEXT
