"""MIME boundary of ``parsers``: raw RFC 5322 bytes in, a typed :class:`ParsedMessage` out.

This is the only module that imports mail-parser (``mailparser``); it uses mail-parser's header
decoding and address recovery, and the stdlib ``email`` package (compat32, which tolerates more
broken mail than ``policy.default`` and is faster) for the tree. Every error either library raises
is turned into :class:`parsers.errors.ParseError`.

Limits are applied before anything is walked: the size cap before parsing, a cheap scan of the
raw bytes for the part count, then an iterative walk that stops at the depth cap (the stdlib's own
``walk()`` recurses, and 1,000 levels of nesting raise ``RecursionError``).

Large leaf bodies (an attached 25 MB report) are set aside before the stdlib sees the message
(:func:`_set_aside`): its feed parser keeps a body as a list of text lines and joins them, about
eight times the body's size at its peak. Each large body is replaced by a token line, and decoded
straight from the raw bytes (``binascii``, no copy of the encoded text) when its part is read.
"""

from __future__ import annotations

import binascii
import codecs
import email
import email.errors
import email.generator
import email.header
import email.message
import email.utils
import io
import logging
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from mailparser.exceptions import MailParserError
from mailparser.utils import decode_header_part, get_addresses

from parsers.errors import ParseError
from parsers.mail.addresses import address_pairs
from parsers.schema import Limits

log = logging.getLogger("parsers.mail")

# A line that may delimit a MIME part (RFC 2046 §5.1.1 bchars, then the closing "--" or padding); the
# boundary must hold a character other than "-" so that "-----" rules in a text are not counted.
_DELIMITER_RE = re.compile(rb"^--([0-9A-Za-z'()+_,./:=? -]{0,68}[0-9A-Za-z'()+_,./:=?])(?:--)?[ \t]*\r?$",
                           re.MULTILINE)
_MSGID_RE = re.compile(r"<[^<>\s]+>")
_SET_ASIDE_BYTES = 256 * 1024
"""A leaf body at least this long is set aside before parsing (smaller ones cost little)."""
_TOKEN = "x-intake-set-aside-body-"
_BOUNDARY_PARAM = re.compile(rb'boundary\s*=\s*"?([^";\r\n]{1,200})')
"""A boundary parameter, searched in the lower-cased head of a message (a case-insensitive pattern
is tried at every byte; a lower-case literal is found by a fast scan) and read from the message."""
_CONTAINER_TYPE = re.compile(rb"^content-type:\s*(?:multipart|message)/", re.I | re.M)
_LATIN1_ALIASES = {"iso-8859-1", "iso8859-1", "latin-1", "latin1", "l1", "iso_8859-1", "us-ascii",
                   "ascii", "iso-ir-100", "cp819", "ibm819", "windows-1252", "cp1252"}


# The stdlib splits parameters by re-slicing the rest of the header for each one: quadratic, and a
# Content-Type of 330,000 parameters never finished. A real one (RFC 2231 file names included) is
# well under this; past it, parameters are read up to the last ";" inside it.
_MAX_PARAMETER_HEADER = 8192
_PARAMETER_HEADERS = frozenset({"content-type", "content-disposition"})


class _BoundedMessage(email.message.Message):
    """A message whose Content-Type and Content-Disposition are read up to
    ``_MAX_PARAMETER_HEADER`` characters by every parameter lookup (the parser's included)."""

    def get(self, name: str, failobj: Any = None) -> Any:
        value = super().get(name, failobj)
        long = isinstance(value, str) and len(value) > _MAX_PARAMETER_HEADER
        if long and name.lower() in _PARAMETER_HEADERS:
            cut = value.rfind(";", 0, _MAX_PARAMETER_HEADER)
            value = value[: cut if cut > 0 else _MAX_PARAMETER_HEADER]
        return value


def message_from_bytes(raw: bytes) -> email.message.Message:
    """The stdlib's compat32 tree of ``raw``, with parameter headers bounded (see above)."""
    return email.message_from_bytes(raw, _class=_BoundedMessage)


@dataclass(frozen=True)
class MimePart:
    """A file that came with the message (an attachment, or an inline part that is not the body)."""

    filename: str
    content_type: str
    data: bytes


