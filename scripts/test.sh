#!/usr/bin/env bash
# THE test command (the README's, and the one .ci/run calls): installs the package with its test
# extras, then runs ruff, mypy and pytest. Inside an activated virtualenv it uses that one;
# otherwise it creates (or reuses) .venv next to this repository. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -n "${VIRTUAL_ENV:-}" ]; then
    PY="$VIRTUAL_ENV/bin/python"
else
    if [ ! -x .venv/bin/python ]; then
        "${PYTHON:-python3}" -m venv .venv
    fi
    PY=.venv/bin/python
fi
"$PY" - <<'PYCHECK'
import sys
if sys.version_info < (3, 11):
    sys.exit(f"case-intake needs Python 3.11 or newer; {sys.executable} is {sys.version.split()[0]}")
PYCHECK

"$PY" -m pip install --quiet --disable-pip-version-check -e '.[test]'
echo "== ruff"
"$PY" -m ruff check .
echo "== mypy"
"$PY" -m mypy
echo "== pytest"
"$PY" -m pytest "$@"
