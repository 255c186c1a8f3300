"""The generated variant cases committed in tests/data/variants (other people, other label
wordings, other layouts of the same kinds as the shared corpus; made by
tests/cases/variants/make_variants.py). They run on every machine, shared corpus or not."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cases.scoring import CaseResult, labelled_cases, run_case

VARIANTS = Path(__file__).resolve().parents[1] / "data" / "variants"
CASES = labelled_cases(VARIANTS)


@pytest.fixture(scope="module")
def results() -> dict[str, CaseResult]:
    return {p.stem: run_case(p) for p in CASES}


def test_generated_variants_are_read_with_at_least_99_percent_field_accuracy(
        results: dict[str, CaseResult]) -> None:
    assert len(results) >= 100
    total = sum(r.fields_total for r in results.values())
    right = sum(r.fields_right for r in results.values())
    wrong = {name: sorted(r.wrong) for name, r in results.items() if r.wrong}
    assert right / total >= 0.99, f"{right}/{total} right; wrong fields: {wrong}"


def test_generated_problem_cases_get_exactly_their_problem_codes(results: dict[str, CaseResult]) -> None:
    mismatched = {name: (r.expected_problems, r.got_problems) for name, r in results.items()
                  if r.error is not None or r.got_problems != r.expected_problems}
    assert mismatched == {}
