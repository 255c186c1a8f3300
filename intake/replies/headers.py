"""Reading the headers of an incoming message, and turning submitter-supplied text into strings that
are safe to put into the headers of a reply.

Only strings cross from the incoming message into a reply: never a parsed header object. On
Python 3.11.7 copying a parsed header object wrote a bare ``Bcc:`` line (CVE-2026-1299), and a
decoded Subject can hold a line break. :func:`header_text` removes every control character.
"""

from __future__ import annotations

import email.errors
import email.policy
import re
import unicodedata
from dataclasses import dataclass, field
from email.parser import BytesHeaderParser

from intake.headers import decode_words, header_block
from parsers import address_pairs

_MSGID = re.compile(r"<[!-;=?-~]{1,900}>")  # printable ASCII without space, '<' or '>'
_WS = re.compile(r"\s+")


@dataclass(frozen=True)
class IncomingHeaders:
    """The headers of an incoming message that decide whether and how we reply.

    Every value is already decoded and cleaned. ``from_addr`` is ``None`` when From is missing or
    does not hold exactly one address; ``return_path`` is ``None`` when the header is absent and
    ``""`` for the null sender ``<>`` (a bounce). ``message_id`` is ``None`` when missing or malformed.
    """

    from_addr: str | None = None
    from_name: str = ""
    subject: str = ""
    message_id: str | None = None
    references: tuple[str, ...] = ()
    return_path: str | None = None
    content_type: str = "text/plain"
    raw: dict[str, str] = field(default_factory=dict)

    def get(self, name: str) -> str | None:
        """The cleaned value of header ``name`` (case-insensitive), ``None`` when absent."""
        return self.raw.get(name.lower())


def header_text(value: str | None, *, max_len: int = 200) -> str:
    """``value`` as one line of plain text: control and format characters (CR, LF, NUL, bidi
    overrides...) become spaces, runs of white space one space, cut to ``max_len`` characters.
    ``None`` gives ``""``."""
    if not value:
        return ""
    kept = [" " if unicodedata.category(c)[0] in "CZ" else c for c in value]
    text = _WS.sub(" ", "".join(kept)).strip()
    return text if len(text) <= max_len else text[: max_len - 1].rstrip() + "…"


def clean_msgid(value: str | None) -> str | None:
    """The first well-formed ``<id@host>`` in ``value``, or ``None`` when there is none."""
    found = msgids(value)
    return found[0] if found else None


def msgids(value: str | None) -> list[str]:
    """All well-formed message ids in ``value`` (a References header), in order; empty when none."""
    return _MSGID.findall(value or "")


def read_headers(raw: bytes) -> IncomingHeaders:
    """Read the headers of ``raw`` (an RFC 5322 message). Never raises: a header that cannot be
    read counts as absent."""
    parsed = BytesHeaderParser(policy=email.policy.compat32).parsebytes(header_block(raw))
    values: dict[str, str] = {}
    for name, value in parsed.items():
        key = name.lower()
        if key not in values:
            values[key] = header_text(decode_words(str(value)), max_len=2000)
    from_addr, from_name = _one_address(parsed.get_all("From") or [])
    rp = parsed.get("Return-Path")
    return IncomingHeaders(
        from_addr=from_addr, from_name=from_name,
        subject=values.get("subject", ""),
        message_id=clean_msgid(str(parsed.get("Message-ID") or "")),
        references=tuple(msgids(str(parsed.get("References") or "")) +
                         msgids(str(parsed.get("In-Reply-To") or ""))),
        return_path=None if rp is None else _return_path(str(rp)),
        content_type=parsed.get_content_type(),
        raw=values,
    )


def _return_path(value: str) -> str:
    """The address inside a Return-Path, ``""`` for the null sender ``<>``."""
    return value.strip().strip("<>").strip()


def _one_address(from_headers: list[str]) -> tuple[str | None, str]:
    """``(address, display name)`` when the From headers hold exactly one address with an ``@``."""
    if len(from_headers) != 1:
        return None, ""
    pairs = address_pairs(str(from_headers[0]))
    if len(pairs) != 1 or "@" not in pairs[0][1]:
        return None, ""
    name, addr = pairs[0]
    return header_text(addr, max_len=320), header_text(decode_words(name), max_len=120)
