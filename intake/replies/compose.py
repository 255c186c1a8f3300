"""Composing replies: Jinja2 templates (text + HTML alternative) and the RFC 5322 bytes.

Templates live in ``intake/templates/email/<name>.txt.j2`` and ``<name>.html.j2``; a file of the
same name in ``replies.templates_dir`` replaces the packaged one. Headers are built only from
strings cleaned by :func:`~intake.replies.headers.header_text`, and the finished bytes are read
back to prove that no submitter text added a header.
"""

from __future__ import annotations

import email.policy
import functools
import itertools
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from email.charset import QP, Charset
from email.header import Header
from email.headerregistry import Address
from email.parser import BytesHeaderParser
from email.utils import format_datetime, formataddr, make_msgid
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2

from intake.replies.errors import ReplyError
from intake.replies.headers import header_text, msgids
from parsers import count_words  # the one documented counting rule
from parsers.schema import FieldSpec, FormSchema
from store.models import utcnow

if TYPE_CHECKING:
    from intake.config import Config
    from parsers.models import Problem

TEMPLATE_NAMES = ("acknowledgement", "question", "failure_notice", "staff", "answer")
_REPLY_PREFIX = re.compile(r"^\s*((re|aw|sv|antw|ref)\s*(\[\d+\])?\s*:\s*)+", re.IGNORECASE)
_WORD = re.compile(r"\S+")
_NEWLINE = re.compile(r"\r\n|\r|\n")
_BASE_HEADERS = {"from", "to", "subject", "date", "message-id", "auto-submitted",
                 "x-auto-response-suppress", "mime-version", "content-type"}


@dataclass(frozen=True)
class Composed:
    """A finished email: ``raw`` is the complete message with CRLF line ends."""

    to_addr: str
    subject: str
    message_id: str
    raw: bytes


@dataclass(frozen=True)
class FieldRow:
    """One answer as shown in an acknowledgement. ``value`` is ``None`` when no answer was found;
    ``shortened`` says the value was cut to the preview length; ``max_words`` is ``None`` when
    the field has no limit."""

    key: str
    label: str
    value: str | None
    words: int
    max_words: int | None
    shortened: bool

    @property
    def over(self) -> bool:
        return self.max_words is not None and self.words > self.max_words


def shorten(text: str, max_words: int) -> tuple[str, bool]:
    """The first ``max_words`` words of ``text`` (paragraph breaks kept) and whether it was cut."""
    # Only the words up to the cut are looked for (an answer may run to many times the preview).
    matches = list(itertools.islice(_WORD.finditer(text), max_words + 1))
    if len(matches) <= max_words:
        return text.strip(), False
    return text[: matches[max_words - 1].end()].strip() + " …", True


def short_name(spec: FieldSpec) -> str:
    """A short lower-case name for a field in a sentence ("summary", "job title"): its key in
    words when the label or an alias says the same, else its label without a bracketed note
    such as "(max 50 words)"."""
    if spec.kind == "email":
        return "email address"
    label = _bare_label(spec)
    words = spec.key.replace("_", " ").strip()
    name = words if words.lower() in {n.lower() for n in (label, *spec.aliases)} else label
    return name if name.isupper() else name[:1].lower() + name[1:]


def problem_text(config: Config, problem: Problem | dict[str, Any], fields: dict[str, str | None], *,
                 reply: bool = True) -> str:
    """What the sender should do about ``problem`` (a :class:`~parsers.models.Problem` or its stored
    dict), in one or two sentences from the template ``problem.txt.j2``; ``reply``: the sender can
    answer this email (an acknowledgement). A problem stored before problems had ``params`` is
    phrased from the form and the answers; raises :class:`ReplyError` for a broken template."""
    stored = problem.to_json() if not isinstance(problem, dict) else problem
    key = stored.get("field")
    spec = config.form.get(key) if key else None
    params: dict[str, Any] = dict(stored.get("params") or {})
    value = fields.get(key) if key else None
    context: dict[str, Any] = dict.fromkeys(("words", "limit", "value", "reason", "filename", "advice",
                                             "size_kb", "limit_kb"), "")
    context.update(params)
    context.update(code=stored.get("code", ""), message=stored.get("message") or "", reply=reply,
                   label=_bare_label(spec) if spec else params.get("label", ""),
                   name=short_name(spec) if spec else "",
                   plural=spec is not None and _plural(short_name(spec)))
    if spec is not None:
        context["limit"] = params.get("limit") or spec.max_words or ""
        context["words"] = params.get("words") or count_words(value)
        context["value"] = params.get("value") or (value or "").strip()
    text = _render_one(environment(config), "problem.txt.j2", context)
    return " ".join(text.split())


