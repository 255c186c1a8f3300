"""The exception tree of ``intake.replies``. Each class says when it is raised."""

from __future__ import annotations

from intake.errors import IntakeError


class ReplyError(IntakeError):
    """A reply cannot be composed or queued (broken template, unusable address, unknown outbox
    row), or an outbox operation was refused. The message is meant for staff."""


class DeliveryError(ReplyError):
    """One delivery attempt failed. ``permanent`` is True for a 5xx answer (the row is marked
    failed with the server's words); otherwise the row is retried later. ``connection`` is True
    when the fault lies with the connection (refused, TLS, login), so the rest of the run waits
    for the next one instead of hammering the server."""

    def __init__(self, message: str, *, permanent: bool = False, connection: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent
        self.connection = connection
