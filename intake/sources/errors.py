"""Errors of the mail sources that read local files (Maildir, import)."""

from __future__ import annotations

from intake.errors import IntakeError


class SourceError(IntakeError):
    """A path given to a source cannot be read as mail (missing, unreadable, not a mailbox)."""
