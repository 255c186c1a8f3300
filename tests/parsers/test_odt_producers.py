"""Every valid OpenDocument text reads, whoever wrote it: pandoc, LibreOffice (.odt and flat
.fodt), AbiWord, and a minimal package like Google Docs' export; "damaged" only for files that are.

The documents are made at test time by the real programs (one soffice call per format)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from parsers import extract_file
from parsers.documents.formats import read_document
from parsers.errors import DocumentError
from parsers.schema import Limits
from tests.fixtures.producers import abiword, pandoc, soffice_convert
from tests.parsers.forms import ANSWERS, LABELS

ODT_TYPE = "application/vnd.oasis.opendocument.text"


def _markdown() -> str:
    parts = ["# Case study submission form", "Please complete every section below and return it by email."]
    for key, label in LABELS.items():
        parts += [f"**{label}**", ANSWERS[key]]
    return "\n\n".join(parts) + "\n"


@pytest.fixture(scope="session")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The same form written by each producer, by producer name."""
    d = tmp_path_factory.mktemp("odt-producers")
    md = d / "form.md"
    md.write_text(_markdown(), encoding="utf-8")
    docx = pandoc(md, d / "form.docx")
    odt = soffice_convert([docx], "odt", d / "lo")["form"]
    fodt = soffice_convert([docx], "fodt", d / "lo")["form"]
    return {
        "pandoc": pandoc(md, d / "pandoc.odt").read_bytes(),
        "libreoffice": odt.read_bytes(),
        "libreoffice-flat": fodt.read_bytes(),
        # AbiWord 3.0 writes malformed XML from pandoc's .docx (a heading closed as a paragraph;
        # LibreOffice refuses it too): it is given the form as HTML.
        "abiword": abiword(pandoc(md, d / "form.html", "-s", "--metadata", "pagetitle=form"),
                           d / "abiword.odt").read_bytes(),
        "minimal-package": _without_manifest_and_styles(odt.read_bytes()),
    }


def _without_manifest_and_styles(data: bytes) -> bytes:
    """The package as a minimal exporter writes it: mimetype and content.xml only."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        dst.writestr("mimetype", src.read("mimetype"))
        dst.writestr("content.xml", src.read("content.xml"))
    return out.getvalue()


PRODUCERS = ["pandoc", "libreoffice", "libreoffice-flat", "abiword", "minimal-package"]


@pytest.mark.parametrize("producer", PRODUCERS)
def test_odt_from_every_producer_reads_every_answer(made: dict[str, bytes], producer: str) -> None:
    name = "form.fodt" if producer == "libreoffice-flat" else "form.odt"
    result = extract_file(made[producer], name)
    assert result.kind == "submission"
    assert result.fields["name"] == ANSWERS["name"]
    assert result.fields["email"] == ANSWERS["email"]
    assert result.fields["organisation"] == ANSWERS["organisation"]
    assert result.fields["lessons"] == ANSWERS["lessons"]
    assert result.fields["description"] is not None
    assert result.fields["description"].startswith("In 2023 public health")


def test_odt_whose_content_xml_is_cut_off_is_damaged(made: dict[str, bytes]) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(made["pandoc"])) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            raw = src.read(info.filename)
            dst.writestr(info.filename, raw[: len(raw) // 2] if info.filename == "content.xml" else raw)
    with pytest.raises(DocumentError, match="damaged"):
        read_document("form.odt", ODT_TYPE, out.getvalue(), Limits())


def test_odt_with_a_mismatched_end_tag_as_abiword_writes_it_still_reads(made: dict[str, bytes]) -> None:
    # AbiWord 3.0 writes <text:p></text:h> for an empty heading cell after converting another file:
    # a local slip that LibreOffice opens; it must not make the whole form "damaged".
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(made["pandoc"])) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            raw = src.read(info.filename)
            if info.filename == "content.xml":
                raw = raw.replace(b"</office:text>", b"<text:p></text:h></office:text>", 1)
            dst.writestr(info.filename, raw)
    result = extract_file(out.getvalue(), "form.odt")
    assert result.fields["email"] == ANSWERS["email"]
    assert result.fields["lessons"] == ANSWERS["lessons"]


def test_flat_odt_that_is_not_an_office_document_is_refused() -> None:
    with pytest.raises(DocumentError, match="not an OpenDocument text"):
        read_document("form.fodt", ODT_TYPE, b"<?xml version='1.0'?><html><p>hi</p></html>", Limits())


def test_flat_odt_with_an_external_entity_leaks_nothing(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET", encoding="utf-8")
    doc = (f"<?xml version='1.0'?><!DOCTYPE d [<!ENTITY x SYSTEM 'file://{secret}'>]>"
           "<office:document xmlns:office='urn:oasis:names:tc:opendocument:xmlns:office:1.0' "
           "xmlns:text='urn:oasis:names:tc:opendocument:xmlns:text:1.0' office:mimetype="
           "'application/vnd.oasis.opendocument.text'><office:body><office:text>"
           "<text:p>Your name: Ann &x;</text:p></office:text></office:body></office:document>")
    try:
        blocks = read_document("form.fodt", ODT_TYPE, doc.encode(), Limits())
    except DocumentError as err:
        assert "TOPSECRET" not in str(err)
    else:
        assert "TOPSECRET" not in repr(blocks)
