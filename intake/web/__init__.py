"""The review web app (``intake serve``): staff read, decide on and export submissions in a browser."""

from __future__ import annotations

from intake.web.app import create_app
from intake.web.common import WebOptions

__all__ = ["WebOptions", "create_app"]
