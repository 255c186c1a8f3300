"""Word 97-2003 .doc files: converted by antiword (catdoc as fallback), then read into blocks."""

from __future__ import annotations

import email
import os
import stat
from email import policy
from pathlib import Path

import pytest
from lxml import etree

from parsers.blocks import Pair, Para
from parsers.documents.formats import read_document
from parsers.documents.word97 import docbook_blocks, written_by_office_suite
from parsers.errors import DocumentError
from parsers.schema import Limits
from tests.fixtures.common import corpus_dir

DOCBOOK = """<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE book PUBLIC "-//OASIS//DTD DocBook XML V4.1.2//EN"
\t"http://www.oasis-open.org/docbook/xml/4.1.2/docbookx.dtd">
<book lang='en_US'>
<title>Case study submission form</title>
 <bookinfo><title>Case study submission form</title><author><surname>Ann Lee</surname></author></bookinfo>
 <chapter>
<title><emphasis role='bold'>Advocacy case studies</emphasis></title>
  <para>
Please complete all sections.
  </para>
  <para>
   <informaltable frame='none'><tgroup cols='2'><tbody>
      <row><entry>
Your name
       </entry><entry>
Ann Lee
       </entry></row>
      <row><entry>
Summary of case study (max 50 words)
A short overview we can use in the contents list.
       </entry><entry>
First paragraph.

Second paragraph.
       </entry></row>
   </tbody></tgroup></informaltable>
  </para>
 </chapter>
</book>
"""


def fake_tool(folder: Path, name: str, script: str) -> None:
    path = folder / name
    path.write_text("#!/bin/sh\n" + script + "\n")
    path.chmod(path.stat().st_mode | stat.S_IEXEC)


def test_antiword_docbook_table_rows_become_label_answer_pairs() -> None:
    blocks = docbook_blocks(
        etree.fromstring(DOCBOOK.encode(), etree.XMLParser(resolve_entities=False, no_network=True))
    )
    assert blocks == [
        Para("Advocacy case studies", True),
        Para("Please complete all sections."),
        Pair("Your name", "Ann Lee"),
        Pair("Summary of case study (max 50 words)", "First paragraph.\n\nSecond paragraph."),
    ]


def test_text_file_named_doc_is_refused_not_converted() -> None:
    with pytest.raises(DocumentError) as err:
        read_document("form.doc", "application/msword", b"Your name: Ann Lee\n", Limits())
    assert "not a Word document" in err.value.reason
    assert ".docx" in err.value.advice


def test_converter_that_hangs_is_stopped_at_the_timeout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_tool(tmp_path, "antiword", "sleep 10")
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    word2 = b"\xdb\xa5" + bytes(510)  # a Word 2 header: no OLE2 container to check first
    with pytest.raises(DocumentError) as err:
        read_document("old.doc", "application/msword", word2, Limits(converter_timeout_s=0.5))
    assert "longer than 0.5 s" in err.value.reason


def test_every_converter_failing_gives_one_problem_naming_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for tool in ("antiword", "soffice", "catdoc"):
        fake_tool(tmp_path, tool, "echo 'cannot read this' >&2; exit 1")
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    with pytest.raises(DocumentError) as err:
        read_document("old.doc", "application/msword", b"\xdb\xa5" + bytes(510), Limits())
    assert "antiword" in err.value.reason and "catdoc" in err.value.reason


def test_catdoc_reads_what_antiword_refuses_and_its_tab_rows_become_pairs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_tool(tmp_path, "antiword", "echo 'the text stream of this file is too small to handle' >&2; exit 1")
    fake_tool(tmp_path, "soffice", "exit 1")  # LibreOffice, tried before catdoc, fails too
    fake_tool(tmp_path, "catdoc", r"printf 'Case study form\nYour name\tAnn Lee\nJob title\tLibrarian\n'")
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    blocks = read_document("old.doc", "application/msword", b"\xdb\xa5" + bytes(510), Limits())
    assert blocks == [Para("Case study form"), Pair("Your name", "Ann Lee"), Pair("Job title", "Librarian")]


def real_doc(name: str) -> bytes:
    folder = corpus_dir("real", "doc")
    assert folder is not None
    return (folder / name).read_bytes()


@pytest.mark.corpus
def test_word97_form_attached_to_a_synthetic_case_reads_as_pairs() -> None:
    folder = corpus_dir("synthetic")
    assert folder is not None
    msg = email.message_from_bytes((folder / "v026-doc_word97.eml").read_bytes(), policy=policy.default)
    part = next(p for p in msg.walk() if (p.get_filename() or "").endswith(".doc"))
    payload = part.get_payload(decode=True)
    assert isinstance(payload, bytes)
    blocks = read_document(part.get_filename() or "form.doc", part.get_content_type(), payload, Limits())
    assert blocks is not None
    assert Pair("Your name", "Nadia McAllister") in blocks
    assert Pair("Job title / position", "Assistant Director, Communities and Libraries") in blocks
    description = next(b for b in blocks if isinstance(b, Pair) and b.label.startswith("Description"))
    assert description.value is not None and description.value.count("\n\n") == 5


@pytest.mark.corpus
def test_doc_tracked_insertion_is_read_and_deletion_is_not() -> None:
    blocks = read_document(
        "t.doc", "application/msword", real_doc("nwe_test14_tracked_changes.doc"), Limits()
    )
    texts = [b.text for b in blocks or [] if isinstance(b, Para)]
    assert "This text has been inserted, and should be included" in texts
    assert not any("deleted" in t for t in texts)


@pytest.mark.corpus
def test_password_protected_doc_is_a_password_problem() -> None:
    with pytest.raises(DocumentError) as err:
        read_document("p.doc", "application/msword", real_doc("poi_password_cryptoapi.doc"), Limits())
    assert "password" in err.value.reason


@pytest.mark.corpus
def test_word95_file_antiword_refuses_is_read_by_catdoc() -> None:
    blocks = read_document("w95.doc", "application/msword", real_doc("poi_word95.doc"), Limits())
    assert blocks is not None and Para("Paragraph 2") in blocks


@pytest.mark.corpus
def test_word_2003_xml_saved_as_doc_is_read_as_word_xml() -> None:
    blocks = read_document(
        "x.doc", "application/msword", real_doc("tika_word2003_xml_named_doc.doc"), Limits()
    )
    assert blocks is not None and any(isinstance(b, Pair) and b.label == "Some Data" for b in blocks)


@pytest.mark.corpus
def test_word_files_are_read_by_antiword_alone_and_office_suite_files_by_libreoffice_too() -> None:
    assert not written_by_office_suite(real_doc("nwe_test14_tracked_changes.doc"))  # Word 2003
    assert not written_by_office_suite(real_doc("poi_word95.doc"))
    assert written_by_office_suite(real_doc("poi_table_merges.doc"))  # OpenOffice.org's FIB
