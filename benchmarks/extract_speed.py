"""Throughput and peak memory of ``extract_message`` next to plain stdlib parsing of the same bytes.

For each corpus folder (default: ../shared/corpus/synthetic and ../shared/corpus/real/eml when
present, else the generated cases in tests/data/variants) every
.eml file is read into memory once; then, in the same run, the whole set is passed ``--rounds``
times through ``email.message_from_bytes(policy=email.policy.default)`` (plus ``get_body()``, so
the stdlib also decodes a body) and through ``extract_message``. Prints messages per second, the
ratio (target: at least 0.50), and the peak memory (tracemalloc) of one pass of each. Times are
CPU time of this process (``time.process_time``), so other work on the machine does not count.
Before the clock starts the document readers are imported, as a parse worker's fork server
preloads them (``parsers.READER_MODULES``): what is timed is a running worker's reading, and
start-up is benchmarks/startup.py's.

    python benchmarks/extract_speed.py [FOLDER ...] [--rounds 3]
"""

from __future__ import annotations

import argparse
import email
import email.policy
import importlib
import logging
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from parsers import READER_MODULES  # noqa: E402
from parsers.errors import ParseError  # noqa: E402
from parsers.extract import extract_message  # noqa: E402


def stdlib_parse(raw: bytes) -> None:
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    try:
        body = msg.get_body(("plain", "html"))  # type: ignore[attr-defined]
        if body is not None:
            body.get_content()
    except (LookupError, ValueError, KeyError, AttributeError):
        pass


def extract(raw: bytes) -> None:
    try:
        extract_message(raw)
    except ParseError:
        pass


def rate(func: Callable[[bytes], None], messages: list[bytes], rounds: int) -> float:
    """Messages per second over ``rounds`` passes."""
    started = time.process_time()
    for _ in range(rounds):
        for raw in messages:
            func(raw)
    return rounds * len(messages) / max(time.process_time() - started, 1e-9)


def peak_mib(func: Callable[[bytes], None], messages: list[bytes]) -> float:
    """The largest traced allocation while parsing one message at a time, in MiB."""
    peak = 0
    for raw in messages:
        tracemalloc.start()
        func(raw)
        peak = max(peak, tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
    return peak / (1024 * 1024)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    shared = ROOT.parent / "shared" / "corpus"
    default = ([str(shared / "synthetic"), str(shared / "real" / "eml")] if shared.is_dir()
               else [str(ROOT / "tests" / "data" / "variants")])
    parser.add_argument("folders", nargs="*", default=default)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    logging.disable(logging.CRITICAL)
    print(f"{'corpus':28} {'msgs':>5} {'stdlib msg/s':>13} {'extract msg/s':>14} {'ratio':>6} "
          f"{'stdlib peak':>12} {'extract peak':>13}")
    all_messages: list[bytes] = []
    for folder in map(Path, args.folders):
        messages = [p.read_bytes() for p in sorted(folder.glob("*.eml"))]
        if not messages:
            print(f"{folder}: no .eml files", file=sys.stderr)
            continue
        all_messages.extend(messages)
        _row(folder.name if folder.name != "eml" else "real/eml", messages, args.rounds)
    if not all_messages:
        return 2
    _row("ALL", all_messages, args.rounds)
    return 0


def _row(name: str, messages: list[bytes], rounds: int) -> None:
    for module in READER_MODULES:  # what a parse worker has imported before its first message
        importlib.import_module(module)
    extract(messages[0])  # and the caches one message fills
    std = rate(stdlib_parse, messages, rounds)
    ours = rate(extract, messages, rounds)
    std_peak, our_peak = peak_mib(stdlib_parse, messages), peak_mib(extract, messages)
    print(f"{name:28} {len(messages):5d} {std:13.1f} {ours:14.1f} {ours / std:6.2f} "
          f"{std_peak:9.1f} MiB {our_peak:10.1f} MiB")


if __name__ == "__main__":
    sys.exit(main())
