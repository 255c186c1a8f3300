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
from rich.console import Console

from intake.config import Config, ConfigError, load_config
from intake.private import use_scratch_dir

if TYPE_CHECKING:
    from store.db import Store

err_console = Console(stderr=True, highlight=False)
console = Console(highlight=False)


def follow_terminal_width() -> None:
    """Size both consoles for this invocation: ``COLUMNS`` when set (``COLUMNS=80 intake queue
    list``), else the terminal's own width (Rich's default: 80 when not a terminal)."""
    columns = os.environ.get("COLUMNS", "")
    for c in (console, err_console):
        # Rich reads COLUMNS once, when the console is made; a command runs many times in a test.
        c.width = int(columns) if columns.isdigit() and int(columns) > 0 else None  # type: ignore[assignment]


@dataclass
class State:
    """Per-invocation state. ``config_path`` is ``None`` when ``--config`` was not given."""

    config_path: Path | None
    _config: Config | None = field(default=None, repr=False)
    _store: Store | None = field(default=None, repr=False)

    @property
    def config(self) -> Config:
        if self._config is None:
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
    err_console.print(f"error: {message}", markup=False, soft_wrap=True)
    return typer.Exit(code)


@contextmanager
def clean_errors() -> Iterator[None]:
    """Turn our known errors into one line on stderr and exit code 2."""
    try:
        yield
    except ConfigError as err:
        raise fail(str(err)) from None
    except Exception as err:
        if isinstance(err, loaded_errors("store.db", "StoreError")):
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
