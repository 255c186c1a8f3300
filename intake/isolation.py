"""Parsing in child processes with a budget: one pool of parse workers serves both the isolation of
each message (a crash, a hang or a memory blow-up ends that child only) and parallel parsing (the
main process keeps the mailbox session and the database writes).

Each worker is forked from a fork server that has imported the parsers once, so a new worker costs
a fork, not an interpreter start. In each worker:

- ``RLIMIT_AS`` caps its address space at ``budget.memory_bytes`` (a blow-up raises MemoryError or
  kills the child);
- ``RLIMIT_CPU`` is raised before each message to the CPU used so far plus ``budget.cpu_s``: a
  message that spins gets SIGXCPU;
- ``PR_SET_PDEATHSIG`` makes it die with its parent, and it leads its own process group.

The main process gives each message ``budget.wall_s`` of wall time; past it the worker, its process
group and every process it started (converters run in sessions of their own) are killed. A worker
is replaced when its resident memory after a message is above ``budget.resident_bytes`` (Python
keeps the memory a large message needed), and after ``budget.tasks_per_worker`` messages.

Tests (never real input) may pass their own ``parse`` function to :class:`ParsePool`.
"""

from __future__ import annotations

import logging
import math
import multiprocessing
import os
import resource
import signal
import threading
import time
from collections.abc import Callable, Container
from ctypes import c_double
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Literal

from intake.config import ParseBudget
from intake.replies.headers import IncomingHeaders, read_headers
from parsers import die_with_parent
from parsers.errors import ParseError
from parsers.models import Extraction
from parsers.schema import FormSchema, Limits

log = logging.getLogger("intake.pipeline")

Fault = Literal["timeout", "cpu", "memory", "crashed"]
OfficeClock = c_double
"""A pool's clock of LibreOffice use, shared with its workers (a ``RawValue("d")``): see
:class:`_OfficeWarmth`."""
ParseFunction = Callable[[bytes, FormSchema, Limits], Extraction]

_MiB = 1024 * 1024
_START_TIMEOUT_S = 120.0


@dataclass(frozen=True)
class ParseResult:
    """What became of parsing one message. Exactly one of the three is set: ``extraction`` when it
    was read; ``error`` (the parser's words) when it is unreadable; ``fault`` when the child ran
    out of its budget or crashed, with ``reason`` a sentence a person understands.

    ``headers`` are the message's headers as the reply policy reads them, read by the worker
    beside the extraction (the main process need not parse them again); ``None`` when the
    message was not read."""

    extraction: Extraction | None = None
    error: str | None = None
    fault: Fault | None = None
    reason: str | None = None
    headers: IncomingHeaders | None = None


def describe(fault: Fault, budget: ParseBudget) -> str:
    """The sentence recorded on the message for a fault."""
    return {
        "timeout": f"parsing ran out of time after {budget.wall_s:g} s",
        "cpu": f"parsing used more than {budget.cpu_s:g} s of CPU",
        "memory": f"parsing used more than {_size(budget.memory_bytes)} of memory",
        "crashed": "the parser crashed",
    }[fault]


def _size(n: int) -> str:
    if n % (1024 * _MiB) == 0:
        return f"{n // (1024 * _MiB)} GiB"
    return f"{n / _MiB:g} MiB"


def default_parse(raw: bytes, schema: FormSchema, limits: Limits) -> Extraction:
    """The real parser: :func:`parsers.extract_message`."""
    from parsers import extract_message

    return extract_message(raw, schema, limits)


# --- inside a worker ------------------------------------------------------------------------------


