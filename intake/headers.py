"""A cheap look at a message's headers, taken before (and independently of) the full parse in
``parsers``: the pipeline needs the Message-ID to deduplicate, and From/Subject to describe a message
that fails to parse. Only the stdlib header parser is used; nothing here can raise."""

from __future__ import annotations

import email.header
import email.parser
import email.policy
import email.utils
import hashlib
import re
from dataclasses import dataclass

from parsers import parse_address

_MSGID = re.compile(r"<[^<>\s]+>")
_HEADER_BYTES = 256 * 1024


@dataclass(frozen=True)
class HeaderPeek:
    """Header values as text; each is ``None`` when the header is missing or unreadable."""

    message_id: str | None = None
    from_addr: str | None = None
    from_name: str | None = None
    subject: str | None = None


def peek_headers(raw: bytes) -> HeaderPeek:
    """Message-ID (with its angle brackets), sender and decoded subject of ``raw``."""
    try:
        head = header_block(raw)
        msg = email.parser.BytesHeaderParser(policy=email.policy.compat32).parsebytes(head)
        name, addr = parse_address(_text(msg.get("From")))
        return HeaderPeek(message_id=_message_id(_text(msg.get("Message-ID"))),
                          from_addr=addr.strip() or None, from_name=name.strip() or None,
                          subject=_text(msg.get("Subject")) or None)
    except Exception:  # any malformed header block: the message is still recorded, undescribed
        return HeaderPeek()


def header_block(raw: bytes) -> bytes:
    """The bytes up to the first empty line, capped (a message may be mostly header garbage)."""
    head = raw[:_HEADER_BYTES]
    for sep in (b"\r\n\r\n", b"\n\n"):
        cut = head.find(sep)
        if cut >= 0:
            return head[: cut + len(sep)]
    return head


def content_digest(raw: bytes, from_addr: str | None) -> str:
    """SHA-256 of what the sender wrote: the From address and everything after the header block
    (the body and every attachment), line endings normalised. A re-delivery that only adds trace
    headers (Received, Delivered-To, X-...) has the same digest; so does a message without a
    Message-ID that arrives twice."""
    head = header_block(raw)
    body = raw[len(head):] if len(head) < len(raw) else b""
    body = body.replace(b"\r\n", b"\n").rstrip()
    digest = hashlib.sha256((from_addr or "").strip().lower().encode("utf-8", "replace") + b"\0")
    digest.update(body)
    return digest.hexdigest()


def decode_words(value: str) -> str:
    """Decode RFC 2047 encoded words; undecodable input is returned as it came."""
    try:
        return str(email.header.make_header(email.header.decode_header(value)))
    except (ValueError, LookupError, UnicodeError, email.errors.HeaderParseError):
        return value


def _text(value: object) -> str:
    """A header value decoded from RFC 2047, unfolded, without CR/LF; ``""`` when absent."""
    if value is None:
        return ""
    return " ".join(decode_words(str(value)).split())


def _message_id(value: str) -> str | None:
    found = _MSGID.search(value)
    if found:
        return found.group(0)
    return value or None
