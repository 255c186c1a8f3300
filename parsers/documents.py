"""Attached documents: which reader reads a file, and unpacking winmail.dat.

:func:`read_document` decides by the file's first bytes (its magic), then by its extension and
declared content type, and hands the bytes to the one reader for that format:

=====================  ===========================  =========================================
format                 recognised by                reader
=====================  ===========================  =========================================
Word 2007+ (.docx,     ZIP + ``word/`` part,        :mod:`parsers.docx_reader` (python-docx)
.docm, .dotx, .dotm)   extension, content type
Word 97-2003 (.doc)    OLE2 magic + WordDocument    :mod:`parsers.legacy` (antiword, catdoc,
                       stream; Word 2003 XML        LibreOffice headless when present)
OpenDocument (.odt)    ZIP + ``mimetype`` entry     :mod:`parsers.odt` (odfpy)
RTF                    ``{\\rtf``                   :mod:`parsers.rtf` (striprtf)
PDF                    ``%PDF-``                    :mod:`parsers.pdf` (pypdf text layer)
=====================  ===========================  =========================================

Anything else (images, audio, plain text, HTML) is not a document: ``None``. A file that claims
to be a document but cannot be read raises :class:`~parsers.errors.DocumentError` whose
``advice`` tells the sender what to send instead.
"""

from __future__ import annotations

import io
import logging
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass

from lxml import etree

from parsers import legacy, odt, pdf, rtf, tnef
from parsers.blocks import Block
from parsers.docx_reader import read_docx
from parsers.errors import DocumentError, LimitExceeded
from parsers.form_end import trim_end
from parsers.schema import Limits
from parsers.zipguard import ADVICE_RESEND, OLE2_MAGIC, ZIP_EMPTY_MAGIC, ZIP_MAGIC

log = logging.getLogger("parsers.documents")

DOCX_EXT = (".docx", ".docm", ".dotx", ".dotm")
DOC_EXT = (".doc", ".dot", ".wbk")
ODT_EXT = (".odt", ".ott", ".fodt")
DOCX_TYPES = ("wordprocessingml", "ms-word.document.macroenabled", "ms-word.template.macroenabled")
DOC_TYPES = ("application/msword", "application/vnd.ms-word", "application/doc", "application/x-msword")
TNEF_TYPES = ("application/ms-tnef", "application/vnd.ms-tnef")
TNEF_MAGIC = b"\x78\x9f\x3e\x22"
ADVICE_FORMAT = "Please send the form as a .docx file, or paste it into the email."
ADVICE_DAMAGED = (
    "Please open the form in Word, save it again as a .docx file and resend it, or paste it into the email."
)


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


def expand_parts(filename: str, content_type: str, data: bytes, limits: Limits) -> list[Expanded]:
    """Like :func:`expand`, marking a winmail.dat's body renditions with ``body=True``."""
    if not _is_tnef(filename, content_type, data):
        return [Expanded(filename, content_type, data)]
    if not data.startswith(TNEF_MAGIC):
        log.info("%s: named or typed as TNEF but has no TNEF signature; kept as is", filename)
        return [Expanded(filename, content_type, data)]
    files, bodies = tnef.unpack_parts(filename, data, limits)
    return [Expanded(*f) for f in files] + [Expanded(*b, body=True) for b in bodies]


def _is_tnef(filename: str, content_type: str, data: bytes) -> bool:
    name = filename.lower()
    return (
        data.startswith(TNEF_MAGIC)
        or content_type.lower().split(";")[0].strip() in TNEF_TYPES
        or name.endswith("winmail.dat")
        or name.endswith(".tnef")
    )


def read_document(filename: str, content_type: str, data: bytes, limits: Limits) -> list[Block] | None:
    """The blocks of an attached document, or ``None`` when the file is not a document we read
    (an image, audio, a spreadsheet, plain text...).

    Raises :class:`DocumentError` (``LimitExceeded`` for limits) when the file is a document but
    cannot be read: password-protected, damaged, truncated, too large, a zip bomb, or a converter
    that failed or timed out; a library failing on damaged bytes is reported the same way.
    Closing lines after the last answer ("End of form", a footer) are left out
    (:func:`parsers.form_end.trim_end`).
    """
    kind = sniff(filename, content_type, data)
    if kind is None:
        return None
    if len(data) > limits.max_attachment_bytes:
        raise LimitExceeded(
            filename,
            f"the file is {len(data)} bytes, over the limit of {limits.max_attachment_bytes}",
            ADVICE_RESEND,
        )
    log.debug("%s: reading as %s (%d bytes)", filename, kind, len(data))
    reader = _READERS.get(kind)
    if reader is None:
        raise DocumentError(filename, "this kind of document cannot be read", ADVICE_FORMAT)
    try:
        blocks = reader(filename, data, limits)
    except DocumentError:
        raise
    except _LOW_LEVEL as err:
        # A damaged file can fail deep inside a library (zipfile's NotImplementedError for an
        # unknown compression method, zlib.error for a corrupt stream): still one bad attachment.
        log.info("%s: %s reader failed: %s: %s", filename, kind, type(err).__name__, err)
        raise DocumentError(filename, f"the file is damaged or in a form that cannot be read "
                                      f"({type(err).__name__})", ADVICE_DAMAGED) from err
    return trim_end(blocks)


