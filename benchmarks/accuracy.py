"""Field accuracy of ``extract_message`` on a labelled corpus (default ../shared/corpus/synthetic).

Each case is ``NAME.eml`` with ``NAME.json`` holding the ground truth (see the corpus README).
Answers are compared after collapsing whitespace runs to one space, stripping the ends, making
curly quotes straight and en/em dashes '-', and reading an empty string as null.

Prints per-variant and overall field accuracy, problem-code correctness on the cases that have
deliberate problems, and the fields filled on non-submissions. Exits 1 when overall accuracy is
below ``--min`` or a non-submission has a field filled.

    python benchmarks/accuracy.py [CORPUS_DIR] [--min 0.99] [--verbose]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from parsers.errors import ParseError  # noqa: E402
from parsers.extract import extract_message  # noqa: E402

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u201c": '"',
                         "\u201d": '"', "\u201e": '"', "\u2013": "-", "\u2014": "-", "\u00a0": " "})


def canon(value: str | None) -> str | None:
    """The comparison form of an answer: ``None`` for null or blank."""
    if value is None:
        return None
    text = re.sub(r"\s+", " ", value.translate(_QUOTES)).strip()
    return text or None


@dataclass
class CaseResult:
    """One case's outcome. ``wrong`` maps field to (expected, got)."""

    name: str
    variant: str
    fields_total: int = 0
    fields_right: int = 0
    wrong: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)
    expected_problems: dict[str, str] = field(default_factory=dict)
    got_problems: dict[str, str] = field(default_factory=dict)
    non_submission: bool = False
    filled_on_nonsub: int = 0
    error: str | None = None

    @property
    def problems_right(self) -> bool:
        return self.expected_problems == self.got_problems


def run_case(eml: Path) -> CaseResult:
    truth = json.loads(eml.with_suffix(".json").read_text(encoding="utf-8"))
    res = CaseResult(eml.stem, truth.get("variant", "?"))
    expected: dict[str, str | None] = truth["fields"]
    res.expected_problems = dict(truth.get("problem_codes") or {})
    res.non_submission = str(truth.get("note", "")).startswith("not a submission")
    try:
        got = extract_message(eml.read_bytes())
    except ParseError as err:
        res.error = str(err)
        res.fields_total = len(expected)
        return res
    for key, want in expected.items():
        have = got.fields.get(key)
        res.fields_total += 1
        if canon(want) == canon(have):
            res.fields_right += 1
        else:
            res.wrong[key] = (want, have)
    res.got_problems = {p.field: p.code for p in got.problems if p.field}
    if res.non_submission:
        res.filled_on_nonsub = sum(1 for v in got.fields.values() if canon(v))
        if got.kind != "not_submission":
            res.error = f"kind {got.kind}, expected not_submission"
    return res


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", default=str(ROOT.parent / "shared" / "corpus" / "synthetic"))
    parser.add_argument("--min", type=float, default=0.0, help="fail below this overall field accuracy")
    parser.add_argument("--verbose", "-v", action="store_true", help="show each wrong field")
    args = parser.parse_args(argv)
    folder = Path(args.corpus)
    cases = sorted(p for p in folder.glob("*.eml") if p.with_suffix(".json").is_file())
    if not cases:
        print(f"no labelled cases in {folder}", file=sys.stderr)
        return 2
    results = [run_case(p) for p in cases]
    by_variant: dict[str, list[CaseResult]] = defaultdict(list)
    for r in results:
        by_variant[r.variant].append(r)
    print(f"{'variant':28} {'cases':>5} {'fields':>7} {'accuracy':>9}")
    for variant, rs in sorted(by_variant.items()):
        total = sum(r.fields_total for r in rs)
        right = sum(r.fields_right for r in rs)
        print(f"{variant:28} {len(rs):5d} {right:3d}/{total:<3d} {right / total:9.3f}")
    total = sum(r.fields_total for r in results)
    right = sum(r.fields_right for r in results)
    accuracy = right / total
    print(f"{'OVERALL':28} {len(results):5d} {right:3d}/{total:<3d} {accuracy:9.3f}")
    problem_cases = [r for r in results if r.expected_problems]
    clean_cases = [r for r in results if not r.expected_problems and not r.non_submission]
    ok_problem = sum(1 for r in problem_cases if r.problems_right)
    ok_clean = sum(1 for r in clean_cases if r.problems_right)
    print(f"problem codes right: {ok_problem}/{len(problem_cases)} deliberate-problem cases; "
          f"{ok_clean}/{len(clean_cases)} clean cases with no problem reported")
    nonsubs = [r for r in results if r.non_submission]
    filled = sum(r.filled_on_nonsub for r in nonsubs)
    print(f"non-submissions: {len(nonsubs)} cases, {filled} fields filled")
    for r in results:
        if r.error or r.wrong or not r.problems_right:
            print(f"  {r.name}: {r.error or ''} wrong={sorted(r.wrong)} problems expected="
                  f"{r.expected_problems} got={r.got_problems}")
            if args.verbose:
                for key, (want, have) in r.wrong.items():
                    print(f"    {key}: expected {canon(want)!r:.300}")
                    print(f"    {'':{len(key)}}  got      {canon(have)!r:.300}")
    failed = accuracy < args.min or filled > 0 or any(r.error for r in results)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