def _serve(conn: Connection, parse: ParseFunction, schema: FormSchema, limits: Limits,
           budget: ParseBudget, office_at: OfficeClock | None = None) -> None:
    """A worker's loop: one raw message in, one (kind, payload) answer out, until EOF.

    ``office_at`` is the pool's clock of LibreOffice use (:class:`_OfficeWarmth`); ``None``: this
    worker starts LibreOffice only when a file needs it."""
    die_with_parent()
    os.setpgid(0, 0)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the main process's to handle
    signal.signal(signal.SIGXCPU, signal.SIG_DFL)  # an inherited "ignore" would void the CPU budget
    resource.setrlimit(resource.RLIMIT_AS, (budget.memory_bytes, budget.memory_bytes))
    try:
        conn.send_bytes(b"")  # ready: a message's wall time starts once its worker is up
    except OSError:  # the main process went (killed) while this worker started: nothing to serve
        return
    warmth = _OfficeWarmth(office_at, limits, budget.office_warm_s)
    warmth.keep()
    while True:
        try:
            raw = conn.recv_bytes()
        except (EOFError, OSError):
            return
        _cpu_budget(budget.cpu_s)
        try:
            answer: tuple[str, object] = ("ok", (parse(raw, schema, limits), _headers(raw)))
        except ParseError as err:
            answer = ("error", str(err) or type(err).__name__)
        except MemoryError:
            answer = ("fault", "memory")
        except RecursionError:
            answer = ("fault", "crashed")
        except Exception as err:  # a parser bug: reported as a crash with its words
            answer = ("bug", f"{type(err).__name__}: {err}")
        warmth.note()  # before the answer, which may get this worker retired at once
        try:
            conn.send(answer)
        except MemoryError:
            os._exit(3)
        except OSError:  # the main process has stopped listening: nothing left to do
            return
        if answer[0] == "fault":
            os._exit(3)  # a worker that ran out of memory may be broken: start afresh
        warmth.keep()  # after the answer: starting LibreOffice never holds one up


class _OfficeWarmth:
    """In a worker: the LibreOffice its parsers keep running (:func:`parsers.start_office`) is
    started ahead of use while any worker of the pool has converted a file with it within the
    last ``warm_s`` seconds. Each worker notes its conversions on the pool's clock ``office_at``
    (``time.monotonic()`` of the last one, shared by the pool's workers; 0.0: none yet), so a .doc
    needing LibreOffice waits for its start-up once per pool, not once per worker and again in
    each worker that replaces one: the messages after it wait for it to be recorded."""

    def __init__(self, office_at: OfficeClock | None, limits: Limits, warm_s: float) -> None:
        self.office_at, self.limits, self.warm_s = office_at, limits, warm_s
        self.converted = 0

    def note(self) -> None:
        """Put this worker's last conversion, if it made one since the last call, on the clock."""
        if self.office_at is None or self.warm_s <= 0:
            return
        from parsers import office_conversions

        converted = office_conversions(self.limits)
        if converted != self.converted:
            self.converted = converted
            self.office_at.value = time.monotonic()

    def keep(self) -> None:
        """Start LibreOffice (without waiting for it) if the pool used it lately."""
        if self.office_at is None or self.warm_s <= 0:
            return
        from parsers import start_office

        if self.office_at.value and time.monotonic() - self.office_at.value < self.warm_s:
            start_office(self.limits)


def _headers(raw: bytes) -> IncomingHeaders | None:
    """The reply policy's headers of ``raw``; ``None`` when they cannot be read here (the main
    process then reads them itself and meets the fault there, as before)."""
    try:
        return read_headers(raw)
    except Exception:  # never the message's outcome: it was read
        return None


def _cpu_budget(cpu_s: float) -> None:
    used = resource.getrusage(resource.RUSAGE_SELF)
    soft = math.ceil(used.ru_utime + used.ru_stime + cpu_s)
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))


# --- in the main process --------------------------------------------------------------------------


@dataclass
class _Worker:
    process: BaseProcess
    conn: Connection
    tasks: int = 0
    ticket: int | None = None
    deadline: float = 0.0


@dataclass
class _Tickets:
    next: int = 0
    done: dict[int, ParseResult] = field(default_factory=dict)
    waiting: list[tuple[int, bytes]] = field(default_factory=list)
    #: Tickets being parsed whose answers nobody waits for any more.
    dropped: set[int] = field(default_factory=set)


