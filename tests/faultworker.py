"""``intake run`` for the fault run (tests/faultrun.py): the real worker, whose parse processes use
the test-only parse function of :mod:`tests.fixtures.faulty` (messages marked ``X-Test-Fault``
crash their parse process or kill the worker itself, once it has committed its attempt at the
message; every other message is parsed as usual).

    python tests/faultworker.py CONFIG
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Run as a script, this folder comes first on the path, where tests/parsers would shadow parsers.
sys.path[0] = str(ROOT)


def main() -> None:
    started = time.time()
    config = sys.argv[1]
    import intake.pipeline
    from intake.config import Config, load_config
    from intake.isolation import ParsePool
    from tests.fixtures import faulty

    def open_pool(config: Config) -> ParsePool:
        return ParsePool(config.form, config.limits, config.budget, parse=faulty.parse)

    os.environ[faulty.MAIN_PID_ENV] = str(os.getpid())
    os.environ[faulty.STARTED_ENV] = repr(started)
    os.environ[faulty.DATABASE_ENV] = load_config(Path(config)).database_url
    intake.pipeline.open_pool = open_pool  # before intake.cycle imports it
    from intake.cli import main as cli

    sys.argv = ["intake", "--config", config, "run"]
    cli()


if __name__ == "__main__":
    main()
