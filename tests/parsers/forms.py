"""Small filled-in forms and message builders shared by the parser tests."""

from __future__ import annotations

import io
from email.message import EmailMessage

from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject, TextStringObject

PDF_FORM = 'pdf:writer_pdf_Export:{"ExportFormFields":{"type":"boolean","value":"true"}}'
"""soffice's PDF export with the document's form controls exported as PDF form fields (AcroForm)."""

ANSWERS = {
    "name": "Jo Bloggs",
    "job_title": "Head of Libraries",
    "email": "jo.bloggs@example.gov.uk",
    "organisation": "Exampleshire Libraries",
    "title": "Warm spaces in every branch",
    "summary": "We opened warm spaces in 12 libraries with public health funding.",
    "description": "In 2023 public health asked us to host warm spaces.\n\n"
                   "We trained 40 staff and volunteers.",
    "lessons": "Partners value our reach. Start small and measure.",
}

LABELS = {
    "name": "Your name",
    "job_title": "Job title / position",
    "email": "Email address",
    "organisation": "Name of library service/local authority",
    "title": "Suggested title for case study",
    "summary": "Summary of case study (max 50 words)",
    "description": "Description of the project / initiative / approach (max 750 words)",
    "lessons": "Key lessons learned (max 100 words)",
}


def inline_form(answers: dict[str, str] | None = None, sep: str = ": ") -> str:
    """The form typed as "Label: answer" lines (long answers on the lines below their label)."""
    answers = ANSWERS if answers is None else answers
    lines = []
    for key, label in LABELS.items():
        value = answers.get(key, "")
        if "\n" in value:
            lines.append(f"{label}{sep.rstrip()}")
            lines.append(value)
        else:
            lines.append(f"{label}{sep}{value}")
    return "\n".join(lines)


def lines_form(answers: dict[str, str] | None = None) -> str:
    """The form with each label on its own line and the answer in the paragraph(s) below."""
    answers = ANSWERS if answers is None else answers
    return "\n\n".join(f"{label}\n{answers.get(key, '')}" for key, label in LABELS.items())


def message(body: str, *, subject: str = "Case study", sender: str = "Jo Bloggs <jo.bloggs@example.gov.uk>",
            html: str | None = None, headers: dict[str, str] | None = None) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = "casestudies@example.org"
    msg["Subject"] = subject
    msg["Message-ID"] = "<test-1@example.gov.uk>"
    for k, v in (headers or {}).items():
        msg[k] = v
    msg.set_content(body)
    if html is not None:
        msg.add_alternative(html, subtype="html")
    return msg


def raw_message(head: str, body: bytes) -> bytes:
    """A message from literal header lines and body bytes (for charset and encoding cases)."""
    return head.strip().replace("\n", "\r\n").encode("ascii") + b"\r\n\r\n" + body


def fill_pdf_form(data: bytes, values: dict[str, str], tooltips: dict[str, str] | None = None) -> bytes:
    """A fillable PDF filled with pypdf as a PDF viewer would: ``values`` by field name (a check
    box's on state as ``"/Yes"``), and the tooltip (``/TU``) set on the fields named in ``tooltips``."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    for page in writer.pages:
        writer.update_page_form_field_values(page, values, auto_regenerate=False)
        for annot in page.get("/Annots", []):
            obj = annot.get_object()
            tip = (tooltips or {}).get(str(obj.get("/T")))
            if tip:
                obj[NameObject("/TU")] = TextStringObject(tip)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
