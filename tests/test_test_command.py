"""The README's test command on a fresh machine: a missing Debian package stops a non-root run
with the one `sudo apt-get install` line, before anything else is done; a missing browser is
named with the fix. Run on the real script and the real Chromium."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_a_non_root_run_names_the_missing_packages_in_one_install_line(tmp_path: Path) -> None:
    copy = tmp_path / "checkout"
    (copy / "scripts").mkdir(parents=True)
    shutil.copy(ROOT / "scripts" / "test.sh", copy / "scripts")
    listed = (ROOT / "scripts" / "debian-packages.txt").read_text()
    (copy / "scripts" / "debian-packages.txt").write_text(listed + "no-such-package-xyz  # not in Debian\n")
    as_user: list[str] = []
    if os.geteuid() == 0:  # run it as an unprivileged user, as a developer would
        for p in (tmp_path, copy, copy / "scripts"):
            p.chmod(0o755)
        as_user = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
    res = subprocess.run([*as_user, "bash", "scripts/test.sh"], cwd=copy, capture_output=True, text=True,
                         timeout=60, env={"PATH": os.environ["PATH"], "HOME": str(tmp_path)})
    assert res.returncode == 1
    assert "== [1/6] Debian packages" in res.stdout and "[2/6]" not in res.stdout  # stopped there
    # (python3-venv may be named too, on a Debian python3 without ensurepip.)
    missing, hint, command = res.stderr.splitlines()
    assert missing.startswith("missing Debian packages: ") and "no-such-package-xyz" in missing
    assert hint == "install them, then run this again:"
    assert command.startswith("    sudo apt-get update && sudo apt-get install -y ")
    assert command.split("-y ", 1)[1].split() == missing.split(": ", 1)[1].split()
    assert not (copy / ".venv").exists()


def test_the_browser_check_names_a_missing_chromium_and_the_fix() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "INTAKE_CHROMIUM": "/nonexistent/chromium"}
    res = subprocess.run([sys.executable, "-m", "tests.fixtures.browser_check"], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=60)
    assert res.returncode == 1 and "Traceback" not in res.stderr
    assert res.stderr.startswith("error: Chromium not found at /nonexistent/chromium: install Debian's "
                                 "browser with `sudo apt-get install -y chromium`")
    assert res.stderr.count("\n") == 1

    env.pop("INTAKE_CHROMIUM")
    res = subprocess.run([sys.executable, "-m", "tests.fixtures.browser_check"], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=90)
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == "Chromium at /usr/bin/chromium starts under Playwright"
