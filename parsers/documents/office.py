"""One LibreOffice kept running per process, so a .doc after the first converts in a fraction of a
second instead of paying LibreOffice's start-up (1.5-3 s) each time.

:class:`OfficeSession` owns a bridge process, ``/usr/bin/python3 -I office_bridge.py`` (the UNO
side: Debian's ``python3-uno`` serves the system's interpreter only, not the project's), and the
``soffice`` it starts. Both run in a session of their own, so one ``killpg`` stops them; the bridge
watches its parent and kills LibreOffice when this process dies (a watch on the process, not on
the thread that started it, so any thread may start the session), and the parse pool kills a
retired worker's sessions as a group. The bridge lifts the soft CPU limit it inherits (a parse
worker's limit grows by a message's budget before each message, so a LibreOffice kept running
would otherwise be killed by the CPU it spent on earlier messages): each conversion is bounded by
its timeout and a LibreOffice by :data:`MAX_CONVERSIONS` instead.

Started on first use (or ahead of it, by :meth:`OfficeSession.start`, for a process that expects
such files: :func:`parsers.start_office`), it converts one file at a time, each within the caller's
timeout (the first one's includes the start-up, or what is left of it, as ``soffice --convert-to``
does); it is restarted after :data:`MAX_CONVERSIONS` files (bounded memory and CPU; the fresh one
is started at once, without waiting for it, as more files are likely to come), when its LibreOffice
has gone (killed, crashed: the next file starts a fresh one), and after any failure: a timeout, a
crash or an answer it does not understand kills the whole group, the caller converts that file with
the one-shot ``soffice --convert-to``, and the next file starts a fresh LibreOffice.
When the bridge reports that ``uno`` is missing, the session stays off for the process's lifetime.
One thread converts at a time: a second thread that finds the session busy converts its file with
the one-shot conversion rather than wait.

The profile and the bridge's working files live in one private (0700) folder, removed when the
session closes (at exit); a folder left by a killed process is removed by the next session that
starts in the same scratch folder (its lock is free), and :func:`scratch_in_use` tells the scratch
folder's sweep (:mod:`intake.private`) to leave a live session's folder alone however old it is.
"""

from __future__ import annotations

import atexit
import fcntl
import json
import logging
import multiprocessing.util
import os
import select
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import psutil

log = logging.getLogger("parsers.documents")

#: The interpreter that has ``uno`` (Debian's ``python3-uno``).
OFFICE_PYTHON = "/usr/bin/python3"
#: Conversions before LibreOffice is started afresh.
MAX_CONVERSIONS = 50
BRIDGE = Path(__file__).with_name("office_bridge.py")
_PREFIX = "intake-office-"
_LOCK = "lock"


class OfficeFailed(Exception):
    """The session did not convert this file; the one-shot conversion should."""


@dataclass
class _Running:
    proc: subprocess.Popen[bytes]
    folder: Path
    lock: int
    soffice: str
    conversions: int = 0
    #: The bridge has said its LibreOffice is ready (False between the start and that answer).
    ready: bool = False


