"""The public API of ``parsers``: one message (or one bare file) in, one :class:`Extraction` out.

A message can hold the form in several places: the body (text or HTML rendition, or the body an
Outlook winmail.dat carries), each attached document (Word, .doc, OpenDocument, RTF, PDF, also
inside a winmail.dat), each forwarded message (attached as ``message/rfc822`` or forwarded
inline, with its own attachments). Each place is read into a candidate; the candidate with the
most answers wins (a document on a tie, so a Word form beats a covering note); headers and the
winner's yield decide whether the message is a submission at all (:mod:`parsers.classify`); a
submission's answers are then checked (:mod:`parsers.validate`).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from parsers.blocks import Block, Candidate, Para
from parsers.classify import content_reason, enough_fields, header_reason, is_list_post, looks_bulk
from parsers.errors import DocumentError, ParseError
from parsers.form.by_position import BY_POSITION, misfit, read_by_position
from parsers.form.fields import FieldResult, extract_fields, labelled_lines, may_sign
from parsers.form.labels import LabelMatcher
from parsers.mail.body_blocks import bounded_text, text_to_blocks
from parsers.mail.html_text import html_to_text
from parsers.mail.mime import MimePart, ParsedMessage, decode_bytes, parse_message
from parsers.mail.replies import MAX_FORWARD_DEPTH, ForwardedText, SplitBody, split_body
from parsers.models import AttachmentInfo, Extraction, Problem
from parsers.schema import DEFAULT_SCHEMA, FormSchema, Limits
from parsers.validate import validate

if TYPE_CHECKING:  # the readers of attachments are loaded by the first message that has one
    from parsers.mail import tnef

log = logging.getLogger("parsers.extract")

_EML_EXT = (".eml", ".msg822", ".mht", ".mhtml", ".mbox")
_TEXT_EXT = (".txt", ".text", ".md")
_HTML_EXT = (".html", ".htm")


@dataclass(frozen=True)
class ReadOptions:
    """What every candidate of one message (or file) is read with, passed along as one object.

    ``matcher`` is built once from ``schema`` (:meth:`for_form`). ``prefix`` starts each
    candidate's source: ``""`` for the message itself, ``"forwarded:"`` inside a forwarded one.
    """

    schema: FormSchema
    limits: Limits
    matcher: LabelMatcher
    prefix: str = ""

    @classmethod
    def for_form(cls, schema: FormSchema, limits: Limits) -> ReadOptions:
        """Options for reading ``schema``'s form within ``limits``, outside any forward."""
        return cls(schema, limits, LabelMatcher.for_schema(schema))

    def forwarded(self) -> ReadOptions:
        """The same options for the candidates of a forwarded message."""
        return replace(self, prefix="forwarded:")

    def names_form(self, text: str) -> bool:
        """True when a line of a document's ``text`` starts with one of the form's labels."""
        return labelled_lines(text, self.matcher)


@dataclass
class _Read:
    """A candidate and what it yielded. ``from_name``/``from_addr`` name who wrote it."""

    candidate: Candidate
    result: FieldResult
    from_name: str | None = None
    from_addr: str | None = None
    unfit: str | None = None
    """Why numbered answers found here could not be read by position (staff read them)."""


@dataclass
class _Gathered:
    reads: list[_Read] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def extract_message(raw: bytes, schema: FormSchema = DEFAULT_SCHEMA, limits: Limits = Limits()) -> Extraction:
    """Read one RFC 5322 message. Raises :class:`ParseError` only when the message as a whole is
    unreadable; a bad attachment becomes a problem with code ``"attachment"``."""
    msg = parse_message(raw, limits)
    out = _envelope(msg, limits)
    reason = header_reason(msg)
    relayed = reason == "bulk" and is_list_post(msg)
    out.auto_reply = reason is not None and not relayed
    if reason is not None and not relayed:
        log.info("message %s is not a submission: %s", msg.message_id, reason)
        return _not_submission(out, schema, reason)
    gathered = _Gathered()
    _gather_message(msg, ReadOptions.for_form(schema, limits), gathered)
    decided = _decide(out, gathered, schema, msg)
    if relayed and decided.kind != "submission":
        # A list's own post that is no form (a newsletter, a discussion): bulk, as the headers say.
        decided.reason, decided.auto_reply = "bulk", True
    return decided


