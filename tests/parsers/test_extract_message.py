"""parsers.extract: choosing the candidate, recording where answers came from, and the public shape."""

from __future__ import annotations

import base64
import binascii
import html
import io
import random
from email.message import EmailMessage

import docx
import pytest

from parsers import ParseError, extract_file, extract_message
from parsers.mail.body_blocks import without_encoded_files
from parsers.schema import Limits
from tests.parsers.forms import ANSWERS, LABELS, inline_form, message


def word_form(answers: dict[str, str] = ANSWERS) -> bytes:
    """A .docx with the form as a two-column label | answer table."""
    document = docx.Document()
    document.add_paragraph("Case study form")
    table = document.add_table(rows=0, cols=2)
    for key, label in LABELS.items():
        row = table.add_row().cells
        row[0].text = label
        paras = answers.get(key, "").split("\n\n")
        row[1].text = paras[0]
        for extra in paras[1:]:
            row[1].add_paragraph(extra)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def with_attachment(body: str, data: bytes, filename: str = "form.docx") -> bytes:
    msg = message(body)
    msg.add_attachment(data, maintype="application",
                       subtype="vnd.openxmlformats-officedocument.wordprocessingml.document",
                       filename=filename)
    return msg.as_bytes()


def test_plain_text_form_gives_the_public_json_shape() -> None:
    result = extract_message(message("Hello,\n\n" + inline_form() + "\n\nThanks,\nJo").as_bytes())
    assert result.to_json() == {"kind": "submission", "fields": ANSWERS, "problems": [], "source": "body"}
    assert result.message_id == "<test-1@example.gov.uk>"
    assert (result.from_name, result.from_addr) == ("Jo Bloggs", "jo.bloggs@example.gov.uk")
    assert result.field_sources == {k: "body" for k in ANSWERS}


def test_html_only_body_is_read() -> None:
    html = "".join(f"<p class=MsoNormal><b>{LABELS[k]}:</b>&nbsp;{v.replace(chr(10) * 2, '</p><p>')}</p>"
                   for k, v in ANSWERS.items())
    msg = EmailMessage()
    msg["From"] = "jo@example.gov.uk"
    msg.set_content(html, subtype="html")
    result = extract_message(msg.as_bytes())
    assert result.fields == ANSWERS and result.source == "body"


def test_alternative_with_an_empty_text_part_uses_the_html_part() -> None:
    divs = inline_form().replace("\n\n", "</div><div><br></div><div>").replace("\n", "</div><div>")
    html = f"<div>{divs}</div>"
    result = extract_message(message("(HTML message)", html=html).as_bytes())
    assert result.fields == ANSWERS


def test_reply_reads_only_the_new_text() -> None:
    body = (inline_form() + "\n\nOn Mon, 3 Feb 2025 at 09:15, Case Studies <cs@example.org> wrote:\n"
            + "\n".join(f"> {label}:" for label in LABELS.values()))
    result = extract_message(message(body, subject="Re: Call for case studies").as_bytes())
    assert result.fields == ANSWERS


def test_form_forwarded_as_attachment_is_read_from_the_forwarded_message() -> None:
    inner = message(inline_form(), sender="Fiona McAllister <fiona@example.gov.uk>")
    outer = message("Forwarding Fiona's submission.\n\nHelen", sender="Helen <helen@example.org>",
                    subject="Fwd: Case study")
    outer.add_attachment(inner)
    result = extract_message(outer.as_bytes())
    assert result.fields == ANSWERS
    assert result.source == "forwarded:body"
    assert result.forwarded_by == "helen@example.org"
    assert result.from_addr == "fiona@example.gov.uk"


def test_inline_forward_is_read_from_the_forwarded_part_and_forwarder_recorded() -> None:
    body = ("Forwarding Fiona's submission.\n\nHelen\n\n---------- Forwarded message ---------\n"
            "From: Fiona McAllister <fiona@example.gov.uk>\nDate: Tue, 11 Mar 2025\nSubject: Case study\n\n"
            + inline_form() + "\n\nRegards,\nFiona")
    result = extract_message(message(body, sender="helen@example.org", subject="Fwd: Case study").as_bytes())
    assert result.fields == ANSWERS
    assert (result.source, result.forwarded_by, result.from_addr) == (
        "forwarded:body", "helen@example.org", "fiona@example.gov.uk")


