"""Every real-world Word, .doc and winmail.dat file of the shared corpus goes through the readers:
blocks, ``None`` or a DocumentError, never another exception, each well under 10 s. A few files
with known content (per the corpus MANIFEST.md) are checked for that content."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from parsers.blocks import Block, Pair, Para, Tagged
from parsers.documents.formats import read_document
from parsers.errors import DocumentError
from parsers.mail.tnef import expand
from parsers.schema import Limits
from tests.fixtures.common import corpus_dir

pytestmark = pytest.mark.corpus


def corpus_files(*kinds: str) -> list[Path]:
    files: list[Path] = []
    for kind in kinds:
        folder = corpus_dir("real", kind)
        files.extend(sorted(p for p in folder.iterdir() if p.is_file()) if folder else [])
    return files


def texts(blocks: list[Block] | None) -> str:
    """All text of the blocks, one piece per line, for content checks."""
    out: list[str] = []
    for b in blocks or []:
        if isinstance(b, Para):
            out.append(b.text)
        elif isinstance(b, Pair):
            out.extend([b.label, b.value or ""])
        elif isinstance(b, Tagged):
            out.extend([b.name, b.value or ""])
    return "\n".join(out)


def read(kind: str, name: str) -> list[Block] | None:
    folder = corpus_dir("real", kind)
    assert folder is not None
    return read_document(name, "application/octet-stream", (folder / name).read_bytes(), Limits())


@pytest.mark.parametrize("path", corpus_files("docx", "doc", "tnef"), ids=lambda p: p.name)
def test_every_real_file_gives_blocks_none_or_a_document_error_quickly(path: Path) -> None:
    started = time.perf_counter()
    data = path.read_bytes()
    try:
        for name, ctype, part in expand(path.name, "application/octet-stream", data, Limits()):
            try:
                blocks = read_document(name, ctype, part, Limits())
            except DocumentError as err:
                assert err.filename == name and err.advice
                continue
            assert blocks is None or all(isinstance(b, Para | Pair | Tagged) for b in blocks)
    except DocumentError as err:
        assert err.advice
    assert time.perf_counter() - started < 10


def test_tracked_insertion_is_read_and_tracked_deletion_is_not() -> None:
    inserted = texts(read("docx", "pandoc_track_changes_insertion.docx"))
    assert "This is a text with two exciting insertions." in inserted
    deleted = texts(read("docx", "pandoc_track_changes_deletion.docx"))
    assert "excessively modified" not in deleted
    both = texts(read("docx", "nwe_test14_tracked_changes.docx"))
    assert "This text has been inserted, and should be included" in both
    assert "should not be included" not in both


def test_moved_from_text_is_not_read() -> None:
    assert read("docx", "poi_tracked_changes_move.docx") == []


def test_formtext_results_are_read_and_field_codes_are_not() -> None:
    blocks = read("docx", "nwe_test07_form_fields.docx")
    assert Pair("Funding Body (if internal state “RGU”)", "ARHB/EPSRC") in (blocks or [])
    assert "FORMTEXT" not in texts(blocks)


def test_rich_text_content_control_is_tagged_by_its_name() -> None:
    blocks = read("docx", "d2p_content_control_richtext.docx")
    assert blocks == [
        Tagged("Test_Control", "This is a test\n\nFor a content control or content container in word.")
    ]


def test_text_box_text_and_a_control_inside_a_text_box_are_read() -> None:
    assert read("docx", "mammoth_text_box.docx") == [Para("Datum plane")]
    assert "rich-text-content-control" in texts(read("docx", "tika_sdt_in_textbox.docx"))


def test_strict_open_xml_is_read() -> None:
    assert read("docx", "mammoth_strict_ooxml.docx") == [Para("Test")]


def test_password_protected_docx_is_a_password_problem() -> None:
    with pytest.raises(DocumentError) as err:
        read("docx", "poi_password_encrypted_pass.docx")
    assert "password" in err.value.reason


def test_truncated_docx_is_a_damaged_file_problem() -> None:
    with pytest.raises(DocumentError) as err:
        read("docx", "tika_truncated.docx")
    assert "damaged" in err.value.reason


def test_png_named_winmail_dat_is_not_a_document() -> None:
    folder = corpus_dir("real", "tnef")
    assert folder is not None
    data = (folder / "not_tnef_png_named_winmail.dat").read_bytes()
    [(name, ctype, part)] = expand("winmail.dat", "application/ms-tnef", data, Limits())
    assert read_document(name, ctype, part, Limits()) is None