def extract_file(data: bytes, filename: str, schema: FormSchema = DEFAULT_SCHEMA,
                 limits: Limits = Limits()) -> Extraction:
    """Read a bare file: an .eml message, a Word/ODT/RTF/PDF document, a .txt or .html form.
    Raises :class:`ParseError` when the file cannot be read or is of a type we do not read."""
    name = filename.rsplit("/", 1)[-1]
    lower = name.lower()
    if lower.endswith(_EML_EXT) or (not lower.endswith(_TEXT_EXT) and _looks_like_message(data)):
        return extract_message(data, schema, limits)
    if len(data) > limits.max_attachment_bytes:
        raise ParseError(f"{name} is {len(data)} bytes; the limit is {limits.max_attachment_bytes}")
    opts = ReadOptions.for_form(schema, limits)
    if lower.endswith(_TEXT_EXT) or lower.endswith(_HTML_EXT):
        text = decode_bytes(data, None, html=lower.endswith(_HTML_EXT))
        if lower.endswith(_HTML_EXT):
            text = html_to_text(text, limits.max_text_chars)
        blocks = text_to_blocks(split_body(bounded_text(text, limits)).new_text)
        gathered = _Gathered([_Read(Candidate("body", blocks), _fields(blocks, opts, ()))])
    else:
        gathered = _bare_document(name, data, opts)
    return _decide(Extraction(kind="submission", fields={}), gathered, schema, None)


def _bare_document(name: str, data: bytes, opts: ReadOptions) -> _Gathered:
    """The candidates of a bare document: the document itself, or every document and the message
    body a winmail.dat carries. Raises :class:`ParseError` when none of them can be read."""
    problems = _Gathered()
    items = _expand(MimePart(name, "application/octet-stream", data), opts.limits, problems)
    if problems.problems:
        raise ParseError(problems.problems[0].message)
    gathered = _Gathered()
    first_error: DocumentError | None = None
    for item in items:
        if item.body:
            gathered.reads.extend(_tnef_body_reads(item, None, opts))
            continue
        try:
            blocks = _read_document(item.name, item.content_type, item.data, opts)
        except DocumentError as err:
            first_error = first_error or err
            continue
        if blocks is not None:
            source = f"attachment:{name}" if item.name == name else f"attachment:{name}/{item.name}"
            cand = Candidate(source, blocks, is_document=True)
            gathered.reads.append(_Read(cand, _fields(blocks, opts, ())))
    if gathered.reads:
        return gathered
    if first_error is not None:
        raise first_error
    raise ParseError(f"{name}: not a file type that can be read (send .eml, .docx, .doc or .txt)")


def _looks_like_message(data: bytes) -> bool:
    head = data[:2048].lstrip().split(b"\n", 1)[0]
    if head.startswith((b"PK", b"{\\rtf", b"%PDF")) or b":" not in head:
        return False
    return head.split(b":", 1)[0].strip().replace(b"-", b"").isalnum()


def _envelope(msg: ParsedMessage, limits: Limits) -> Extraction:
    out = Extraction(kind="submission", fields={})
    out.message_id, out.subject = msg.message_id, msg.subject
    out.from_name, out.from_addr = msg.from_name, msg.from_addr
    out.in_reply_to, out.references = msg.in_reply_to, list(msg.references)
    out.text_body, out.html_body = msg.text_body, msg.html_body
    out.attachments = [
        AttachmentInfo(p.filename, p.content_type, len(p.data),
                       p.data if len(p.data) <= limits.max_attachment_bytes else None)
        for p in msg.attachments
    ]
    return out


def _not_submission(out: Extraction, schema: FormSchema, reason: str) -> Extraction:
    out.kind = "not_submission"
    out.fields = {k: None for k in schema.keys}
    out.problems = []
    out.source = None
    out.field_sources = {}
    out.reason = reason
    return out


# --- candidates ---------------------------------------------------------------------------------

def _gather_message(msg: ParsedMessage, opts: ReadOptions, gathered: _Gathered) -> None:
    """Read every candidate of ``msg`` into ``gathered``."""
    splits = [split_body(text, msg.subject) for text in _renditions(msg, opts.limits)]
    body = _body_read(msg, splits, opts)
    if body is not None:
        gathered.reads.append(body)
    forwards = next((s.forwarded for s in splits if s.forwarded), [])
    gathered.reads.extend(_forward_reads(forwards, opts))
    for part in msg.attachments:
        if part.content_type in ("message/rfc822", "message/global"):
            continue
        _gather_attachment(part, msg, opts, gathered)
    for inner in msg.forwarded:
        _gather_message(inner, opts.forwarded(), gathered)



