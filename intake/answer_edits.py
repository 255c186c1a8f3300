"""Staff correct a mis-read answer: the corrected answers become a new version authored by that
member of staff (``SubmissionVersion.edited_by``), shown in the versions' difference and the
history; the submitter's own versions are never changed (:func:`store.decisions.correct_answers`).

The corrected reading is checked against the form again (word limits, required answers, the
email address). Problems about the message as a whole (an attachment that could not be read, a
message filed by hand) are settled by staff typing the answers in, so they are not carried over.
"""

from __future__ import annotations

from sqlmodel import Session

from intake.config import Config
from parsers import validate
from store.decisions import correct_answers
from store.models import SubmissionVersion
from store.queue import QueueError, VersionInput, get_by_reference, latest_version

EDITED_PREFIX = "edited:"
"""``field_sources`` value of an answer staff typed: ``edited:<their address>``."""
MAX_ANSWER = 40_000


def changed_answers(config: Config, current: SubmissionVersion, answers: dict[str, str]
                    ) -> dict[str, str | None]:
    """The answers in ``answers`` (form key -> text as typed) that differ from ``current``'s,
    stripped, an empty one as ``None``. Raises :class:`QueueError` for a key the form does not
    have and the version does not hold, or an answer over :data:`MAX_ANSWER` characters."""
    out: dict[str, str | None] = {}
    for key, text in answers.items():
        if key not in config.form.keys and key not in current.fields:
            raise QueueError(f"the form has no question {key!r}; expected one of "
                             f"{', '.join(config.form.keys)}")
        if len(text) > MAX_ANSWER:
            raise QueueError(f"the answer to {key} is longer than {MAX_ANSWER:,} characters")
        value = text.replace("\r\n", "\n").strip() or None
        if value != _stripped(current.fields.get(key)):
            out[key] = value
    return out


def _stripped(value: object) -> str | None:
    return (str(value).strip() or None) if value is not None else None


def corrected_reading(config: Config, current: SubmissionVersion, changes: dict[str, str | None], *,
                      actor: str) -> VersionInput:
    """``current``'s answers with ``changes`` applied, typed by ``actor``, checked again."""
    fields = {**current.fields, **changes}
    sources = {**current.field_sources, **{k: f"{EDITED_PREFIX}{actor}" for k in changes}}
    problems = [{"field": p.field, "code": p.code, "message": p.message}
                for p in validate(fields, config.form)]
    return VersionInput(fields=fields, problems=problems, source=current.source, field_sources=sources,
                        message_row_id=None, forwarded_by=current.forwarded_by, edited_by=actor)


def correct(session: Session, config: Config, reference: str, answers: dict[str, str], *, actor: str,
            note: str | None = None) -> SubmissionVersion:
    """Record ``answers`` (form key -> corrected text; unchanged ones are ignored) on submission
    ``reference`` as a new version by ``actor``, in the caller's transaction. Raises
    :class:`QueueError` for an unknown reference or question, or when nothing changed."""
    sub = get_by_reference(session, reference)
    current = latest_version(session, sub)
    changes = changed_answers(config, current, answers)
    if not changes:
        raise QueueError(f"Nothing changed: the answers are as in version {current.version} of "
                         f"{sub.reference}.")
    return correct_answers(session, sub, corrected_reading(config, current, changes, actor=actor),
                           actor=actor, note=note)
