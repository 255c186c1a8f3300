"""What every command shares: lazy config and store, and clean failure (one line, exit 2)."""

from __future__ import annotations

import getpass
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from intake.private import use_scratch_dir

if TYPE_CHECKING:
    from rich.console import Console

    from intake.config import Config
    from store.db import Store

#: The Rich consoles made so far, by ``stderr``; and the width they are given (``None``: the
#: terminal's). Made on first use: Rich costs a fifth of an ``intake --help``, which never prints
#: through it.
_consoles: dict[bool, Console] = {}
_sizing: dict[str, int | None] = {"width": None}


def console() -> Console:
    """The Rich console on stdout."""
    return _console(stderr=False)


def err_console() -> Console:
    """The Rich console on stderr (errors, progress bars)."""
    return _console(stderr=True)


def _console(*, stderr: bool) -> Console:
    made = _consoles.get(stderr)
    if made is None:
        from rich.console import Console

        made = _consoles[stderr] = Console(stderr=stderr, highlight=False)
        if _sizing["width"] is not None:
            made.width = _sizing["width"]
    return made


def follow_terminal_width() -> None:
    """Size both consoles for this invocation: ``COLUMNS`` when set (``COLUMNS=80 intake queue
    list``), else the terminal's own width (Rich's default: 80 when not a terminal)."""
    columns = os.environ.get("COLUMNS", "")
    width = _sizing["width"] = int(columns) if columns.isdigit() and int(columns) > 0 else None
    for c in _consoles.values():
        # Rich reads COLUMNS once, when the console is made; a command runs many times in a test.
        c.width = width  # type: ignore[assignment]


@dataclass
class State:
    """Per-invocation state. ``config_path`` is ``None`` when ``--config`` was not given."""

    config_path: Path | None
    _config: Config | None = field(default=None, repr=False)
    _store: Store | None = field(default=None, repr=False)

    @property
    def config(self) -> Config:
        if self._config is None:
            from intake.config import load_config  # not for --help: it brings the parsers' schema

            self._config = load_config(self.config_path)
        return self._config

    @property
    def store(self) -> Store:
        if self._store is None:
            from store.db import Store  # SQLAlchemy only for the commands that use the database

            self._store = Store.open(self.config.database_url)
            # Commands that store mail may convert attachments: clear what a killed run left.
            use_scratch_dir(self.config.data_dir)
        return self._store


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print ``message`` as one line on stderr; return the Exit to raise."""
    err_console().print(f"error: {message}", markup=False, soft_wrap=True)
    return typer.Exit(code)


@contextmanager
def clean_errors() -> Iterator[None]:
    """Turn our known errors into one line on stderr and exit code 2."""
    try:
        yield
    except Exception as err:
        if isinstance(err, loaded_errors("intake.config", "ConfigError")
                      + loaded_errors("store.db", "StoreError")):
            raise fail(str(err)) from None
        raise


def loaded_errors(*module_and_names: str) -> tuple[type[BaseException], ...]:
    """The exception classes ``module, name, name...`` when that module is loaded, else none: an
    error of a module never imported cannot have been raised, and checking for it must not
    import it (commands start fast by importing only what they use)."""
    module = sys.modules.get(module_and_names[0])
    if module is None:
        return ()
    return tuple(getattr(module, name) for name in module_and_names[1:])


ConfigOption = Annotated[Path | None, typer.Option("--config", "-c", help="Config file (default: "
                                                   "./config.toml, else the embedded default).")]


def state(ctx: typer.Context, config: Path | None = None) -> State:
    """The invocation's state. ``config`` is ``--config`` given after the command name (it wins
    over one given before it); ``None`` when it was not given there."""
    if config is not None:
        ctx.obj = State(config_path=config)
    obj = ctx.obj
    if not isinstance(obj, State):
        obj = State(config_path=None)
        ctx.obj = obj
    return obj


def cli_actor() -> str:
    """Who a command acts as in the history: ``cli:<login name>``, or ``cli`` without one (a bare
    container has no user name)."""
    try:
        return f"cli:{getpass.getuser()}"
    except (OSError, KeyError):
        return "cli"
