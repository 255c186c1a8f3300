"""The labelled synthetic corpus: overall field accuracy, problem codes and non-submissions."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cases.scoring import CaseResult, run_case
from tests.fixtures.common import corpus_dir

SYNTHETIC = corpus_dir("synthetic")
CASES = sorted(p for p in SYNTHETIC.glob("*.eml") if p.with_suffix(".json").is_file()) if SYNTHETIC else []


@pytest.fixture(scope="module")
def results() -> dict[str, CaseResult]:
    return {p.stem: run_case(p) for p in CASES}


@pytest.mark.corpus
def test_field_accuracy_is_at_least_99_percent(results: dict[str, CaseResult]) -> None:
    assert results, "the synthetic corpus holds no cases"
    total = sum(r.fields_total for r in results.values())
    right = sum(r.fields_right for r in results.values())
    wrong = {name: sorted(r.wrong) for name, r in results.items() if r.wrong}
    assert right / total >= 0.99, f"{right}/{total} right; wrong fields: {wrong}"


@pytest.mark.corpus
@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_problem_codes_match_the_ground_truth(case: Path, results: dict[str, CaseResult]) -> None:
    result = results[case.stem]
    assert result.error is None
    assert result.got_problems == result.expected_problems


@pytest.mark.corpus
@pytest.mark.parametrize("case", [p for p in CASES if "nonsub" in p.stem], ids=lambda p: p.stem)
def test_non_submissions_have_no_field_filled(case: Path, results: dict[str, CaseResult]) -> None:
    result = results[case.stem]
    assert result.non_submission
    assert result.filled_on_nonsub == 0 and result.error is None
