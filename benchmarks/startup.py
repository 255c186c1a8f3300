"""CPU time each command pays to start, as a ratio to ``python -c "import email"`` measured in the
same run (issue 14 targets: ``intake --help`` <= 0.3 s, ``intake extract`` of a plain message
<= 0.5 s, ``intake queue list`` on 5,000 submissions <= 0.8 s).

Run: ``.venv/bin/python benchmarks/startup.py [--repeat 3] [--submissions 5000]``. Each figure is
the median of the child processes' user+system CPU (``resource.RUSAGE_CHILDREN``). The project's
modules are byte-compiled first, as every run after a user's first finds them: an editable install
has no ``.pyc`` files, and where ``PYTHONDONTWRITEBYTECODE`` is set none would ever be written, so
each command would compile about 150 modules from source (0.1-0.3 s of CPU here).
"""

from __future__ import annotations

import argparse
import compileall
import resource
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

PLAIN = b"""From: Ann <ann@example.org>\r\nTo: casestudies@example.org\r\nSubject: Case study\r
Message-ID: <plain-1@example.org>\r\n\r\nYour name: Ann Example\r\nJob title / position: Librarian\r
Email address: ann@example.org\r\nName of library service/local authority: Exampleshire\r
Suggested title for case study: Reading together\r\nSummary of case study (max 50 words): A club.\r
Description of the project / initiative / approach (max 750 words): We met weekly.\r
Key lessons learned (max 100 words): Start small.\r\n"""


def cpu_of(argv: list[str], cwd: Path) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True,
                   timeout=300)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def median_cpu(argv: list[str], cwd: Path, repeat: int) -> float:
    return statistics.median(cpu_of(argv, cwd) for _ in range(repeat))


def fill_queue(cwd: Path, n: int) -> None:
    """``n`` submissions in the embedded default's SQLite database under ``cwd``."""
    code = f"""
import sys
sys.path.insert(0, {str(Path(__file__).resolve().parents[1])!r})
from intake.config import load_config
from pathlib import Path
from store.db import Store
from store import queue as q
cfg = load_config(None, cwd=Path({str(cwd)!r}))
cfg.data_dir.mkdir(parents=True, exist_ok=True)
store = Store.open(cfg.database_url)
with store.session() as s:
    for i in range({n}):
        v = q.VersionInput(fields={{"title": f"Study {{i}}", "name": "Ann"}}, problems=[], source="body",
                           field_sources={{}}, message_row_id=None)
        q.create_submission(s, v, prefix="CS", sender=f"a{{i}}@example.org")
"""
    subprocess.run([sys.executable, "-c", code], cwd=cwd, check=True, timeout=600)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--submissions", type=int, default=5000)
    args = parser.parse_args()
    root = Path(__file__).resolve().parents[1]
    for package in ("intake", "parsers", "store"):
        compileall.compile_dir(root / package, quiet=1)
    intake = [sys.executable, "-m", "intake"]
    with tempfile.TemporaryDirectory() as tmp:
        cwd = Path(tmp)
        (cwd / "plain.eml").write_bytes(PLAIN)
        fill_queue(cwd, args.submissions)
        base = median_cpu([sys.executable, "-c", "import email"], cwd, args.repeat)
        rows = [
            ("intake --help", intake + ["--help"], 0.3),
            ("intake extract plain.eml", intake + ["extract", "plain.eml"], 0.5),
            (f"intake queue list ({args.submissions} submissions)", intake + ["queue", "list"], 0.8),
        ]
        print(f"baseline python -c 'import email': {base:.3f} s CPU")
        for name, argv, target in rows:
            cpu = median_cpu(argv, cwd, args.repeat)
            verdict = "ok" if cpu <= target else "OVER"
            print(f"{name}: {cpu:.3f} s CPU = {cpu / base:.1f}x baseline (target {target} s: {verdict})")


if __name__ == "__main__":
    main()
