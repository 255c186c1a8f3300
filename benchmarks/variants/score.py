"""Score an extractor on a folder of labelled cases (``NAME.eml`` + ``NAME.json``).

    cd /work/main && .venv/bin/python benchmarks/variants/score.py tests/data/variants [--verbose]
    ... score.py FOLDER --cmd '.venv/bin/intake extract {}'     # any command printing the JSON shape
    ... score.py FOLDER --func mypkg.mod:extract                  # any callable(bytes) -> result

By default each message is read with ``parsers.extract.extract_message(raw, DEFAULT_SCHEMA)``.
A result may be an object with ``fields``/``problems``/``kind`` attributes or a dict of the same
(``problems`` a list of ``{"field", "code"}``); ``--cmd`` must print that dict as JSON.

Comparison (corpus README): whitespace runs collapse to one space, ends stripped, curly quotes =
straight, en/em dashes = '-', an empty string = null. Prints per-variant and overall field accuracy,
per-field accuracy, problem-code correctness (codes missing/over_word_limit/invalid, as a set of
(field, code) per case), submission/non-submission classification, fields filled on
non-submissions, and with --verbose every mismatch (case, field, expected vs got, first 80 chars).
"""

from __future__ import annotations

import argparse
import importlib
import json
import re
import shlex
import subprocess
import sys
import time
import traceback
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
for _p in (str(Path.cwd()), str(ROOT)):
    if _p not in sys.path:
        sys.path.insert(0, _p)

CODES = {"missing", "over_word_limit", "invalid"}
_QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u00a0": " ",
        "\u2007": " ",
        "\u202f": " ",
    }
)


def canon(value: Any) -> str | None:
    """The comparison form of an answer; ``None`` for null or blank."""
    if value is None:
        return None
    text = re.sub(r"\s+", " ", str(value).translate(_QUOTES)).strip()
    return text or None


# ---------------------------------------------------------------- running an extractor


@dataclass
class Outcome:
    fields: dict[str, Any]
    problems: set[tuple[str, str]]
    other_problems: list[str]
    kind: str | None


def _get(obj: Any, name: str, default: Any = None) -> Any:
    if isinstance(obj, dict):
        return obj.get(name, default)
    return getattr(obj, name, default)


def normalise(result: Any) -> Outcome:
    fields = dict(_get(result, "fields") or {})
    probs: set[tuple[str, str]] = set()
    other: list[str] = []
    raw = _get(result, "problems") or []
    if isinstance(raw, dict):  # {"field": "code"} also accepted
        raw = [{"field": k, "code": v} for k, v in raw.items()]
    for p in raw:
        f, c = _get(p, "field"), _get(p, "code")
        if f and c in CODES:
            probs.add((str(f), str(c)))
        else:
            other.append(f"{f}:{c}")
    kind = _get(result, "kind")
    return Outcome(fields, probs, other, str(kind) if kind is not None else None)


def function_runner(spec: str | None) -> Callable[[Path], Outcome]:
    if spec:
        mod, _, attr = spec.partition(":")
        fn = getattr(importlib.import_module(mod), attr or "extract")
        return lambda path: normalise(fn(path.read_bytes()))
    from parsers.extract import extract_message
    from parsers.schema import DEFAULT_SCHEMA

    return lambda path: normalise(extract_message(path.read_bytes(), DEFAULT_SCHEMA))


def command_runner(cmd: str, timeout: float) -> Callable[[Path], Outcome]:
    def run(path: Path) -> Outcome:
        argv = [a.replace("{}", str(path)) for a in shlex.split(cmd)]
        if not any("{}" in a for a in shlex.split(cmd)):
            argv.append(str(path))
        proc = subprocess.run(argv, capture_output=True, timeout=timeout, check=False)
        if proc.returncode != 0 and not proc.stdout.strip():
            raise RuntimeError(
                f"exit {proc.returncode}: {proc.stderr.decode(errors='replace').strip()[-300:]}"
            )
        return normalise(json.loads(proc.stdout))

    return run


# ---------------------------------------------------------------- scoring


@dataclass
class CaseResult:
    name: str
    variant: str
    nonsub: bool
    expected_problems: set[tuple[str, str]]
    fields_total: int = 0
    fields_right: int = 0
    wrong: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)
    right_keys: list[str] = field(default_factory=list)
    got_problems: set[tuple[str, str]] = field(default_factory=set)
    other_problems: list[str] = field(default_factory=list)
    kind: str | None = None
    filled_on_nonsub: int = 0
    error: str | None = None
    seconds: float = 0.0

    @property
    def problems_right(self) -> bool:
        return self.error is None and self.expected_problems == self.got_problems

    @property
    def kind_right(self) -> bool | None:
        if self.kind is None:
            return None
        return (self.kind == "not_submission") == self.nonsub