def test_a_forward_of_a_forward_is_read_from_the_innermost_message() -> None:
    body = ("Passing this on - the form is at the bottom.\n\nCallum\n\n"
            "---------- Forwarded message ---------\n"
            "From: Ros Achter <ros@example.gov.uk>\nDate: Wed, 12 Mar 2025\nSubject: Fwd: Case study\n\n"
            "Callum, can you send this on to the association?\n\nRos\n\n"
            "---------- Forwarded message ---------\n"
            "From: Fiona McAllister <fiona@example.gov.uk>\nDate: Tue, 11 Mar 2025\nSubject: Case study\n\n"
            + inline_form() + "\n\nRegards,\nFiona")
    raw = message(body, sender="callum@example.org", subject="Fwd: Fwd: Case study").as_bytes()
    result = extract_message(raw)
    assert result.kind == "submission" and result.fields == ANSWERS
    assert (result.from_addr, result.forwarded_by) == ("fiona@example.gov.uk", "callum@example.org")


def test_attached_word_form_beats_please_find_attached() -> None:
    result = extract_message(with_attachment("Please find attached our case study.\n\nJo", word_form()))
    assert result.source == "attachment:form.docx"
    assert result.fields == ANSWERS
    assert result.attachments[0].filename == "form.docx" and result.attachments[0].content is not None


def test_unreadable_attachment_becomes_a_problem_naming_the_file() -> None:
    raw = with_attachment("Please find attached.", b"PK\x03\x04 broken", "Case study.docx")
    result = extract_message(raw)
    assert result.kind == "submission"
    assert [(p.field, p.code) for p in result.problems] == [(None, "attachment")]
    assert "Case study.docx" in result.problems[0].message
    assert all(v is None for v in result.fields.values())


def test_attachment_over_the_size_cap_is_a_problem_and_not_kept() -> None:
    limits = Limits(max_attachment_bytes=1000)
    result = extract_message(with_attachment("Attached.", word_form()), limits=limits)
    assert [p.code for p in result.problems] == ["attachment"]
    assert result.attachments[0].content is None and result.attachments[0].size > 1000


def test_deliberate_problems_are_reported_with_codes() -> None:
    answers = {**ANSWERS, "organisation": "", "summary": "word " * 63, "email": "jo at example dot org"}
    result = extract_message(message(inline_form(answers)).as_bytes())
    assert {p.field: p.code for p in result.problems} == {
        "organisation": "missing", "summary": "over_word_limit", "email": "invalid"}
    assert result.fields["email"] == "jo at example dot org"


def test_extract_file_reads_a_bare_word_form() -> None:
    result = extract_file(word_form(), "form.docx")
    assert result.fields == ANSWERS and result.source == "attachment:form.docx"


def test_extract_file_reads_a_bare_text_form_and_an_eml() -> None:
    assert extract_file(inline_form().encode(), "form.txt").fields == ANSWERS
    assert extract_file(message(inline_form()).as_bytes(), "mail.eml").fields == ANSWERS


def test_extract_file_refuses_a_file_type_it_cannot_read() -> None:
    with pytest.raises(ParseError):
        extract_file(b"\x89PNG\r\n\x1a\n....", "photo.png")


def test_garbage_is_a_parse_error_not_a_crash() -> None:
    with pytest.raises(ParseError):
        extract_message(b"\x00\x01\x02")


def test_thunderbird_forward_with_tabbed_header_table_is_read() -> None:
    body = ("See below\n\n-------- Forwarded Message --------\nSubject: \tCase study\n"
            "Date: \tTue, 11 Mar 2025 10:36:00 +0000\nFrom: \tFiona McAllister <fiona@example.gov.uk>\n"
            "To: \tHelen <helen@example.org>\n\n\n" + inline_form() + "\n\nThanks\nFiona\n")
    result = extract_message(message(body, sender="helen@example.org", subject="Fwd: Case study").as_bytes())
    assert result.fields == ANSWERS
    assert (result.source, result.from_addr) == ("forwarded:body", "fiona@example.gov.uk")


