"""Checks on a ZIP-based document (.docx, .odt) before any library opens it.

python-docx has no zip-bomb guard (a 378 KB .docx expanding to 300 MiB peaked at 627 MB), so the
central directory is read first with :mod:`zipfile` and the entry count, the total uncompressed
size and the compression ratio are held to :class:`~parsers.schema.Limits`. Only the directory is
read here, nothing is decompressed. The declared sizes can be trusted as bounds: ``zipfile``
stops every later read at the declared size and fails the CRC check if the data runs on.

An "encrypted .docx" is not a ZIP at all but an OLE2 compound file holding ``EncryptedPackage``;
that is reported as a password problem.
"""

from __future__ import annotations

import io
import zipfile
import zlib

from parsers.errors import ADVICE_ONLY_FORM, DocumentError, LimitExceeded
from parsers.schema import Limits

ZIP_MAGIC = b"PK\x03\x04"
ZIP_EMPTY_MAGIC = b"PK\x05\x06"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

ADVICE_DOCX = "Please send the form as an unprotected .docx file, or paste it into the email."
ADVICE_RESEND = "Please send the form again as a .docx file, or paste it into the email."
_MIN_RATIO_BYTES = 1024 * 1024
"""Entries that expand to less than this are not ratio-checked: tiny XML parts compress very well."""
_METHODS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA}
"""Compression methods :mod:`zipfile` can read; Word and LibreOffice write only Deflate."""
_MAX_EXTRACT_VERSION = 63
"""The highest "version needed to extract" :mod:`zipfile` accepts (its ``MAX_EXTRACT_VERSION``)."""


def open_zip(filename: str, data: bytes, limits: Limits) -> zipfile.ZipFile:
    """The checked archive, ready to read. Raises :class:`DocumentError` for an encrypted (OLE2)
    or broken file and :class:`LimitExceeded` when a limit is broken."""
    if len(data) > limits.max_attachment_bytes:
        raise LimitExceeded(
            filename,
            f"the file is {len(data)} bytes, over the limit of {limits.max_attachment_bytes}",
            ADVICE_RESEND,
        )
    if data.startswith(OLE2_MAGIC):
        raise DocumentError(filename, "the document is password-protected (encrypted)", ADVICE_DOCX)
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as err:
        raise DocumentError(filename, f"the file is damaged or truncated ({err})", ADVICE_RESEND) from err
    check_entries(filename, zf.infolist(), limits)
    return zf


def xml_limit(limits: Limits) -> int:
    """Bytes the XML parts of one package may expand to, together: two for each character of text
    a candidate may hold. Checked from the directory before any XML is read (python-docx parses
    every part it reaches, 1,500 headers included): an XML tree costs about ten times its size
    in memory and python-docx reads 90 MB of paragraphs for minutes; a real form's XML is well
    under 1 MB (the most of any package in our corpus: 1.05 MB)."""
    return 2 * limits.max_text_chars


def check_entries(filename: str, infos: list[zipfile.ZipInfo], limits: Limits) -> None:
    """Raise :class:`LimitExceeded` when the directory breaks the entry-count, total-size or
    compression-ratio limit, and :class:`DocumentError` for encrypted entries and entries
    compressed with a method that cannot be read."""
    if len(infos) > limits.max_zip_entries:
        raise LimitExceeded(
            filename,
            f"the archive has {len(infos)} entries, over the limit of {limits.max_zip_entries}",
            ADVICE_RESEND,
        )
    total = xml = 0
    max_xml = xml_limit(limits)
    for info in infos:
        if info.filename.lower().endswith((".xml", ".rels")):
            xml += info.file_size
            if xml > max_xml:
                raise LimitExceeded(
                    filename,
                    f"its XML parts come to more than {max_xml // 1024} KB (at {info.filename!r}), more "
                    "than a form holds",
                    ADVICE_ONLY_FORM,
                )
        if info.flag_bits & 0x1:
            raise DocumentError(filename, "the document is password-protected (encrypted)", ADVICE_DOCX)
        _check_method(filename, info)
        total += info.file_size
        if total > limits.max_zip_total_bytes:
            raise LimitExceeded(
                filename,
                f"the archive expands to more than {limits.max_zip_total_bytes} bytes",
                ADVICE_RESEND,
            )
        if info.file_size >= _MIN_RATIO_BYTES and info.file_size > limits.max_zip_ratio * max(
            info.compress_size, 1
        ):
            raise LimitExceeded(
                filename,
                f"entry {info.filename!r} expands {info.file_size // max(info.compress_size, 1)} times "
                f"(limit {limits.max_zip_ratio})",
                ADVICE_RESEND,
            )


def _check_method(filename: str, info: zipfile.ZipInfo) -> None:
    """Refuse an entry :mod:`zipfile` cannot decompress (it would raise ``NotImplementedError``
    on the first read): an unknown compression method (Deflate64, AES) or a damaged header."""
    if info.compress_type not in _METHODS:
        raise DocumentError(
            filename,
            f"the file is compressed in a way that cannot be read (method {info.compress_type} "
            f"in {info.filename!r}; re-saving it in Word or LibreOffice fixes this)",
            ADVICE_RESEND,
        )
    if info.extract_version > _MAX_EXTRACT_VERSION:
        raise DocumentError(
            filename, f"the file is damaged (entry {info.filename!r} has an impossible header)", ADVICE_RESEND
        )


def read_entry(filename: str, zf: zipfile.ZipFile, name: str) -> bytes:
    """One entry's bytes; a damaged entry (bad CRC, truncated data) raises :class:`DocumentError`."""
    try:
        return zf.read(name)
    except (zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError, NotImplementedError) as err:
        raise DocumentError(filename, f"the file is damaged ({err})", ADVICE_RESEND) from err
    except KeyError as err:
        raise DocumentError(filename, f"the file has no {name!r} part", ADVICE_RESEND) from err
