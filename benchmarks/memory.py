"""Peak memory of extracting one message with a large attachment, and a zip bomb refused unread.

Each case runs in a fresh interpreter (``python benchmarks/memory.py --child CASE``), so the figures
are that process's own: the baseline is its resident memory once ``parsers`` is imported and the
message bytes are read (what any reader of the message holds), the peak its ``ru_maxrss`` after
``extract_message``. Cases:

* ``attachment``: a filled form in the body and a ``--mib`` MiB (default 25) PDF attachment, base64
  encoded as mail carries it. The target: peak at most 3x the attachment size above the baseline.
* ``bomb``: the same form with a 378 KB .docx whose one part expands to 300 MiB. The target: the
  attachment is refused (a problem with code ``attachment``) before any part is decompressed, so
  the peak stays near the baseline.

    python benchmarks/memory.py [--mib 25]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from email.message import EmailMessage
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

MIB = 1024 * 1024
_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_FORM = (
    "Your name: Jo Bloggs\nJob title / position: Reader Services Manager\n"
    "Email address: jo@quarrington.gov.uk\nName of library service/local authority: Quarrington\n"
    "Suggested title for case study: Books on wheels\nSummary of case study (max 50 words): Rounds.\n"
    "Description of the project / initiative / approach (max 750 words): We planned rounds.\n"
    "Key lessons learned (max 100 words): Ask the readers.\n"
)


def _message(name: str, content_type: str, payload: bytes, body: str = _FORM) -> bytes:
    msg = EmailMessage()
    msg["From"] = "Jo Bloggs <jo@quarrington.gov.uk>"
    msg["To"] = "casestudies@example.org"
    msg["Subject"] = "Case study"
    msg["Message-ID"] = "<memory-benchmark@example.org>"
    msg.set_content(body)
    maintype, subtype = content_type.split("/")
    msg.add_attachment(payload, maintype=maintype, subtype=subtype, filename=name)
    return msg.as_bytes()


def attachment_message(mib: int) -> bytes:
    """The form with a ``mib`` MiB PDF-named attachment (random bytes: nothing compresses it)."""
    return _message("report.pdf", "application/pdf", b"%PDF-1.4\n" + os.urandom(mib * MIB))


def bomb_docx(expanded_mib: int = 300) -> bytes:
    """A .docx whose ``word/document.xml`` expands to ``expanded_mib`` MiB (zeros deflate ~1000:1)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.'
                    'openxmlformats.org/package/2006/content-types"/>')
        with zf.open("word/document.xml", "w", force_zip64=True) as part:
            chunk = b" " * MIB
            for _ in range(expanded_mib):
                part.write(chunk)
    return buf.getvalue()


def _rss_mib() -> float:
    import psutil

    return float(psutil.Process().memory_info().rss) / MIB


def child(path: Path) -> dict[str, object]:
    """Extract the message in ``path`` in this process; the figures as a dict. The size limits are
    raised to twice the message's size (the defaults, 30 MiB a message and 15 MiB an attachment,
    would refuse a 25 MiB attachment before reading it: here it is read)."""
    from parsers.extract import extract_message
    from parsers.schema import Limits

    raw = path.read_bytes()
    limits = Limits(max_message_bytes=2 * len(raw), max_attachment_bytes=2 * len(raw))
    baseline = _rss_mib()
    started = time.process_time()
    out = extract_message(raw, limits=limits)
    seconds = time.process_time() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    problems = [p.code for p in out.problems]
    return {"raw_mib": len(raw) / MIB, "baseline_mib": baseline, "peak_mib": peak, "seconds": seconds,
            "problems": problems, "kind": out.kind}


def _run_child(path: Path) -> dict[str, Any]:
    run = subprocess.run([sys.executable, __file__, "--child", str(path)],
                         capture_output=True, text=True, timeout=600, check=True)
    got: dict[str, Any] = json.loads(run.stdout.strip().splitlines()[-1])
    return got


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mib", type=int, default=25, help="attachment size in MiB")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--make", nargs=2, metavar=("CASE", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child)))
        return 0
    if args.make:
        case, path = args.make
        Path(path).write_bytes(attachment_message(args.mib) if case == "attachment"
                               else _message("form.docx", _DOCX, bomb_docx(), "Our form is attached.\n"))
        return 0
    ok = True
    with tempfile.TemporaryDirectory(prefix="memory-bench-") as tmp:
        cases = {"attachment": Path(tmp) / "attachment.eml", "bomb": Path(tmp) / "bomb.eml"}
        for case, path in cases.items():
            # Made in a process of its own: Linux carries a parent's peak (ru_maxrss) into the
            # children it forks, so this process stays small.
            subprocess.run([sys.executable, __file__, "--make", case, str(path), "--mib", str(args.mib)],
                           check=True, timeout=600)
        figures = {case: _run_child(path) for case, path in cases.items()}
    for case, got in figures.items():
        above = got["peak_mib"] - got["baseline_mib"]
        if case == "attachment":
            ratio = above / args.mib
            ok = ok and ratio <= 3.0
            print(f"{args.mib} MiB attachment: message {got['raw_mib']:.1f} MiB, "
                  f"baseline {got['baseline_mib']:.1f} MiB, peak {got['peak_mib']:.1f} MiB, "
                  f"{above:.1f} MiB above = {ratio:.2f}x the attachment (target <= 3x), "
                  f"{got['seconds']:.2f} s CPU, problems {got['problems']}")
        else:
            refused = "attachment" in got["problems"]
            ok = ok and refused
            print(f"300 MiB zip-bomb .docx: {'refused' if refused else 'NOT refused'}, "
                  f"{above:.1f} MiB above baseline, {got['seconds'] * 1000:.0f} ms CPU, "
                  f"problems {got['problems']}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