def score_case(eml: Path, run: Callable[[Path], Outcome], keys: list[str] | None) -> CaseResult:
    truth = json.loads(eml.with_suffix(".json").read_text(encoding="utf-8"))
    expected: dict[str, Any] = truth["fields"]
    res = CaseResult(
        eml.stem,
        truth.get("variant", "?"),
        str(truth.get("note", "")).startswith("not a submission"),
        {(k, v) for k, v in (truth.get("problem_codes") or {}).items()},
    )
    t0 = time.perf_counter()
    try:
        got = run(eml)
    except Exception as err:  # noqa: BLE001 - the extractor is work in progress; report, don't crash
        res.seconds = time.perf_counter() - t0
        tb = traceback.extract_tb(err.__traceback__)
        where = f" at {Path(tb[-1].filename).name}:{tb[-1].lineno}" if tb else ""
        res.error = f"{type(err).__name__}: {str(err)[:200]}{where}"
        res.fields_total = len(expected)
        res.wrong = {k: (v, "<error>") for k, v in expected.items() if canon(v) is not None}
        return res
    res.seconds = time.perf_counter() - t0
    for key in keys or list(expected):
        want, have = expected.get(key), got.fields.get(key)
        res.fields_total += 1
        if canon(want) == canon(have):
            res.fields_right += 1
            res.right_keys.append(key)
        else:
            res.wrong[key] = (want, have)
    res.got_problems = got.problems
    res.other_problems = got.other_problems
    res.kind = got.kind
    if res.nonsub:
        res.filled_on_nonsub = sum(1 for v in got.fields.values() if canon(v) is not None)
    return res


def _short(value: str | None, n: int = 80) -> str:
    c = canon(value)
    if c is None:
        return "null"
    return repr(c[:n]) + ("…" if len(c) > n else "") + f" ({len(c)} ch)"


def _divergence(want: str | None, have: str | None) -> str:
    a, b = canon(want), canon(have)
    if not a or not b or a[:80] != b[:80]:
        return ""
    i = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
    return f"        first difference at char {i}: expected {a[i : i + 60]!r} / got {b[i : i + 60]!r}"


