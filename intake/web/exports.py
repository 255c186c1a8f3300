"""Exports for editors: a CSV of the queue and a Word document compiling the accepted case studies.
The Word side is the only place in the web app that imports python-docx.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_BREAK

from intake.web.aids import paragraphs
from parsers import field_name
from parsers.schema import FormSchema
from store.models import Submission, SubmissionVersion
from store.review import ScoreSummary

# Characters XML 1.0 refuses (python-docx raises ValueError on them).
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# A cell starting with one of these is run as a formula by spreadsheet programs (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
COMPILED_FIELDS = ("summary", "description", "lessons")


@dataclass(frozen=True)
class QueueRow:
    """One submission as exported: ``version`` is ``None`` when it has no stored reading."""

    submission: Submission
    version: SubmissionVersion | None
    scores: ScoreSummary


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def queue_csv(rows: Iterable[QueueRow], form: FormSchema) -> str:
    """The queue as CSV (UTF-8 text; the caller adds a BOM for spreadsheet programs): one line per
    submission with its state, then every answer of its newest version in form order."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["reference", "status", "received", "version", "problems", "tags", "assigned_to",
                     "mean_score", "scores", *form.keys])
    for row in rows:
        sub, fields = row.submission, (row.version.fields if row.version else {})
        mean = f"{row.scores.mean:.2f}" if row.scores.mean is not None else ""
        writer.writerow([_cell(v) for v in (
            sub.reference, sub.status, sub.created_at.isoformat(timespec="seconds"), sub.version,
            sub.problem_count, "; ".join(sub.tags or []), sub.assigned_to, mean, row.scores.count,
            *(fields.get(k) for k in form.keys))])
    return out.getvalue()


def _xml_safe(text: str) -> str:
    return _XML_BAD.sub("", text)


def accepted_docx(items: list[tuple[Submission, SubmissionVersion]], form: FormSchema,
                  *, heading: str = "Case studies") -> bytes:
    """A .docx with one section per accepted case study: title, organisation, then the summary,
    description and lessons under the form's labels. Empty answers are left out."""
    doc = Document()
    doc.core_properties.title = heading
    doc.add_heading(heading, level=0)
    doc.add_paragraph(f"{len(items)} accepted case {'study' if len(items) == 1 else 'studies'}.")
    for n, (sub, version) in enumerate(items):
        if n:
            doc.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)
        _add_case_study(doc, sub, version, form)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _add_case_study(doc: DocxDocument, sub: Submission, version: SubmissionVersion, form: FormSchema) -> None:
    fields = version.fields
    title = fields.get("title") or sub.title or sub.reference
    doc.add_heading(_xml_safe(str(title)), level=1)
    org = fields.get("organisation") or sub.organisation
    if org:
        para = doc.add_paragraph()
        para.add_run("Organisation: ").bold = True
        para.add_run(_xml_safe(str(org)))
    ref = doc.add_paragraph(f"Reference {sub.reference}")
    ref.runs[0].italic = True
    for key in COMPILED_FIELDS:
        answer = fields.get(key)
        if not answer:
            continue
        spec = form.get(key)
        doc.add_heading(field_name(spec) if spec else key, level=2)
        for text in paragraphs(str(answer)):
            doc.add_paragraph(_xml_safe(text))

