"""The LibreOffice kept running per process (parsers.documents.office) for .doc files written by
LibreOffice: started once and reused, started afresh when it has gone, given up for the one-shot
``soffice --convert-to`` when it runs out of time or its interpreter has no ``uno``, and never left
running by a process that has gone.

The .doc is written by LibreOffice itself (``soffice --convert-to doc``) from an HTML form."""

from __future__ import annotations

import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest

from parsers.blocks import Block
from parsers.documents import office
from parsers.documents.formats import read_document
from parsers.extract import extract_file
from parsers.schema import Limits
from tests.fixtures.producers import libreoffice_doc
from tests.parsers.forms import ANSWERS, LABELS

DOC_TYPE = "application/msword"


@pytest.fixture(scope="module")
def lo_doc(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The form as a two-column table, saved as Word 97 by LibreOffice."""
    rows = {LABELS[key]: ANSWERS[key] for key in LABELS}
    return libreoffice_doc(rows, tmp_path_factory.mktemp("office-session"))


@pytest.fixture(scope="module")
def one_shot_blocks(lo_doc: bytes, tmp_path_factory: pytest.TempPathFactory) -> list[Block]:
    """The file's blocks as the one-shot ``soffice --convert-to`` reads them (no session)."""
    scratch = tmp_path_factory.mktemp("one-shot")
    blocks = read_document("form.doc", DOC_TYPE, lo_doc,
                           Limits(scratch_dir=str(scratch / "tmp"), office_session_timeout_s=0))
    assert blocks
    assert office.session(str(scratch / "tmp")).pid() is None  # no session was started
    return blocks


@pytest.fixture
def scratch(tmp_path: Path) -> Iterator[str]:
    """A scratch folder of its own, whose session is stopped after the test."""
    folder = str(tmp_path / "tmp")
    yield folder
    office.session(folder).close()


def _ours(folder: str) -> list[psutil.Process]:
    """The live processes whose command line names ``folder`` (a session's bridge and LibreOffice,
    or a one-shot soffice converting in it)."""
    found = []
    for proc in psutil.process_iter(["cmdline", "status"]):
        try:
            args = proc.info["cmdline"] or []
            if proc.info["status"] != psutil.STATUS_ZOMBIE and any(folder in a for a in args):
                found.append(proc)
        except psutil.Error:
            continue
    return found


def _none_left(folder: str, within_s: float = 10.0) -> list[psutil.Process]:
    deadline = time.monotonic() + within_s
    while (left := _ours(folder)) and time.monotonic() < deadline:
        time.sleep(0.1)
    return left


def _libreoffice(pid: int) -> list[psutil.Process]:
    return [c for c in psutil.Process(pid).children(recursive=True) if c.name() == "soffice.bin"]


def test_one_libreoffice_reads_every_doc_of_a_process_as_the_one_shot_does(
    lo_doc: bytes, one_shot_blocks: list[Block], scratch: str
) -> None:
    limits = Limits(scratch_dir=scratch)
    first = read_document("form.doc", DOC_TYPE, lo_doc, limits)
    pid = office.session(scratch).pid()
    assert pid is not None and _libreoffice(pid)
    second = read_document("form.doc", DOC_TYPE, lo_doc, limits)
    assert office.session(scratch).pid() == pid  # the same LibreOffice, not a second start
    assert first == second == one_shot_blocks
    fields = extract_file(lo_doc, "form.doc", limits=limits).fields
    assert fields["email"] == ANSWERS["email"] and fields["title"] == ANSWERS["title"]
    assert office.session(scratch).pid() == pid


def test_a_libreoffice_that_was_killed_is_started_afresh_for_the_next_file(
    lo_doc: bytes, one_shot_blocks: list[Block], scratch: str
) -> None:
    limits = Limits(scratch_dir=scratch)
    read_document("form.doc", DOC_TYPE, lo_doc, limits)
    pid = office.session(scratch).pid()
    assert pid is not None
    for proc in _libreoffice(pid):  # LibreOffice crashes; its bridge is still there
        proc.kill()
        proc.wait(5)
    assert read_document("form.doc", DOC_TYPE, lo_doc, limits) == one_shot_blocks
    again = office.session(scratch).pid()
    assert again is not None and again != pid and _libreoffice(again)
    assert not psutil.pid_exists(pid) or psutil.Process(pid).status() == psutil.STATUS_ZOMBIE


def test_past_its_timeout_the_file_is_read_by_the_one_shot_and_no_libreoffice_is_left(
    lo_doc: bytes, one_shot_blocks: list[Block], scratch: str
) -> None:
    """0.3 s is too short for LibreOffice to start: the session is stopped, whole, and the one-shot
    conversion (given the rest of ``office_timeout_s``) reads the file."""
    limits = Limits(scratch_dir=scratch, office_session_timeout_s=0.3)
    assert read_document("form.doc", DOC_TYPE, lo_doc, limits) == one_shot_blocks
    assert office.session(scratch).pid() is None
    assert office.session(scratch).unavailable is None  # the next file tries again
    assert _none_left(scratch) == []
    assert not [p for p in Path(scratch).iterdir() if p.name.startswith("intake-office-")]


def test_an_interpreter_without_uno_turns_the_session_off_and_the_one_shot_reads_the_file(
    lo_doc: bytes, one_shot_blocks: list[Block], scratch: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The system's Python without its site packages (where Debian's python3-uno puts ``uno``)."""
    bare = tmp_path / "python-without-uno"
    bare.write_text(f'#!/bin/sh\nexec {office.OFFICE_PYTHON} -S "$@"\n')
    bare.chmod(0o755)
    monkeypatch.setattr(office, "OFFICE_PYTHON", str(bare))
    assert read_document("form.doc", DOC_TYPE, lo_doc, Limits(scratch_dir=scratch)) == one_shot_blocks
    session = office.session(scratch)
    assert session.unavailable is not None and "python3-uno is missing" in session.unavailable
    assert session.pid() is None and _none_left(scratch) == []
    with pytest.raises(office.OfficeFailed, match="python3-uno"):  # off for good: nothing started
        session.convert(shutil.which("soffice") or "soffice", tmp_path / "x.doc", tmp_path / "x.docx", 5)
    assert _ours(scratch) == []


def _run_python(code: str, *args: str) -> subprocess.Popen[str]:
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": f"{root}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
    return subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE, text=True, env=env,
                            cwd=root)


_START = """
import resource, shutil, sys
from pathlib import Path
from parsers.documents import office
spent = resource.getrusage(resource.RUSAGE_SELF)
soft = int(spent.ru_utime + spent.ru_stime) + 120  # as a parse worker sets it for one message
resource.setrlimit(resource.RLIMIT_CPU, (soft, resource.getrlimit(resource.RLIMIT_CPU)[1]))
session = office.session(sys.argv[1])
session.convert(shutil.which("soffice"), Path(sys.argv[2]), Path(sys.argv[1]) / "out.docx", 60)
print(session.pid(), soft, flush=True)
"""


def test_libreoffice_outlives_no_process_and_escapes_the_soft_cpu_limit_of_one_message(
    lo_doc: bytes, tmp_path: Path
) -> None:
    """A parse worker's soft CPU limit is one message's budget: a LibreOffice serving many messages
    is not bound by it. When the process that started it is killed, the bridge stops LibreOffice."""
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    source = tmp_path / "form.doc"
    source.write_bytes(lo_doc)
    child = _run_python(_START + "import time\ntime.sleep(600)\n",
                        str(scratch), str(source))
    try:
        assert child.stdout is not None
        pid_text, soft_text = child.stdout.readline().split()
        bridge = int(pid_text)
        (lo,) = _libreoffice(bridge)
        lo_soft, lo_hard = lo.rlimit(psutil.RLIMIT_CPU)
        assert lo_soft == lo_hard == resource.getrlimit(resource.RLIMIT_CPU)[1] != int(soft_text)
        assert (scratch / "out.docx").is_file()
        child.send_signal(signal.SIGKILL)  # no atexit, no finalizer: only the bridge's watch is left
        child.wait(10)
        assert _none_left(str(scratch)) == []
    finally:
        child.kill()
        child.wait(10)
        child.stdout.close()  # type: ignore[union-attr]


def test_a_process_that_ends_stops_its_libreoffice_and_removes_its_folder(
    lo_doc: bytes, tmp_path: Path
) -> None:
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    source = tmp_path / "form.doc"
    source.write_bytes(lo_doc)
    child = _run_python(_START, str(scratch), str(source))
    assert child.stdout is not None
    with child.stdout:
        bridge = int(child.stdout.readline().split()[0])
    assert child.wait(30) == 0
    assert not psutil.pid_exists(bridge) or psutil.Process(bridge).status() == psutil.STATUS_ZOMBIE
    assert _none_left(str(scratch)) == []
    assert [p.name for p in scratch.iterdir()] == ["out.docx"]


def test_after_its_last_conversion_the_next_libreoffice_is_started_at_once_and_then_used(
    lo_doc: bytes, tmp_path: Path
) -> None:
    """A session stopped after ``max_conversions`` files starts the next LibreOffice straight away,
    without waiting for it; the next file is converted by that one (waited for while it is still
    starting, not started again), so it pays none or only the rest of a start-up."""
    session = office.OfficeSession(scratch=str(tmp_path), max_conversions=2)
    source = tmp_path / "form.doc"
    source.write_bytes(lo_doc)
    exe = shutil.which("soffice") or "soffice"
    try:
        session.convert(exe, source, tmp_path / "one.docx", 60)
        first = session.pid()
        session.convert(exe, source, tmp_path / "two.docx", 60)  # the second and last of `first`
        ahead = session.pid()
        assert first is not None and ahead not in (None, first)
        assert not psutil.pid_exists(first) or psutil.Process(first).status() == psutil.STATUS_ZOMBIE
        session.convert(exe, source, tmp_path / "three.docx", 60)  # at once: still starting, probably
        assert session.pid() == ahead
        assert (tmp_path / "three.docx").is_file()
    finally:
        session.close()
    assert _none_left(str(tmp_path)) == []