def _plural(name: str) -> bool:
    return name.endswith("s") and not name.endswith("ss")


def _bare_label(spec: FieldSpec) -> str:
    return re.sub(r"\s*\([^)]*\)\s*", " ", spec.label).strip() or spec.label


def field_rows(form: FormSchema, fields: dict[str, str | None], preview_words: int) -> list[FieldRow]:
    """The answers in form order, long ones shortened to ``preview_words`` words."""
    rows = []
    for spec in form.fields:
        value = fields.get(spec.key)
        short, cut = shorten(value, preview_words) if value else (None, False)
        rows.append(FieldRow(spec.key, _bare_label(spec), short, count_words(value), spec.max_words, cut))
    return rows


def reply_subject(original: str | None, reference: str | None = None) -> str:
    """``Re: <original subject> [CS-2026-0007]``: one "Re:", the reference once, on one line."""
    subject = header_text(original, max_len=180)
    if reference:
        subject = header_text(subject.replace(f"[{reference}]", ""), max_len=180)
    subject = _REPLY_PREFIX.sub("", subject).strip() or "Your case study"
    tail = f" [{header_text(reference, max_len=40)}]" if reference else ""
    return f"Re: {subject}{tail}"


def environment(config: Config) -> jinja2.Environment:
    """Templates from ``replies.templates_dir`` first, then the packaged ones."""
    return _environment(config.replies.templates_dir)


@functools.lru_cache(maxsize=8)
def _environment(templates_dir: Path | None) -> jinja2.Environment:
    # One environment per template folder: Jinja caches compiled templates inside it, and
    # building a new one per message recompiled every template (14 of 37 s of a 300-message import).
    loaders: list[jinja2.BaseLoader] = []
    if templates_dir is not None:
        loaders.append(jinja2.FileSystemLoader(str(templates_dir)))
    loaders.append(jinja2.PackageLoader("intake", "templates/email"))
    return jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders), undefined=jinja2.StrictUndefined,
        autoescape=jinja2.select_autoescape(enabled_extensions=("html.j2",), default_for_string=False),
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
    )


def render(config: Config, name: str, context: dict[str, Any]) -> tuple[str, str]:
    """The text and HTML bodies of template ``name``; raises :class:`ReplyError` naming the
    template when one is missing or broken."""
    env = environment(config)
    return _render_one(env, f"{name}.txt.j2", context), _render_one(env, f"{name}.html.j2", context)


def _render_one(env: jinja2.Environment, filename: str, context: dict[str, Any]) -> str:
    try:
        return env.get_template(filename).render(context)
    except jinja2.TemplateError as err:
        raise ReplyError(f"email template {filename}: {err.message or type(err).__name__}") from err