class ParsePool:
    """A pool of parse workers; a context manager (leaving stops every worker).

    :meth:`submit` hands a message over and returns a ticket at once; :meth:`result` waits for a
    ticket's answer. Never raises for a fault of one message: it comes back as a
    :class:`ParseResult` with ``fault`` set.

    A thread of the pool, started with the first message, serves the workers: it starts them
    (without holding up the caller, which goes on reading messages ahead), takes each answer as
    soon as it comes and hands the worker the next message waiting, and ends a message past its
    wall time, so every worker stays busy while the caller records the messages before. A pool
    that is never given a message starts nothing. All the pool's state is under one lock.
    """

    def __init__(self, schema: FormSchema, limits: Limits, budget: ParseBudget, *,
                 parse: ParseFunction = default_parse) -> None:
        self.schema, self.limits, self.budget, self.parse = schema, limits, budget, parse
        self._ctx = multiprocessing.get_context("forkserver")
        from parsers import READER_MODULES

        self._ctx.set_forkserver_preload([*READER_MODULES, "intake.isolation"])
        self._workers: list[_Worker] = []
        self._t = _Tickets()
        self._cond = threading.Condition()
        self._wake_r, self._wake_w = multiprocessing.Pipe(duplex=False)
        self._thread: threading.Thread | None = None
        self._closing = False
        #: Keep ``size`` workers started even while no message waits (see :meth:`warm`).
        self._warm = False
        #: Why the serving thread stopped; ``None`` while it runs (or before it started).
        self._broken: BaseException | None = None
        self._office_at: OfficeClock = self._ctx.RawValue("d", 0.0)

    @property
    def size(self) -> int:
        return self.budget.pool_size

    def __enter__(self) -> ParsePool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop every worker (and what it started)."""
        with self._cond:
            self._closing = True
        self._wake()
        if self._thread is not None:
            self._thread.join(timeout=_START_TIMEOUT_S)
        self._wake_r.close()
        self._wake_w.close()
        for w in self._workers:
            w.conn.close()
        for w in self._workers:
            w.process.join(timeout=2)
            if w.process.is_alive():
                _kill_tree(w.process)
        self._workers.clear()

    def submit(self, raw: bytes) -> int:
        """Queue ``raw`` for parsing; returns its ticket. The serving thread hands it to a worker:
        writing to a worker's pipe wakes that process, which on a busy machine can hold the writer
        for milliseconds, and the caller has the messages before to record meanwhile."""
        self._serve()
        with self._cond:
            ticket = self._t.next
            self._t.next += 1
            self._t.waiting.append((ticket, raw))
            # While every worker is busy, the serving thread hands this one over when one answers.
            # A needless wake costs the caller more than the write: the thread it wakes takes the
            # GIL, and the caller waits for it back (a third of a millisecond a message here).
            needed = len(self._workers) < self.size or self._idle_worker() is not None
        if needed:
            self._wake()
        return ticket

    def result(self, ticket: int) -> ParseResult:
        """Wait for the answer to ``ticket`` (at most the wall budget once it is running)."""
        with self._cond:
            while ticket not in self._t.done:
                if self._broken is not None:
                    raise RuntimeError("the parse pool stopped serving") from self._broken
                if ticket >= self._t.next:
                    raise RuntimeError("no message is being parsed")  # a caller error, not a fault
                self._cond.wait(timeout=1.0)
            return self._t.done.pop(ticket)

    def warm(self) -> None:
        """Start the workers now, in the background, and keep them started (a long-lived pool:
        the first message does not wait for them)."""
        with self._cond:
            self._warm = True
        self._serve()
        self._wake()

    def wait_warm(self, timeout: float) -> bool:
        """Wait until every worker of a :meth:`warm` pool has started (at most ``timeout`` seconds);
        whether they have. ``False`` also when the pool stopped serving or is closing: the caller
        goes on, and the messages wait for the workers as before."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while len(self._workers) < self.size:
                left = deadline - time.monotonic()
                if left <= 0 or self._broken is not None or self._closing:
                    return False
                self._cond.wait(timeout=left)
            return True

    def discard(self, ticket: int) -> None:
        """The answer to ``ticket`` is no longer wanted: a message still waiting is not parsed,
        and an answer is dropped (a pool kept between cycles must not keep what a cycle left)."""
        with self._cond:
            self._t.waiting = [(t, raw) for t, raw in self._t.waiting if t != ticket]
            self._t.done.pop(ticket, None)
            if any(w.ticket == ticket for w in self._workers):
                self._t.dropped.add(ticket)

    def parse_one(self, raw: bytes) -> ParseResult:
        """Parse one message in a worker and wait for it."""
        return self.result(self.submit(raw))

    # --- machinery ---

    def _serve(self) -> None:
        """Start the serving thread (once)."""
        with self._cond:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="intake-parse-pool", daemon=True)
                self._thread.start()

    def _wake(self) -> None:
        try:
            self._wake_w.send_bytes(b"")
        except OSError:  # closed: the thread is ending anyway
            pass

    def _run(self) -> None:
        """The serving thread: start workers while messages wait for one, take answers and hand
        out messages."""
        try:
            while True:
                with self._cond:
                    if self._closing:
                        return
                    more = (bool(self._t.waiting) or self._warm) and len(self._workers) < self.size
                if more:  # started outside the lock: it can take seconds on a busy machine
                    worker = self._start()
                    with self._cond:
                        self._workers.append(worker)
                        sends = self._assign()
                        self._cond.notify_all()  # for wait_warm
                    self._send(sends)
                    continue
                with self._cond:
                    busy = [w for w in self._workers if w.ticket is not None]
                    timeout = max(0.0, min(w.deadline for w in busy) - time.monotonic()) if busy else None
                handles: list[Connection | int] = [self._wake_r, *(w.conn for w in busy),
                                                   *(w.process.sentinel for w in busy)]
                ready = set(wait(handles, timeout))
                with self._cond:
                    while self._wake_r.poll():
                        self._wake_r.recv_bytes()
                    self._handle(busy, ready)
                    sends = self._assign()
                    self._cond.notify_all()
                self._send(sends)
        except BaseException as err:  # a bug here must not leave the caller waiting for ever
            log.exception("parse pool: the serving thread stopped")
            with self._cond:
                self._broken = err
                self._cond.notify_all()

    def _handle(self, busy: list[_Worker], ready: Container[object]) -> None:
        now = time.monotonic()
        for w in busy:
            if w.conn in ready:
                self._receive(w)
            elif w.process.sentinel in ready:
                self._died(w)
            elif now >= w.deadline:
                self._finish(w, self._fault("timeout"))
                self._retire(w)

    def _assign(self) -> list[tuple[_Worker, int, bytes]]:
        """Give the messages waiting to the idle workers (under the lock); the caller writes them
        with :meth:`_send` once it has let the lock go."""
        sends: list[tuple[_Worker, int, bytes]] = []
        while self._t.waiting and not self._closing:
            worker = self._idle_worker()
            if worker is None:
                break
            ticket, raw = self._t.waiting.pop(0)
            worker.ticket, worker.deadline = ticket, time.monotonic() + self.budget.wall_s
            worker.tasks += 1
            sends.append((worker, ticket, raw))
        return sends

    def _send(self, sends: list[tuple[_Worker, int, bytes]]) -> None:
        """Write each assigned message to its worker, outside the lock: a write to a pipe wakes the
        worker and can hold this thread, and :meth:`result` must not wait for that."""
        for worker, ticket, raw in sends:
            try:
                worker.conn.send_bytes(raw)
            except OSError:  # it died between tasks: its replacement takes the message
                with self._cond:
                    self._retire(worker)
                    self._t.waiting.insert(0, (ticket, raw))
                self._wake()

    def _idle_worker(self) -> _Worker | None:
        """A started worker with no message (the serving thread starts more when needed)."""
        for w in self._workers:
            if w.ticket is None:
                return w
        return None

    def _start(self) -> _Worker:
        parent, child = self._ctx.Pipe()
        process = self._ctx.Process(target=_serve, name="intake-parse", daemon=True,
                                    args=(child, self.parse, self.schema, self.limits, self.budget,
                                          self._office_at))
        process.start()
        child.close()
        # Starting the fork server (it imports the parsers once) can take seconds on a busy
        # machine; that time is not the first message's to pay.
        if parent.poll(_START_TIMEOUT_S):
            try:
                parent.recv_bytes()
            except (EOFError, OSError):
                log.error("parse worker %s ended before it was ready", process.pid)
        return _Worker(process=process, conn=parent)

    def _receive(self, w: _Worker) -> None:
        try:
            kind, payload = w.conn.recv()
        except (EOFError, OSError):
            self._died(w)
            return
        if kind == "ok" and isinstance(payload, tuple) and isinstance(payload[0], Extraction):
            result = ParseResult(extraction=payload[0], headers=payload[1])
        elif kind == "error":
            result = ParseResult(error=str(payload))
        elif kind == "fault":
            result = self._fault("memory" if payload == "memory" else "crashed")
        else:
            log.error("parse worker: parser fault: %s", payload)
            result = ParseResult(fault="crashed", reason=f"{describe('crashed', self.budget)} ({payload})")
        self._finish(w, result)
        budget = self.budget
        if kind == "fault" or w.tasks >= budget.tasks_per_worker or _resident(w) > budget.resident_bytes:
            self._retire(w)

    def _died(self, w: _Worker) -> None:
        w.process.join(timeout=5)
        code = w.process.exitcode
        fault: Fault = "cpu" if code == -signal.SIGXCPU else "memory" if code == 3 else "crashed"
        if code == -signal.SIGKILL:
            fault = "memory"  # killed by someone else than us: on Linux, the OOM killer
        log.warning("parse worker %s ended with exit code %s: %s", w.process.pid, code, fault)
        self._finish(w, self._fault(fault))
        self._retire(w)

    def _fault(self, fault: Fault) -> ParseResult:
        return ParseResult(fault=fault, reason=describe(fault, self.budget))

    def _finish(self, w: _Worker, result: ParseResult) -> None:
        assert w.ticket is not None
        if w.ticket in self._t.dropped:
            self._t.dropped.discard(w.ticket)
        else:
            self._t.done[w.ticket] = result
        w.ticket = None

    def _retire(self, w: _Worker) -> None:
        """Stop a worker (killing it and its converters if it is still running); a fresh one takes
        its place when next needed."""
        if w in self._workers:
            self._workers.remove(w)
        w.conn.close()
        if w.process.is_alive():
            _kill_tree(w.process)
        w.process.join(timeout=5)


def _resident(w: _Worker) -> int:
    """The worker's resident memory in bytes (0 when it cannot be read: it has just ended)."""
    import psutil

    try:
        return int(psutil.Process(w.process.pid).memory_info().rss) if w.process.pid else 0
    except psutil.Error:
        return 0


def _kill_tree(process: BaseProcess) -> None:
    """SIGKILL a worker, its process group, and every process it started in a group of its own
    (converters run in their own sessions so that they can be stopped as a group)."""
    import psutil

    pid = process.pid
    if pid is None:
        return
    try:
        children = psutil.Process(pid).children(recursive=True)
    except psutil.Error:
        children = []
    groups = {pid}
    for child in children:
        try:
            groups.add(os.getpgid(child.pid))
        except ProcessLookupError:
            continue
    own = os.getpgid(0)
    for group in groups - {own}:
        try:
            os.killpg(group, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
    for child in children:
        try:
            child.kill()
        except psutil.Error:
            pass
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
