"""Shared fixtures. Server fixtures (Dovecot, aiosmtpd, PostgreSQL, Chromium) live in
tests/fixtures/ and start real servers on 127.0.0.1.

Tests marked ``corpus`` read ../shared/corpus, and those marked ``peer_suites`` read
../shared/peer-suites. A user's checkout has no ../shared: those tests are then deselected and the
run says so in its summary, instead of failing or being skipped silently.
"""

from __future__ import annotations

from pathlib import Path

import pytest

# Same path as tests.fixtures.common.CORPUS; importing that plugin module here would make pytest
# warn that it was imported before assertion rewriting.
CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
PEER_SUITES = CORPUS.parent / "peer-suites"  # as tests.cases.peers.PEER_SUITES
# Each marker of tests that read a folder of ../shared, with that folder.
SHARED = {"corpus": CORPUS, "peer_suites": PEER_SUITES}

pytest_plugins = [
    "tests.fixtures.common",
    "tests.fixtures.dovecot",
    "tests.fixtures.smtp",
    "tests.fixtures.postgres",
    "tests.fixtures.browser",
]

_left_out: dict[str, list[str]] = {}

# The long sets, marked ``slow`` here in one place so that `-m "not slow"` gives a quick run;
# CI and the plain test command run them all. Every ``corpus`` test is slow too.
SLOW_MODULES = frozenset({
    "tests/parsers/test_heldout_generators.py",   # regenerates and scores every held-out generator
    "tests/parsers/test_generated_variants.py",   # thousands of generated variants
    "tests/parsers/test_synthetic_corpus.py",
    "tests/parsers/test_real_documents_corpus.py",
    "tests/parsers/test_real_eml_corpus.py",
    "tests/test_cli_corpus.py",                   # `intake extract` as a process over the corpus
    "tests/test_demo.py",                         # `intake demo` as a process, twice
})


# The longest tests (`pytest --durations=30`), run first: pytest-xdist hands out the first tests
# one each to its workers in turn, so these run side by side from the start instead of one of them
# holding up the end of the run while the other worker has nothing left.
LONGEST_FIRST = (
    "tests/test_workers_counted.py::",
    "tests/test_faults.py::",
    "tests/web/test_hostile_input.py::test_every_route",
    "tests/parsers/test_heldout10.py::",
    "tests/parsers/test_heldout11.py::",
    "tests/test_isolation.py::test_crashing",
    "tests/hostile/test_hostile_worker.py::",
    "tests/parsers/test_help_text_producers.py::",
    "tests/test_isolation.py::test_a_message_that_kills",
    "tests/web/test_browser_rescue.py::",
)


def _longest_first(item: pytest.Item) -> int:
    for rank, prefix in enumerate(LONGEST_FIRST):
        if item.nodeid.startswith(prefix):
            return rank
    return len(LONGEST_FIRST)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        module = item.nodeid.split("::", 1)[0]
        if module in SLOW_MODULES or item.get_closest_marker("corpus"):
            item.add_marker(pytest.mark.slow)
    items.sort(key=_longest_first)  # stable: the rest keep their order
    for marker, folder in SHARED.items():
        if folder.is_dir():
            continue
        keep, drop = [], []
        for item in items:
            (drop if item.get_closest_marker(marker) else keep).append(item)
        if drop:
            _left_out[marker] = [i.nodeid for i in drop]
            config.hook.pytest_deselected(items=drop)
            items[:] = keep


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    for marker, folder in SHARED.items():
        if folder.is_dir():
            terminalreporter.write_line(f"shared {folder.name}: {folder}")
            continue
        # Under pytest-xdist the workers deselect, so this process may not know how many.
        left_out = _left_out.get(marker, [])
        count = f"{len(left_out)} " if left_out else ""
        terminalreporter.write_line(f"{folder.name} not found at {folder}: the {count}tests marked {marker} "
                                    "were left out", yellow=True)
