"""Word 97-2003 (.doc) forms: converted by a maintained external tool, then read into blocks.

Order of converters, each run with ``limits.converter_timeout_s`` in a private temporary folder:

1. ``antiword -x db`` (DocBook XML): keeps tables as rows and cells, leaves deleted tracked
   changes out, and shows a legacy form field's typed result. Its tables go through
   :func:`parsers.documents.tables.table_blocks` like Word's.
2. LibreOffice headless (``soffice --convert-to docx``), when installed, read by
   :mod:`parsers.documents.word`. Used when antiword refuses a file (it refuses small files
   written by LibreOffice and Word 6/95 files: "the text stream of this file is too small").
3. ``catdoc -w``: plain text, one paragraph per line.

A .doc written by LibreOffice or OpenOffice.org (:func:`written_by_office_suite`) is read by
LibreOffice as well, with ``limits.office_timeout_s``, and its reading is kept: antiword places
those files' bold and italic one paragraph late (a label reads as plain, the grey italic help under
it as bold and the answer as italic) and never shows colour, so the help printed under a label
would be read as its answer; the .docx reader knows help by its type. antiword's reading is kept
when LibreOffice is missing, fails, runs out of time or finds fewer ``label | answer`` rows (it
flattens some tables antiword reads). LibreOffice is kept running per process
(:mod:`parsers.documents.office`): the first file costs its start-up, about 2 s, the next ones about
0.06 s each (the one-shot ``soffice --convert-to``, the fallback, about 2 s every time) where
antiword takes 0.05 s, so Word's own .doc files, whose type antiword places right, are read by
antiword alone. The running LibreOffice and its one-shot fallback share one timeout: the fallback
gets what the running one left of it, so a file never costs more than the one-shot alone may.

Before any of them: the OLE2 magic (or the Word 2 header) is checked, and an encrypted file is
reported as password-protected (msoffcrypto-tool reads the FIB flag). A "Word 2003 XML" file
named .doc is read by :mod:`parsers.documents.word` directly.
"""

from __future__ import annotations

import io
import logging
import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

import msoffcrypto
import olefile
from lxml import etree

from parsers.blocks import Block, Pair, Para
from parsers.documents import office
from parsers.documents.tables import Cell, clean, table_blocks, text_blocks
from parsers.documents.word import read_docx, read_word_xml
from parsers.documents.zipguard import OLE2_MAGIC
from parsers.errors import DocumentError
from parsers.lifetime import die_with_parent
from parsers.schema import Limits

log = logging.getLogger("parsers.documents")

ADVICE_DOC = "Please save the form as a .docx file and send it again, or paste it into the email."
ADVICE_PASSWORD = "Please send the form as an unprotected .docx file, or paste it into the email."
WORD2_MAGIC = (b"\xdb\xa5", b"\x9b\xa5")


def is_word_ole(data: bytes) -> bool:
    """True for an OLE2 compound file holding a ``WordDocument`` stream (a binary Word file)."""
    if not data.startswith(OLE2_MAGIC):
        return False
    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            return bool(ole.exists("WordDocument"))
    except (OSError, ValueError, IndexError, TypeError):
        return False


def is_encrypted_package(data: bytes) -> bool:
    """True for an OLE2 file holding ``EncryptedPackage``: a password-protected Office 2007+ file."""
    if not data.startswith(OLE2_MAGIC):
        return False
    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            return bool(ole.exists("EncryptedPackage"))
    except (OSError, ValueError, IndexError, TypeError):
        return False


def is_word_xml(data: bytes) -> bool:
    """True for a Word 2003 XML (WordprocessingML 2003) document, often saved with a .doc name."""
    head = data[:4096]
    return head.lstrip().startswith(b"<") and b"schemas.microsoft.com/office/word/2003/wordml" in head


