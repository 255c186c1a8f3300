"""Cost of reading a long PDF against a one-page table form, measured in the same run.

A one-page form with a ruled table is made by LibreOffice (``soffice``), then copied page by page
with pypdf into a PDF of ``--pages`` pages (default 200, the most :mod:`parsers.pdf` accepts).
Prints the time of :func:`parsers.documents.read_document` on each, and the ratio: the long PDF
skips the page layout (pdfplumber) and is read from its text layer, so the ratio stays far below
the page count.

    python benchmarks/pdf_pages.py [--pages 200] [--repeat 3]
"""

from __future__ import annotations

import argparse
import io
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from pypdf import PdfReader, PdfWriter  # noqa: E402

from parsers.documents.formats import read_document  # noqa: E402
from parsers.schema import Limits  # noqa: E402

LABELS = ("Your name", "Job title / position", "Email address", "Name of library service/local authority",
          "Suggested title for case study", "Summary of case study (max 50 words)")


def one_page_form(workdir: Path) -> bytes:
    rows = "".join(f'<tr><td width="20%"><b>{label}</b></td><td>Answer {i}</td></tr>'
                   for i, label in enumerate(LABELS, 1))
    src = workdir / "form.html"
    html = f'<html><body><table border="1" width="100%">{rows}</table></body></html>'
    src.write_text(html, encoding="utf-8")
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
                        "--infilter=HTML (StarWriter)", "--convert-to", "pdf", "--outdir", str(workdir),
                        str(src)], capture_output=True, timeout=240, check=True)
    return (workdir / "form.pdf").read_bytes()


def repeated(data: bytes, pages: int) -> bytes:
    writer = PdfWriter()
    page = PdfReader(io.BytesIO(data)).pages[0]
    for _ in range(pages):
        writer.add_page(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def best_time(data: bytes, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        read_document("form.pdf", "application/pdf", data, Limits())
        best = min(best, time.perf_counter() - started)
    return best


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pages", type=int, default=200)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        one = one_page_form(Path(tmp))
    many = repeated(one, args.pages)
    t1, tn = best_time(one, args.repeat), best_time(many, args.repeat)
    print(f"1-page table form:  {t1 * 1000:8.1f} ms")
    print(f"{args.pages}-page PDF:      {tn * 1000:8.1f} ms")
    print(f"ratio: {tn / t1:.1f}x for {args.pages}x the pages")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
