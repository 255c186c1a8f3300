"""Word (.docx) reader output, file by file, to check a speed change reads every document the same.

Writes ``repr(read_docx(...))`` (or the error it raises) for every Word package it finds: the .docx
files under ``../shared/corpus`` and ``tests``, the Word attachments of the .eml cases under
``../shared/corpus`` and ``tests/data``, the pandoc and LibreOffice conversions
``docx_speed.py`` times (made once and kept in ``--keep``), and the Word files and the .eml
cases' Word attachments under any ``--extra`` folders (e.g. generated case sets, the files of
``tests.hostile.make_cases``). ``--shared DIR`` names the shared corpus when it is not beside
the repository (as from a worktree). Each document is read cold (the styles part kept from the
document before is forgotten first) with the default limits. Run it before a change and after,
then compare the two outputs:

    python benchmarks/docx_identity.py /tmp/before.txt
    python benchmarks/docx_identity.py /tmp/after.txt && cmp /tmp/before.txt /tmp/after.txt

Documents are listed once each (by content); the output names each by where it was first found.
"""

from __future__ import annotations

import argparse
import email
import email.policy
import hashlib
import logging
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from parsers.documents.word import parsed_styles, read_docx  # noqa: E402
from parsers.schema import Limits  # noqa: E402

_WORD_SUFFIXES = (".docx", ".docm", ".dotx", ".dotm")
_SHARED = ROOT.parent / "shared" / "corpus"
"""The shared corpus beside the repository (``--shared`` for another, e.g. from a worktree)."""


def _attachments(eml: Path) -> dict[str, bytes]:
    """The Word attachments of one message, by ``PATH#PART``."""
    found: dict[str, bytes] = {}
    message = email.message_from_bytes(eml.read_bytes(), policy=email.policy.default)
    for i, part in enumerate(message.walk()):
        if (part.get_filename() or "").lower().endswith(_WORD_SUFFIXES):
            data = part.get_payload(decode=True)
            if isinstance(data, bytes) and data:
                found[f"{eml}#{i}"] = data
    return found


def _produced(keep: Path) -> dict[str, bytes]:
    """docx_speed.py's producer conversions, made into ``keep`` the first time."""
    if not keep.is_dir():
        sys.path.insert(0, str(ROOT / "benchmarks"))
        from docx_speed import produced

        keep.mkdir(parents=True)
        with tempfile.TemporaryDirectory(prefix="docx-identity-") as tmp:
            for name, data in produced(Path(tmp)).items():
                (keep / f"{name.replace('/', '__')}.docx").write_bytes(data)
    return {str(p): p.read_bytes() for p in sorted(keep.glob("*.docx"))}


def documents(keep: Path, extra: list[Path], shared: Path = _SHARED) -> dict[str, bytes]:
    """Every Word package found, once each, by where it was first found (``shared``: the shared
    corpus folder, searched for .docx files and .eml cases)."""
    found: dict[str, bytes] = {}
    for folder in (shared, ROOT / "tests", *extra):
        for path in sorted(folder.rglob("*")):
            if path.suffix.lower() in _WORD_SUFFIXES and path.is_file():
                found[str(path)] = path.read_bytes()
    for folder in (shared, ROOT / "tests" / "data", *extra):
        for eml in sorted(folder.rglob("*.eml")):
            found.update(_attachments(eml))
    found.update(_produced(keep))
    seen: set[bytes] = set()
    unique: dict[str, bytes] = {}
    for name, data in found.items():
        digest = hashlib.sha1(data).digest()
        if digest not in seen:
            seen.add(digest)
            unique[name] = data
    return unique


def reading(data: bytes) -> str:
    """What the reader makes of one document: its blocks, or the error it raises."""
    parsed_styles.cache_clear()
    try:
        return repr(read_docx("document.docx", data, Limits()))
    except Exception as err:  # the reader raises DocumentError; anything else is worth seeing too
        return f"ERROR {type(err).__name__}: {err}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="file to write the readings to")
    parser.add_argument("--keep", type=Path, default=Path(tempfile.gettempdir()) / "docx-identity-producers",
                        help="folder keeping the producer conversions between runs")
    parser.add_argument("--extra", type=Path, action="append", default=[],
                        help="a further folder of Word files and .eml cases (searched recursively)")
    parser.add_argument("--shared", type=Path, default=_SHARED,
                        help="the shared corpus folder (default ../shared/corpus beside the repository)")
    args = parser.parse_args(argv)
    logging.disable(logging.CRITICAL)
    if not args.shared.is_dir():
        print(f"{args.shared}: not present, its documents and cases left out", file=sys.stderr)
    docs = documents(args.keep, args.extra, args.shared)
    with args.out.open("w", encoding="utf-8") as out:
        for name, data in docs.items():
            out.write(f"== {name}\n{reading(data)}\n")
    print(f"{len(docs)} documents read into {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
