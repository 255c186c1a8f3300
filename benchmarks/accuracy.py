"""Field accuracy of ``extract_message`` on a labelled corpus (default ../shared/corpus/synthetic).

Each case is ``NAME.eml`` with ``NAME.json`` holding the ground truth (see the corpus README);
the scoring itself is :mod:`tests.cases.scoring`, the one the tests hold every generated set to.

Prints per-variant and overall field accuracy, problem-code correctness on the cases that have
deliberate problems, and the fields filled on non-submissions. Exits 1 when overall accuracy is
below ``--min`` or a non-submission has a field filled.

    python benchmarks/accuracy.py [CORPUS_DIR] [--min 0.99] [--verbose]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.cases.scoring import report_lines, score_folder  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", default=str(ROOT.parent / "shared" / "corpus" / "synthetic"))
    parser.add_argument("--min", type=float, default=0.0, help="fail below this overall field accuracy")
    parser.add_argument("--verbose", "-v", action="store_true", help="show each wrong field")
    args = parser.parse_args(argv)
    folder = Path(args.corpus)
    score = score_folder(folder)
    if not score.results:
        print(f"no labelled cases in {folder}", file=sys.stderr)
        return 2
    for line in report_lines(score, verbose=args.verbose):
        print(line)
    failed = score.accuracy < args.min or score.filled_on_nonsubmissions > 0 or bool(score.errors)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
