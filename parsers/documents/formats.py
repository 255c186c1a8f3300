"""Attached documents: which format a file is, and the one reader for that format.

:func:`read_document` decides by the file's first bytes (its magic), then by its extension and
declared content type, and hands the bytes to the one reader for that format:

=====================  ===========================  ==============================================
format                 recognised by                reader
=====================  ===========================  ==============================================
Word 2007+ (.docx,     ZIP + ``word/`` part,        :mod:`parsers.documents.word` (python-docx)
.docm, .dotx, .dotm)   extension, content type
Word 97-2003 (.doc)    OLE2 magic + WordDocument    :mod:`parsers.documents.word97` (antiword,
                       stream; Word 2003 XML        catdoc, LibreOffice headless when present)
OpenDocument (.odt)    ZIP + ``mimetype`` entry     :mod:`parsers.documents.odt` (odfpy)
RTF                    ``{\\rtf``                   :mod:`parsers.documents.rtf` (striprtf)
PDF                    ``%PDF-``                    :mod:`parsers.documents.pdf` (pypdf text layer)
=====================  ===========================  ==============================================

Anything else (images, audio, plain text, HTML) is not a document: ``None``. A file that claims
to be a document but cannot be read raises :class:`~parsers.errors.DocumentError` whose
``advice`` tells the sender what to send instead.
"""

from __future__ import annotations

import importlib
import io
import logging
import struct
import zipfile
import zlib
from collections.abc import Callable
from typing import Any

from lxml import etree

from parsers.blocks import Block
from parsers.closing import trim_end
from parsers.documents.zipguard import ADVICE_RESEND, OLE2_MAGIC, ZIP_EMPTY_MAGIC, ZIP_MAGIC
from parsers.errors import DocumentError, LimitExceeded
from parsers.schema import Limits

log = logging.getLogger("parsers.documents")

DOCX_EXT = (".docx", ".docm", ".dotx", ".dotm")
DOC_EXT = (".doc", ".dot", ".wbk")
ODT_EXT = (".odt", ".ott", ".fodt")
DOCX_TYPES = ("wordprocessingml", "ms-word.document.macroenabled", "ms-word.template.macroenabled")
DOC_TYPES = ("application/msword", "application/vnd.ms-word", "application/doc", "application/x-msword")
ADVICE_FORMAT = "Please send the form as a .docx file, or paste it into the email."
ADVICE_DAMAGED = (
    "Please open the form in Word, save it again as a .docx file and resend it, or paste it into the email."
)


def read_document(filename: str, content_type: str, data: bytes, limits: Limits, *,
                  names_form: Callable[[str], bool] | None = None) -> list[Block] | None:
    """The blocks of an attached document, or ``None`` when the file is not a document we read
    (an image, audio, a spreadsheet, plain text...).

    ``names_form(text)`` says whether a document's text names any question of the form being read:
    a PDF's ruled tables are laid out (ten times the cost of reading its text) only when it does.
    ``None`` lays them out whenever the PDF is short and draws rules.

    Raises :class:`DocumentError` (``LimitExceeded`` for limits) when the file is a document but
    cannot be read: password-protected, damaged, truncated, too large, a zip bomb, or a converter
    that failed or timed out; a library failing on damaged bytes is reported the same way.
    Closing lines after the last answer ("End of form", a footer) are left out
    (:func:`parsers.closing.trim_end`).
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
    reader = _reader(kind)
    if reader is None:
        raise DocumentError(filename, "this kind of document cannot be read", ADVICE_FORMAT)
    try:
        blocks = reader(filename, data, limits, names_form=names_form) if kind == "pdf" else \
            reader(filename, data, limits)
    except DocumentError:
        raise
    except _LOW_LEVEL as err:
        # A damaged file can fail deep inside a library (zipfile's NotImplementedError for an
        # unknown compression method, zlib.error for a corrupt stream): still one bad attachment.
        log.info("%s: %s reader failed: %s: %s", filename, kind, type(err).__name__, err)
        raise DocumentError(filename, f"the file is damaged or in a form that cannot be read "
                                      f"({type(err).__name__})", ADVICE_DAMAGED) from err
    return trim_end(blocks)


_READERS: dict[str, tuple[str, str]] = {
    "docx": ("parsers.documents.word", "read_docx"),
    "doc": ("parsers.documents.word97", "read_doc"),
    "odt": ("parsers.documents.odt", "read_odt"),
    "rtf": ("parsers.documents.rtf", "read_rtf"),
    "pdf": ("parsers.documents.pdf", "read_pdf"),
}
"""The one reader of each kind, as (module, function): a reader's library (python-docx, pypdf,
odfpy...) is imported the first time a document of its kind arrives, not by every command."""

READER_MODULES = ("parsers.extract", "parsers.mail.tnef",
                  *sorted({module for module, _ in _READERS.values()}))
"""What a process that will parse many messages imports up front (a parse worker's fork server)."""


def _reader(kind: str) -> Callable[..., list[Block]] | None:
    """The reader function of ``kind`` (``reader(filename, data, limits)``); ``None`` for a kind no
    reader handles."""
    where = _READERS.get(kind)
    if where is None:
        return None
    reader: Callable[..., list[Block]] = getattr(importlib.import_module(where[0]), where[1])
    return reader


def _word97() -> Any:
    """:mod:`parsers.documents.word97`, imported when a file may be a Word 97-2003 document."""
    return importlib.import_module("parsers.documents.word97")
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
    if _claims_doc(name, ctype) and _word97().is_word_xml(data):
        return "doc"
    return _claimed_kind(name, ctype)


def _ole_kind(data: bytes, name: str, ctype: str) -> str | None:
    """An OLE2 file is a binary Word document, an encrypted Word 2007+ document (an
    ``EncryptedPackage``, reported by docx_reader as password-protected), or not ours."""
    if _word97().is_word_ole(data):
        return "doc"
    if _word97().is_encrypted_package(data) or name.endswith(DOCX_EXT) or any(t in ctype for t in DOCX_TYPES):
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
