"""The archive checks that run before python-docx or odfpy open a file."""

from __future__ import annotations

import io
import time
import tracemalloc
import zipfile

import pytest
from msoffcrypto.format.ooxml import OOXMLFile

from parsers.documents.formats import read_document
from parsers.documents.zipguard import open_zip
from parsers.errors import DocumentError, LimitExceeded
from parsers.schema import Limits
from tests.parsers.docx_build import docx_from_xml, p

MIB = 1024 * 1024


def with_entry(data: bytes, name: str, size: int) -> bytes:
    """The package plus one entry of ``size`` zero bytes, written in 1 MiB chunks (no big buffer)."""
    buf = io.BytesIO(data)
    with zipfile.ZipFile(buf, "a", zipfile.ZIP_DEFLATED) as zf, zf.open(name, "w") as fh:
        chunk = bytes(MIB)
        for _ in range(size // MIB):
            fh.write(chunk)
    return buf.getvalue()


@pytest.fixture(scope="module")
def bomb() -> bytes:
    """A .docx whose extra part expands 300 MiB of zeros from well under 1 MB."""
    return with_entry(docx_from_xml(p("Your name") + p("Ann")), "word/media/image1.bin", 300 * MIB)


def test_zip_bomb_is_refused_before_any_part_is_decompressed(bomb: bytes) -> None:
    assert len(bomb) < 1 * MIB
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(LimitExceeded) as err:
            read_document("bomb.docx", "", bomb, Limits())
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert time.perf_counter() - started < 1.0
    assert peak < 20 * MIB
    assert err.value.filename == "bomb.docx"
    assert "expands" in err.value.reason


def test_archive_with_too_many_entries_is_refused() -> None:
    buf = io.BytesIO(docx_from_xml(p("Ann")))
    with zipfile.ZipFile(buf, "a") as zf:
        for i in range(30):
            zf.writestr(f"extra/part{i}.xml", "<a/>")
    with pytest.raises(LimitExceeded) as err:
        read_document("many.docx", "", buf.getvalue(), Limits(max_zip_entries=20))
    assert "entries" in err.value.reason


def test_archive_expanding_past_the_total_size_limit_is_refused() -> None:
    data = with_entry(docx_from_xml(p("Ann")), "word/media/big.bin", 3 * MIB)
    with pytest.raises(LimitExceeded):
        read_document("big.docx", "", data, Limits(max_zip_total_bytes=2 * MIB, max_zip_ratio=10_000))


def test_entry_over_the_compression_ratio_is_refused() -> None:
    data = with_entry(docx_from_xml(p("Ann")), "word/media/zeros.bin", 4 * MIB)
    with pytest.raises(LimitExceeded) as err:
        read_document("ratio.docx", "", data, Limits(max_zip_ratio=50))
    assert "limit 50" in err.value.reason


def test_ordinary_docx_passes_the_guard() -> None:
    data = docx_from_xml(p("Your name") + p("Ann"))
    open_zip("ok.docx", data, Limits()).close()
    assert read_document("ok.docx", "", data, Limits()) is not None


def test_attachment_over_the_size_limit_is_refused_unopened() -> None:
    data = docx_from_xml(p("Ann"))
    with pytest.raises(LimitExceeded):
        read_document("ok.docx", "", data, Limits(max_attachment_bytes=len(data) - 1))


def test_password_protected_docx_is_reported_as_a_password_problem() -> None:
    plain = io.BytesIO(docx_from_xml(p("Your name") + p("Ann")))
    encrypted = io.BytesIO()
    OOXMLFile(plain).encrypt("secret", encrypted)
    with pytest.raises(DocumentError) as err:
        read_document("locked.docx", "application/octet-stream", encrypted.getvalue(), Limits())
    assert "password" in err.value.reason
    assert "unprotected .docx" in err.value.advice


def test_encrypted_zip_entry_is_reported_as_a_password_problem() -> None:
    data = bytearray(docx_from_xml(p("Ann")))
    # Set the "encrypted" flag bit on every central-directory record (signature PK\x01\x02).
    pos = data.find(b"PK\x01\x02")
    while pos != -1:
        data[pos + 8] |= 0x01
        pos = data.find(b"PK\x01\x02", pos + 4)
    with pytest.raises(DocumentError) as err:
        read_document("enc.docx", "", bytes(data), Limits())
    assert "password" in err.value.reason


def with_method(data: bytes, method: int) -> bytes:
    """The package with every entry claiming compression ``method`` (local and central headers)."""
    out = bytearray(data)
    for signature, offset in ((b"PK\x03\x04", 8), (b"PK\x01\x02", 10)):
        pos = out.find(signature)
        while pos != -1:
            out[pos + offset : pos + offset + 2] = method.to_bytes(2, "little")
            pos = out.find(signature, pos + 4)
    return bytes(out)


@pytest.mark.parametrize("name", ["form.docx", "form.odt"])
def test_archive_compressed_with_an_unsupported_method_is_refused_with_advice(name: str) -> None:
    deflate64 = with_method(docx_from_xml(p("Ann")), 9)
    with pytest.raises(DocumentError) as err:
        read_document(name, "", deflate64, Limits())
    assert "method 9" in err.value.reason and ".docx" in err.value.advice


def test_corrupt_compressed_stream_is_a_document_error_not_a_zlib_error() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.text", zipfile.ZIP_STORED)
        zf.writestr("META-INF/manifest.xml", "<manifest/>" * 50)
        zf.writestr("content.xml", "<office:document-content/>")
    data = bytearray(buf.getvalue())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as zf:
        info = zf.getinfo("META-INF/manifest.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start : start + 4] = b"\xff\xff\xff\xff"  # a reserved deflate block type
    with pytest.raises(DocumentError) as err:
        read_document("form.odt", "", bytes(data), Limits())
    assert err.value.filename == "form.odt"
