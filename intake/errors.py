"""The root of the application's exceptions, and the one rule that sorts a fault into "a person
must change the configuration" or "it may pass on its own".

Every error class of :mod:`intake` (configuration, mailbox, replies, sources, pipeline) derives
from :class:`IntakeError`, so a command catches one class. ``retryable`` says which kind a fault
is; :func:`needs_config_change` is the only place that reads it, for ``intake doctor``,
``intake poll`` and ``intake run`` alike (the worker stops at start with :data:`EX_CONFIG` on such
a fault, and keeps retrying the others).
"""

from __future__ import annotations

EX_CONFIG = 78
"""sysexits.h: "configuration error"; systemd shows it as ``status=78/CONFIG``."""


class IntakeError(Exception):
    """Any fault of this application that its message explains to the operator.

    ``retryable`` (class default, or per instance with ``retryable=``) is True for faults that may
    pass on their own (network down, server busy, a 4xx answer), False for those a person must fix
    (a password, a folder name, an OAuth2 client, a certificate, a config key)."""

    retryable = False

    def __init__(self, *args: object, retryable: bool | None = None) -> None:
        super().__init__(*args)
        if retryable is not None:
            self.retryable = retryable


def needs_config_change(err: BaseException) -> bool:
    """True when ``err`` will not pass by waiting: only a change of configuration or account fixes
    it. Anything that is not one of our errors (a driver fault, a bug) counts as transient, so the
    worker keeps trying rather than stopping on a fault it does not understand."""
    return isinstance(err, IntakeError) and not err.retryable