def read_doc(filename: str, data: bytes, limits: Limits) -> list[Block]:
    """Blocks of a legacy Word document. Raises :class:`DocumentError` for a password-protected,
    damaged or unsupported file, or when every converter failed or timed out."""
    if is_word_xml(data):
        return read_word_xml(filename, data, limits)
    if not data.startswith(OLE2_MAGIC) and not data.startswith(WORD2_MAGIC):
        raise DocumentError(filename, "the file is not a Word document (no Word file signature)", ADVICE_DOC)
    if data.startswith(OLE2_MAGIC):
        _check_ole(filename, data)
    with tempfile.TemporaryDirectory(prefix="intake-doc-", dir=_scratch(limits)) as tmp:
        src = Path(tmp) / "input.doc"
        src.write_bytes(data)
        return _convert(filename, src, Path(tmp), limits, office_first=written_by_office_suite(data))


#: FibBase ``nFib`` and ``nProduct`` as LibreOffice (7.x) and OpenOffice.org write every .doc.
#: Word 97-2003 and later write ``nFib`` 0x00C1 there (a later version's number goes in the FIB's
#: ``cswNew`` part, [MS-DOC] 2.5.2), so the pair names the office suite, not Word.
OFFICE_SUITE_FIB = (0x0101, 0x204D)


def written_by_office_suite(data: bytes) -> bool:
    """True for an OLE2 .doc whose FIB says LibreOffice or OpenOffice.org wrote it; False for
    Word's files, older formats and anything unreadable."""
    if not data.startswith(OLE2_MAGIC):
        return False
    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            fib = ole.openstream("WordDocument").read(6)
    except (OSError, ValueError, IndexError, TypeError):
        return False
    return (
        len(fib) == 6
        and (int.from_bytes(fib[2:4], "little"), int.from_bytes(fib[4:6], "little")) == OFFICE_SUITE_FIB
    )


def _scratch(limits: Limits) -> str | None:
    """``limits.scratch_dir`` (made 0700 when missing) when its parent folder exists; else ``None``
    (the system's temporary folder), so reading a file never creates an application's data folder."""
    scratch = limits.scratch_dir
    if not scratch or not os.path.isdir(os.path.dirname(os.path.abspath(scratch))):
        return None
    os.makedirs(scratch, mode=0o700, exist_ok=True)
    return scratch


def _check_ole(filename: str, data: bytes) -> None:
    if not is_word_ole(data):
        raise DocumentError(filename, "the file is damaged or is not a Word document", ADVICE_DOC)
    if _encrypted(data):
        raise DocumentError(filename, "the document is password-protected", ADVICE_PASSWORD)


def _encrypted(data: bytes) -> bool:
    """The FIB's fEncrypted flag, read by msoffcrypto-tool; False when it cannot tell."""
    try:
        return bool(msoffcrypto.OfficeFile(io.BytesIO(data)).is_encrypted())
    except Exception:  # msoffcrypto raises its own and struct errors on odd files: not proof
        return _fib_encrypted(data)


def _fib_encrypted(data: bytes) -> bool:
    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            fib = ole.openstream("WordDocument").read(12)
    except (OSError, ValueError, IndexError, TypeError):
        return False
    return len(fib) >= 12 and bool(fib[11] & 0x01)


def _convert(filename: str, src: Path, tmp: Path, limits: Limits, *, office_first: bool) -> list[Block]:
    failures: list[str] = []
    for name, converter in (("antiword", _antiword), ("soffice", _soffice), ("catdoc", _catdoc)):
        try:
            blocks = converter(filename, src, tmp, limits)
        except _ConverterFailed as err:
            failures.append(f"{name}: {err}")
            log.info("%s: %s could not convert: %s", filename, name, err)
            continue
        if blocks is not None and office_first and name == "antiword":
            return _office_read(filename, src, tmp, limits, blocks)
        if blocks is not None:
            return blocks
    raise DocumentError(
        filename, "the .doc file could not be converted (" + "; ".join(failures) + ")", ADVICE_DOC
    )


def _office_read(filename: str, src: Path, tmp: Path, limits: Limits, antiword: list[Block]) -> list[Block]:
    """A LibreOffice- or OpenOffice-written file as LibreOffice reads it (through .docx, within
    ``limits.office_timeout_s``), or ``antiword``'s reading when LibreOffice fails, runs out of
    time or finds fewer ``label | answer`` rows (it flattens some tables antiword reads)."""
    try:
        office = _soffice(filename, src, tmp, limits, timeout_s=limits.office_timeout_s)
    except (_ConverterFailed, DocumentError) as err:  # DocumentError: its .docx cannot be read
        log.info("%s: soffice could not convert, antiword's text is read: %s", filename, err)
        return antiword
    if office is None or _rows(office) < _rows(antiword):
        return antiword
    return office


def _rows(blocks: list[Block]) -> int:
    return sum(isinstance(b, Pair) for b in blocks)


class _ConverterFailed(Exception):
    """One converter did not produce text (refused, crashed, timed out or missing)."""


def _converter_timeout(limits: Limits, timeout_s: float | None) -> float:
    """The seconds one converter may take on a file: ``timeout_s`` (``None``: no shorter one)
    within ``limits.converter_timeout_s``."""
    return min(timeout_s or limits.converter_timeout_s, limits.converter_timeout_s)


def _run(
    filename: str, argv: list[str], tmp: Path, limits: Limits, *, timeout_s: float | None = None,
    spent_s: float = 0.0,
) -> bytes:
    """Run a converter with HOME in the private folder, and its stdout returned. Past
    ``limits.converter_timeout_s`` the file is given up (:class:`DocumentError`); with
    ``timeout_s`` (the shorter of the two applies) only this converter is, and the next one is
    tried (:class:`_ConverterFailed`). ``spent_s``: the part of that time already spent on this
    file (by the running LibreOffice before its one-shot fallback)."""
    if shutil.which(argv[0]) is None:
        raise _ConverterFailed("not installed")
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp),
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
    }
    try:
        proc = subprocess.Popen(
            argv,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            cwd=tmp,
            start_new_session=True,
            preexec_fn=die_with_parent,  # a killed parse worker leaves no converter behind
        )
    except OSError as err:
        raise _ConverterFailed(str(err)) from err
    try:
        stdout, stderr = proc.communicate(
            timeout=max(0.0, _converter_timeout(limits, timeout_s) - spent_s)
        )
    except subprocess.TimeoutExpired as err:
        _kill_group(proc)
        if timeout_s is not None:
            raise _ConverterFailed(
                f"took longer than {min(timeout_s, limits.converter_timeout_s):g} s"
            ) from err
        raise DocumentError(
            filename,
            f"converting the .doc file took longer than {limits.converter_timeout_s:g} s",
            ADVICE_DOC,
        ) from err
    if proc.returncode != 0:
        last = stderr.decode("utf-8", "replace").strip().splitlines()[-1:]
        raise _ConverterFailed(last[0] if last else f"exit {proc.returncode}")
    return stdout


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    """Stop a converter and everything it started (soffice forks), then reap it."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        proc.kill()
    proc.communicate()


def _antiword(filename: str, src: Path, tmp: Path, limits: Limits) -> list[Block] | None:
    out = _run(filename, ["antiword", "-x", "db", "-m", "UTF-8.txt", str(src)], tmp, limits)
    root = etree.fromstring(out, _docbook_parser()) if out.strip() else None
    if root is None:
        raise _ConverterFailed("no output")
    return docbook_blocks(root)


def _soffice(
    filename: str, src: Path, tmp: Path, limits: Limits, *, timeout_s: float | None = None
) -> list[Block] | None:
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        raise _ConverterFailed("not installed")
    outdir = tmp / "out"
    outdir.mkdir()
    result = outdir / (src.stem + ".docx")
    started = time.monotonic()
    if not _through_session(filename, exe, src, result, limits, timeout_s):
        _one_shot(filename, exe, src, tmp, limits, timeout_s, outdir=outdir,
                  spent_s=time.monotonic() - started)
    if not result.exists():  # soffice exits 0 even when it wrote nothing
        raise _ConverterFailed("no output file")
    return read_docx(filename, result.read_bytes(), limits)


def start_office(limits: Limits) -> None:
    """Start this process's LibreOffice (:mod:`parsers.documents.office`) now, without waiting for
    it, so that the next LibreOffice-written .doc does not wait for its start-up. Nothing happens
    when it runs already, when ``limits.office_session_timeout_s`` is 0 (no session) or when
    LibreOffice is not installed."""
    if limits.office_session_timeout_s <= 0:
        return
    session = office.session(_scratch(limits))
    if session.pid() is None and (exe := shutil.which("soffice") or shutil.which("libreoffice")):
        session.start(exe)


def office_conversions(limits: Limits) -> int:
    """How many files this process's LibreOffice session has converted (0 before the first)."""
    return office.session(_scratch(limits)).converted