def _forward_reads(forwards: list[ForwardedText], opts: ReadOptions, depth: int = 0) -> list[_Read]:
    """A candidate for each message forwarded inline in a body, read as written by its author;
    a forward of a forward adds the message forwarded inside it too (down to a fixed depth)."""
    reads = []
    prefix = opts.prefix
    for fwd_text in forwards:
        blocks = text_to_blocks(fwd_text.text)
        cand = Candidate(f"forwarded:{prefix}body" if not prefix else f"{prefix}body", blocks)
        res = _fields(blocks, opts, (fwd_text.from_name or "",))
        reads.append(_Read(cand, res, fwd_text.from_name, fwd_text.from_addr))
        if fwd_text.forwarded and depth < MAX_FORWARD_DEPTH:
            reads.extend(_forward_reads(fwd_text.forwarded, opts, depth + 1))
    return reads


def _fields(blocks: list[Block], opts: ReadOptions, signers: tuple[str, ...]) -> FieldResult:
    """Answers in ``blocks``; read again with the submitter's own name as a signer when the form
    gives one (a signature may start with it)."""
    result = extract_fields(blocks, opts.schema, signers=signers, matcher=opts.matcher)
    name = result.fields.get("name")
    if name and len(name.split()) <= 5 and name not in signers and may_sign(result, name):
        result = extract_fields(blocks, opts.schema, signers=(*signers, name), matcher=opts.matcher)
    return result


def _body_read(msg: ParsedMessage, splits: list[SplitBody], opts: ReadOptions) -> _Read | None:
    """The better of the text and HTML renditions of the body (more answers; text on a tie)."""
    signers = (msg.from_name or "",)
    best: _Read | None = None
    for split in splits:
        blocks = text_to_blocks(split.new_text)
        res = _fields(blocks, opts, signers)
        source = f"{opts.prefix}body"
        if not enough_fields(res.found, len(opts.schema.fields)):
            # "1. Jane Smith / 2. Head of Libraries / ...": answers numbered without labels.
            by_position = read_by_position(split.new_text, opts.schema)
            local = re.sub(r"[._-]+", " ", (msg.from_addr or "").partition("@")[0])
            unfit = None if by_position is not None else misfit(split.new_text, opts.schema,
                                                                 (msg.from_name or "", local))
            if by_position is not None:
                res = FieldResult(fields=by_position, labels=set())
                source = f"{opts.prefix}body {BY_POSITION}"
            elif unfit is not None and best is None:
                best = _Read(Candidate(f"{opts.prefix}body {BY_POSITION}", blocks), res, msg.from_name,
                             msg.from_addr, unfit)
                continue
        if best is None or res.found > best.result.found:
            best = _Read(Candidate(source, blocks), res, msg.from_name, msg.from_addr)
    return best


def _renditions(msg: ParsedMessage, limits: Limits) -> list[str]:
    """The body as text: the text/plain part, then the HTML part rendered (either may be absent)."""
    out = []
    if msg.text_body and msg.text_body.strip():
        out.append(bounded_text(msg.text_body, limits))
    if msg.html_body and msg.html_body.strip():
        out.append(bounded_text(html_to_text(msg.html_body, limits.max_text_chars), limits))
    return out


def _gather_attachment(part: MimePart, msg: ParsedMessage, opts: ReadOptions, gathered: _Gathered) -> None:
    limits = opts.limits
    if len(part.data) > limits.max_attachment_bytes:
        size_kb, limit_kb = len(part.data) // 1024, limits.max_attachment_bytes // 1024
        gathered.problems.append(Problem(None, "attachment", (
            f"{part.filename}: {size_kb} KB, over the limit of {limit_kb} KB"),
            {"filename": part.filename, "size_kb": size_kb, "limit_kb": limit_kb}))
        return
    for item in _expand(part, limits, gathered):
        if item.body:
            # Outlook's "Rich Text" mail: the body (often the form itself) is inside winmail.dat.
            gathered.reads.extend(_tnef_body_reads(item, msg, opts))
            continue
        name, ctype, data = item.name, item.content_type, item.data
        try:
            blocks = _read_document(name, ctype, data, opts)
        except DocumentError as err:
            log.warning("message %s: attachment %s unreadable: %s", msg.message_id, name, err.reason)
            gathered.problems.append(_unreadable(err))
            continue
        # A Word/ODT/RTF/PDF form is not a letter: the sender's name in it is an answer, never a
        # signature. A .txt or .html attachment is read like a body, signature and all.
        signers: tuple[str, ...] = ()
        if blocks is None:
            blocks = _text_attachment(name, ctype, data, opts, gathered)
            signers = (msg.from_name or "",)
        if blocks is None:
            continue
        cand = Candidate(f"{opts.prefix}attachment:{name}", blocks, is_document=True)
        res = _fields(blocks, opts, signers) if signers else \
            extract_fields(blocks, opts.schema, matcher=opts.matcher)
        gathered.reads.append(_Read(cand, res, msg.from_name, msg.from_addr))


