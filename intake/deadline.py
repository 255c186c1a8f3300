"""Total deadlines for network operations.

A socket timeout bounds each read, not the whole exchange: a server that trickles one byte every
few seconds never trips it and can hold the worker for ever. :class:`Watchdog` bounds the whole
operation: when it runs out it shuts the socket down (from a timer thread), so the blocked read
returns at once and the operation fails with our error. :func:`call_with_deadline` bounds a call
that creates its socket itself (a client's constructor reading the server's greeting).
"""

from __future__ import annotations

import logging
import socket
import threading
from collections.abc import Callable
from types import TracebackType
from typing import TypeVar

log = logging.getLogger("intake")

T = TypeVar("T")


class DeadlinePassed(Exception):
    """An operation did not finish within its total deadline; the text names it and the limit."""


class Watchdog:
    """``with Watchdog(seconds, get_socket, what):`` shuts down ``get_socket()``'s socket when the
    block runs longer than ``seconds``; ``expired`` then tells the caller why the block failed.
    ``get_socket`` may return ``None`` (nothing to shut down yet). ``seconds <= 0``: no deadline."""

    def __init__(self, seconds: float, get_socket: Callable[[], socket.socket | None], what: str) -> None:
        self.seconds = seconds
        self.what = what
        self._get_socket = get_socket
        self._timer: threading.Timer | None = None
        self.expired = False

    def __enter__(self) -> Watchdog:
        if self.seconds > 0:
            self._timer = threading.Timer(self.seconds, self._expire)
            self._timer.daemon = True
            self._timer.start()
        return self

    def __exit__(self, et: type[BaseException] | None, ev: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self._timer is not None:
            self._timer.cancel()

    def _expire(self) -> None:
        self.expired = True
        try:
            sock = self._get_socket()
        except Exception:  # the client is half made or already closed: nothing to shut
            sock = None
        if sock is None:
            return
        log.warning("%s did not finish within %g s; closing the connection", self.what, self.seconds)
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def message(self) -> str:
        """The reason to give when the block failed because the deadline passed."""
        return f"{self.what} did not finish within {self.seconds:g} s (the server is too slow or stalled)"


def call_with_deadline(fn: Callable[[], T], seconds: float, what: str,
                       cleanup: Callable[[T], None]) -> T:
    """``fn()`` when it returns within ``seconds``; else raise :class:`DeadlinePassed`. A call that
    overruns is left to finish in its own daemon thread, and whatever it returns then is handed to
    ``cleanup`` (close the connection it made); its exception, if any, is dropped."""
    if seconds <= 0:
        return fn()
    done = threading.Event()
    lock = threading.Lock()
    box: dict[str, object] = {}

    def run() -> None:
        try:
            value: object = fn()
        except BaseException as err:  # handed to the caller below, or dropped when abandoned
            value, box["error"] = None, err
        with lock:
            if box.get("abandoned"):
                if "error" not in box:
                    try:
                        cleanup(value)  # type: ignore[arg-type]
                    except Exception:
                        pass
                return
            box["value"] = value
            done.set()

    threading.Thread(target=run, name=f"deadline: {what}", daemon=True).start()
    if not done.wait(seconds):
        with lock:
            if not done.is_set():
                box["abandoned"] = True
                raise DeadlinePassed(f"{what} did not finish within {seconds:g} s "
                                     "(the server is too slow or stalled)")
    if "error" in box:
        raise box["error"]  # type: ignore[misc]
    return box["value"]  # type: ignore[return-value]