@dataclass
class _SetAside:
    """The large bodies cut out of a message before parsing, by token number, as views of the raw
    bytes (no copies)."""

    bodies: list[memoryview] = field(default_factory=list)

    def data(self, part: email.message.Message) -> bytes | None:
        """The decoded body of ``part`` when it was set aside; ``None`` otherwise."""
        payload = part.get_payload()
        if not self.bodies or not isinstance(payload, str) or not payload.startswith(_TOKEN):
            return None
        try:
            body = self.bodies[int(payload[len(_TOKEN):].strip())]
        except (ValueError, IndexError):
            return None
        cte = str(part.get("Content-Transfer-Encoding", "")).strip().lower()
        try:
            if cte == "base64":
                return binascii.a2b_base64(body)
            if cte == "quoted-printable":
                return binascii.a2b_qp(body)
        except (binascii.Error, ValueError):
            return b""
        return bytes(body)


@dataclass
class ParsedMessage:
    """The parts of one message that extraction needs.

    ``text_body``/``html_body`` are ``None`` when the message has no such rendition.
    ``forwarded`` holds the messages attached as ``message/rfc822`` (forward as attachment).
    ``is_report`` is True for ``multipart/report`` (delivery and read reports).
    """

    raw_headers: list[tuple[str, Any]] = field(default_factory=list, repr=False)
    """Every header as the parser holds it (RFC 2047 words not yet decoded), in order: most are
    never read, and decoding them all took a tenth of parsing a message."""
    subject: str | None = None
    from_name: str | None = None
    from_addr: str | None = None
    message_id: str | None = None
    in_reply_to: str | None = None
    references: list[str] = field(default_factory=list)
    text_body: str | None = None
    html_body: str | None = None
    attachments: list[MimePart] = field(default_factory=list)
    forwarded: list[ParsedMessage] = field(default_factory=list)
    is_report: bool = False
    content_type: str = "text/plain"

    _decoded: dict[int, str] = field(default_factory=dict, repr=False, compare=False)

    @property
    def headers(self) -> list[tuple[str, str]]:
        """Every header, decoded (RFC 2047 words, folding removed), in order."""
        return [(key, self._decode(i)) for i, (key, _) in enumerate(self.raw_headers)]

    def header(self, name: str) -> str | None:
        """The first header called ``name`` (case-insensitive), decoded; ``None`` when absent."""
        lname = name.lower()
        for i, (key, _) in enumerate(self.raw_headers):
            if key.lower() == lname:
                return self._decode(i)
        return None

    def _decode(self, index: int) -> str:
        """The header at ``index`` decoded, once."""
        text = self._decoded.get(index)
        if text is None:
            text = self._decoded[index] = _decode_header(self.raw_headers[index][1])
        return text


def parse_message(raw: bytes, limits: Limits = Limits()) -> ParsedMessage:
    """Parse ``raw``. Raises :class:`ParseError` when it is over ``limits``, has too many parts,
    or is not a message at all."""
    if len(raw) > limits.max_message_bytes:
        raise ParseError(f"message is {len(raw)} bytes; the limit is {limits.max_message_bytes}")
    _check_part_count(raw, limits)
    # Some stored messages begin with a line of spaces before the headers: drop leading blank lines.
    raw = raw.lstrip(b" \t\r\n")
    if not raw:
        raise ParseError("empty input: not an email message")
    aside = _SetAside()
    try:
        msg = message_from_bytes(_set_aside(raw, aside))
    except (RecursionError, MailParserError, email.errors.MessageError, ValueError, LookupError) as err:
        raise ParseError(f"cannot parse message: {err}") from err
    if not msg.keys():
        raise ParseError("not an email message: no headers found")
    try:
        return _build(msg, limits, aside, depth=0)
    except (email.errors.MessageError, UnicodeError, LookupError, ValueError, TypeError, AttributeError,
            IndexError, KeyError, AssertionError, RecursionError) as err:
        # Damaged MIME the stdlib trips over in a way not handled part by part.
        log.warning("message %s: cannot walk MIME tree: %r", msg.get("Message-ID"), err)
        raise ParseError(f"cannot read the message structure: {type(err).__name__}") from err