def build(config: Config, *, to_addr: str, to_name: str, subject: str, text: str, html: str,
          in_reply_to: str | None = None, references: Sequence[str] = (),
          now: datetime | None = None, automatic: bool = True) -> Composed:
    """The complete reply. Every header value is cleaned text; ``in_reply_to`` and ``references``
    keep only well-formed message ids (the last ten references). ``automatic`` is True for mail
    the worker writes by itself (acknowledgements, "how to submit"): only that carries
    ``Auto-Submitted: auto-replied``; an email a member of staff chose to send omits the header
    (RFC 3834 section 5: its absence means "no"). Raises :class:`ReplyError` when an address
    cannot be written or the result has a header we did not set.

    The bytes are those the stdlib's compat32 generator writes for a ``multipart/alternative`` of
    two UTF-8 quoted-printable text parts, put together here from the same pieces (the policy's
    header folding, the charset's body encoding): the generator's walk over message objects cost
    most of the CPU of composing (a poll builds one acknowledgement per message)."""
    domain = config.smtp.from_addr.rsplit("@", 1)[-1]
    sender = _address(header_text(config.smtp.from_name, max_len=120), config.smtp.from_addr)
    recipient = _address(header_text(to_name, max_len=120), to_addr)
    parts = [_text_part(text, "plain"), _text_part(html, "html")]
    boundary = _boundary(parts)
    subject = header_text(subject, max_len=250)
    message_id = make_msgid(domain=domain)
    # Non-ASCII as RFC 2047 encoded words, folded.
    encoded = subject if subject.isascii() else Header(subject, "utf-8", header_name="Subject").encode()
    headers = [("Content-Type", f'multipart/alternative; boundary="{boundary}"'), ("MIME-Version", "1.0"),
               ("From", formataddr((sender.display_name, sender.addr_spec), charset="utf-8")),
               ("To", formataddr((recipient.display_name, recipient.addr_spec), charset="utf-8")),
               ("Subject", encoded),
               ("Date", format_datetime(now or utcnow())), ("Message-ID", message_id)]
    expected = set(_BASE_HEADERS)
    parent = msgids(in_reply_to)[:1]
    if parent:
        earlier = dict.fromkeys(r for r in msgids(" ".join(references)) if r != parent[0])
        chain = list(earlier)[-9:] + parent
        headers += [("In-Reply-To", parent[0]), ("References", " ".join(chain))]
        expected |= {"in-reply-to", "references"}
    if automatic:
        headers.append(("Auto-Submitted", "auto-replied"))  # RFC 3834 section 5
    else:
        expected.discard("auto-submitted")
    headers.append(("X-Auto-Response-Suppress", "All"))  # asks Exchange not to answer with an out-of-office
    dash = b"--" + boundary.encode()  # RFC 2046 5.1.1: blank line, parts between delimiters, close
    raw = (_header_block(headers) + b"\r\n" + dash + b"\r\n" + (b"\r\n" + dash + b"\r\n").join(parts)
           + b"\r\n" + dash + b"--\r\n")
    _check_headers(raw, expected)
    return Composed(to_addr=to_addr, subject=subject, message_id=message_id, raw=raw)


_WIRE = email.policy.compat32.clone(linesep="\r\n")
_UTF8_QP = Charset("utf-8")
_UTF8_QP.body_encoding = QP
_LINE = _WIRE.max_line_length or 78
_PART_HEADERS = {subtype: _WIRE.fold_binary("Content-Type", f'text/{subtype}; charset="utf-8"')
                 + _WIRE.fold_binary("Content-Transfer-Encoding", "quoted-printable") + b"\r\n"
                 for subtype in ("plain", "html")}


@functools.lru_cache(maxsize=256)
def _address(display_name: str, addr_spec: str) -> Address:
    """The checked address (our own From comes back at every reply; cached). Raises
    :class:`ReplyError` when ``addr_spec`` is not one address."""
    try:  # Address refuses what is not one address (the check; compat32 writes no such objects)
        return Address(display_name=display_name, addr_spec=addr_spec)
    except (ValueError, IndexError) as err:
        raise ReplyError(f"cannot address a reply to {addr_spec!r}: {err}") from err


def _header_block(headers: list[tuple[str, str]]) -> bytes:
    """The header lines as the policy writes them: a short ASCII line as it is, any other folded
    (and encoded) by the policy."""
    out = []
    for name, value in headers:
        if value.isascii() and len(name) + len(value) + 2 <= _LINE and "\n" not in value \
                and "\r" not in value:
            out.append(f"{name}: {value}\r\n".encode("ascii"))
        else:
            out.append(_WIRE.fold_binary(name, value))
    return b"".join(out)


def _text_part(body: str, subtype: str) -> bytes:
    """A UTF-8 quoted-printable text part, headers and body (the top level alone says
    MIME-Version), with CRLF line ends."""
    encoded = _UTF8_QP.body_encode(body) or ""
    return _PART_HEADERS[subtype] + _NEWLINE.sub("\r\n", encoded).encode("ascii")


def _boundary(parts: list[bytes]) -> str:
    """A multipart boundary that no line of ``parts`` holds (quoted-printable text cannot hold
    ``==``, so the first try is kept unless something changes that)."""
    while True:
        boundary = "=" * 15 + f"{secrets.randbelow(10 ** 19):019d}" + "=="
        if not any(boundary.encode() in part for part in parts):
            return boundary


def _check_headers(raw: bytes, expected: set[str]) -> None:
    """Read ``raw``'s headers back (up to the first empty line, where a reader's end too): any
    header we did not set means submitter text escaped its header."""
    end = raw.find(b"\r\n\r\n")
    parsed = BytesHeaderParser(policy=email.policy.compat32).parsebytes(raw if end < 0 else raw[:end + 4])
    names = [k.lower() for k in parsed.keys()]
    if set(names) != expected or len(names) != len(expected):
        raise ReplyError(f"refusing to queue a reply with unexpected headers: {sorted(names)}")
