"""Word (.docx) reading speed: ``parsers`` reader next to python-docx's own walk of the same files.

The files are made by real producers in this run (pandoc and LibreOffice convert a filled form
written as HTML and as Markdown, in a table layout and a paragraph layout) plus every .docx of
``../shared/corpus/real/docx`` when present (``--corpus DIR`` for another folder). For each file,
in the same run:

* python-docx: ``Document(BytesIO(data))``, then every paragraph's ``.text`` and every table
  cell's ``.text`` (what the python-docx documentation shows for reading a document);
* ours: ``parsers.documents.word.read_docx`` (the zip guard, the package parts, the full walk:
  tables, content controls, legacy form fields, tracked changes, guidance), cold: the styles part
  kept from the document before (``parsed_styles``) is forgotten before each read.

Files python-docx cannot open (encrypted, truncated) are left out of both. Prints the time per file
of each and the ratio (python-docx time / ours: the target is at least 3).

    python benchmarks/docx_speed.py [--rounds 5] [--corpus DIR] [--no-producers]
"""

from __future__ import annotations

import argparse
import io
import logging
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import docx  # noqa: E402

from parsers.documents.word import parsed_styles, read_docx  # noqa: E402
from parsers.schema import Limits  # noqa: E402

_LIMITS = Limits()
_PARAGRAPH = ("We moved the housebound service onto volunteer rounds planned with the council's "
              "own routing tool, so each volunteer visits the same six readers every fortnight. ")
_ANSWERS = (
    ("Your name", "Jo Bloggs"),
    ("Job title / position", "Reader Services Manager"),
    ("Email address", "jo.bloggs@quarrington.gov.uk"),
    ("Name of library service/local authority", "Quarrington Borough Council"),
    ("Suggested title for case study", "Books on wheels, planned by readers"),
    ("Summary of case study (max 50 words)", _PARAGRAPH * 2),
    ("Description of the project / initiative / approach (max 750 words)", _PARAGRAPH * 30),
    ("Key lessons learned (max 100 words)", _PARAGRAPH * 4),
)


def python_docx_walk(data: bytes) -> None:
    """python-docx's documented way of reading a document's text."""
    document = docx.Document(io.BytesIO(data))
    for paragraph in document.paragraphs:
        _ = paragraph.text
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                _ = cell.text


def ours(data: bytes) -> None:
    # Cold: the styles kept from the last document are forgotten, so each round reads the file as
    # the first of its template (python-docx keeps nothing either).
    parsed_styles.cache_clear()
    read_docx("bench.docx", data, _LIMITS)


def _sources(folder: Path) -> list[Path]:
    """A filled form as HTML (table and paragraph layouts) and as Markdown, to be converted."""
    intro = "<h1>Case study submission form</h1><p>Please complete every section.</p>"
    rows = "".join(f"<tr><td><b>{label}</b></td><td><p>{value}</p></td></tr>" for label, value in _ANSWERS)
    paras = "".join(f"<p><b>{label}</b></p><p>{value}</p>" for label, value in _ANSWERS)
    table = folder / "form_table.html"
    table.write_text(f"<html><body>{intro}<table border='1'>{rows}</table></body></html>")
    plain = folder / "form_paragraphs.html"
    plain.write_text(f"<html><body>{intro}{paras}</body></html>")
    markdown = folder / "form_markdown.md"
    markdown.write_text("# Case study submission form\n\n"
                        + "".join(f"**{label}**\n\n{value}\n\n" for label, value in _ANSWERS))
    return [table, plain, markdown]


def produced(folder: Path) -> dict[str, bytes]:
    """The sources converted to .docx by pandoc and by LibreOffice, by producer and source."""
    from tests.fixtures.producers import pandoc, soffice_convert

    sources = _sources(folder)
    out: dict[str, bytes] = {}
    for src in sources:
        out[f"pandoc/{src.stem}"] = pandoc(src, folder / f"{src.stem}.pandoc.docx").read_bytes()
    html = [s for s in sources if s.suffix == ".html"]
    converted = soffice_convert(html, "docx:MS Word 2007 XML", folder / "soffice",
                                infilter="HTML (StarWriter)")
    for stem, path in converted.items():
        out[f"soffice/{stem}"] = path.read_bytes()
    return out


def corpus(folder: Path) -> dict[str, bytes]:
    return {f"corpus/{p.stem}": p.read_bytes() for p in sorted(folder.glob("*.docx"))}


def _readable(files: dict[str, bytes]) -> dict[str, bytes]:
    """The files both readers open (python-docx refuses encrypted and truncated files)."""
    kept: dict[str, bytes] = {}
    for name, data in files.items():
        try:
            python_docx_walk(data)
            ours(data)
        except Exception as err:  # python-docx raises many kinds; ours raises DocumentError
            print(f"{name}: left out ({type(err).__name__})", file=sys.stderr)
            continue
        kept[name] = data
    return kept


def per_file_ms(func: Callable[[bytes], None], data: bytes, rounds: int) -> float:
    started = time.process_time()
    for _ in range(rounds):
        func(data)
    return (time.process_time() - started) * 1000 / rounds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "real" / "docx")
    parser.add_argument("--no-producers", action="store_true", help="only the corpus files")
    parser.add_argument("--verbose", action="store_true", help="a line per file")
    args = parser.parse_args(argv)
    logging.disable(logging.CRITICAL)
    files: dict[str, bytes] = {}
    with tempfile.TemporaryDirectory(prefix="docx-speed-") as tmp:
        if not args.no_producers:
            files.update(produced(Path(tmp)))
    if args.corpus.is_dir():
        files.update(corpus(args.corpus))
    else:
        print(f"{args.corpus}: not present, corpus files left out", file=sys.stderr)
    files = _readable(files)
    if not files:
        return 2
    groups: dict[str, tuple[float, float, int]] = {}
    print(f"{'group':10} {'files':>5} {'python-docx ms/file':>20} {'ours ms/file':>13} {'ratio':>6}")
    for name, data in files.items():
        theirs, mine = per_file_ms(python_docx_walk, data, args.rounds), per_file_ms(ours, data, args.rounds)
        if args.verbose:
            print(f"  {name:60} {theirs:8.2f} {mine:8.2f} {theirs / mine:6.2f}")
        for group in (name.split("/")[0], "ALL"):
            t, m, n = groups.get(group, (0.0, 0.0, 0))
            groups[group] = (t + theirs, m + mine, n + 1)
    for group, (theirs, mine, n) in groups.items():
        print(f"{group:10} {n:5d} {theirs / n:20.2f} {mine / n:13.2f} {theirs / mine:6.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