_READERS: dict[str, Callable[[str, bytes, Limits], list[Block]]] = {
    "docx": read_docx,
    "doc": legacy.read_doc,
    "odt": odt.read_odt,
    "rtf": rtf.read_rtf,
    "pdf": pdf.read_pdf,
}
_LOW_LEVEL = (
    zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, NotImplementedError, EOFError, OSError,
    struct.error, ValueError, KeyError, IndexError, LookupError, UnicodeError, RecursionError,
    etree.LxmlError, AssertionError,
)
"""Errors a reader's library raises on damaged input; anything else is a bug and propagates."""


def sniff(filename: str, content_type: str, data: bytes) -> str | None:
    """The document kind (``"docx"``, ``"doc"``, ``"odt"``, ``"rtf"``, ``"pdf"``) of a file, or
    ``None`` when it is not a document. Magic bytes decide first; the extension and content type
    only decide for files whose bytes say nothing clear (a damaged .docx is still a "docx")."""
    name = filename.lower()
    ctype = content_type.lower().split(";")[0].strip()
    head = data[:8]
    if head.startswith((ZIP_MAGIC, ZIP_EMPTY_MAGIC)):
        return _zip_kind(data, name, ctype)
    if head.startswith(OLE2_MAGIC):
        return _ole_kind(data, name, ctype)
    if data.lstrip()[:5] == b"{\\rtf":
        return "rtf"
    if data[:1024].lstrip().startswith(b"%PDF-") or b"%PDF-" in data[:1024]:
        return "pdf"
    if _claims_doc(name, ctype) and legacy.is_word_xml(data):
        return "doc"
    return _claimed_kind(name, ctype)


def _ole_kind(data: bytes, name: str, ctype: str) -> str | None:
    """An OLE2 file is a binary Word document, an encrypted Word 2007+ document (an
    ``EncryptedPackage``, reported by docx_reader as password-protected), or not ours."""
    if legacy.is_word_ole(data):
        return "doc"
    if legacy.is_encrypted_package(data) or name.endswith(DOCX_EXT) or any(t in ctype for t in DOCX_TYPES):
        return "docx"
    return "doc" if _claims_doc(name, ctype) else None


def _claims_doc(name: str, ctype: str) -> bool:
    return name.endswith(DOC_EXT) or ctype in DOC_TYPES


def _claimed_kind(name: str, ctype: str) -> str | None:
    """Kind claimed by name or type alone (the bytes matched no known magic)."""
    if name.endswith(DOCX_EXT) or any(t in ctype for t in DOCX_TYPES):
        return "docx"
    if _claims_doc(name, ctype):
        return "doc"
    if name.endswith(ODT_EXT) or "opendocument.text" in ctype:
        return "odt"
    if name.endswith(".rtf") or ctype in ("application/rtf", "text/rtf"):
        return "rtf"
    if name.endswith(".pdf") or ctype == "application/pdf":
        return "pdf"
    return None


def _zip_kind(data: bytes, name: str, ctype: str) -> str | None:
    """A ZIP is Word when it has a ``word/`` part or ``[Content_Types].xml`` naming Word,
    OpenDocument when its ``mimetype`` says so; a damaged ZIP falls back to the claimed kind."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = zf.namelist()
            if "mimetype" in names:
                with zf.open("mimetype") as fh:
                    mime = fh.read(100).decode("ascii", "replace")
                if "opendocument.text" in mime:
                    return "odt"
            if any(n.lower().startswith("word/") for n in names):
                return "docx"
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, KeyError, NotImplementedError):
        return _claimed_kind(name, ctype)
    kind = _claimed_kind(name, ctype)
    return kind if kind in ("docx", "odt") else None
