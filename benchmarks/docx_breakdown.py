"""Where the Word (.docx) reader's time goes, per pass over ``../shared/corpus/real/docx``.

Prints the CPU ms per pass (best of ``--rounds``) of each step of ``read_docx``: the zip guard and
package parts, parsing the main document part, the styles part, the walk, and trimming the
closing lines (``word._trimmed`` alone, on blocks walked beforehand). Then three floors for the
walk, over the same parsed documents: touching every element of the body with its tag (what any
walk of lxml's tree pays), lxml's tag-filtered ``iter()`` over only the elements the walker
reads, and ``iterwalk()`` start and end events over them (an event-driven reading). A walk much
above the first floor spends its time in its own Python, which no other way of visiting the
elements removes.

    python benchmarks/docx_breakdown.py [--rounds 5] [--corpus DIR]
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from lxml import etree  # noqa: E402

from parsers.blocks import Block  # noqa: E402
from parsers.documents import word  # noqa: E402
from parsers.documents.word_package import WordParts, word_parts  # noqa: E402
from parsers.documents.wordml import MC_ALTERNATE, W_NAMES, W_NS, Styles  # noqa: E402
from parsers.schema import Limits  # noqa: E402

_LIMITS = Limits()
_READ = (
    "p pPr pStyle jc outlineLvl r rPr b i sz color rStyle vanish webHidden t tab ptab br cr noBreakHyphen "
    "sym fldChar instrText drawing pict object sdt sdtPr sdtContent tbl tr tc tcPr vMerge shd trPr del ins "
    "moveTo moveFrom hyperlink smartTag customXml fldSimple txbxContent"
).split()
_READ_TAGS = [f"{{{ns}}}{name}" for name in _READ for ns in W_NS] + [MC_ALTERNATE]
"""The tags the walker reads (a superset: it also reads some only below others)."""


def _best_ms(func: Callable[[], object], rounds: int) -> float:
    best = float("inf")
    for _ in range(rounds):
        started = time.process_time()
        func()
        best = min(best, time.process_time() - started)
    return best * 1000


def _body(parts: WordParts) -> etree._Element:
    root = word._parse("document", parts.document)
    return next(c for c in root if W_NAMES[c.tag] == "body")


def _styles_cold(parts: WordParts) -> Styles:
    """The styles part read as ``read_docx`` reads it, the one kept from before forgotten first."""
    word.parsed_styles.cache_clear()
    return word._styles("styles", parts.styles)


def _touch_all(body: etree._Element) -> None:
    for el in body.iter():
        _ = W_NAMES[el.tag]


def _filtered_iter(body: etree._Element) -> None:
    for el in body.iter(_READ_TAGS):
        _ = W_NAMES[el.tag]


def _events(body: etree._Element) -> None:
    for _event, el in etree.iterwalk(body, events=("start", "end"), tag=_READ_TAGS):
        _ = W_NAMES[el.tag]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "real" / "docx")
    args = parser.parse_args(argv)
    logging.disable(logging.CRITICAL)
    files = []
    for path in sorted(args.corpus.glob("*.docx")):
        data = path.read_bytes()
        try:
            word.read_docx(path.name, data, _LIMITS)
        except Exception:  # encrypted or damaged: left out, as docx_speed.py leaves them out
            continue
        files.append(data)
    parts = [word_parts("document", d, _LIMITS) for d in files]
    bodies = [_body(p) for p in parts]
    styles = [word._read_styles("styles", p.styles) if p.styles else Styles() for p in parts]

    def walk() -> None:
        for body, st in zip(bodies, styles, strict=True):
            word._Walker("document", st, _LIMITS).container(body)

    walked: list[tuple[word._Walker, list[Block]]] = []
    for body, st in zip(bodies, styles, strict=True):
        walker = word._Walker("document", st, _LIMITS)
        walked.append((walker, walker.container(body)))

    def trim() -> None:
        # On blocks walked once beforehand: the trim alone, not a second walk as well.
        for walker, blocks in walked:
            word._trimmed(walker, blocks)

    steps: dict[str, Callable[[], object]] = {
        "zip guard + package parts": lambda: [word_parts("document", d, _LIMITS) for d in files],
        "document part parse": lambda: [_body(p) for p in parts],
        "styles part": lambda: [_styles_cold(p) for p in parts],
        "walk": walk,
        "closing-line trim": trim,
    }
    timed = {name: _best_ms(func, args.rounds) for name, func in steps.items()}
    print(f"{len(files)} files, CPU ms per pass (best of {args.rounds})")
    for name, ms in timed.items():
        print(f"  {name:28} {ms:8.1f}")
    print(f"  {'total':28} {sum(timed.values()):8.1f}")
    elements = sum(sum(1 for _ in b.iter()) for b in bodies)
    read = sum(sum(1 for _ in b.iter(_READ_TAGS)) for b in bodies)
    print(f"walk floors ({elements} body elements, {read} of the tags the walker reads)")
    floors: dict[str, Callable[[etree._Element], None]] = {
        "every element with its tag": _touch_all,
        "tag-filtered iter()": _filtered_iter,
        "iterwalk() start+end events": _events,
    }
    for name, floor in floors.items():
        print(f"  {name:28} {_best_ms(lambda: [floor(b) for b in bodies], args.rounds):8.1f}")  # noqa: B023
    return 0


if __name__ == "__main__":
    sys.exit(main())