class OfficeSession:
    """A lazily started LibreOffice for this process. :meth:`convert` raises only
    :class:`OfficeFailed`; ``scratch`` is the folder for its private folder (``None``: the system's
    temporary folder); ``python`` the interpreter that runs the bridge."""

    def __init__(self, *, scratch: str | None = None, python: str = OFFICE_PYTHON,
                 max_conversions: int = MAX_CONVERSIONS) -> None:
        self.scratch, self.python, self.max_conversions = scratch, python, max_conversions
        self._running: _Running | None = None
        #: Why the session is off for good (no ``uno``, no interpreter); ``None`` while it may run.
        self.unavailable: str | None = None
        self._lock = threading.Lock()
        self._pid = os.getpid()
        #: Files this session has converted, over every LibreOffice it started.
        self.converted = 0

    def convert(self, soffice: str, source: Path, target: Path, timeout_s: float) -> None:
        """Write ``target`` (.docx) from ``source`` within ``timeout_s`` (start-up included when
        LibreOffice is not running yet), or raise :class:`OfficeFailed` (the session is then
        stopped; the next call starts a fresh one)."""
        if self.unavailable is not None:
            raise OfficeFailed(self.unavailable)
        if not self._lock.acquire(blocking=False):
            raise OfficeFailed("busy with another file")  # another thread: it converts alone
        try:
            self._convert(soffice, source, target, time.monotonic() + timeout_s, timeout_s)
        finally:
            self._lock.release()

    def start(self, soffice: str) -> None:
        """Start LibreOffice now, without waiting for it, so that the next :meth:`convert` pays
        none or only the rest of its start-up. Nothing happens while the session has one (running
        or starting: :meth:`convert` finds out whether it has gone), while another thread
        converts, or when the session is off; a failure to start is logged and left to the next
        :meth:`convert`."""
        if self._running is not None or self.unavailable is not None:
            return
        if not self._lock.acquire(blocking=False):
            return
        try:
            if self._running is None:
                self._launch(soffice)
        except (OfficeFailed, OSError) as err:
            log.info("LibreOffice could not be started ahead of use: %s", err)
        finally:
            self._lock.release()

    def pid(self) -> int | None:
        """The bridge's process id (its group holds LibreOffice); ``None`` when not running."""
        return self._running.proc.pid if self._running else None

    def close(self) -> None:
        """Stop LibreOffice and the bridge and remove their folder; the next conversion starts anew."""
        running, self._running = self._running, None
        if running is None or os.getpid() != self._pid:
            return  # a forked child never stops its parent's session
        try:
            os.killpg(running.proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            running.proc.kill()
        for stream in (running.proc.stdin, running.proc.stdout):
            if stream is not None:
                stream.close()
        running.proc.wait()
        shutil.rmtree(running.folder, ignore_errors=True)
        os.close(running.lock)

    def _convert(self, soffice: str, source: Path, target: Path, deadline: float, timeout_s: float) -> None:
        if self._running is not None and (self._running.soffice != soffice or not _alive(self._running)):
            self.close()  # another LibreOffice asked for, or this one was killed: start afresh
        try:
            running = self._running or self._launch(soffice)
            if not running.ready:
                self._await_ready(running, deadline, timeout_s)
            self._ask(running, {"source": str(source), "target": str(target)}, deadline, timeout_s)
        except OfficeFailed:
            self.close()
            raise
        except (OSError, ValueError) as err:  # its folder, its pipes: never the caller's error
            self.close()
            raise OfficeFailed(f"{type(err).__name__}: {err}") from err
        running.conversions += 1
        self.converted += 1
        if running.conversions >= self.max_conversions:
            self.close()
            try:  # a process that converted this many files is likely to get more
                self._launch(soffice)
            except OfficeFailed as err:
                log.info("LibreOffice could not be restarted ahead of use: %s", err)

    def _launch(self, soffice: str) -> _Running:
        """Start the bridge and its LibreOffice; :meth:`_await_ready` waits for them."""
        _remove_abandoned(self.scratch)
        folder = Path(tempfile.mkdtemp(prefix=f"{_PREFIX}{os.getpid()}-", dir=self.scratch))
        lock = os.open(folder / _LOCK, os.O_CREAT | os.O_RDWR, 0o600)
        fcntl.flock(lock, fcntl.LOCK_EX)
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(folder),
               "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"}
        try:
            proc = subprocess.Popen(
                [self.python, "-I", str(BRIDGE), soffice, str(folder / "profile"), f"intake-{folder.name}"],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                env=env, cwd=folder, start_new_session=True,
            )
        except OSError as err:
            shutil.rmtree(folder, ignore_errors=True)
            os.close(lock)
            self.unavailable = f"cannot run {self.python}: {err.strerror or err}"
            raise OfficeFailed(self.unavailable) from err
        self._running = running = _Running(proc, folder, lock, soffice)
        return running

    def _await_ready(self, running: _Running, deadline: float, timeout_s: float) -> None:
        """The bridge's first answer: its LibreOffice is ready, or why not (``uno`` missing turns
        the session off for this process's lifetime)."""
        answer = self._answer(running, deadline, timeout_s)
        if answer.get("unavailable"):
            self.unavailable = str(answer.get("error"))
        if answer.get("ready") is not True:
            raise OfficeFailed(str(answer.get("error") or answer))
        running.ready = True

    def _ask(self, running: _Running, request: dict[str, str], deadline: float, timeout_s: float) -> None:
        assert running.proc.stdin is not None
        try:
            running.proc.stdin.write(json.dumps(request).encode() + b"\n")
            running.proc.stdin.flush()
        except OSError as err:
            raise OfficeFailed(f"the bridge has gone ({err})") from err
        answer = self._answer(running, deadline, timeout_s)
        if answer.get("ok") is not True:
            raise OfficeFailed(str(answer.get("error") or answer))
        if not Path(request["target"]).is_file():
            raise OfficeFailed("no output file")

    def _answer(self, running: _Running, deadline: float, timeout_s: float) -> dict[str, object]:
        """The bridge's next JSON line (an object), read before ``deadline``."""
        assert running.proc.stdout is not None
        fd, line = running.proc.stdout.fileno(), b""
        while not line.endswith(b"\n"):
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([fd], [], [], left)[0]:
                raise OfficeFailed(f"took longer than {timeout_s:g} s")
            chunk = os.read(fd, 65536)
            if not chunk:
                raise OfficeFailed(f"the bridge ended (exit {running.proc.poll()})")
            line += chunk
            if len(line) > 1 << 20:
                raise OfficeFailed("the bridge's answer is too long")
        try:
            answer = json.loads(line)
        except ValueError as err:
            raise OfficeFailed(f"the bridge's answer is not JSON: {line[:80]!r}") from err
        if not isinstance(answer, dict):
            raise OfficeFailed(f"the bridge's answer is not an object: {line[:80]!r}")
        return answer


