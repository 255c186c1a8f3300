"""Scoring labelled cases: how many answers ``extract_message`` reads right in a folder of
``NAME.eml`` + ``NAME.json`` cases (the ground truth; see the shared corpus README).

Answers are compared after collapsing whitespace runs to one space, stripping the ends, making
curly quotes straight and en/em dashes '-', and reading an empty string as null. The tests hold
every generated set above its floor with it; ``benchmarks/accuracy.py`` prints its figures.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from parsers import ParseError, extract_message

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
    """One case's outcome. ``wrong`` maps field to (expected, got); ``error`` is ``None`` unless
    the message could not be read or a non-submission was filed as a submission."""

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


def labelled_cases(folder: Path) -> list[Path]:
    """The ``.eml`` files in ``folder`` that have a ``.json`` ground truth beside them, sorted."""
    return sorted(p for p in folder.glob("*.eml") if p.with_suffix(".json").is_file())


def run_case(eml: Path) -> CaseResult:
    """Read ``eml`` and compare what was read with its ``.json`` ground truth."""
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


@dataclass(frozen=True)
class Score:
    """The figures of one scored set of cases."""

    results: tuple[CaseResult, ...]

    @property
    def fields_right(self) -> int:
        return sum(r.fields_right for r in self.results)

    @property
    def fields_total(self) -> int:
        return sum(r.fields_total for r in self.results)

    @property
    def accuracy(self) -> float:
        """Right answers over all answers; 0.0 for a set with no answers."""
        return self.fields_right / self.fields_total if self.fields_total else 0.0

    @property
    def filled_on_nonsubmissions(self) -> int:
        return sum(r.filled_on_nonsub for r in self.results if r.non_submission)

    @property
    def errors(self) -> list[str]:
        """Names of the cases that could not be read, or were filed as the wrong kind."""
        return [r.name for r in self.results if r.error]

    @property
    def problems_wrong(self) -> list[str]:
        """Names of the deliberate-problem cases whose problem codes differ from the expected."""
        return [r.name for r in self.results if r.expected_problems and not r.problems_right]

    def by_variant(self) -> dict[str, list[CaseResult]]:
        out: dict[str, list[CaseResult]] = defaultdict(list)
        for r in self.results:
            out[r.variant].append(r)
        return dict(sorted(out.items()))


def score_folder(folder: Path) -> Score:
    """Every labelled case in ``folder`` read and scored (an empty :class:`Score` when none)."""
    return Score(tuple(run_case(p) for p in labelled_cases(folder)))


def report_lines(score: Score, *, verbose: bool = False) -> list[str]:
    """The printed report of ``score``: per-variant and overall field accuracy, problem codes,
    fields filled on non-submissions, then each case with a wrong answer or problem code."""
    lines = [f"{'variant':28} {'cases':>5} {'fields':>7} {'accuracy':>9}"]
    for variant, rs in score.by_variant().items():
        total = sum(r.fields_total for r in rs)
        right = sum(r.fields_right for r in rs)
        lines.append(f"{variant:28} {len(rs):5d} {right:3d}/{total:<3d} {right / total:9.3f}")
    results = score.results
    lines.append(f"{'OVERALL':28} {len(results):5d} {score.fields_right:3d}/{score.fields_total:<3d} "
                 f"{score.accuracy:9.3f}")
    problem_cases = [r for r in results if r.expected_problems]
    clean_cases = [r for r in results if not r.expected_problems and not r.non_submission]
    ok_problem = sum(1 for r in problem_cases if r.problems_right)
    ok_clean = sum(1 for r in clean_cases if r.problems_right)
    lines.append(f"problem codes right: {ok_problem}/{len(problem_cases)} deliberate-problem cases; "
                 f"{ok_clean}/{len(clean_cases)} clean cases with no problem reported")
    nonsubs = [r for r in results if r.non_submission]
    lines.append(f"non-submissions: {len(nonsubs)} cases, {score.filled_on_nonsubmissions} fields filled")
    for r in results:
        if r.error or r.wrong or not r.problems_right:
            lines.append(f"  {r.name}: {r.error or ''} wrong={sorted(r.wrong)} problems expected="
                         f"{r.expected_problems} got={r.got_problems}")
            if verbose:
                for key, (want, have) in r.wrong.items():
                    lines.append(f"    {key}: expected {canon(want)!r:.300}")
                    lines.append(f"    {'':{len(key)}}  got      {canon(have)!r:.300}")
    return lines
