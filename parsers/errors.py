"""The small exception tree of ``parsers``. Each class says when it is raised."""

from __future__ import annotations

ADVICE_ONLY_FORM = "Please send only the completed form."
"""What a sender is told when a file is too long or too large to be one form."""


class ParseError(Exception):
    """The input as a whole cannot be read (not a message, over the size cap, unsupported file)."""


class DocumentError(ParseError):
    """One attachment cannot be read. ``filename`` names it; ``advice`` tells the sender what to
    send instead (shown in the acknowledgement)."""

    def __init__(self, filename: str, reason: str, advice: str) -> None:
        super().__init__(f"{filename}: {reason}")
        self.filename = filename
        self.reason = reason
        self.advice = advice


class LimitExceeded(DocumentError):
    """An attachment or archive breaks a configured limit (size, zip entries, compression ratio)."""
