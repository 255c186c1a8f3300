"""Resubmissions: a corrected form sent as a reply, merged into a new version of the submission.

A reply to our acknowledgement often holds only the answers that were asked for; it is read by
:func:`parsers.answers_in_reply`, and :func:`carry_over` fills in the rest from the version before.
"""

from __future__ import annotations

import dataclasses

from parsers import FormSchema, validate
from store.models import SubmissionVersion
from store.queue import VersionInput


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
    problems = [p.to_json() for p in validate(fields, form)]
    problems += [p for p in new.problems if p.get("field") is None]
    return dataclasses.replace(new, fields=fields, field_sources=sources, problems=problems)
