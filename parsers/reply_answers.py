"""Answers in a reply to one of our own emails, read even when they are too few for a submission.

Our acknowledgement asks the sender to "reply to this email with a shorter summary", so a reply
often holds only the answers that were asked for. :func:`parsers.extract.extract_message`
(rightly) calls a message with one answer a question; for a reply to our email that answer is the
point, so :func:`answers_in_reply` reads the body again with the same readers and keeps it when at
least one answer is found. Whether a message is such a reply is the caller's decision.
"""

from __future__ import annotations

import dataclasses

from parsers.form.fields import extract_fields
from parsers.mail.body_blocks import bounded_text, text_to_blocks
from parsers.mail.html_text import html_to_text
from parsers.mail.replies import split_body
from parsers.models import Extraction
from parsers.schema import FormSchema, Limits
from parsers.validate import validate


def answers_in_reply(ex: Extraction, form: FormSchema, limits: Limits) -> Extraction | None:
    """``ex`` re-read as a submission holding only some answers; ``None`` when no answer is found
    (or the message has no body). Only the new text of the reply counts: quoted text, such as our
    own acknowledgement, is cut. The body is read within ``limits`` (``max_text_chars``,
    ``max_text_lines``)."""
    text = ex.text_body or (html_to_text(ex.html_body, limits.max_text_chars) if ex.html_body else "")
    if not text.strip():
        return None
    blocks = text_to_blocks(split_body(bounded_text(text, limits), ex.subject).new_text)
    signers = tuple(n for n in (ex.from_name,) if n)
    found = extract_fields(blocks, form, signers=signers)
    if not found.found:
        return None
    fields = {k: found.fields.get(k) for k in form.keys}
    return dataclasses.replace(ex, kind="submission", reason=None, fields=fields, source="body",
                               field_sources={k: "body" for k, v in fields.items() if v},
                               problems=validate(fields, form))