def test_apple_mail_html_forward_quoted_in_a_blockquote_is_read() -> None:
    form = "".join(f"<div>{html.escape(line)}</div>" if line else "<div><br></div>"
                   for line in inline_form().split("\n"))
    body = ('<div>FYI</div><div><br><blockquote type="cite"><div>Begin forwarded message:</div><br>'
            "<div><b>From: </b>Fiona &lt;fiona@example.gov.uk&gt;</div><div><b>Subject: </b>Case study</div>"
            f"<div><b>Date: </b>11 March 2025</div><br>{form}</blockquote></div>")
    msg = message("FYI", sender="helen@example.org", subject="Fwd: Case study", html=body)
    result = extract_message(msg.as_bytes())
    assert result.fields == ANSWERS
    assert (result.forwarded_by, result.from_addr) == ("helen@example.org", "fiona@example.gov.uk")


def test_form_attached_as_a_text_file_is_read() -> None:
    msg = message("Form attached as text.")
    msg.add_attachment(inline_form().encode(), maintype="text", subtype="plain", filename="form.txt")
    result = extract_message(msg.as_bytes())
    assert result.fields == ANSWERS and result.source == "attachment:form.txt"


def test_message_attached_as_an_eml_file_is_read_as_forwarded() -> None:
    inner = message(inline_form(), sender="Fiona <fiona@example.gov.uk>").as_bytes()
    msg = message("Saved the email and attached it.", sender="helen@example.org")
    msg.add_attachment(inner, maintype="application", subtype="octet-stream", filename="submission.eml")
    result = extract_message(msg.as_bytes())
    assert result.fields == ANSWERS
    assert (result.source, result.forwarded_by) == ("forwarded:body", "helen@example.org")


_FILE = random.Random(7).randbytes(2000)
_BASE64 = base64.encodebytes(_FILE).decode()
_UUENCODED = ("begin 644 photo.jpg\n" + "".join(binascii.b2a_uu(_FILE[i:i + 45]).decode()
                                               for i in range(0, len(_FILE), 45)) + "`\nend\n")


@pytest.mark.parametrize("encoded", [_BASE64, _UUENCODED], ids=["base64", "uuencoded"])
@pytest.mark.parametrize("gap", ["\n", "\n\n"], ids=["below", "after-a-blank-line"])
def test_a_file_encoded_as_text_below_the_form_is_no_part_of_the_last_answer(encoded: str, gap: str) -> None:
    # Lotus Notes puts attachments in the body uuencoded; a base64 part can arrive as text.
    out = extract_message(message(inline_form() + gap + encoded).as_bytes())
    assert out.fields == ANSWERS
    assert out.problems == []


def test_a_long_word_or_a_short_base64_run_is_kept_as_text() -> None:
    lines = ["Our ref:", "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJz",
             "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJz", "Thanks"]
    assert without_encoded_files(lines) == lines
    assert without_encoded_files(["Note", *_BASE64.splitlines(), "Best", "Jo"]) == ["Note", "Best", "Jo"]


@pytest.mark.parametrize("end", ["\n\nBest regards,\nJo Bloggs\n", "\n\nJo Bloggs\n", ""])
@pytest.mark.parametrize("rule", ["_" * 40, "-" * 40, "=" * 20, "* * * *", "---", "--"])
def test_a_body_form_with_rules_between_its_sections_is_read_whole(rule: str, end: str) -> None:
    """Rules typed between the form's answers, the same one again and again, neither end the form
    (as a signature's delimiter would: the whole form was read as a signature, or the answers after
    the first rule were) nor stay on the answer above them; with a sign-off, a name or nothing
    after the last answer."""
    sections = [f"{LABELS[key]}:\n{value}" if "\n" in value else f"{LABELS[key]}: {value}"
                for key, value in ANSWERS.items()]
    body = f"\n{rule}\n".join(sections)
    msg = message(f"Hello,\n\nMy case study:\n\n{rule}\n{body}{end}")
    ex = extract_message(msg.as_bytes())
    assert ex.kind == "submission" and not ex.problems
    assert ex.fields == ANSWERS