def _through_session(
    filename: str, exe: str, src: Path, result: Path, limits: Limits, timeout_s: float | None
) -> bool:
    """True when this process's running LibreOffice (:mod:`parsers.documents.office`) wrote
    ``result`` within ``limits.office_session_timeout_s`` (and within the caller's ``timeout_s``,
    ``limits.converter_timeout_s`` when ``None``); False when the one-shot ``soffice --convert-to``
    should convert the file instead (also when ``office_session_timeout_s`` is 0: no session)."""
    if limits.office_session_timeout_s <= 0:
        return False
    budget = min(limits.office_session_timeout_s, _converter_timeout(limits, timeout_s))
    try:
        office.session(_scratch(limits)).convert(exe, src, result, budget)
    except office.OfficeFailed as err:
        log.info("%s: the running LibreOffice did not convert, soffice --convert-to will: %s", filename, err)
        result.unlink(missing_ok=True)
        return False
    return True


def _one_shot(filename: str, exe: str, src: Path, tmp: Path, limits: Limits, timeout_s: float | None,
              *, outdir: Path, spent_s: float) -> None:
    """``soffice --convert-to docx`` into ``outdir``, in a fresh profile (LibreOffice starts and
    stops for this one file), within what is left of the timeout after ``spent_s``."""
    profile = tmp / "lo-profile"
    _run(
        filename,
        [
            exe,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            "docx",
            "--outdir",
            str(outdir),
            str(src),
        ],
        tmp,
        limits,
        timeout_s=timeout_s,
        spent_s=spent_s,
    )


def _catdoc(filename: str, src: Path, tmp: Path, limits: Limits) -> list[Block] | None:
    out = _run(filename, ["catdoc", "-w", "-d", "utf-8", str(src)], tmp, limits)
    text = out.decode("utf-8", "replace")
    if not text.strip():
        raise _ConverterFailed("no text")
    return text_blocks(text, _tab_row)


def _tab_row(line: str) -> list[str] | None:
    """catdoc writes a table row as its cells separated by tabs."""
    cells = line.split("\t")
    return cells if len(cells) >= 2 and any(c.strip() for c in cells[1:]) and cells[0].strip() else None


# ---------------------------------------------------------------- antiword's DocBook


def _docbook_parser() -> etree.XMLParser:
    """antiword's DocBook names an external DTD: never load it, never expand entities; recover
    from the odd malformed byte antiword lets through."""
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, recover=True)


def docbook_blocks(root: etree._Element) -> list[Block]:
    """Blocks from antiword's DocBook: ``para``/``title`` as paragraphs (bold when wholly inside
    ``emphasis role='bold'``), ``informaltable`` rows through the shared table layouts."""
    out: list[Block] = []
    for el in root.iter("para", "title", "informaltable"):
        if el.tag == "informaltable":
            out.extend(_table(el))
        elif not _inside(el, ("informaltable", "bookinfo")):
            if el.find(".//informaltable") is not None or el.getparent() is root:
                continue
            for line in _lines(el):
                out.append(Para(line, _bold(el)))
    return out


def _inside(el: etree._Element, tags: tuple[str, ...]) -> bool:
    return any(a.tag in tags for a in el.iterancestors())


def _lines(el: etree._Element) -> list[str]:
    text = clean("".join(el.itertext()))
    return [ln for ln in text.split("\n") if ln.strip()]


def _bold(el: etree._Element) -> bool:
    own = clean(el.text or "") + "".join(clean(c.tail or "") for c in el)
    kids = list(el)
    return bool(kids) and not own and all(c.tag == "emphasis" and c.get("role") == "bold" for c in kids)


def _table(tbl: etree._Element) -> list[Block]:
    rows: list[list[Cell]] = []
    for row in tbl.iter("row"):
        if any(a.tag == "row" for a in row.iterancestors()):
            continue
        cells: list[Cell] = []
        for entry in row.findall("entry"):
            paras = _lines(entry)
            cells.append(Cell(paras=paras, emph=[_bold(entry)] * len(paras)))
        rows.append(cells)
    return table_blocks(rows)