def _text_attachment(name: str, ctype: str, data: bytes, opts: ReadOptions,
                     gathered: _Gathered) -> list[Block] | None:
    """Blocks of an attached .txt or .html form; an attached .eml is read as a forwarded message
    (added to ``gathered``, ``None`` returned). ``None`` for anything else."""
    lower, ctype, limits = name.lower(), ctype.lower(), opts.limits
    if lower.endswith(_EML_EXT[:1]) and not opts.prefix:
        try:
            inner = parse_message(data, limits)
        except ParseError:
            return None
        _gather_message(inner, opts.forwarded(), gathered)
        return None
    is_html = ctype == "text/html" or lower.endswith(_HTML_EXT)
    if not (is_html or ctype == "text/plain" or lower.endswith(_TEXT_EXT)):
        return None
    text = decode_bytes(data[: limits.max_text_chars], None, html=is_html)
    if is_html:
        text = html_to_text(text, limits.max_text_chars)
    return text_to_blocks(split_body(bounded_text(text, limits)).new_text)


def _tnef_body_reads(item: tnef.Expanded, msg: ParsedMessage | None, opts: ReadOptions) -> list[_Read]:
    """The message body a winmail.dat carries, read as a body (quoted replies and signatures
    left out, inline forwards read as forwarded) rather than as an attached document."""
    text = _tnef_body_text(item, opts.limits, msg.message_id if msg else None)
    if not text.strip():
        return []
    split = split_body(text, msg.subject if msg else None)
    blocks = text_to_blocks(split.new_text)
    signers = (msg.from_name or "",) if msg else ()
    read = _Read(Candidate(f"{opts.prefix}body", blocks), _fields(blocks, opts, signers),
                 msg.from_name if msg else None, msg.from_addr if msg else None)
    return [read, *_forward_reads(split.forwarded, opts)]


def _tnef_body_text(item: tnef.Expanded, limits: Limits, message_id: str | None) -> str:
    """A winmail.dat body rendition as plain text; "" when its RTF cannot be read."""
    if item.name.lower().endswith(".rtf"):
        from parsers.documents import rtf

        try:
            return bounded_text(rtf.rtf_body_text(item.name, item.data, limits), limits)
        except DocumentError as err:
            log.warning("message %s: winmail.dat body %s unreadable: %s", message_id, item.name, err.reason)
            return ""
    text = decode_bytes(item.data[: limits.max_text_chars], None, html=item.content_type == "text/html")
    if item.content_type == "text/html":
        text = html_to_text(text, limits.max_text_chars)
    return bounded_text(text, limits)


def _expand(part: MimePart, limits: Limits, gathered: _Gathered) -> list[tnef.Expanded]:
    from parsers.mail import tnef

    try:
        return tnef.expand_parts(part.filename, part.content_type, part.data, limits)
    except DocumentError as err:
        gathered.problems.append(_unreadable(err))
        return []


def _unreadable(err: DocumentError) -> Problem:
    """The problem of an attached document that could not be read (the reader's reason and advice)."""
    return Problem(None, "attachment", f"{err.filename} could not be read: {err.reason}",
                   {"filename": err.filename, "reason": err.reason, "advice": err.advice})