def _check_part_count(raw: bytes, limits: Limits) -> None:
    """Refuse a message whose delimiter lines alone exceed the part cap, before the parser builds a
    tree of them (50,000 parts take 38 s in the stdlib).

    Declared boundaries are not trusted to find them: a boundary can be split into RFC 2231
    continuations (``boundary*0=``) or declared after megabytes of header. Every line that could be
    a delimiter (RFC 2046 §5.1.1: ``--``, up to 70 boundary characters, optionally ``--``) is counted
    instead; a separator of dashes alone is not one.
    """
    cap = 2 * limits.max_mime_parts + 2
    if raw.count(b"\n--") <= cap:
        return
    lines = Counter(m.group(1) for m in _delimiter_lines(raw))
    # Each multipart opens and closes: a boundary seen twice or more is one multipart.
    multiparts = sum(1 for n in lines.values() if n >= 2)
    if multiparts > limits.max_mime_parts:
        raise ParseError(f"message declares {multiparts} multiparts; the limit is "
                         f"{limits.max_mime_parts} parts")
    if sum(lines.values()) > cap:
        raise ParseError(f"message has more than {limits.max_mime_parts} MIME parts")


def _delimiter_lines(raw: bytes) -> Iterator[re.Match[bytes]]:
    """Every line of ``raw`` that could delimit a MIME part (:data:`_DELIMITER_RE`), in order. Only
    the lines that begin with "--" are tried: the pattern run over the whole message tries every
    byte, and most of a large message is an attachment's base64."""
    at = 0 if raw.startswith(b"--") else _next_dashed_line(raw, 0)
    while at >= 0:
        found = _DELIMITER_RE.match(raw, at)
        if found is not None:
            yield found
        at = _next_dashed_line(raw, at)


def _next_dashed_line(raw: bytes, at: int) -> int:
    """Where the next line beginning with "--" after offset ``at`` starts; -1 when none does."""
    newline = raw.find(b"\n--", at)
    return newline + 1 if newline >= 0 else -1


def _set_aside(raw: bytes, aside: _SetAside) -> bytes:
    """``raw`` with every leaf body of a multipart longer than :data:`_SET_ASIDE_BYTES` replaced by a
    token line, the bodies kept in ``aside``. Multipart and message parts are never cut (their
    bodies are parsed); a message with no such body is returned as it is."""
    if len(raw) < _SET_ASIDE_BYTES:
        return raw
    head = raw[: 4 * 1024 * 1024]
    declared = {head[m.start(1):m.end(1)].strip() for m in _BOUNDARY_PARAM.finditer(head.lower())}
    if not declared:
        return raw
    view = memoryview(raw)
    chunks: list[bytes | memoryview] = []
    kept = 0
    # Only lines delimiting a declared boundary count: a text line such as "--Jo" is no delimiter.
    starts = [m.start() for m in _delimiter_lines(raw) if m.group(1) in declared]
    for here, after in zip(starts, starts[1:], strict=False):
        line_end = raw.find(b"\n", here, after)
        if line_end < 0:
            continue
        split = raw.find(b"\n\n", line_end, after)
        crlf = raw.find(b"\r\n\r\n", line_end, after)
        if crlf >= 0 and (split < 0 or crlf < split):
            body_start = crlf + 4
        elif split >= 0:
            body_start = split + 2
        else:
            continue
        body_end = after - (2 if raw[after - 2:after] == b"\r\n" else 1)
        if body_end - body_start < _SET_ASIDE_BYTES or _CONTAINER_TYPE.search(raw, line_end, body_start):
            continue
        chunks += [view[kept:body_start], f"{_TOKEN}{len(aside.bodies)}".encode()]
        aside.bodies.append(view[body_start:body_end])
        kept = body_end
    if not aside.bodies:
        return raw
    chunks.append(view[kept:])
    return b"".join(chunks)


def _build(msg: email.message.Message, limits: Limits, aside: _SetAside, depth: int) -> ParsedMessage:
    """Read headers and walk the tree of ``msg`` (a message at nesting level ``depth``)."""
    out = _headers(msg)
    out.content_type = msg.get_content_type()
    out.is_report = out.content_type == "multipart/report"
    _walk(msg, out, limits, aside, depth)
    return out


def _headers(msg: email.message.Message) -> ParsedMessage:
    # Each header is decoded when first read (the named ones below, the first of a name).
    out = ParsedMessage(raw_headers=msg.items())
    out.subject = out.header("Subject") or None
    name, addr = _first_address(msg.get("From"))
    out.from_name, out.from_addr = name, addr
    out.message_id = _first_msgid(out.header("Message-ID") or "")
    out.in_reply_to = _first_msgid(out.header("In-Reply-To") or "")
    out.references = _MSGID_RE.findall(out.header("References") or "")
    return out


