"""Processes that must not outlive their parent: parse workers and the converters they start.

``die_with_parent()`` asks Linux (``prctl(PR_SET_PDEATHSIG, SIGKILL)``) to kill the calling
process when the thread that started it ends, so a killed worker leaves no converter running even
though converters run in a session of their own (to be stopped as a group on their own timeout).
Elsewhere it does nothing.
"""

from __future__ import annotations

import ctypes
import signal

_PR_SET_PDEATHSIG = 1


def die_with_parent() -> None:
    """Have this process SIGKILLed when its parent dies (Linux); a no-op where prctl is missing.
    Safe in a ``preexec_fn`` (no allocation beyond the ctypes call)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass
