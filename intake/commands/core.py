"""CLI commands of the walking skeleton: ``demo``, ``extract``, ``import`` and ``poll``
(``queue`` lives in :mod:`intake.commands.queue`).

Every command takes ``--config FILE`` (here or before the command name), reports our errors as one
line on stderr with exit code 2, and prints machine-readable output only on stdout.
"""

from __future__ import annotations

import dataclasses
import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from intake.commands.common import (
    ConfigOption,
    clean_errors,
    console,
    err_console,
    fail,
    loaded_errors,
    state,
)
from intake.sources.errors import SourceError

if TYPE_CHECKING:  # imported where used: each command loads only what it needs
    from intake.config import Config, MailboxConfig
    from intake.pipeline import CycleReport, Outcome
    from store.db import Store

log = logging.getLogger("intake.cli")

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
PROGRESS_FROM = 20  # show a progress bar when importing at least this many messages


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    app.command("demo")(demo)
    app.command("extract")(extract)
    app.command("import")(import_messages)
    app.command("poll")(poll)



@contextmanager
def clean() -> Iterator[None]:
    """Our known errors, and those of the queue and the sources, as one line and exit code 2."""
    with clean_errors():
        try:
            yield
        except Exception as err:
            known: tuple[type[BaseException], ...] = (
                SourceError, *loaded_errors("store.queue", "QueueError"),
                *loaded_errors("intake.pipeline", "PipelineError"))
            if isinstance(err, known):
                raise fail(str(err)) from None
            raise



# --- demo -------------------------------------------------------------------------------------------


def demo(ctx: typer.Context, config: ConfigOption = None) -> None:
    """Put the sample submissions into the local Maildir, process them, and show the queue."""
    from intake.cycle import poll_mailbox, send_replies
    from intake.demo import deliver, sample_messages

    st = state(ctx, config)
    with clean():
        cfg, store = st.config, st.store
        mailbox_cfg = _maildir_of(cfg)
        assert mailbox_cfg.path is not None
        samples = sample_messages()
        new_dir = deliver(mailbox_cfg.path, samples)
        console().print(f"Delivered {len(samples)} sample messages to {_shown(new_dir)}")
        report = poll_mailbox(cfg, store, mailbox_cfg)
        if report.error:
            raise fail(report.failure_line())
        send_replies(cfg, store)
        console().print(_summary(report))
        from intake.commands.queue import print_queue

        print_queue(store, None)
        _print_replies(cfg, store)
        console().print("Next: intake queue show <reference>   ·   intake queue list --json")


def _maildir_of(cfg: Config) -> MailboxConfig:
    for mailbox_cfg in cfg.mailboxes:
        if mailbox_cfg.type == "maildir" and mailbox_cfg.path is not None:
            return mailbox_cfg
    raise fail("intake demo needs a maildir mailbox; run it without --config (the embedded default) "
               "or configure [mailbox] type = \"maildir\"")


def _print_replies(cfg: Config, store: Store) -> None:
    from sqlmodel import func, select

    from store.models import Outbox

    with store.session() as s:
        rows = dict(s.exec(select(Outbox.status, func.count()).group_by(Outbox.status)).all())
    queued = ", ".join(f"{n} {status}" for status, n in sorted(rows.items())) or "none"
    if cfg.smtp.transport == "file":
        files = sorted(cfg.outbox_dir.glob("*.eml")) if cfg.outbox_dir.is_dir() else []
        console().print(f"Replies ({queued}) are written as .eml files to {_shown(cfg.outbox_dir)} "
                        f"({len(files)} there now)")
    else:
        console().print(f"Replies ({queued}) go out through SMTP at {cfg.smtp.host}:{cfg.smtp.port}")


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


# --- extract ----------------------------------------------------------------------------------------


