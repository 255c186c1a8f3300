"""The ``intake`` command. Each group of commands lives in its own module under ``intake.commands``
and registers itself here; this module only wires them together and turns our errors into a
one-line message with exit code 2 (a traceback shown to a user is a bug)."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Annotated

import typer

from intake.commands import core, data, db, messages, queue, replies, web, worker
from intake.commands.common import State, follow_terminal_width
from intake.private import keep_private

_CHATTY_LIBRARIES = ("pypdf", "mailparser", "docx", "tnefparse", "odf", "msoffcrypto", "olefile")

app = typer.Typer(no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False,
                  help="case-intake: emailed case-study submissions into a review queue.")


@app.callback()
def _main(
    ctx: typer.Context,
    config: Annotated[Path | None, typer.Option("--config", "-c", help="Config file (default: ./config.toml, "
                                                "else the embedded default).")] = None,
    verbose: Annotated[int, typer.Option("--verbose", "-v", count=True, help="More log output.")] = 0,
) -> None:
    logging.basicConfig(level=logging.WARNING - 10 * min(verbose, 2),
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    if verbose < 2:
        # Libraries that read untrusted files warn about every oddity they repair (pypdf, for one);
        # the user sees our verdict on the file instead. -vv shows theirs too.
        for name in _CHATTY_LIBRARIES:
            logging.getLogger(name).setLevel(logging.ERROR)
    follow_terminal_width()
    ctx.obj = State(config_path=config)


for module in (core, queue, worker, replies, web, data, db, messages):
    module.register(app)


def main() -> None:
    # Everything this program writes may hold someone's personal data: private whatever the umask.
    keep_private()
    # Rich's help and error panels are for a person at a terminal; a script or a pipe gets click's
    # plain text, without the cost of loading Rich's Markdown and traceback renderers.
    app.rich_markup_mode = "rich" if sys.stdout.isatty() else None
    app()
