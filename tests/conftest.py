"""Shared fixtures. Server fixtures (Dovecot, aiosmtpd, PostgreSQL, Chromium) live in
tests/fixtures/ and start real servers on 127.0.0.1."""

pytest_plugins = [
    "tests.fixtures.common",
    "tests.fixtures.dovecot",
    "tests.fixtures.smtp",
    "tests.fixtures.postgres",
    "tests.fixtures.browser",
]
