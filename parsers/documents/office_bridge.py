"""The UNO side of :class:`parsers.documents.office.OfficeSession`: a script run by the system's
``/usr/bin/python3`` (Debian's ``python3-uno`` gives ``uno`` to that interpreter only), never
imported by the parsers. It uses the standard library and ``uno`` alone.

    python3 -I office_bridge.py SOFFICE PROFILE_DIR PIPE_NAME

It starts ``SOFFICE`` headless with the private profile ``PROFILE_DIR`` (in its own process group,
which the caller started), listening on the UNO pipe ``PIPE_NAME``, and connects to it. Then it
writes one JSON line: ``{"ready": true}``, or ``{"error": ..., "unavailable": true}`` when
``uno`` cannot be imported (the caller stops trying), or ``{"error": ...}`` when LibreOffice did
not start. After that, one request a line on stdin (``{"source": PATH, "target": PATH}``) gets one
answer a line on stdout: ``{"ok": true}`` once ``target`` is written as a .docx, else
``{"error": TEXT}``. At the end of stdin, on SIGTERM, or when its parent dies (a thread watches
the parent's process id: ``PR_SET_PDEATHSIG`` would fire when the parent's *thread* that started
the bridge ends, and any thread of a parse worker may be the one), it kills every other process
of its group (LibreOffice) and exits. It lifts the soft CPU limit it inherits (up to the hard
one) before starting LibreOffice: a parse worker's soft limit is its own CPU so far plus one
message's budget, which a LibreOffice serving many messages would outgrow; the caller's timeout
bounds each conversion instead.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

#: How long LibreOffice may take to start and open its pipe; the caller's timeout is shorter.
_CONNECT_S = 60.0
#: How often the watch looks whether the parent still runs.
_WATCH_S = 0.25


def main(argv: list[str]) -> int:
    soffice, profile, pipe = argv
    _end_with_parent()
    _lift_cpu_limit()
    signal.signal(signal.SIGTERM, lambda *_: _end(1))
    try:
        import uno
    except ImportError as err:
        _say({"error": f"python3-uno is missing ({err})", "unavailable": True})
        return 3
    office = subprocess.Popen(
        [soffice, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--invisible",
         "--nologo", "--norestore", "--nodefault", "--nolockcheck", f"--accept=pipe,name={pipe};urp;"],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        desktop = _connect(uno, pipe, office)
    except Exception as err:  # noqa: BLE001 - any UNO failure is "did not start"
        _say({"error": f"LibreOffice did not start: {type(err).__name__}: {err}"})
        _end(4)
    _say({"ready": True})
    for line in sys.stdin:
        try:
            request = json.loads(line)
            _convert(uno, desktop, str(request["source"]), str(request["target"]))
            _say({"ok": True})
        except Exception as err:  # noqa: BLE001 - every failure is an answer, never a crash
            _say({"error": f"{type(err).__name__}: {err}"})
    _end(0)
    return 0


def _end_with_parent() -> None:
    """A daemon thread that ends this process (and LibreOffice) once its parent has gone (this
    process is then given another parent), even while a conversion runs."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(_WATCH_S)
        _end(1)

    if parent == 1:  # the parent died before this process started
        _end(1)
    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _lift_cpu_limit() -> None:
    """The soft CPU limit raised to the hard one, for this process and LibreOffice."""
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    resource.setrlimit(resource.RLIMIT_CPU, (hard, hard))


def _connect(uno: Any, pipe: str, office: subprocess.Popen[bytes]) -> Any:
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + _CONNECT_S
    while True:
        try:
            ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            return ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        except Exception:
            # soffice exits 81 once after making a fresh profile and is started again by its
            # launcher: only a launcher that has exited for good, or the deadline, ends the wait
            if time.monotonic() > deadline or (office.poll() is not None and office.returncode != 0):
                raise
            time.sleep(0.05)


def _convert(uno: Any, desktop: Any, source: str, target: str) -> None:
    """``source`` opened hidden and read-only (macros never run), stored as ``target`` with the
    filter ``soffice --convert-to docx`` uses for a text document, and closed."""
    doc = desktop.loadComponentFromURL(
        uno.systemPathToFileUrl(source), "_blank", 0,
        (_prop(uno, "Hidden", True), _prop(uno, "ReadOnly", True), _prop(uno, "MacroExecutionMode", 0)),
    )
    if doc is None:
        raise RuntimeError("LibreOffice could not open the file")
    try:
        doc.storeToURL(uno.systemPathToFileUrl(target), (_prop(uno, "FilterName", "MS Word 2007 XML"),))
    finally:
        try:
            doc.close(True)
        except Exception:  # noqa: BLE001 - a veto: dispose of it instead
            doc.dispose()


def _prop(uno: Any, name: str, value: object) -> Any:
    prop = uno.createUnoStruct("com.sun.star.beans.PropertyValue")
    prop.Name, prop.Value = name, value
    return prop


def _say(answer: dict[str, object]) -> None:
    sys.stdout.write(json.dumps(answer) + "\n")
    sys.stdout.flush()


def _end(code: int) -> None:
    """Kill every other process of this process group (LibreOffice and its launcher), then exit."""
    me, group = os.getpid(), os.getpgid(0)
    for entry in os.listdir("/proc") if os.path.isdir("/proc") else []:
        if entry.isdigit() and int(entry) != me and _group_of(int(entry)) == group:
            try:
                os.kill(int(entry), signal.SIGKILL)
            except OSError:
                pass
    os._exit(code)


def _group_of(pid: int) -> int | None:
    try:
        return os.getpgid(pid)
    except OSError:
        return None


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
