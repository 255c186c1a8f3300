"""Score ``parsers.extract.extract_message`` on a labelled corpus (default /tmp/heldout2, made by
make_cases.py in this folder). Run from the repository root:

    .venv/bin/python benchmarks/heldout2/score.py [CORPUS_DIR] [--verbose]

Comparison follows the corpus README: whitespace runs (incl. NBSP) collapse to one space, ends are
stripped, curly quotes equal straight ones, en/em dashes equal '-', and '' counts as null.

Prints per-variant and overall field accuracy, per-field accuracy, problem-code correctness on
cases with deliberate problems, false problems on clean submissions, and fields filled on
non-submissions. --verbose lists every mismatch (case, field, expected vs got, first 100 chars).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import traceback
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path.cwd()
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from parsers.extract import extract_message  # noqa: E402
from parsers.schema import DEFAULT_SCHEMA  # noqa: E402

_TR = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
                     "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2033": '"',
                     "\u2013": "-", "\u2014": "-", "\u00a0": " ", "\u202f": " ", "\u2007": " "})
FIELD_CODES = {"missing", "over_word_limit", "invalid"}


def canon(v: str | None) -> str | None:
    if v is None:
        return None
    t = re.sub(r"\s+", " ", str(v).translate(_TR)).strip()
    return t or None


def short(v: str | None, n: int = 100) -> str:
    if v is None:
        return "None"
    c = canon(v) or ""
    return repr(c[:n] + ("…" if len(c) > n else ""))


@dataclass
class Res:
    stem: str
    variant: str
    nonsub: bool
    expected_problems: dict
    total: int = 0
    right: int = 0
    wrong: dict = field(default_factory=dict)
    got_problems: dict = field(default_factory=dict)
    got_kind: str | None = None
    reason: str | None = None
    source: str | None = None
    filled: int = 0
    error: str | None = None
    other_problems: list = field(default_factory=list)
    secs: float = 0.0

    @property
    def problems_right(self) -> bool:
        return self.expected_problems == self.got_problems


def run(eml: Path, keys: list[str]) -> Res:
    truth = json.loads(eml.with_suffix(".json").read_text(encoding="utf-8"))
    res = Res(eml.stem, truth.get("variant", "?"), str(truth.get("note", "")).startswith("not a submission"),
              dict(truth.get("problem_codes") or {}))
    want = truth["fields"]
    t0 = time.perf_counter()
    try:
        got = extract_message(eml.read_bytes(), DEFAULT_SCHEMA)
    except Exception as err:  # noqa: BLE001 - any crash is a scored failure
        res.error = f"{type(err).__name__}: {err}"
        res.total = len(keys)
        res.wrong = {k: (want.get(k), f"<{res.error[:60]}>") for k in keys}
        if "--trace" in sys.argv:
            traceback.print_exc()
        return res
    res.secs = time.perf_counter() - t0
    res.got_kind, res.reason, res.source = got.kind, got.reason, got.source
    for k in keys:
        res.total += 1
        e, g = canon(want.get(k)), canon(got.fields.get(k))
        if e == g:
            res.right += 1
        else:
            res.wrong[k] = (want.get(k), got.fields.get(k))
    probs: dict[str, str] = {}
    for p in got.problems:
        if p.field and p.code in FIELD_CODES:
            if p.field in probs and probs[p.field] != p.code:
                probs[p.field] = probs[p.field] + "+" + p.code
            else:
                probs[p.field] = p.code
        else:
            res.other_problems.append(f"{p.field}:{p.code}:{p.message[:60]}")
    res.got_problems = probs
    if res.nonsub:
        res.filled = sum(1 for k in keys if canon(got.fields.get(k)))
    return res


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", nargs="?", default="/tmp/heldout2")
    ap.add_argument("--verbose", "-v", action="store_true")
    ap.add_argument("--trace", action="store_true", help="print tracebacks of crashes")
    args = ap.parse_args(argv)
    folder = Path(args.corpus)
    cases = sorted(p for p in folder.glob("*.eml") if p.with_suffix(".json").is_file())
    if not cases:
        print(f"no labelled cases in {folder}", file=sys.stderr)
        return 2
    keys = list(DEFAULT_SCHEMA.keys)
    results = [run(p, keys) for p in cases]

    by_var: dict[str, list[Res]] = defaultdict(list)
    for r in results:
        by_var[r.variant].append(r)
    print(f"{'variant':28} {'cases':>5} {'fields':>9} {'accuracy':>9}")
    for v, rs in sorted(by_var.items()):
        t = sum(r.total for r in rs)
        ok = sum(r.right for r in rs)
        print(f"{v:28} {len(rs):5d} {ok:4d}/{t:<4d} {ok / t:9.3f}")
    t = sum(r.total for r in results)
    ok = sum(r.right for r in results)
    print(f"{'OVERALL':28} {len(results):5d} {ok:4d}/{t:<4d} {ok / t:9.3f}")
    subs = [r for r in results if not r.nonsub]
    ts = sum(r.total for r in subs)
    oks = sum(r.right for r in subs)
    print(f"{'submissions only':28} {len(subs):5d} {oks:4d}/{ts:<4d} {oks / ts:9.3f}")
    perfect = sum(1 for r in subs if not r.wrong)
    print(f"submissions with every field right: {perfect}/{len(subs)}")

    print("\nper-field accuracy (submissions):")
    for k in keys:
        n = len(subs)
        good = sum(1 for r in subs if k not in r.wrong)
        print(f"  {k:14} {good:3d}/{n:<3d} {good / n:6.3f}")

    prob = [r for r in results if r.expected_problems]
    clean = [r for r in results if not r.expected_problems and not r.nonsub]
    nons = [r for r in results if r.nonsub]
    print(f"\nproblem codes exactly right on deliberate-problem cases: "
          f"{sum(r.problems_right for r in prob)}/{len(prob)}")
    false_prob = [r for r in clean if r.got_problems]
    print(f"clean submissions with a false problem reported: {len(false_prob)}/{len(clean)}")
    not_sub = [r for r in subs if r.got_kind == "not_submission"]
    print(f"submissions classified not_submission: {len(not_sub)}/{len(subs)}"
          + (" (" + ", ".join(f"{r.stem}:{r.reason}" for r in not_sub) + ")" if not_sub else ""))
    print(f"non-submissions: {sum(1 for r in nons if r.got_kind == 'not_submission')}/{len(nons)} classified "
          f"not_submission; fields filled on non-submissions: {sum(r.filled for r in nons)}")
    crashes = [r for r in results if r.error]
    print(f"crashes: {len(crashes)}" + (" (" + "; ".join(f"{r.stem}: {r.error[:80]}" for r in crashes) + ")"
                                       if crashes else ""))
    print(f"extract time: max {max(r.secs for r in results):.2f}s, total {sum(r.secs for r in results):.1f}s")

    if args.verbose:
        print("\n--- field mismatches (expected vs got) ---")
        for r in results:
            for k, (e, g) in r.wrong.items():
                print(f"{r.stem} [{r.source}] {k}: expected {short(e)}\n{'':{len(r.stem) + 1}}got      {short(g)}")
                ce, cg = canon(e) or "", canon(g) or ""
                if ce and cg and ce[:100] == cg[:100]:
                    i = next((j for j, (x, y) in enumerate(zip(ce, cg, strict=False)) if x != y), min(len(ce), len(cg)))
                    print(f"{'':{len(r.stem) + 1}}first difference at char {i} (lengths {len(ce)} vs {len(cg)}): "
                          f"expected {ce[max(0, i - 20):i + 60]!r} got {cg[max(0, i - 20):i + 60]!r}")
        print("\n--- problem-code mismatches ---")
        for r in results:
            if not r.problems_right and not r.nonsub:
                print(f"{r.stem}: expected {r.expected_problems} got {r.got_problems}")
        print("\n--- non-submission outcomes ---")
        for r in nons:
            print(f"{r.stem}: kind={r.got_kind} reason={r.reason} filled={r.filled}")
        others = [(r.stem, p) for r in results for p in r.other_problems]
        if others:
            print("\n--- other (message-level) problems ---")
            for s, p in others:
                print(f"{s}: {p}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