def _decode_header(value: object) -> str:
    """A header value as text: RFC 2047 words decoded, folding removed; ``""`` when absent."""
    if value is None:
        return ""
    if isinstance(value, str) and "=?" not in value:
        # No encoded word: what decoding gives is the text in Unicode's NFC form (mail-parser's).
        text = unicodedata.normalize("NFC", value)
    else:
        try:
            text = decode_header_part(str(value) if not isinstance(value, email.header.Header) else value)
        except (MailParserError, email.errors.MessageError, ValueError, LookupError, TypeError):
            text = str(value)
    text = text.encode("utf-8", "replace").decode("utf-8")
    if "\n" in text or "\r" in text:
        text = _FOLDING.sub(" ", text)
    return text.strip()


_FOLDING = re.compile(r"\s*[\r\n]+\s*")


def _first_address(value: object) -> tuple[str | None, str | None]:
    """Display name and address of the first mailbox in ``value``; ``None`` for what is missing."""
    if value is None:
        return None, None
    try:
        pairs = get_addresses(str(value), decode_names=True)
    except (MailParserError, email.errors.MessageError, ValueError, TypeError, IndexError, LookupError):
        pairs = address_pairs(str(value))
    for name, addr in pairs:
        if addr or name:
            name = _decode_header(name).strip('"\' ') or None
            return name, (addr.strip() or None)
    return None, None


def _first_msgid(text: str) -> str | None:
    """The first ``<...>`` message id in decoded header ``text``, else the text itself; ``None``
    for an empty one."""
    found = _MSGID_RE.search(text)
    if found:
        return found.group(0)
    return text.strip() or None


def _walk(root: email.message.Message, out: ParsedMessage, limits: Limits, aside: _SetAside,
          depth: int) -> None:
    """Iterative depth-first walk of ``root`` filling ``out``; enforces the part and depth caps."""
    stack: list[tuple[email.message.Message, int]] = [(root, depth)]
    seen = 0
    texts: list[str] = []
    htmls: list[str] = []
    while stack:
        part, level = stack.pop()
        seen += 1
        if seen > limits.max_mime_parts:
            raise ParseError(f"message has more than {limits.max_mime_parts} MIME parts")
        if level > limits.max_mime_depth:
            raise ParseError(f"MIME nesting deeper than {limits.max_mime_depth} levels")
        ctype = part.get_content_type()
        if ctype in ("message/rfc822", "message/global") and not _is_attachment_without_body(part):
            _forwarded(part, out, limits, aside, level)
            continue
        if part.is_multipart():
            children = part.get_payload()
            if isinstance(children, list):
                stack.extend((c, level + 1) for c in reversed(children)
                             if isinstance(c, email.message.Message))
            continue
        _leaf(part, out, texts, htmls, aside)
    out.text_body = "\n\n".join(t for t in texts if t.strip()) or (texts[0] if texts else None)
    out.html_body = "\n".join(htmls) if htmls else None


def _is_attachment_without_body(part: email.message.Message) -> bool:
    payload = part.get_payload()
    return not payload


def _forwarded(part: email.message.Message, out: ParsedMessage, limits: Limits, aside: _SetAside,
               level: int) -> None:
    """A ``message/rfc822`` part: parse the inner message (also when it is base64-encoded)."""
    payload = part.get_payload()
    inner: email.message.Message | None = None
    inner_in_tree = False
    if isinstance(payload, list) and payload and isinstance(payload[0], email.message.Message):
        inner, inner_in_tree = payload[0], True
    else:
        data = part.get_payload(decode=True)
        if isinstance(data, bytes) and data.strip():
            try:
                inner = message_from_bytes(data.lstrip())
            except (RecursionError, ValueError, LookupError):
                inner = None
    if inner is None:
        return
    if level + 1 > limits.max_mime_depth:
        raise ParseError(f"MIME nesting deeper than {limits.max_mime_depth} levels")
    fwd = _build(inner, limits, aside if inner_in_tree else _SetAside(), level + 1)
    out.forwarded.append(fwd)
    name = _filename(part) or (fwd.subject or "forwarded message") + ".eml"
    try:
        data = as_bytes(inner)
    except (UnicodeError, LookupError, ValueError, TypeError):
        # The stdlib cannot re-serialise some damaged parts; keep what it can render.
        data = inner.as_string().encode("utf-8", "replace")
    out.attachments.append(MimePart(name, "message/rfc822", data))


