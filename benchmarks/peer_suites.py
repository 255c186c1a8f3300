"""Score the body reader on other reply parsers' own fixtures (../shared/peer-suites/).

    python benchmarks/peer_suites.py [DIR] [--also DIR2] [--verbose] [--min 0.9]

Prints, per suite, the share of entries read as that project's tests pin them; the rules are in
:mod:`tests.cases.peers` (the ones ``tests/parsers/test_peer_suites.py`` holds each suite to).
``--also DIR`` scores the suites of another such folder after the first (a held-out set kept out
of the repository).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.cases.peers import PEER_SUITES, read, score  # noqa: E402

DEFAULT_DIR = PEER_SUITES


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--also", type=Path, action="append", default=[],
                        help="another folder of suites to score after the first (repeatable)")
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--min", type=float, default=None, help="exit 1 when a suite scores below this")
    args = parser.parse_args(argv)
    folders = [args.folder, *args.also]
    missing = [f for f in folders if not f.is_dir()]
    if missing:
        print(f"peer_suites: no such folder: {missing[0]}", file=sys.stderr)
        return 2
    results: dict[str, tuple[int, int]] = {}
    for folder in folders:
        results.update(score(folder, read, args.verbose))
    worst = 1.0
    for name, (good, total) in results.items():
        share = good / total if total else 0.0
        worst = min(worst, share)
        print(f"{name:30s} {good:4d}/{total:<4d} {share:.3f}")
    return 1 if args.min is not None and worst < args.min else 0


if __name__ == "__main__":
    raise SystemExit(main())
