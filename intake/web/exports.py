"""Exports for editors: a CSV of the queue and a Word document compiling the accepted case studies.
The Word side is the only place in the web app that imports python-docx. The web app and
``intake queue export`` gather the rows through :func:`queue_rows`, so both write the same file.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_BREAK
from docx.shared import Mm
from sqlmodel import Session

from intake.web.aids import ThemeMatcher, answers_text, paragraphs
from parsers import field_name
from parsers.schema import FormSchema
from store.models import Submission, SubmissionVersion
from store.review import latest_versions, notes_by_submission, sender_addresses
from store.scores import ScoreSummary, scored_by, scores_visible, summaries
from store.states import status_words

# Characters XML 1.0 refuses (python-docx raises ValueError on them).
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# A cell starting with one of these is run as a formula by spreadsheet programs (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
COMPILED_FIELDS = ("summary", "description", "lessons")
A4 = (Mm(210), Mm(297))
MARGIN = Mm(25)


@dataclass(frozen=True)
class QueueRow:
    """One submission as exported: ``version`` is ``None`` when it has no stored reading;
    ``scores`` is ``None`` when the exporting reviewer may not see them yet (blind review);
    ``sender`` is the From address it came from (``None``: none stored)."""

    submission: Submission
    version: SubmissionVersion | None
    scores: ScoreSummary | None
    themes: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    sender: str | None = None


def queue_rows(s: Session, subs: list[Submission], themes: ThemeMatcher, *, viewer: str | None = None,
               blind: bool = False) -> list[QueueRow]:
    """The export rows of ``subs``, in their order. ``viewer`` is the reviewer exporting (``None``:
    the operator at the terminal, who sees every score); with ``blind`` their export carries scores
    only of the submissions they have scored."""
    ids = [r.id for r in subs if r.id is not None]
    latest, scores = latest_versions(s, subs), summaries(s, ids)
    notes, senders = notes_by_submission(s, ids), sender_addresses(s, ids)
    mine = scored_by(s, ids, viewer) if viewer is not None else set(ids)
    out = []
    for sub in subs:
        sid = sub.id or 0
        version = latest.get(sid)
        text = answers_text(version.fields if version else None)
        visible = scores_visible(blind=blind, has_scored=sid in mine)
        noted = tuple(f"{e.at:%Y-%m-%d} {e.actor}: {e.note}" for e in notes.get(sid, []) if e.note)
        out.append(QueueRow(sub, version, scores[sid] if visible else None, tuple(themes.names(text)),
                            noted, senders.get(sid)))
    return out


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _mean(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"


def problem_lines(version: SubmissionVersion | None, form: FormSchema) -> list[str]:
    """Each problem of ``version`` as "Label: message" ("Message: ..." for the message as a whole)."""
    out = []
    for p in version.problems if version else []:
        key = str(p.get("field") or "")
        spec = form.get(key) if key else None
        where = field_name(spec) if spec else (key or "Message")
        out.append(f"{where}: {p.get('message') or str(p.get('code') or '').replace('_', ' ')}")
    return out


def queue_csv(rows: Iterable[QueueRow], form: FormSchema, criteria: Mapping[str, str]) -> str:
    """The queue as CSV (UTF-8 text; the caller adds a BOM for spreadsheet programs), with headers
    as people read them: one line per submission with its status in words, its problems, themes,
    tags, notes and scores (empty when hidden or none), then every answer of its newest version in
    form order. Several problems or notes in one cell are one per line."""
    out = io.StringIO()
    writer = csv.writer(out)
    labels = [field_name(spec) for spec in form.fields]
    writer.writerow(["Reference", "Status", "Received", "Version", "Problems", "Themes", "Tags",
                     "Assigned to", "Sender's address", "Notes", "Mean score", "Reviewers who scored",
                     *(f"Mean score: {label}" for label in criteria.values()), *labels])
    for row in rows:
        sub, fields, sc = row.submission, (row.version.fields if row.version else {}), row.scores
        writer.writerow([_cell(v) for v in (
            sub.reference, status_words(sub.status), sub.created_at.strftime("%Y-%m-%d %H:%M"), sub.version,
            "\n".join(problem_lines(row.version, form)), "; ".join(row.themes), "; ".join(sub.tags or []),
            sub.assigned_to, row.sender, "\n".join(row.notes), _mean(sc.mean if sc else None),
            sc.reviewers if sc else "", *(_mean(sc.by_criterion.get(k) if sc else None) for k in criteria),
            *(fields.get(spec.key) for spec in form.fields))])
    return out.getvalue()


def _xml_safe(text: str) -> str:
    return _XML_BAD.sub("", text)


def accepted_docx(items: list[tuple[Submission, SubmissionVersion]], form: FormSchema,
                  *, heading: str = "Case studies", author: str = "case-intake") -> bytes:
    """A .docx on A4 paper with one section per accepted case study: title, who sent it (name,
    job title, service), then the summary, description and lessons under the form's labels. Empty
    answers are left out. ``author`` is written into the document's properties."""
    doc = Document()
    for section in doc.sections:
        section.page_width, section.page_height = A4
        section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = MARGIN
    props = doc.core_properties
    props.title, props.author, props.last_modified_by = heading, _xml_safe(author), _xml_safe(author)
    props.comments = "Compiled by case-intake from the accepted submissions."
    doc.add_heading(heading, level=0)
    doc.add_paragraph(f"{len(items)} accepted case {'study' if len(items) == 1 else 'studies'}.")
    for n, (sub, version) in enumerate(items):
        if n:
            doc.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)
        _add_case_study(doc, sub, version, form)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def credit_line(sub: Submission, version: SubmissionVersion) -> str | None:
    """"Ada Lovelace, Head of Libraries, Midshire Libraries": the submitter's name, job title and
    service, the parts known; ``None`` when none is."""
    fields = version.fields
    parts = [fields.get("name") or sub.submitter_name, fields.get("job_title"),
             fields.get("organisation") or sub.organisation]
    known = [" ".join(str(p).split()) for p in parts if p and str(p).strip()]
    return ", ".join(known) or None


def _add_case_study(doc: DocxDocument, sub: Submission, version: SubmissionVersion, form: FormSchema) -> None:
    fields = version.fields
    title = fields.get("title") or sub.title or sub.reference
    doc.add_heading(_xml_safe(str(title)), level=1)
    credit = credit_line(sub, version)
    if credit:
        para = doc.add_paragraph()
        para.add_run("By ").bold = True
        para.add_run(_xml_safe(credit))
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
