"""One rule for every TLS client we open (IMAP, SMTP): the system's trusted CAs, plus ``ca_file``
when the operator names a private CA; certificates and host names are always verified."""

from __future__ import annotations

import ssl
from pathlib import Path


def client_context(ca_file: Path | None) -> ssl.SSLContext:
    """A verifying client context. Raises ``OSError``/``ssl.SSLError`` when ``ca_file`` is unreadable."""
    ctx = ssl.create_default_context()
    if ca_file is not None:
        ctx.load_verify_locations(cafile=str(ca_file))
    return ctx
