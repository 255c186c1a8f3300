"""Run one hostile email through ``parsers.extract_message`` in a forked child and measure it.

The child is forked from a process that has already imported the parsers, so what is measured is the
parse itself: wall time inside the child, CPU time and peak resident memory from ``os.wait4`` (the
child's own rusage). The time bound is on CPU seconds: this machine's two cores are shared, so wall time
says more about the neighbours than about the parser. A child past ``kill_after_s`` of wall time is
killed and counted as over the bound; an address-space guard keeps a runaway child from taking the
machine down.

Run ``python -m tests.hostile.bounded DIR`` to print the table for every ``DIR/<name>.eml``.
"""

from __future__ import annotations

import json
import os
import resource
import select
import signal
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from tests.hostile.make_cases import CASES, Expect

TIME_BOUND_S = 5.0
MEMORY_BOUND_MB = 500.0
GUARD_AS_BYTES = 3 << 30

# The statuses each expectation accepts (see make_cases.Expect).
ACCEPTS: dict[Expect, frozenset[str]] = {
    Expect.FORM: frozenset({"form"}),
    Expect.DOC: frozenset({"form", "problem", "refused"}),
    Expect.REFUSED: frozenset({"refused", "problem"}),
    Expect.CLEAR: frozenset({"form", "problem", "refused", "extraction"}),
}


@dataclass(frozen=True)
class Outcome:
    """What one class came to. ``status``: form (answers read), problem (attachment reported
    unreadable), refused (ParseError), extraction (read, answers not found), error (another exception
    escaped), leak (file contents leaked), killed (past the kill deadline or died)."""

    name: str
    expect: str
    status: str
    detail: str
    wall_s: float
    cpu_s: float
    #: The parse's peak resident memory above what the forked child inherited, in MB.
    peak_mb: float

    @property
    def outcome_ok(self) -> bool:
        return self.status in ACCEPTS[Expect(self.expect)] and bool(self.detail)

    @property
    def bounds_ok(self) -> bool:
        return self.cpu_s <= TIME_BOUND_S and self.peak_mb <= MEMORY_BOUND_MB and self.status != "killed"

    @property
    def ok(self) -> bool:
        return self.outcome_ok and self.bounds_ok


def _classify(raw: bytes) -> tuple[str, str]:
    from parsers import DEFAULT_SCHEMA, Limits, ParseError, extract_message

    try:
        ex = extract_message(raw, DEFAULT_SCHEMA, Limits())
    except ParseError as err:
        return "refused", str(err)[:200]
    except BaseException as err:  # noqa: BLE001 - the point is to see what escapes
        return "error", f"{type(err).__name__}: {str(err)[:160]}"
    seen = " ".join(v or "" for v in ex.fields.values()) + (ex.text_body or "")
    if "root:x:0:0" in seen:
        return "leak", "/etc/passwd contents in the extraction"
    if "Okafor" in (ex.fields.get("name") or "") and "Northbridge" in (ex.fields.get("organisation") or ""):
        return "form", f"{ex.kind} from {ex.source}"
    bad = [p.message for p in ex.problems if p.code == "attachment"]
    if bad:
        return "problem", bad[0][:200]
    return "extraction", f"{ex.kind} ({ex.reason}), source {ex.source}"


def _child(path: Path, wfd: int) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (GUARD_AS_BYTES, GUARD_AS_BYTES))
    # What the fork inherited (the test process's own memory, which grows with the tests run in it
    # before) is not the parse's: the peak is measured above it.
    inherited_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    raw = path.read_bytes()
    t0 = time.monotonic()
    status, detail = _classify(raw)
    wall = time.monotonic() - t0
    os.write(wfd, json.dumps({"status": status, "detail": detail, "wall": wall,
                              "inherited_mb": inherited_mb}).encode())


def run_case(path: Path, expect: Expect, *, kill_after_s: float = 30.0) -> Outcome:
    """Fork, parse ``path`` in the child, and return what it came to with its time and peak memory."""
    import parsers  # noqa: F401 - imported before the fork so that the child measures the parse only

    rfd, wfd = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        os.close(rfd)
        try:
            _child(path, wfd)
        finally:
            os._exit(0)
    os.close(wfd)
    t0 = time.monotonic()
    data = b""
    while True:
        left = kill_after_s - (time.monotonic() - t0)
        ready, _, _ = select.select([rfd], [], [], max(0.0, left))
        if not ready:
            os.kill(pid, signal.SIGKILL)
            break
        chunk = os.read(rfd, 65536)
        if not chunk:
            break
        data += chunk
    os.close(rfd)
    _, status, usage = os.wait4(pid, 0)
    cpu = usage.ru_utime + usage.ru_stime
    peak = usage.ru_maxrss / 1024
    if not data:
        why = f"killed after {kill_after_s:.0f} s" if os.WIFSIGNALED(status) else f"died, status {status}"
        return Outcome(path.stem, expect.value, "killed", why, time.monotonic() - t0, cpu, peak)
    got = json.loads(data)
    return Outcome(path.stem, expect.value, got["status"], got["detail"], got["wall"], cpu,
                   peak - got["inherited_mb"])


def table(outcomes: list[Outcome]) -> str:
    lines = [f"{'class':<34} {'expect':<7} {'status':<10} {'ok':<3} {'wall s':>7} {'cpu s':>7} "
             f"{'peak MB':>8}  detail"]
    for o in outcomes:
        lines.append(f"{o.name:<34} {o.expect:<7} {o.status:<10} {'yes' if o.ok else 'NO':<3} "
                     f"{o.wall_s:7.2f} {o.cpu_s:7.2f} {o.peak_mb:8.0f}  {o.detail[:70]}")
    good = sum(o.ok for o in outcomes)
    lines.append(f"score: {good}/{len(outcomes)} classes within bounds with the expected outcome")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    folder = Path(argv[0])
    names = argv[1:]
    from tests.fixtures.forms import form_email

    base_path = folder / "_baseline.eml"
    base_path.write_bytes(form_email())
    base = run_case(base_path, Expect.FORM)
    print(f"baseline (a normal form email, same runner): {base.status}, {base.cpu_s:.2f} s CPU, "
          f"peak {base.peak_mb:.0f} MB", flush=True)
    outcomes = []
    for c in CASES:
        path = folder / f"{c.name}.eml"
        if (names and c.name not in names) or not path.exists():
            continue
        outcomes.append(run_case(path, c.expect, kill_after_s=float(os.environ.get("HOSTILE_KILL_S", "30"))))
        print(table(outcomes[-1:]).splitlines()[1], flush=True)
    print(table(outcomes))
    if "--json" in os.environ.get("HOSTILE_OUT", ""):
        print(json.dumps([asdict(o) for o in outcomes]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