class _LinesGenerator(email.generator.BytesGenerator):
    """The stdlib's byte generator writing each body with its line ends changed in one piece, where
    the stdlib writes every line and every line end apart (most of re-serialising a forwarded
    message): the same bytes."""

    def _write_lines(self, lines: str) -> None:
        if lines:
            # ``_NL``: the line end flatten() set for this message (typeshed leaves it out).
            self.write(_LINE_END.sub(self._NL, lines))  # type: ignore[attr-defined]


_LINE_END = re.compile(r"\r\n|\r|\n")
"""A line end as the stdlib's generator finds it (its ``NLCRE``)."""


def as_bytes(msg: email.message.Message) -> bytes:
    """``msg.as_bytes()``, the same bytes, written faster (:class:`_LinesGenerator`)."""
    out = io.BytesIO()
    _LinesGenerator(out, mangle_from_=False, policy=msg.policy).flatten(msg, unixfrom=False)
    return out.getvalue()


def _leaf(part: email.message.Message, out: ParsedMessage, texts: list[str], htmls: list[str],
          aside: _SetAside) -> None:
    """A single part: the body (text or HTML without a filename) or an attachment."""
    ctype = part.get_content_type()
    filename = _filename(part)
    disposition = (part.get_content_disposition() or "").lower()
    is_body_text = ctype in ("text/plain", "text/html") and not filename and disposition != "attachment"
    if is_body_text:
        text = decode_text_part(part, aside)
        if ctype == "text/plain":
            texts.append(text)
        else:
            htmls.append(text)
        return
    data = _payload_bytes(part, aside)
    if not data and not filename:
        return
    out.attachments.append(MimePart(filename or _default_name(ctype), ctype, data))


def _default_name(ctype: str) -> str:
    sub = ctype.split("/", 1)[-1] or "bin"
    return f"unnamed.{sub}"


def _filename(part: email.message.Message) -> str | None:
    """The attachment's file name (RFC 2231 and RFC 2047 decoded); ``None`` when it has none."""
    try:
        name = part.get_filename()
    except (email.errors.MessageError, ValueError, LookupError, TypeError, IndexError):
        name = None
    if not name:
        return None
    name = _decode_header(name)
    # Keep only the last path component: a name is never a path.
    name = re.split(r"[\\/]", name)[-1].strip()
    return name or None


def _payload_bytes(part: email.message.Message, aside: _SetAside | None = None) -> bytes:
    set_aside = aside.data(part) if aside is not None else None
    if set_aside is not None:
        return set_aside
    try:
        data = part.get_payload(decode=True)
    except (ValueError, LookupError, TypeError, AssertionError):
        data = None
    if isinstance(data, bytes):
        return data
    payload = part.get_payload()
    if isinstance(payload, str):
        return payload.encode("utf-8", "surrogateescape")
    return b""


def decode_text_part(part: email.message.Message, aside: _SetAside | None = None) -> str:
    """The text of a text/* part: transfer encoding undone, charset decoded (:func:`decode_bytes`;
    an HTML part without a declared charset by its own ``<meta charset>``), flowed text unflowed."""
    data = _payload_bytes(part, aside)
    ctype = part.get_content_type()
    text = decode_bytes(data, part.get_content_charset(), html=ctype == "text/html")
    if ctype == "text/plain":
        fmt = (part.get_param("format") or "")
        if isinstance(fmt, str) and fmt.lower() == "flowed":
            delsp = part.get_param("delsp") or ""
            text = unflow(text, delsp=isinstance(delsp, str) and delsp.lower() == "yes")
    return text