def report(results: list[CaseResult], verbose: bool) -> float:
    by_variant: dict[str, list[CaseResult]] = defaultdict(list)
    for r in results:
        by_variant[r.variant].append(r)

    def frac(a: int, b: int) -> str:
        return f"{a:3d}/{b:<3d} {a / b:6.3f}" if b else "   -/-        "

    print(f"{'variant':28} {'cases':>5}  {'fields right':>14}  {'problem codes':>13}  {'kind':>7}  errors")
    for variant, rs in sorted(by_variant.items()):
        ft, fr = sum(r.fields_total for r in rs), sum(r.fields_right for r in rs)
        pr = sum(r.problems_right for r in rs)
        kinds = [r.kind_right for r in rs if r.kind_right is not None]
        errs = sum(1 for r in rs if r.error)
        print(
            f"{variant:28} {len(rs):5d}  {frac(fr, ft)}  {pr:6d}/{len(rs):<6d}  "
            f"{(str(sum(kinds)) + '/' + str(len(kinds))) if kinds else '-':>7}  {errs or ''}"
        )
    ft, fr = sum(r.fields_total for r in results), sum(r.fields_right for r in results)
    subs = [r for r in results if not r.nonsub]
    sft, sfr = sum(r.fields_total for r in subs), sum(r.fields_right for r in subs)
    accuracy = fr / ft if ft else 0.0
    print(f"{'OVERALL':28} {len(results):5d}  {frac(fr, ft)}   (submissions only: {frac(sfr, sft).strip()})")

    per_field_t: Counter[str] = Counter()
    per_field_r: Counter[str] = Counter()
    for r in subs:
        for k in list(r.wrong) + r.right_keys:
            per_field_t[k] += 1
        for k in r.right_keys:
            per_field_r[k] += 1
    print(
        "per field (submissions): "
        + "  ".join(f"{k} {per_field_r[k] / per_field_t[k]:.3f}" for k in per_field_t)
    )

    problem_cases = [r for r in subs if r.expected_problems]
    clean = [r for r in subs if not r.expected_problems]
    missed: Counter[str] = Counter()
    spurious: Counter[str] = Counter()
    for r in subs:
        if r.error:
            continue
        for _f, c in r.expected_problems - r.got_problems:
            missed[c] += 1
        for _f, c in r.got_problems - r.expected_problems:
            spurious[c] += 1
    print(
        f"problem codes: {sum(r.problems_right for r in problem_cases)}/{len(problem_cases)} deliberate-problem "
        f"cases exactly right; {sum(r.problems_right for r in clean)}/{len(clean)} clean cases with no problem "
        f"reported; missed {dict(missed) or '{}'}; spurious {dict(spurious) or '{}'}"
    )
    nonsubs = [r for r in results if r.nonsub]
    filled = sum(r.filled_on_nonsub for r in nonsubs)
    as_sub = sum(1 for r in nonsubs if r.kind_right is False)
    sub_as_non = sum(1 for r in subs if r.kind_right is False)
    print(
        f"non-submissions: {len(nonsubs)} cases, {filled} fields filled, {as_sub} classified as submission; "
        f"submissions classified as not_submission: {sub_as_non}"
    )
    errors = [r for r in results if r.error]
    if errors:
        print(f"errors: {len(errors)} cases raised")
    slow = max(results, key=lambda r: r.seconds)
    print(f"time: {sum(r.seconds for r in results):.1f}s total, slowest {slow.name} {slow.seconds:.2f}s")

    bad = [
        r
        for r in results
        if r.error or r.wrong or not r.problems_right or r.kind_right is False or r.filled_on_nonsub
    ]
    if bad:
        print("\ncases with a mismatch:" if verbose else "\ncases with a mismatch (--verbose for details):")
    for r in bad:
        head = f"  {r.name}:"
        if r.error:
            head += f" ERROR {r.error}"
        if r.wrong:
            head += f" wrong={sorted(r.wrong)}"
        if not r.problems_right and not r.error:
            head += (
                f" problems expected={sorted(f'{f}:{c}' for f, c in r.expected_problems)} "
                f"got={sorted(f'{f}:{c}' for f, c in r.got_problems)}"
            )
        if r.kind_right is False:
            head += f" kind={r.kind}"
        print(head)
        if verbose:
            for key, (want, have) in r.wrong.items():
                print(
                    f"    {r.name} {key}: expected {_short(want)}\n    {' ' * len(r.name)} {' ' * len(key)}  "
                    f"got      {_short(have)}"
                )
                d = _divergence(want, have)
                if d:
                    print(d)
            if r.other_problems:
                print(f"    (other problems reported: {r.other_problems})")
    return accuracy


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("folder", help="folder of NAME.eml + NAME.json cases")
    src = ap.add_mutually_exclusive_group()
    src.add_argument(
        "--cmd",
        help="command that prints the extraction JSON; '{}' is replaced by the .eml path "
        "(appended when absent)",
    )
    src.add_argument(
        "--func", help="module:callable taking the raw bytes (default parsers.extract:extract_message)"
    )
    ap.add_argument("--timeout", type=float, default=120.0, help="per-case timeout for --cmd (seconds)")
    ap.add_argument("--only", help="score only cases whose file stem contains this text")
    ap.add_argument("--min", type=float, default=0.0, help="exit 1 when overall field accuracy is below this")
    ap.add_argument("--verbose", "-v", action="store_true", help="print every mismatch")
    ap.add_argument("--json", metavar="OUT", help="also write per-case results to this JSON file")
    args = ap.parse_args(argv)

    folder = Path(args.folder)
    cases = sorted(p for p in folder.glob("*.eml") if p.with_suffix(".json").is_file())
    if args.only:
        cases = [p for p in cases if args.only in p.stem]
    if not cases:
        print(f"no labelled cases in {folder}", file=sys.stderr)
        return 2
    keys = None
    try:
        run = command_runner(args.cmd, args.timeout) if args.cmd else function_runner(args.func)
        if not args.cmd and not args.func:
            from parsers.schema import DEFAULT_SCHEMA

            schema_keys = [f.key for f in DEFAULT_SCHEMA.fields]
            truth_keys = list(json.loads(cases[0].with_suffix(".json").read_text(encoding="utf-8"))["fields"])
            if set(schema_keys) != set(truth_keys):
                print(
                    f"warning: schema keys {schema_keys} differ from ground-truth keys {truth_keys}; "
                    "scoring the ground-truth keys",
                    file=sys.stderr,
                )
    except Exception as err:  # noqa: BLE001
        print(f"cannot load the extractor: {type(err).__name__}: {err}", file=sys.stderr)
        return 2
    results = [score_case(p, run, keys) for p in cases]
    accuracy = report(results, args.verbose)
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                [
                    {
                        "case": r.name,
                        "variant": r.variant,
                        "fields_right": r.fields_right,
                        "fields_total": r.fields_total,
                        "wrong": {k: {"expected": w, "got": h} for k, (w, h) in r.wrong.items()},
                        "problems_expected": sorted(map(list, r.expected_problems)),
                        "problems_got": sorted(map(list, r.got_problems)),
                        "kind": r.kind,
                        "error": r.error,
                    }
                    for r in results
                ],
                ensure_ascii=False,
                indent=1,
            ),
            encoding="utf-8",
        )
    return 1 if accuracy < args.min else 0


if __name__ == "__main__":
    sys.exit(main())
