"""Word 97 (.doc) reading time: ``parsers.documents.word97.read_doc`` next to antiword alone.

A .doc written by LibreOffice or OpenOffice.org is read by LibreOffice as well (antiword misplaces
its bold and italic); Word's own files by antiword alone. For each file, in the same run:

* antiword: ``antiword -x db`` and its DocBook read into blocks (the baseline);
* ours: ``read_doc`` (for an office-suite file: antiword, then ``soffice --convert-to docx`` in a
  private profile and the .docx reader).

The files: every .doc attached to the messages of ``--cases DIR`` (e.g. a heldout10 set made by
``python -m tests.cases.heldout10.make_cases /tmp/h10``), and every .doc of
``../shared/corpus/real/doc`` when present (``--corpus DIR`` for another folder). Prints, per file,
the path taken, the median seconds of each and the ratio (ours / antiword). Say what ``uptime``
showed: soffice's start-up time grows with the machine's load.

    python benchmarks/doc_speed.py [--rounds 3] [--cases DIR] [--corpus DIR]
"""

from __future__ import annotations

import argparse
import email
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from email import policy
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from lxml import etree  # noqa: E402

from parsers.documents.word97 import (  # noqa: E402
    docbook_blocks,
    is_word_ole,
    read_doc,
    written_by_office_suite,
)
from parsers.errors import DocumentError  # noqa: E402
from parsers.schema import Limits  # noqa: E402

_LIMITS = Limits()


def _antiword(data: bytes) -> None:
    import subprocess

    with tempfile.NamedTemporaryFile(suffix=".doc") as f:
        f.write(data)
        f.flush()
        out = subprocess.run(["antiword", "-x", "db", "-m", "UTF-8.txt", f.name], capture_output=True,
                             timeout=60, check=True).stdout
    docbook_blocks(etree.fromstring(out, etree.XMLParser(resolve_entities=False, load_dtd=False,
                                                         no_network=True, recover=True)))


def _ours(data: bytes) -> None:
    read_doc("form.doc", data, _LIMITS)


def _median(fn: Callable[[bytes], None], data: bytes, rounds: int) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn(data)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _files(cases: Path | None, corpus: Path | None) -> dict[str, bytes]:
    out: dict[str, bytes] = {}
    for eml in sorted(cases.glob("*.eml")) if cases else []:
        msg = email.message_from_bytes(eml.read_bytes(), policy=policy.default)
        for part in msg.walk():
            name = part.get_filename() or ""
            payload = part.get_payload(decode=True)
            if name.lower().endswith(".doc") and isinstance(payload, bytes):
                out[f"{eml.stem}/{name}"] = payload
    for path in sorted(corpus.glob("*.doc")) if corpus and corpus.is_dir() else []:
        out[path.name] = path.read_bytes()
    return {k: v for k, v in out.items() if is_word_ole(v)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--cases", type=Path)
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "real" / "doc")
    args = parser.parse_args()
    files = _files(args.cases, args.corpus)
    if not files:
        print("doc_speed: no .doc files (give --cases DIR or --corpus DIR)")
        return 1
    print(f"{'file':60} {'path':20} {'antiword s':>10} {'ours s':>8} {'ratio':>6}")
    for name, data in files.items():
        path = "antiword+LibreOffice" if written_by_office_suite(data) else "antiword"
        try:
            base, ours = _median(_antiword, data, args.rounds), _median(_ours, data, args.rounds)
        except (DocumentError, OSError, RuntimeError) as err:
            print(f"{name[:60]:60} left out: {err}")
            continue
        except Exception as err:  # antiword refuses a file (CalledProcessError): ours uses others
            print(f"{name[:60]:60} left out ({type(err).__name__})")
            continue
        print(f"{name[:60]:60} {path:20} {base:10.3f} {ours:8.3f} {ours / base:6.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