def decode_bytes(data: bytes, charset: str | None, *, html: bool = False) -> str:
    """Decode ``data`` declared as ``charset`` (``None``: undeclared); never raises. With ``html``,
    undeclared bytes are read by the charset the page declares (``<meta charset>``, the
    ``http-equiv`` Content-Type or an XML prolog's encoding), if any.

    Charset rules, for mail whose declaration is often not that of its bytes:

    * UTF-8, undeclared or unknown: read as UTF-8; bytes that are no UTF-8 are read as
      windows-1252 (windows-1252 text declared UTF-8, or a windows-1252 line pasted into UTF-8);
    * a single-byte charset (ISO-8859-*, windows-125*, KOI8, US-ASCII, ...): bytes that are valid
      UTF-8 and hold multi-byte sequences are UTF-8 mislabelled (a genuine Latin-1 text is not
      valid UTF-8: an accented letter followed by a plain one never is); else the charset, with
      ISO-8859-1 and US-ASCII read as windows-1252, their superset that senders mislabel;
    * any other charset as declared, falling back to UTF-8.
    """
    cs = (charset or "").strip().strip('"').lower()
    if not cs and html:
        cs = _html_charset(data)
    codec = _text_codec(cs)
    if codec == "utf-8":
        return data.decode("utf-8", _CP1252_BYTES)
    if cs in _LATIN1_ALIASES or _SINGLE_BYTE.match(codec):
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            return data.decode("cp1252" if cs in _LATIN1_ALIASES else codec, "replace")
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            return data.decode(codec, "replace")


def _text_codec(charset: str) -> str:
    """Python's name of the text codec ``charset`` names; ``"utf-8"`` for none, an unknown one or
    one that is no text encoding (``base64``)."""
    if not charset or charset in _UNKNOWN_CHARSETS:
        return "utf-8"
    try:
        codec = codecs.lookup(charset).name
        b"x".decode(codec)  # LookupError for a bytes-to-bytes codec
    except LookupError:
        return "utf-8"
    except UnicodeDecodeError:
        pass  # a text codec to which one byte is no text (UTF-16)
    return codec


_UNKNOWN_CHARSETS = {"unknown-8bit", "x-unknown", "8bit", "default"}
_SINGLE_BYTE = re.compile(r"^(?:iso8859-\d+|cp125\d|cp8\d\d|koi8-\w+|mac-[\w-]+|ascii|latin-1)$")
"""Python's names of the single-byte codecs a mail's charset names (see :func:`decode_bytes`)."""
_HTML_CHARSET = re.compile(
    rb"""<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([\w.:-]+)|<\?xml\b[^>]*?\bencoding\s*=\s*["']([\w.:-]+)""",
    re.I,
)


def _html_charset(data: bytes) -> str:
    """The charset an HTML page declares in its first 4 KB (lower case); ``""`` when none."""
    m = _HTML_CHARSET.search(data[:4096])
    return (m.group(1) or m.group(2)).decode("ascii").lower() if m else ""


def _cp1252_bytes(err: UnicodeError) -> tuple[str, int]:
    """Decoding-error handler: the bytes that are no UTF-8 read as windows-1252 (``U+FFFD`` for
    the five bytes it leaves undefined)."""
    if not isinstance(err, UnicodeDecodeError):
        raise err
    return err.object[err.start : err.end].decode("cp1252", "replace"), err.end


_CP1252_BYTES = "intake-cp1252-bytes"
codecs.register_error(_CP1252_BYTES, _cp1252_bytes)


def unflow(text: str, *, delsp: bool = False) -> str:
    """Undo ``format=flowed`` (RFC 3676): join soft-broken lines (ending in a space) with the next
    line of the same quote depth, undo space-stuffing, and with ``delsp`` drop the soft space.
    The signature separator ``-- `` is never a soft break (RFC 3676 section 4.3)."""
    out: list[str] = []
    buf: str | None = None
    buf_depth = 0
    for line in text.replace("\r\n", "\n").split("\n"):
        depth = len(line) - len(line.lstrip(">"))
        body = line[depth:]
        if body.startswith(" "):
            body = body[1:]
        flowed = body.endswith(" ") and body != "-- "
        if buf is not None and depth != buf_depth:
            out.append(">" * buf_depth + (" " if buf_depth else "") + buf)
            buf = None
        if flowed and delsp:
            body = body[:-1]
        buf = body if buf is None else buf + body
        buf_depth = depth
        if not flowed:
            out.append(">" * depth + (" " if depth else "") + buf)
            buf = None
    if buf is not None:
        out.append(">" * buf_depth + (" " if buf_depth else "") + buf)
    return "\n".join(out)
