"""Write the sample messages ``intake demo`` ships (intake/demo_data/*.eml).

Run from the repository root: ``python scripts/make_demo_data.py``. The output is committed; the
bytes are reproducible (fixed dates, Message-IDs, MIME boundaries and zip timestamps). All people,
councils and projects are fictional.
"""

from __future__ import annotations

import io
import sys
import zipfile
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

import docx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script from a checkout

from parsers.schema import DEFAULT_SCHEMA  # noqa: E402

OUT = Path(__file__).resolve().parents[1] / "intake" / "demo_data"
DOCX_TYPE = ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document")

ANSWERS = {
    "name": "Jane Okafor",
    "job_title": "Head of Library Services",
    "email": "jane.okafor@northbridge.example.org",
    "organisation": "Northbridge Libraries",
    "title": "Warm Spaces that became Community Hubs",
    "summary": ("Five branch libraries opened as warm spaces in winter and stayed open as community "
                "hubs, offering advice sessions, digital help and a place to meet."),
    "description": ("In October we opened five branches as warm spaces with free hot drinks and "
                    "extended hours.\n\nBy March over 4,000 visits had been recorded and 62% of "
                    "visitors said they had used a new library service, from digital skills to "
                    "benefits advice with Citizens Advice."),
    "lessons": "Partner early with advice services, and count what matters from the first day.",
}

# The form as printed: the labels of the default schema, the one place they are written.
LABELS = {f.key: f.label for f in DEFAULT_SCHEMA.fields}


def _message(number: int, sender: str, subject: str) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = "Case studies <casestudies@example.org>"
    msg["Subject"] = subject
    msg["Date"] = format_datetime(datetime(2026, 3, 2, 9 + number, 15, tzinfo=UTC))
    msg["Message-ID"] = f"<demo-{number:03d}@intake-demo.example.org>"
    return msg


def plain_text_form() -> EmailMessage:
    """The form typed into a plain-text body as "Label: value" lines."""
    msg = _message(1, "Jane Okafor <jane.okafor@northbridge.example.org>", "Case study submission")
    lines = ["Dear colleagues,", "", "Please find our case study below.", ""]
    for key, label in LABELS.items():
        lines.append(f"{label}: {ANSWERS[key]}" if key != "description" else f"{label}:")
        if key == "description":
            lines.extend([ANSWERS[key], ""])
    lines.extend(["", "Best wishes,", "Jane"])
    msg.set_content("\n".join(lines) + "\n")
    return msg


def html_form() -> EmailMessage:
    """An HTML-only body in the style Outlook sends: bold labels, answers in the paragraph below."""
    answers = {
        "name": "Tomasz Nowak", "job_title": "Library Development Manager",
        "email": "t.nowak@riverside.example.org", "organisation": "Riverside Borough Council Libraries",
        "title": "Code Clubs for Every Branch",
        "summary": "Volunteer-led coding clubs now run weekly in all twelve Riverside branches.",
        "description": ("We recruited 40 volunteers from local employers and trained them with "
                        "free materials.\n\nAttendance reached 300 children a week within a year."),
        "lessons": "Volunteers stay when they are thanked and given a regular slot.",
    }
    msg = _message(2, "Tomasz Nowak <t.nowak@riverside.example.org>", "Our case study")
    parts = ['<html><body><p class="MsoNormal">Hello,</p>']
    for key, label in LABELS.items():
        parts.append(f'<p class="MsoNormal"><b>{label}</b></p>')
        parts.extend(f'<p class="MsoNormal">{para}</p>' for para in answers[key].split("\n\n"))
    parts.append('<p class="MsoNormal">Kind regards,<br>Tomasz</p></body></html>')
    msg.set_content("\n".join(parts) + "\n", subtype="html")
    return msg


def word_form() -> EmailMessage:
    """The Word form attached, laid out as a two-column label | answer table."""
    answers = {
        "name": "Aisha Rahman", "job_title": "Service Manager, Libraries and Archives",
        "email": "aisha.rahman@fenwick.example.org", "organisation": "Fenwick County Council",
        "title": "Libraries on Prescription",
        "summary": "GPs refer patients to library reading groups and wellbeing sessions.",
        "description": ("Six surgeries now refer patients with mild anxiety to weekly reading "
                        "groups.\n\nA budget of £18,000 was protected by showing the savings to "
                        "the health partnership."),
        "lessons": "Speak the language of health partners: outcomes, referrals and costs.",
    }
    msg = _message(3, "Aisha Rahman <aisha.rahman@fenwick.example.org>", "Case study - Fenwick")
    msg.set_content("Hello,\n\nPlease find our case study form attached.\n\nAisha\n")
    msg.add_attachment(_docx_table(answers), maintype=DOCX_TYPE[0], subtype=DOCX_TYPE[1],
                       filename="Case study form - Fenwick.docx")
    msg.set_boundary("demo-boundary-003")
    return msg


def form_with_problems() -> EmailMessage:
    """Labels on their own line, answers below; a summary over 50 words, a broken email address
    and no lessons: the submitter is told what to fix."""
    msg = _message(4, "Rob Patel <rob.patel@eastmoor.example.org>", "Submission")
    summary = ("Our mobile library van was refitted as a digital inclusion bus that visits "
               "twenty rural villages every fortnight, bringing laptops, free wifi, printing, "
               "help with online forms, parcels of large print books and a friendly face to "
               "people who cannot easily reach a town branch, and it has become a lifeline "
               "for older residents living alone across the district.")
    values = {"name": "Rob Patel", "job_title": "Outreach Librarian", "email": "rob.patel@eastmoor",
              "organisation": "Eastmoor District Libraries", "title": "The Digital Inclusion Bus",
              "summary": summary,
              "description": "We refitted the van in 2025 with a grant from the district council."}
    lines = ["Hi,", ""]
    for key, value in values.items():
        lines.extend([LABELS[key], value, ""])
    lines.extend(["Thanks", "Rob"])
    msg.set_content("\n".join(lines) + "\n")
    return msg


def question() -> EmailMessage:
    """A person's question to the contact address: not a submission."""
    msg = _message(5, "Sam Gill <sam.gill@harbourside.example.org>", "Question about the deadline")
    msg.set_content("Hello,\n\nIs the deadline for case studies still the end of March, and may "
                    "one authority send more than one?\n\nMany thanks,\nSam\n")
    return msg


def _docx_table(answers: dict[str, str]) -> bytes:
    document = docx.Document()
    document.add_heading("Case study submission form", level=1)
    table = document.add_table(rows=0, cols=2)
    for key, label in LABELS.items():
        cells = table.add_row().cells
        cells[0].text = label
        first, *rest = answers[key].split("\n\n")
        cells[1].text = first
        for para in rest:
            cells[1].add_paragraph(para)
    props = document.core_properties
    props.author = props.last_modified_by = "Case study form"
    props.created = props.modified = datetime(2026, 3, 1, tzinfo=UTC).replace(tzinfo=None)
    buf = io.BytesIO()
    document.save(buf)
    return _fixed_zip_times(buf.getvalue())


def _fixed_zip_times(data: bytes) -> bytes:
    """The same zip with every entry dated 2026-03-01, so the file is reproducible."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2026, 3, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


SAMPLES = {
    "01-plain-text-form.eml": plain_text_form,
    "02-html-form.eml": html_form,
    "03-word-form.eml": word_form,
    "04-form-with-problems.eml": form_with_problems,
    "05-question.eml": question,
}


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, build in SAMPLES.items():
        (OUT / name).write_bytes(build().as_bytes())
        print(f"wrote {OUT / name}")


if __name__ == "__main__":
    main()
