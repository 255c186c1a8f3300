"""Address headers read safely: the one home for turning a From/To/Reply-To value into
``(name, address)`` pairs.

The stdlib's address parser (``email.utils.getaddresses``/``parseaddr``) recurses once per nested
comment and per group, so a From of 5,000 nested comments raised ``RecursionError`` and a deep
group took 800 MB. Comments are flattened to one level first (RFC 5322 §3.2.2: a comment carries no
address, and a nested one reads the same flattened); whatever still defeats the parser falls back
to the bare addresses in the value.
"""

from __future__ import annotations

import email.utils
import re

ADDRESS_IN_TEXT = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
"""An email address as people type one in text ("jo.bloggs@example.gov.uk"): ``fullmatch`` says
whether a value is one, ``search`` finds the first in a line."""
_BARE_ADDRESS = re.compile(r"[^\s<>()\[\]:;,\"'@]+@[^\s<>()\[\]:;,\"'@]+")
_MAX_HEADER_CHARS = 64 * 1024
"""An address header is read up to this many characters (100,000 recipients are not read)."""


def flatten_comments(value: str) -> str:
    """``value`` with comments nested inside comments reduced to their text: "(a (b) c)" becomes
    "(a b c)". Quoted strings and backslash escapes are respected; an unclosed comment is closed."""
    out: list[str] = []
    depth = 0
    quoted = escaped = False
    for ch in value:
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif quoted:
            quoted = ch != '"'
        elif ch == '"' and depth == 0:
            quoted = True
        elif ch == "(":
            depth += 1
            if depth > 1:
                continue
        elif ch == ")" and depth:
            depth -= 1
            if depth:
                continue
        out.append(ch)
    return "".join(out) + (")" if depth else "")


def address_pairs(value: str | None) -> list[tuple[str, str]]:
    """The ``(display name, address)`` pairs of an address header value; ``[]`` when it has none.
    Never raises: a value the parser cannot take gives its bare addresses with empty names."""
    if not value:
        return []
    text = flatten_comments(str(value)[:_MAX_HEADER_CHARS])
    try:
        return email.utils.getaddresses([text])
    except (RecursionError, ValueError, TypeError, IndexError):
        return [("", a) for a in _BARE_ADDRESS.findall(text)]


def parse_address(value: str | None) -> tuple[str, str]:
    """``(display name, address)`` of ``value`` as ``email.utils.parseaddr`` gives it; ``("", "")``
    when there is none. Never raises (see :func:`address_pairs`)."""
    if not value:
        return "", ""
    text = flatten_comments(str(value)[:_MAX_HEADER_CHARS])
    try:
        return email.utils.parseaddr(text)
    except (RecursionError, ValueError, TypeError, IndexError):
        found = _BARE_ADDRESS.search(text)
        return "", found.group(0) if found else ""
