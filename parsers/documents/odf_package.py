"""An OpenDocument text rewritten into the one package shape odfpy reads without failing.

odfpy (:mod:`parsers.odt`) refuses valid documents from common producers:

- pandoc writes each namespace declaration of a part's root element on its own line; odfpy's
  loader adds the declarations it thinks missing (it looks for ``" xmlns:fo"`` with a space
  before it), so the part gets a duplicate attribute and SAX fails ("damaged");
- AbiWord's ``META-INF/manifest.xml`` has a ``<!DOCTYPE ... "Manifest.dtd">``, an external
  reference defusedxml forbids;
- odfpy reads only the parts the manifest lists, and needs a zip at all: a flat ``.fodt`` (one
  ``office:document`` XML file) is not one.

So each XML part is parsed here with lxml (no DTD, no entities, no network) and written back with
plain one-space separated declarations, the manifest is rebuilt from the parts present, and a
flat document is split into ``content.xml``, ``styles.xml``, ``meta.xml`` and ``settings.xml``.
Malformed XML still raises :class:`~parsers.errors.DocumentError`: "damaged" is kept for files
that really are.
"""

from __future__ import annotations

import copy
import io
import logging
import zipfile

from lxml import etree

from parsers.documents.zipguard import ADVICE_RESEND, open_zip, read_entry
from parsers.errors import DocumentError, LimitExceeded
from parsers.schema import Limits

log = logging.getLogger("parsers.documents")

OFFICE_NS = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
MANIFEST_NS = "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"
TEXT_MIME = "application/vnd.oasis.opendocument.text"
PARTS = ("content.xml", "styles.xml", "meta.xml", "settings.xml")

_FLAT_SPLIT = {
    "meta.xml": ("document-meta", ("meta",)),
    "settings.xml": ("document-settings", ("settings",)),
    "styles.xml": ("document-styles", ("font-face-decls", "styles", "automatic-styles", "master-styles")),
    "content.xml": ("document-content", ("scripts", "font-face-decls", "automatic-styles", "body")),
}
"""For a flat document: each part's root element and the ``office:`` children it takes."""


def _parser(*, recover: bool = False) -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_comments=True,
        recover=recover,
    )


def _parse(filename: str, name: str, raw: bytes) -> etree._Element:
    """The part's XML. A part that is not well-formed but whose damage is local (AbiWord 3.0
    writes ``<text:p></text:h>`` for an empty heading cell) is read as libxml2 recovers it, as
    LibreOffice opens such files. A part cut off or otherwise broken is damaged."""
    try:
        return etree.fromstring(raw, _parser())
    except etree.XMLSyntaxError as err:
        lenient = _parser(recover=True)
        recovered = etree.fromstring(raw, lenient) if raw.strip() else None
        only_mismatches = all(e.type == etree.ErrorTypes.ERR_TAG_NAME_MISMATCH for e in lenient.error_log)
        if recovered is not None and only_mismatches and etree.QName(recovered).namespace == OFFICE_NS:
            log.info("%s: %s is not well-formed (%s); read as recovered", filename, name, err)
            return recovered
        reason = f"the OpenDocument part {name} is damaged ({err})"
        raise DocumentError(filename, reason, ADVICE_RESEND) from err


def is_flat(data: bytes) -> bool:
    """True when ``data`` is XML text (a flat ``.fodt``) rather than a zip package."""
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"<")


def from_flat(filename: str, data: bytes, limits: Limits) -> bytes:
    """The package (zip bytes) holding a flat OpenDocument's parts. Raises :class:`DocumentError`
    when the XML is malformed or is not an ``office:document``, :class:`LimitExceeded` when it
    is over the attachment limit."""
    if len(data) > limits.max_attachment_bytes:
        raise LimitExceeded(filename, f"the file is {len(data)} bytes, over the limit", ADVICE_RESEND)
    root = _parse(filename, "(flat document)", data)
    _drop_layout_whitespace(root)
    if root.tag != f"{{{OFFICE_NS}}}document":
        raise DocumentError(filename, "the file is not an OpenDocument text", ADVICE_RESEND)
    mime = root.get(f"{{{OFFICE_NS}}}mimetype") or TEXT_MIME
    parts: dict[str, bytes] = {}
    for part, (root_name, children) in _FLAT_SPLIT.items():
        new = etree.Element(f"{{{OFFICE_NS}}}{root_name}", nsmap=root.nsmap)
        new.set(f"{{{OFFICE_NS}}}version", root.get(f"{{{OFFICE_NS}}}version") or "1.2")
        for child in root:
            if isinstance(child.tag, str) and etree.QName(child).localname in children:
                new.append(copy.deepcopy(child))
        parts[part] = etree.tostring(new, xml_declaration=True, encoding="UTF-8")
    return _package(mime.replace("-flat-xml", ""), parts)


_TEXT_NS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_PARAGRAPHS = {f"{{{_TEXT_NS}}}p", f"{{{_TEXT_NS}}}h"}


def _drop_layout_whitespace(root: etree._Element) -> None:
    """Remove the indentation between elements outside paragraphs (pandoc pretty-prints its
    XML): odfpy takes ``office:body``'s first child node as the text, and a whitespace node there
    hides the whole body. Whitespace inside ``text:p`` / ``text:h`` is text and is kept."""
    stack = [root]
    while stack:
        el = stack.pop()
        if el.tag in _PARAGRAPHS:
            continue
        if el.text is not None and not el.text.strip():
            el.text = None
        for child in el:
            if child.tail is not None and not child.tail.strip():
                child.tail = None
            if isinstance(child.tag, str):
                stack.append(child)


def normalised(filename: str, data: bytes, limits: Limits) -> bytes:
    """The package rewritten so odfpy reads it: its XML parts re-serialised, a manifest listing
    them. Raises :class:`DocumentError` for a damaged archive or malformed XML part."""
    parts: dict[str, bytes] = {}
    with open_zip(filename, data, limits) as zf:
        names = set(zf.namelist())
        mime = read_entry(filename, zf, "mimetype").decode("ascii", "replace").strip() if (
            "mimetype" in names
        ) else TEXT_MIME
        for part in PARTS:
            if part in names:
                root = _parse(filename, part, read_entry(filename, zf, part))
                _drop_layout_whitespace(root)
                parts[part] = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    if "content.xml" not in parts:
        raise DocumentError(filename, "the OpenDocument file has no content.xml", ADVICE_RESEND)
    return _package(mime or TEXT_MIME, parts)


def _package(mime: str, parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("mimetype", mime)
        zf.writestr("META-INF/manifest.xml", _manifest(mime, parts))
        for name, raw in parts.items():
            zf.writestr(name, raw)
    return out.getvalue()


def _manifest(mime: str, parts: dict[str, bytes]) -> bytes:
    m = f"{{{MANIFEST_NS}}}"
    root = etree.Element(f"{m}manifest", nsmap={"manifest": MANIFEST_NS})
    entries = [("/", mime)] + [(name, "text/xml") for name in parts]
    for path, media in entries:
        etree.SubElement(root, f"{m}file-entry", {f"{m}full-path": path, f"{m}media-type": media})
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