def _alive(running: _Running) -> bool:
    """Whether the bridge runs and its LibreOffice (``soffice.bin``) still does; while it is still
    starting (not ready), whether the bridge runs (``soffice.bin`` may not be there yet)."""
    if running.proc.poll() is not None:
        return False
    if not running.ready:
        return True
    try:
        children = psutil.Process(running.proc.pid).children(recursive=True)
        return any(c.name() == "soffice.bin" and c.status() != psutil.STATUS_ZOMBIE for c in children)
    except psutil.Error:
        return False


def scratch_in_use(folder: Path) -> bool:
    """Whether ``folder`` is the folder of a session whose process still runs (it holds the lock
    in it); False for any other folder, and for a session's folder left by a process that has gone."""
    if not folder.name.startswith(_PREFIX):
        return False
    try:
        fd = os.open(folder / _LOCK, os.O_RDWR)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return True
    finally:
        os.close(fd)  # closing drops the lock taken here
    return False


def _remove_abandoned(scratch: str | None) -> None:
    """Remove the folders of sessions whose process has gone (their lock is free)."""
    base = Path(scratch or tempfile.gettempdir())
    for folder in base.glob(f"{_PREFIX}*"):
        if (folder / _LOCK).exists() and not scratch_in_use(folder):
            shutil.rmtree(folder, ignore_errors=True)


_sessions: dict[int, OfficeSession] = {}
_guard = threading.Lock()


def session(scratch: str | None) -> OfficeSession:
    """This process's session for ``scratch`` run by :data:`OFFICE_PYTHON` (a forked child gets
    its own; another scratch folder or interpreter replaces the session)."""
    key = os.getpid()
    with _guard:
        found = _sessions.get(key)
        if found is None or found.scratch != scratch or found.python != OFFICE_PYTHON:
            if found is not None:
                found.close()
            found = _sessions[key] = OfficeSession(scratch=scratch, python=OFFICE_PYTHON)
            # atexit, and multiprocessing's exit hook: its children leave by os._exit, skipping
            # atexit, and forget the hooks of the parent they were forked from
            atexit.register(_closer)
            multiprocessing.util.Finalize(None, _closer, exitpriority=100)
        return found


def _closer() -> None:
    """At exit: this process's session stopped and its folder removed (twice is harmless)."""
    found = _sessions.pop(os.getpid(), None)
    if found is not None:
        found.close()
