#!/usr/bin/env bash
# THE test command (the README's, and the one .ci/run calls), from a fresh machine to a result:
#   1. Debian packages from scripts/debian-packages.txt: installed when run as root (apt-get update
#      first), otherwise the one `sudo apt-get install ...` line is printed and the script stops;
#   2. the virtualenv: the activated one, else .venv next to this repository (created when absent);
#   3. the package with its test extras (pip, showing what it fetches), byte-compiled;
#   4. the browser check: Debian's Chromium must start under Playwright (named, with the fix, if not);
#   5. ruff and mypy;
#   6. pytest across PYTEST_WORKERS processes (pytest-xdist; default 2, 0 runs in one process).
# Extra arguments go to pytest, e.g. `bash scripts/test.sh -k pipeline`.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n== [%s/6] %s\n' "$1" "$2"; }

# --- 1. Debian packages ------------------------------------------------------------------------------
step 1 "Debian packages (scripts/debian-packages.txt)"
mapfile -t PACKAGES < <(sed -e 's/#.*//' -e 's/[[:space:]]//g' scripts/debian-packages.txt | grep -v '^$')
missing=()
if command -v dpkg >/dev/null 2>&1; then
    for pkg in "${PACKAGES[@]}"; do
        dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
    done
    # Debian's python3 ships without ensurepip: creating .venv needs python3-venv.
    if [ -z "${VIRTUAL_ENV:-}" ] && [ ! -x .venv/bin/python ] \
            && ! "${PYTHON:-python3}" -c "import ensurepip" >/dev/null 2>&1; then
        missing+=(python3-venv)
    fi
else
    echo "not a Debian system: make sure these are installed: ${PACKAGES[*]}"
fi
if [ "${#missing[@]}" -gt 0 ]; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "missing Debian packages: ${missing[*]}" >&2
        echo "install them, then run this again:" >&2
        echo "    sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
        exit 1
    fi
    export DEBIAN_FRONTEND=noninteractive
    echo "installing ${missing[*]}"
    apt-get update
    apt-get install -y --no-install-recommends "${missing[@]}"
else
    echo "all ${#PACKAGES[@]} present"
fi

# --- 2. virtualenv -----------------------------------------------------------------------------------
step 2 "virtualenv"
if [ -n "${VIRTUAL_ENV:-}" ]; then
    PY="$VIRTUAL_ENV/bin/python"
    echo "using the active virtualenv $VIRTUAL_ENV"
else
    if [ ! -x .venv/bin/python ]; then
        echo "creating .venv"
        "${PYTHON:-python3}" -m venv .venv
    else
        echo "using .venv"
    fi
    PY=.venv/bin/python
fi
"$PY" - <<'PYCHECK'
import sys
if sys.version_info < (3, 11):
    sys.exit(f"case-intake needs Python 3.11 or newer; {sys.executable} is {sys.version.split()[0]}")
PYCHECK

# --- 3. the package and its test extras --------------------------------------------------------------
step 3 "pip install -e '.[test]' (a first run downloads about 60 packages)"
# Not --quiet: each package pip fetches is a line, so a slow mirror shows as progress, not silence.
set +e
"$PY" -m pip install --disable-pip-version-check -e '.[test]' | grep -v --line-buffered '^Requirement already'
pip_status=${PIPESTATUS[0]}
set -e
if [ "$pip_status" -ne 0 ]; then
    echo "pip install failed (exit $pip_status): see its message above" >&2
    exit 1
fi
# An editable install leaves the project's modules uncompiled, and where PYTHONDONTWRITEBYTECODE is
# set (some CI images) every `intake` process the tests start would compile them from source again.
"$PY" -m compileall -q -j 0 intake parsers store tests >/dev/null

# --- 4. browser ----------------------------------------------------------------------------------------
step 4 "browser (Debian's Chromium under Playwright)"
"$PY" -m tests.fixtures.browser_check

# --- 5. lint, types, tests -----------------------------------------------------------------------------
step 5 "ruff and mypy"
"$PY" -m ruff check .
"$PY" -m mypy
step 6 "pytest"
workers=(-n "${PYTEST_WORKERS:-2}")
for arg in "$@"; do
    case "$arg" in -n|-n*|--numprocesses*) workers=() ;; esac
done
[ "${PYTEST_WORKERS:-2}" = "0" ] && workers=()
"$PY" -m pytest "${workers[@]}" "$@"
