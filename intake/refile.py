"""Staff re-file a message the worker left outside the review queue ("Other mail", or a failed
message): as a submission (it enters the queue, with an acknowledgement if staff want one), as a
correction to a named submission (a new version of it), or as handled (kept, with who and when).

The checks and the writing are :func:`store.decisions.file_message` (one table for the CLI and
the web app); this module reads the message's answers first, with the same parser and budget as
the worker, outside any transaction. A message that still cannot be read is filed with no answers
and a problem saying so: staff type the answers in (a version of their own).
"""

from __future__ import annotations

import dataclasses
import logging
from dataclasses import dataclass

from sqlmodel import Session

from intake.config import Config
from intake.replies.outbox import Queued
from intake.resubmit import carry_over
from parsers import answers_in_reply, validate
from parsers.models import Extraction, Problem
from store.db import Store
from store.decisions import DecisionRefused, Filing, file_message, filing_refusal
from store.models import MAX_ROW_ID, Message, Submission
from store.queue import QueueError, VersionInput, get_by_reference, latest_version

log = logging.getLogger("intake.pipeline")


@dataclass(frozen=True)
class Filed:
    """What a filing did: the submission made or corrected (``None`` for "handled"), its version,
    and where the acknowledgement queued goes (``None``: none was asked for, or the reply policy
    refused one, which the submission's history then says)."""

    how: Filing
    reference: str | None
    version: int | None
    acknowledged_to: str | None


def read_message(config: Config, raw: bytes) -> tuple[Extraction | None, str | None]:
    """The message's reading, or ``(None, why)`` when it cannot be read: the parser's words, or
    the fault (time, CPU, memory, crash) of the child process it is read in, with the worker's
    budget (:mod:`intake.isolation`), so a message that hangs the parser cannot hang the caller."""
    from intake.isolation import ParsePool

    with ParsePool(config.form, config.limits, dataclasses.replace(config.budget, workers=1)) as pool:
        result = pool.parse_one(raw)
    if result.extraction is not None:
        return result.extraction, None
    return None, result.reason or result.error or "it could not be read"


def refile(config: Config, store: Store, message_row_id: int, how: Filing, *, actor: str,
           note: str | None = None, target_reference: str | None = None,
           acknowledge: bool = False) -> Filed:
    """File message ``message_row_id`` as ``how`` for ``actor`` (see the module docstring).
    ``target_reference`` names the submission a correction is for; ``acknowledge`` queues the
    acknowledgement of the submission or version. Raises :class:`~store.queue.QueueError` (its
    :class:`~store.decisions.DecisionRefused` included) with a sentence for staff when the message,
    the submission or the filing is refused."""
    with store.session() as s:
        msg = _message(s, message_row_id)
        target = get_by_reference(s, target_reference) if target_reference else None
        why = filing_refusal(msg, how, target)
        raw = msg.raw
    if why is not None:
        raise DecisionRefused(why)
    extraction, error = (None, None) if how is Filing.HANDLED else read_message(config, raw)
    with store.session() as s:
        msg = _message(s, message_row_id)
        target = get_by_reference(s, target_reference) if target_reference else None
        reading, ex = None, extraction
        if how is not Filing.HANDLED:
            ex = _as_submission(config, extraction, error, replying=target is not None)
            reading = _reading(config, s, ex, msg, target)
        sub = file_message(s, msg, how, actor=actor, note=note, reading=reading, target=target,
                           prefix=config.replies.reference_prefix, sender_name=ex.from_name if ex else None)
        ack = _acknowledge(s, config, msg, ex, sub) if acknowledge and sub is not None and ex else None
        filed = Filed(how, sub.reference if sub else None, sub.version if sub else None,
                      ack.to_addr if ack else None)
    log.info("message %s (Message-ID %s) filed as %s by %s%s", message_row_id, msg.message_id, how.value,
             actor, f" -> {filed.reference} version {filed.version}" if filed.reference else "")
    return filed


def _message(s: Session, message_row_id: int) -> Message:
    msg = s.get(Message, message_row_id) if 1 <= message_row_id <= MAX_ROW_ID else None
    if msg is None:
        raise QueueError(f"There is no message {message_row_id}.")
    return msg


def _as_submission(config: Config, ex: Extraction | None, error: str | None, *, replying: bool) -> Extraction:
    """The reading to file: the message's answers (a reply's answers when it corrects a
    submission), or none with the problem that the message could not be read."""
    if ex is None:
        log.info("filing a message that cannot be read (%s) with no answers", error)
        problem = Problem(None, "invalid", "We could not read the answers in this message; they are "
                          "typed in by our team from the message itself.")
        return Extraction(kind="submission", fields=dict.fromkeys(config.form.keys), problems=[problem])
    if replying and ex.kind != "submission":
        ex = answers_in_reply(ex, config.form, config.limits) or ex
    return dataclasses.replace(ex, kind="submission")


def _reading(config: Config, s: Session, ex: Extraction, msg: Message, target: Submission | None
             ) -> VersionInput:
    fields = {k: ex.fields.get(k) for k in {*config.form.keys, *ex.fields}}
    found = [*validate(fields, config.form), *(p for p in ex.problems if p.field is None)]
    problems = [{"field": p.field, "code": p.code, "message": p.message} for p in found]
    v = VersionInput(fields=fields, problems=problems, source=ex.source, field_sources=dict(ex.field_sources),
                     message_row_id=msg.id, forwarded_by=ex.forwarded_by)
    return carry_over(latest_version(s, target), v, config.form) if target is not None else v


def _acknowledge(s: Session, config: Config, msg: Message, ex: Extraction, sub: Submission) -> Queued | None:
    from intake.replies import queue_acknowledgement

    return queue_acknowledgement(s, config, message=msg, extraction=ex, submission=sub, version=sub.version)
