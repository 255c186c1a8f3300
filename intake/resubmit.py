"""Resubmissions: a corrected form sent as a reply, merged into a new version of the submission.

Our acknowledgement asks the sender to "reply to this email with a shorter summary", so a reply
often holds only the answers that were asked for. ``parsers`` (rightly) calls a message with one
answer a question; for a reply to one of our own emails that answer is the point, so it is read
again here with the same parsers and kept when at least one answer is found.
"""

from __future__ import annotations

import dataclasses

from parsers.fields import extract_fields
from parsers.models import Extraction
from parsers.schema import FormSchema
from parsers.text import html_to_text, split_body, text_to_blocks
from parsers.validate import validate
from store.models import SubmissionVersion
from store.queue import VersionInput


def answers_in_reply(ex: Extraction, form: FormSchema, max_chars: int) -> Extraction | None:
    """``ex`` re-read as a submission holding only some answers; ``None`` when no answer is found.

    Only the new text of the reply counts (quoted text, such as our own acknowledgement, is cut).
    """
    text = ex.text_body or (html_to_text(ex.html_body, max_chars) if ex.html_body else "")
    if not text.strip():
        return None
    blocks = text_to_blocks(split_body(text[:max_chars], ex.subject).new_text)
    signers = tuple(n for n in (ex.from_name,) if n)
    found = extract_fields(blocks, form, signers=signers)
    if not found.found:
        return None
    fields = {k: found.fields.get(k) for k in form.keys}
    return dataclasses.replace(ex, kind="submission", reason=None, fields=fields, source="body",
                               field_sources={k: "body" for k, v in fields.items() if v},
                               problems=validate(fields, form))


def carry_over(previous: SubmissionVersion, new: VersionInput, form: FormSchema) -> VersionInput:
    """``new`` with the answers it leaves out carried over from ``previous`` (their source says
    ``"version N"``), and the problems checked again over the merged answers; problems about the
    message as a whole (field ``None``) are kept."""
    fields = dict(new.fields)
    sources = dict(new.field_sources)
    for key, value in previous.fields.items():
        if not fields.get(key) and value:
            fields[key] = value
            sources[key] = f"version {previous.version}"
    problems = [{"field": p.field, "code": p.code, "message": p.message} for p in validate(fields, form)]
    problems += [p for p in new.problems if p.get("field") is None]
    return dataclasses.replace(new, fields=fields, field_sources=sources, problems=problems)
