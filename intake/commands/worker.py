"""CLI commands for running unattended: ``intake run`` (the scheduled worker), ``intake status``
(is it working?) and ``intake doctor`` (is the configuration right?).

``status`` exits 1 when a mailbox's polling is failing or has stopped, so monitoring can call it;
``doctor`` exits 1 when a check fails. Both print plain words, never a traceback.
"""

from __future__ import annotations

import json
import logging
from datetime import datetime
from typing import Annotated

import typer

from intake.commands.common import ConfigOption, clean_errors, console, err_console, fail, state

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")]


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    app.command("run")(run)
    app.command("status")(status)
    app.command("doctor")(doctor)



# --- run --------------------------------------------------------------------------------------------


def run(
    ctx: typer.Context,
    since: Annotated[str | None, typer.Option("--since", metavar="YYYY-MM-DD", help="Only mail since this "
                                              "date (IMAP mailboxes), e.g. on a first run against old mail.")
                     ] = None,
    backlog: Annotated[bool, typer.Option("--backlog", help="Old mail: store it, send no "
                                          "acknowledgements (for a first run against a full mailbox).")
                       ] = False,
    config: ConfigOption = None,
) -> None:
    """Run the worker in the foreground: poll the mailboxes and send replies until stopped
    (SIGTERM or Ctrl-C finish the current message first). A configuration that cannot work (a
    password variable unset, a refused login, an unknown folder, a refused OAuth2 client) stops it
    at start with one line and exit code 78 (EX_CONFIG); network trouble is retried."""
    from intake.config import ConfigError
    from intake.errors import EX_CONFIG
    from intake.worker import AlreadyRunning, CannotStart, run_worker

    _log_to_journal()
    st = state(ctx, config)
    try:
        cfg = st.config
    except ConfigError as err:
        raise fail(str(err), code=EX_CONFIG) from None
    with clean_errors():
        store = st.store
        if since is not None:
            _check_date(since)
        names = ", ".join(f"{m.name} ({m.type})" for m in cfg.mailboxes)
        mode = " (backlog: no acknowledgements)" if backlog else ""

        def banner() -> None:
            err_console().print(f"intake run: polling {names} every {cfg.worker.poll_interval_s:g} s{mode}; "
                                "Ctrl-C or SIGTERM stops", markup=False)

        try:
            worker = run_worker(cfg, store, since=since, backlog=backlog, on_start=banner)
        except AlreadyRunning as err:
            raise fail(str(err)) from None
        except CannotStart as err:
            raise fail(str(err), code=EX_CONFIG) from None
    err_console().print(f"intake run: stopped cleanly after {worker.cycles} poll cycles", markup=False)


def _log_to_journal() -> None:
    """The worker's own INFO lines (one per stored message, one per send run, outages) go to
    stderr, hence the journal, unless ``-v`` asked for more already."""
    logger = logging.getLogger("intake")
    if logger.getEffectiveLevel() > logging.INFO:
        logger.setLevel(logging.INFO)


def _check_date(text: str) -> None:
    try:
        datetime.strptime(text, "%Y-%m-%d")
    except ValueError:
        raise fail(f"--since {text!r}: expected a date as YYYY-MM-DD") from None


# --- status -----------------------------------------------------------------------------------------


def status(ctx: typer.Context, as_json: JsonOption = False, config: ConfigOption = None) -> None:
    """Is the worker working? Last successful poll per mailbox, last error, queue and reply counts."""
    from intake.health import healthy, status_lines, status_report, storage_problems

    st = state(ctx, config)
    with clean_errors():
        cfg = st.config
        try:
            store = st.store
        except Exception:
            # A database that cannot even be opened: say why when the disk says it (read-only, full).
            storage = storage_problems(cfg)
            if not storage:
                raise
            for problem in storage:
                console().print(f"STORAGE: {problem}", markup=False, soft_wrap=True)
            raise typer.Exit(1) from None
        report = status_report(cfg, store)
    if as_json:
        typer.echo(json.dumps(report, indent=2, default=str))
    else:
        for line in status_lines(report):
            console().print(line, markup=False, soft_wrap=True)
    if not healthy(report):
        raise typer.Exit(1)


# --- doctor -----------------------------------------------------------------------------------------


def doctor(ctx: typer.Context, config: ConfigOption = None) -> None:
    """Check the database, each mailbox (login, capabilities, folders) and SMTP; explain failures."""
    from intake.doctor import run_checks

    st = state(ctx, config)
    with clean_errors():
        cfg = st.config
        where = str(cfg.path) if cfg.path else "the embedded default configuration"
        console().print(f"Checking {where}", markup=False)
        checks = run_checks(cfg)
    marks = {"ok": "ok  ", "warn": "warn", "fail": "FAIL"}
    for c in checks:
        console().print(f"[{marks[c.status]}] {c.name}: {c.detail}", markup=False, soft_wrap=True)
        if c.advice:
            console().print(f"       -> {c.advice}", markup=False, soft_wrap=True)
    failed = sum(c.status == "fail" for c in checks)
    console().print(f"{len(checks)} checks, {failed} failed" if failed else f"{len(checks)} checks passed",
                    markup=False)
    if failed:
        raise typer.Exit(1)