def extract(ctx: typer.Context,
            file: Annotated[Path, typer.Argument(help="An .eml message, or a bare .docx or .txt form.")],
            config: ConfigOption = None,
            parts: Annotated[bool, typer.Option(
                "--parts", help="Print the message's parts instead: new text, signature, quoted text, "
                                "forwarded messages.")] = False) -> None:
    """Print what would be read from FILE as JSON, without storing anything."""
    from parsers import ParseError, extract_file, message_parts

    st = state(ctx, config)
    with clean():
        cfg = st.config
        try:
            data = file.read_bytes()
        except OSError as err:
            raise fail(f"cannot read {file}: {err.strerror or err}") from None
        try:
            if parts:
                result = message_parts(data, cfg.limits).as_json()
            else:
                result = extract_file(data, file.name, cfg.form, cfg.limits).to_json()
        except ParseError as err:
            raise fail(f"cannot read {file}: {err}") from None
        except Exception as err:  # a parser fault must still be one line, never a traceback
            log.debug("extract %s failed", file, exc_info=True)
            raise fail(f"cannot read {file}: {type(err).__name__}: {err}") from None
    typer.echo(json.dumps(result, ensure_ascii=False, indent=2))


# --- import and poll --------------------------------------------------------------------------------


def import_messages(
    ctx: typer.Context,
    paths: Annotated[list[Path], typer.Argument(help=".eml files, .mbox files, or folders of them.")],
    backlog: Annotated[bool, typer.Option("--backlog", help="Old mail: store it, send no "
                                          "acknowledgements.")] = False,
    config: ConfigOption = None,
) -> None:
    """Store every message in PATH... (and every submission in them). Importing twice stores once."""
    from intake.sources.files import FileSource

    st = state(ctx, config)
    with clean():
        source = FileSource(paths)
        cfg, store = st.config, st.store
        report = _run_with_progress(cfg, store, source, len(source), backlog=backlog)
    console().print(_summary(report))
    for problem in source.unreadable:
        err_console().print(f"warning: skipped {problem}", markup=False)
    if source.unreadable:
        raise typer.Exit(1)


def _run_with_progress(cfg: Config, store: Store, source: Any, total: int, *, backlog: bool) -> CycleReport:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from intake.pipeline import run_once

    if total < PROGRESS_FROM:
        return run_once(cfg, store, source, backlog=backlog)
    columns = (TextColumn("importing"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=err_console(), transient=True) as bar:
        task = bar.add_task("import", total=total)

        def advance(_outcome: Outcome) -> None:
            bar.advance(task)

        return run_once(cfg, store, source, backlog=backlog, progress=advance)


def poll(
    ctx: typer.Context,
    backlog: Annotated[bool, typer.Option("--backlog", help="Old mail: store it, send no "
                                          "acknowledgements.")] = False,
    since: Annotated[str | None, typer.Option("--since", metavar="YYYY-MM-DD", help="Only mail since "
                                              "this date (IMAP mailboxes).")] = None,
    config: ConfigOption = None,
) -> None:
    """One cycle over every configured mailbox, then send the replies that are due."""
    from intake.cycle import poll_once

    st = state(ctx, config)
    with clean():
        cfg = st.config
        if since is not None:
            cfg = dataclasses.replace(cfg, mailboxes=tuple(dataclasses.replace(m, since=since)
                                                           for m in cfg.mailboxes))
        reports = poll_once(cfg, st.store, backlog=backlog)
    for report in reports:
        if report.error is None or report.total:
            console().print(_summary(report))
    failed = [r for r in reports if r.error]
    if failed:
        raise fail("; ".join(r.failure_line() for r in failed))


def _summary(report: CycleReport) -> str:
    names = (("submission", "new submission", "new submissions"),
             ("resubmission", "new version", "new versions"),
             ("not_submission", "not a submission", "not submissions"),
             ("failed", "failed", "failed"), ("duplicate", "seen before", "seen before"))
    parts = [f"{n} {one if n == 1 else many}" for key, one, many in names if (n := report.counts.get(key, 0))]
    text = f"{report.mailbox}: {report.total} message{'s' if report.total != 1 else ''}"
    text += f" ({', '.join(parts)})" if parts else ""
    if report.references:
        refs = report.references
        text += " -> " + ", ".join(refs[:5]) + (f" and {len(refs) - 5} more" if len(refs) > 5 else "")
    return text
