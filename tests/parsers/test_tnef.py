"""winmail.dat (TNEF) attachments unpacked so the Word form inside is found."""

from __future__ import annotations

import struct

import pytest

from parsers.blocks import Pair
from parsers.documents.formats import read_document
from parsers.errors import DocumentError
from parsers.mail.tnef import expand
from parsers.schema import Limits
from tests.fixtures.common import corpus_dir
from tests.parsers.docx_build import docx_from_xml, p, tbl, tc, tr

SIGNATURE = struct.pack("<IH", 0x223E9F78, 0x0001)
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def attribute(level: int, attr_id: int, attr_type: int, data: bytes) -> bytes:
    """One TNEF attribute: level, id, type, length, data, 16-bit checksum of the data."""
    return (
        struct.pack("<BHHI", level, attr_id, attr_type, len(data))
        + data
        + struct.pack("<H", sum(data) & 0xFFFF)
    )


def winmail(*files: tuple[str, bytes]) -> bytes:
    """A minimal Outlook winmail.dat carrying ``files``."""
    blob = SIGNATURE + attribute(1, 0x9006, 0x0008, struct.pack("<I", 0x00010000))
    for name, data in files:
        blob += attribute(2, 0x9002, 0x0006, bytes(14))  # attAttachRendData starts an attachment
        blob += attribute(2, 0x8010, 0x0001, name.encode() + b"\x00")  # attAttachTitle
        blob += attribute(2, 0x800F, 0x0006, data)  # attAttachData
    return blob


def form() -> bytes:
    return docx_from_xml(
        tbl(tr(tc(p("Your name")), tc(p("Ann Lee"))), tr(tc(p("Job title")), tc(p("Librarian"))))
    )


def test_winmail_dat_gives_the_attached_word_form_which_reads_as_pairs() -> None:
    files = expand(
        "winmail.dat", "application/ms-tnef", winmail(("form.docx", form()), ("notes.txt", b"hi")), Limits()
    )
    assert [(name, ctype) for name, ctype, _ in files] == [
        ("form.docx", DOCX_TYPE),
        ("notes.txt", "text/plain"),
    ]
    blocks = read_document(*files[0], Limits())
    assert blocks == [Pair("Your name", "Ann Lee"), Pair("Job title", "Librarian")]


def test_tnef_is_recognised_by_its_signature_whatever_its_name() -> None:
    files = expand("ATT00001.bin", "application/octet-stream", winmail(("form.docx", form())), Limits())
    assert [name for name, _, _ in files] == ["form.docx"]


def test_ordinary_attachment_is_returned_as_itself() -> None:
    data = form()
    assert expand("form.docx", DOCX_TYPE, data, Limits()) == [("form.docx", DOCX_TYPE, data)]


def test_file_named_winmail_dat_without_the_signature_is_kept_as_is() -> None:
    png = b"\x89PNG\r\n\x1a\n" + bytes(32)
    assert expand("winmail.dat", "application/ms-tnef", png, Limits()) == [
        ("winmail.dat", "application/ms-tnef", png)
    ]


def test_truncated_winmail_dat_is_a_document_error_with_advice() -> None:
    blob = winmail(("form.docx", form()))
    cut = SIGNATURE + blob[6:40]
    with pytest.raises(DocumentError) as err:
        expand("winmail.dat", "application/ms-tnef", cut, Limits())
    assert err.value.filename == "winmail.dat"
    assert "Rich Text" in err.value.advice


def test_winmail_dat_with_more_files_than_the_part_limit_is_refused() -> None:
    blob = winmail(*[(f"f{i}.txt", b"x") for i in range(5)])
    with pytest.raises(DocumentError):
        expand("winmail.dat", "application/ms-tnef", blob, Limits(max_mime_parts=3))


def real_tnef(name: str) -> bytes:
    folder = corpus_dir("real", "tnef")
    assert folder is not None
    return (folder / name).read_bytes()


@pytest.mark.corpus
def test_real_winmail_dat_gives_its_doc_pdf_and_text_files_and_rtf_body() -> None:
    files = expand("winmail.dat", "application/ms-tnef", real_tnef("tika_winmail_doc_pdf_txt.dat"), Limits())
    names = [name for name, _, _ in files]
    assert {"quick.doc", "quick.pdf", "quick.txt", "body.rtf"} <= set(names)
    doc = next(f for f in files if f[0] == "quick.doc")
    blocks = read_document(*doc, Limits())
    assert blocks is not None and "quick brown fox" in blocks[0].text  # type: ignore[union-attr]


@pytest.mark.corpus
def test_attachments_named_only_in_mapi_properties_keep_their_names() -> None:
    files = expand(
        "winmail.dat", "application/ms-tnef", real_tnef("missing_filenames_doc_attachments.dat"), Limits()
    )
    assert sum(1 for name, _, _ in files if name.endswith(".doc")) == 3
