"""The Word package read straight from the zip (parsers/documents/word_package.py): the main part
found through the package relationships and checked by its content type, the styles part through
the main part's own relationships, names matched as OPC says."""

from __future__ import annotations

import io
import zipfile

import pytest

from parsers.blocks import Para
from parsers.documents.word import read_docx
from parsers.errors import DocumentError
from parsers.schema import Limits
from tests.parsers.docx_build import docx_from_xml, p


def _rewrite(data: bytes, rename: dict[str, str] | None = None, drop: tuple[str, ...] = (),
             replace: dict[str, bytes] | None = None) -> bytes:
    """The package with entries renamed, dropped or given new bytes."""
    rename, replace = rename or {}, replace or {}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename in drop:
                continue
            body = replace.get(info.filename, src.read(info.filename))
            dst.writestr(rename.get(info.filename, info.filename), body)
    return out.getvalue()


def _entry(data: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return zf.read(name)


FORM = docx_from_xml(p("Your name: Ann Lee") + p("Job title", style="Heading1") + p("Librarian"))


def test_reads_the_main_part_and_its_styles() -> None:
    blocks = read_docx("form.docx", FORM, Limits())
    assert blocks[0] == Para("Your name: Ann Lee", False)
    # The heading style comes from the styles part: the paragraph reads as emphasised.
    assert blocks[1] == Para("Job title", True)


def test_a_main_part_under_another_name_is_found_through_the_relationships() -> None:
    rels = _entry(FORM, "_rels/.rels").replace(b"word/document.xml", b"/word/main.xml")
    types = _entry(FORM, "[Content_Types].xml").replace(b"/word/document.xml", b"/word/main.xml")
    moved = _rewrite(FORM, rename={"word/document.xml": "word/main.xml",
                                   "word/_rels/document.xml.rels": "word/_rels/main.xml.rels"},
                     replace={"_rels/.rels": rels, "[Content_Types].xml": types})
    assert read_docx("form.docx", moved, Limits()) == read_docx("form.docx", FORM, Limits())


def test_part_names_are_matched_whatever_their_case() -> None:
    upper = _rewrite(FORM, rename={"word/document.xml": "Word/Document.XML"})
    assert read_docx("form.docx", upper, Limits()) == read_docx("form.docx", FORM, Limits())


def test_a_package_without_styles_is_read_without_them() -> None:
    bare = _rewrite(FORM, drop=("word/styles.xml",))
    assert read_docx("form.docx", bare, Limits())[0] == Para("Your name: Ann Lee", False)


def test_a_package_with_no_content_types_is_refused_with_a_reason() -> None:
    with pytest.raises(DocumentError) as err:
        read_docx("form.docx", _rewrite(FORM, drop=("[Content_Types].xml",)), Limits())
    assert "cannot be opened" in err.value.reason


def test_a_spreadsheet_renamed_docx_is_not_a_word_document() -> None:
    types = _entry(FORM, "[Content_Types].xml").replace(
        b"wordprocessingml.document.main+xml", b"spreadsheetml.sheet.main+xml")
    with pytest.raises(DocumentError) as err:
        read_docx("form.docx", _rewrite(FORM, replace={"[Content_Types].xml": types}), Limits())
    assert "not a Word document" in err.value.reason


def test_a_package_whose_relationships_name_no_document_is_refused() -> None:
    rels = _entry(FORM, "_rels/.rels").replace(b"/officeDocument\"", b"/somethingElse\"")
    with pytest.raises(DocumentError) as err:
        read_docx("form.docx", _rewrite(FORM, replace={"_rels/.rels": rels}), Limits())
    assert "no main document part" in err.value.reason
