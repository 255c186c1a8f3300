"""Password hashing as the application does it, outside the test process's cheap hasher."""

from __future__ import annotations

import subprocess
import sys


def test_the_application_hashes_with_argon2s_rfc_9106_low_memory_parameters() -> None:
    """The suite's own apps hash cheaply (tests/fixtures/common.py); the application, here run as
    a process of its own, uses argon2-cffi's defaults: 64 MiB, 3 passes, 4 lanes."""
    code = "from intake.web.passwords import hash_password; print(hash_password('a long enough password'))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         timeout=60).stdout
    assert out.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
