"""winmail.dat (TNEF) unpacked into the files it carries. The only module importing tnefparse.

:func:`expand_parts` is the entry point: the files any attachment stands for (a winmail.dat gives
the files inside it, any other file itself).

Outlook sends "rich text" mail as a TNEF blob: its attachments, and often the message body itself
(compressed RTF, or HTML), are inside. Unpacking gives the attachments as ordinary files and the
body as ``body.rtf`` / ``body.html`` / ``body.txt`` so the form is found wherever it is.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from tnefparse.tnef import TNEF, TNEFAttachment

from parsers.errors import DocumentError, LimitExceeded
from parsers.schema import Limits

log = logging.getLogger("parsers.mail")

TNEF_TYPES = ("application/ms-tnef", "application/vnd.ms-tnef")
TNEF_MAGIC = b"\x78\x9f\x3e\x22"
ADVICE_TNEF = (
    "Please send the form as a .docx attachment from a message in HTML or plain-text format "
    "(not Rich Text), or paste it into the email."
)
_MAX_EMBED_DEPTH = 3
_TYPES = {
    ".doc": "application/msword",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".pdf": "application/pdf",
    ".rtf": "application/rtf",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".txt": "text/plain",
    ".htm": "text/html",
    ".html": "text/html",
}


def content_type_for(name: str) -> str:
    """A content type guessed from the file name; ``application/octet-stream`` when unknown."""
    dot = name.rfind(".")
    return (
        _TYPES.get(name[dot:].lower(), "application/octet-stream") if dot >= 0 else "application/octet-stream"
    )


def unpack(filename: str, data: bytes, limits: Limits) -> list[tuple[str, str, bytes]]:
    """The files and body renditions inside a TNEF blob, as ``(name, content_type, bytes)``:
    the files first, then the bodies (see :func:`unpack_parts`)."""
    files, bodies = unpack_parts(filename, data, limits)
    return files + bodies


def unpack_parts(
    filename: str, data: bytes, limits: Limits
) -> tuple[list[tuple[str, str, bytes]], list[tuple[str, str, bytes]]]:
    """The files inside a TNEF blob and, apart, the message body it carries (``body.rtf``,
    ``body.html``, or ``body.txt`` when there is neither), each as ``(name, content_type, bytes)``.

    Unnamed attachments are called ``attachment-N``. Raises :class:`DocumentError` when the blob
    cannot be decoded and :class:`LimitExceeded` when it holds more than ``max_mime_parts`` files.
    """
    try:
        tnef = TNEF(_known_attributes(filename, data, limits), do_checksum=False)
    except LimitExceeded:
        raise
    except Exception as err:  # tnefparse raises ValueError, struct.error, IndexError, UnicodeError...
        raise DocumentError(
            filename, f"the winmail.dat (TNEF) file is damaged ({type(err).__name__})", ADVICE_TNEF
        ) from err
    out: list[tuple[str, str, bytes]] = []
    _collect(filename, tnef, out, limits, 0)
    bodies = _bodies(filename, tnef)
    if not out and not bodies and (not tnef.objects or _truncated(data)):
        raise DocumentError(filename, "the winmail.dat (TNEF) file is damaged or truncated", ADVICE_TNEF)
    log.info("%s: TNEF holds %d file(s) and %d body rendition(s)", filename, len(out), len(bodies))
    return out, bodies


def _max_attributes(limits: Limits) -> int:
    """Most attributes a winmail.dat may keep: a file takes about ten, the message a few dozen."""
    return 10 * limits.max_mime_parts + 100


def _known_attributes(filename: str, data: bytes, limits: Limits) -> bytes:
    """``data`` without the message attributes tnefparse does not know (it ignores them), so that
    its parse, which copies the rest of the blob for every attribute, meets few of them: 400,000
    unknown attributes ran for minutes. Raises :class:`LimitExceeded` when more than
    :func:`_max_attributes` remain. Each attribute: level (1 byte), name (2), type (2), length (4),
    data, checksum (2) (MS-OXTNEF §2.1.3.1)."""
    kept, offset, cap = [data[:6]], 6, _max_attributes(limits)
    while offset + 9 <= len(data):
        end = min(offset + 9 + int.from_bytes(data[offset + 5 : offset + 9], "little") + 2, len(data))
        name = int.from_bytes(data[offset + 1 : offset + 3], "little")
        if data[offset] != TNEF.LVL_MESSAGE or name in TNEF.codes:
            kept.append(data[offset:end])
            if len(kept) > cap:
                raise LimitExceeded(filename, f"the winmail.dat holds more than {cap} attributes",
                                    ADVICE_TNEF)
        offset = end
    kept.append(data[offset:])
    return b"".join(kept)


def _truncated(data: bytes) -> bool:
    """True when an attribute's declared length runs past the end of the blob (a cut-off file).
    Each attribute: level (1 byte), id (2), type (2), length (4), data, checksum (2)."""
    offset = 6
    while offset + 9 <= len(data):
        length = int.from_bytes(data[offset + 5 : offset + 9], "little")
        end = offset + 9 + length + 2
        if end > len(data):
            return True
        offset = end
    return False


def _collect(
    filename: str, tnef: TNEF, out: list[tuple[str, str, bytes]], limits: Limits, depth: int
) -> None:
    for att in tnef.attachments:
        if len(out) >= limits.max_mime_parts:
            raise LimitExceeded(
                filename, f"the winmail.dat holds more than {limits.max_mime_parts} files", ADVICE_TNEF
            )
        embed = getattr(att, "embed", None)
        if isinstance(embed, TNEF) and depth < _MAX_EMBED_DEPTH:
            _collect(filename, embed, out, limits, depth + 1)
            continue
        data = att.data if isinstance(att.data, bytes) else b""
        if not data:
            continue
        name = _name(att) or f"attachment-{len(out) + 1}"
        out.append((name, content_type_for(name), data))


def _name(att: TNEFAttachment) -> str:
    try:
        name = att.long_filename()
    except (UnicodeDecodeError, AttributeError):
        name = ""
    if isinstance(name, bytes):
        name = name.decode("latin-1", "replace")
    return str(name or "").strip("\x00").strip()


def _bodies(filename: str, tnef: TNEF) -> list[tuple[str, str, bytes]]:
    out: list[tuple[str, str, bytes]] = []
    try:
        rtf = tnef.rtfbody
    except Exception as err:  # compressed_rtf raises on a damaged stream
        log.warning("%s: TNEF RTF body cannot be decompressed: %s", filename, err)
        rtf = None
    if isinstance(rtf, bytes) and rtf.lstrip().startswith(b"{\\rtf"):
        out.append(("body.rtf", "application/rtf", rtf))
    html = tnef.htmlbody
    if html:
        out.append(("body.html", "text/html", html.encode("utf-8") if isinstance(html, str) else html))
    body = tnef.body
    if body and not out:
        out.append(("body.txt", "text/plain", body.encode("utf-8") if isinstance(body, str) else body))
    return out


@dataclass(frozen=True)
class Expanded:
    """One file an attachment stands for. ``body`` is True for the message body a winmail.dat
    carries (``body.rtf``, ``body.html`` or ``body.txt``): text to read as a message body, not
    as an attached document."""

    name: str
    content_type: str
    data: bytes
    body: bool = False


def expand(filename: str, content_type: str, data: bytes, limits: Limits) -> list[tuple[str, str, bytes]]:
    """The files an attachment stands for: a winmail.dat (TNEF) gives the files inside it (and
    its RTF or HTML body when it carries one, as ``body.rtf`` / ``body.html``); any other file
    gives itself, ``[(filename, content_type, data)]``. :func:`expand_parts` also says which
    are bodies.

    Raises :class:`DocumentError` for a file that is TNEF by name or type and damaged; a file
    named winmail.dat that is not TNEF at all (no signature) is returned as itself.
    """
    return [(e.name, e.content_type, e.data) for e in expand_parts(filename, content_type, data, limits)]


def expand_parts(filename: str, content_type: str, data: bytes, limits: Limits,
                 depth: int = 0) -> list[Expanded]:
    """Like :func:`expand`, marking a winmail.dat's body renditions with ``body=True``. A winmail.dat
    inside a winmail.dat is unpacked too, down to ``max_mime_depth`` levels (then
    :class:`LimitExceeded`)."""
    if not _is_tnef(filename, content_type, data):
        return [Expanded(filename, content_type, data)]
    if not data.startswith(TNEF_MAGIC):
        log.info("%s: named or typed as TNEF but has no TNEF signature; kept as is", filename)
        return [Expanded(filename, content_type, data)]
    if depth >= limits.max_mime_depth:
        raise LimitExceeded(filename, f"winmail.dat files are nested more than {limits.max_mime_depth} deep",
                            ADVICE_TNEF)
    files, bodies = unpack_parts(filename, data, limits)
    out: list[Expanded] = []
    for name, ctype, inner in files:
        if inner.startswith(TNEF_MAGIC):
            out.extend(expand_parts(name, ctype, inner, limits, depth + 1))
        else:
            out.append(Expanded(name, ctype, inner))
    return out + [Expanded(*b, body=True) for b in bodies]


def _is_tnef(filename: str, content_type: str, data: bytes) -> bool:
    name = filename.lower()
    return (
        data.startswith(TNEF_MAGIC)
        or content_type.lower().split(";")[0].strip() in TNEF_TYPES
        or name.endswith("winmail.dat")
        or name.endswith(".tnef")
    )
