"""The two parts of a Word 2007+ package the Word reader needs, read with :mod:`zipfile` and lxml.

A .docx is an Open Packaging Conventions (ECMA-376 Part 2) zip: ``_rels/.rels`` names the main
document part (relationship type ``.../officeDocument``), ``[Content_Types].xml`` gives its content
type (an ``Override`` for the part, else the ``Default`` for its extension), and the main part's
own relationships (``word/_rels/document.xml.rels``) name its styles part. Only these four entries
are read, after :mod:`parsers.documents.zipguard` has checked the archive; python-docx's
``Document()`` would load every part of the package (images included) first.

Part names are matched case-insensitively, as OPC requires; relationship targets are resolved
against the folder of the part they belong to, and percent-escapes are undone.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import unquote

from lxml import etree

from parsers.documents.wordml import xml_parser
from parsers.documents.zipguard import ADVICE_RESEND, open_zip, read_entry
from parsers.errors import DocumentError
from parsers.schema import Limits

_RELS_NS = (
    "http://schemas.openxmlformats.org/package/2006/relationships",
    "http://purl.oclc.org/ooxml/package/relationships",  # never written, but harmless to accept
)
_RELATIONSHIP_TAGS = frozenset(f"{{{ns}}}Relationship" for ns in _RELS_NS)
_TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
_OVERRIDE_TAG = f"{{{_TYPES_NS}}}Override"
_DEFAULT_TAG = f"{{{_TYPES_NS}}}Default"
_WORD_KINDS = ("wordprocessingml", "ms-word")
_CONTENT_TYPES = "[Content_Types].xml"

_Entry = Callable[[str], "bytes | None"]
"""Reads one entry of the open package by its part name; ``None`` when the package has no such entry."""


@dataclass(frozen=True)
class WordParts:
    """The main document part's XML and, when the package has a readable one, its styles part's
    (``styles`` is ``None`` when there is none or it is damaged)."""

    document: bytes
    styles: bytes | None


def word_parts(filename: str, data: bytes, limits: Limits) -> WordParts:
    """The main document and styles parts of a Word package. Raises :class:`DocumentError` (or its
    ``LimitExceeded``) for an encrypted, damaged or oversized file, one that is not a Word document,
    or one with no main document part."""
    with open_zip(filename, data, limits) as zf:
        names = {name.lower(): name for name in zf.namelist()}

        def entry(part: str) -> bytes | None:
            name = names.get(part.lower())
            return None if name is None else read_entry(filename, zf, name)

        main = _main_part_name(filename, entry)
        document = entry(main)
        if document is None:
            raise DocumentError(filename, f"the Word file has no {main!r} part", ADVICE_RESEND)
        styles_name = _related(filename, main, entry, "/styles")
        styles = None if styles_name is None else entry(styles_name)
    return WordParts(document, styles)


def _main_part_name(filename: str, entry: _Entry) -> str:
    """The zip name of the main document part, its content type checked to be Word's."""
    types = entry(_CONTENT_TYPES)
    if types is None:
        raise DocumentError(filename, "the Word file cannot be opened (it has no [Content_Types].xml)",
                            ADVICE_RESEND)
    main = _related(filename, "", entry, "/officeDocument")
    if main is None:
        raise DocumentError(filename, "the file is not a Word document (no main document part)",
                            ADVICE_RESEND)
    kind = _content_type(filename, types, main)
    if kind is None or not any(k in kind for k in _WORD_KINDS):
        reason = f"the file is not a Word document ({kind or 'no content type'})"
        raise DocumentError(filename, reason, ADVICE_RESEND)
    return main


def _related(filename: str, source: str, entry: _Entry, kind: str) -> str | None:
    """The zip name of the first internal relationship of part ``source`` (``""`` for the package)
    whose type ends with ``kind``; ``None`` when it has none or the part has no relationships
    entry. Only that target is resolved (a document relates to dozens of parts)."""
    folder, base = posixpath.split(source)
    raw = entry(posixpath.join(folder, "_rels", f"{base}.rels"))
    if raw is None:
        return None
    for el in _parse(filename, raw):
        if el.tag not in _RELATIONSHIP_TAGS or not (el.get("Type") or "").endswith(kind):
            continue
        if (el.get("TargetMode") or "Internal") != "External":
            return _resolve(folder, el.get("Target") or "")
    return None


def _resolve(folder: str, target: str) -> str:
    """A relationship target as a zip name: "/word/document.xml" and "document.xml" (from the word
    folder) both give "word/document.xml"."""
    target = unquote(target.split("#", 1)[0])
    joined = target if target.startswith("/") else posixpath.join("/", folder, target)
    return posixpath.normpath(joined).lstrip("/")


def _content_type(filename: str, types: bytes, part: str) -> str | None:
    """The content type ``[Content_Types].xml`` gives ``part``; ``None`` when it gives none."""
    root = _parse(filename, types)
    by_name: dict[str, str] = {}
    by_ext: dict[str, str] = {}
    for el in root:
        tag = el.tag
        if tag == _OVERRIDE_TAG:
            by_name[(el.get("PartName") or "").lstrip("/").lower()] = el.get("ContentType") or ""
        elif tag == _DEFAULT_TAG:
            by_ext[(el.get("Extension") or "").lower()] = el.get("ContentType") or ""
    ext = posixpath.splitext(part)[1].lstrip(".").lower()
    return by_name.get(part.lower()) or by_ext.get(ext)


def _parse(filename: str, raw: bytes) -> etree._Element:
    try:
        return etree.fromstring(raw, xml_parser())
    except etree.XMLSyntaxError as err:
        raise DocumentError(filename, f"the Word file cannot be opened (damaged package part: {err})",
                            ADVICE_RESEND) from err