def _read_document(name: str, ctype: str, data: bytes, opts: ReadOptions) -> list[Block] | None:
    """The document's blocks, the first ``max_text_lines`` of them (a form is a few hundred; each
    costs the form reader a look, and 20,000 one-cell tables took seconds); ``None`` for a type no
    reader takes."""
    from parsers.documents import formats

    limits = opts.limits
    try:
        blocks = formats.read_document(name, ctype, data, limits, names_form=opts.names_form)
    except DocumentError:
        raise
    except Exception as err:  # noqa: BLE001 - the per-attachment boundary: one file never loses a message
        # A reader failing on one file must not lose the message: report the file as unreadable.
        log.exception("reader failed on %s", name)
        raise DocumentError(name, f"unexpected reader error ({type(err).__name__})",
                            "Please send the form as a .docx file, or paste it into the email.") from err
    if blocks is not None and len(blocks) > limits.max_text_lines:
        log.info("%s: %d blocks, the first %d read", name, len(blocks), limits.max_text_lines)
        return blocks[: limits.max_text_lines]
    return blocks


# --- decision -----------------------------------------------------------------------------------

def _rank(read: _Read) -> tuple[int, int, int]:
    return (read.result.found, 1 if read.candidate.is_document else 0, len(read.result.labels))


def _decide(out: Extraction, gathered: _Gathered, schema: FormSchema,
            msg: ParsedMessage | None) -> Extraction:
    """Choose the best candidate; classify; validate a submission."""
    best = max(gathered.reads, key=_rank) if gathered.reads else None
    found = best.result.found if best else 0
    if best is None or not enough_fields(found, len(schema.fields)):
        unfit = next((r for r in gathered.reads if r.unfit), None)
        if unfit is not None:
            return _numbered_misfit(out, schema, unfit)
        return _too_few_answers(out, gathered, schema, best, msg)
    if found < len(schema.fields) - 1 and not best.candidate.is_document and looks_bulk(_text_of(best)):
        # A mailing that features a case study under form-like headings, sent without list headers.
        out.auto_reply = True
        return _not_submission(out, schema, "bulk")
    return _submission(out, gathered, schema, best, msg)


def _text_of(*reads: _Read) -> str:
    return "\n".join(b.text for r in reads for b in r.candidate.blocks if isinstance(b, Para))


def _too_few_answers(out: Extraction, gathered: _Gathered, schema: FormSchema, best: _Read | None,
                     msg: ParsedMessage | None) -> Extraction:
    """Not a form: a question, an auto-reply or a mailing; or a form in a document we could not read."""
    if gathered.problems and msg is not None:
        # A document was sent but could not be read: a submission the sender must resend.
        out.kind = "submission"
        out.fields = dict(best.result.fields) if best else {k: None for k in schema.keys}
        out.problems = list(gathered.problems)
        out.source = best.candidate.source if best and best.result.found else None
        return out
    text = _text_of(*gathered.reads)
    if not text.strip():
        return _not_submission(out, schema, "empty")
    reason = content_reason(text)
    out.auto_reply = reason in ("auto_reply", "bulk")
    return _not_submission(out, schema, reason)


def _numbered_misfit(out: Extraction, schema: FormSchema, read: _Read) -> Extraction:
    """Numbered answers that do not fit the form: a submission with nothing guessed (every field
    missing), each field's source saying "by position" and why, for staff to read."""
    out.kind = "submission"
    out.reason = None
    out.fields = {k: None for k in schema.keys}
    out.source = read.candidate.source
    out.field_sources = {k: f"{read.candidate.source}: not read, {read.unfit}" for k in schema.keys}
    out.warnings.append(f"Answers numbered without labels were not read: {read.unfit}.")
    out.problems = validate(out.fields, schema)
    return out


def _submission(out: Extraction, gathered: _Gathered, schema: FormSchema, best: _Read,
                msg: ParsedMessage | None) -> Extraction:
    out.kind = "submission"
    out.reason = None
    out.fields = {k: best.result.fields.get(k) for k in schema.keys}
    out.source = best.candidate.source
    out.field_sources = {k: best.candidate.source for k, v in out.fields.items() if v}
    if best.candidate.source.startswith("forwarded:") and msg is not None:
        # The submitter is the author of the forwarded message; the forwarder is recorded.
        out.forwarded_by = msg.from_addr
        if best.from_addr or best.from_name:
            out.from_name, out.from_addr = best.from_name, best.from_addr
    problems = validate(out.fields, schema)
    if any(p.code == "missing" for p in problems):
        # Answers are missing and a document could not be read: both go to the sender.
        problems = list(gathered.problems) + problems
    elif gathered.problems:
        out.warnings.extend(p.message for p in gathered.problems)
    out.problems = problems
    return out
