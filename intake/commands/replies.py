"""CLI commands for the outbox: ``intake outbox list|retry|cancel`` and ``intake send``."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated

import typer

from intake.commands.common import ConfigOption, clean_errors, cli_actor, console, fail, state
from intake.commands.tables import Column, as_words, print_table
from intake.replies.errors import ReplyError

if TYPE_CHECKING:  # the outbox and the database are loaded by the commands that use them
    from store.models import Outbox

outbox_app = typer.Typer(no_args_is_help=True, help="Emails to submitters: waiting, sent, failed.")


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    app.add_typer(outbox_app, name="outbox")
    app.command("send", help="Deliver the emails that are due now (acknowledgements, staff emails).")(send)


@contextmanager
def _errors() -> Iterator[None]:
    with clean_errors():
        try:
            yield
        except ReplyError as err:
            raise fail(str(err)) from None



def _as_dict(row: Outbox) -> dict[str, object]:
    return {
        "id": row.id, "kind": row.kind, "status": row.status, "to": row.to_addr, "subject": row.subject,
        "attempts": row.attempts, "last_error": row.last_error, "message_id": row.message_id,
        "created_at": row.created_at.isoformat(), "sent_at": row.sent_at.isoformat() if row.sent_at else None,
        "next_attempt_at": row.next_attempt_at.isoformat() if row.next_attempt_at else None,
        "submission_id": row.submission_id,
    }


@outbox_app.command("list")
def list_rows(
    ctx: typer.Context,
    status: Annotated[str | None, typer.Option("--status", help="pending, sending, sent, failed or "
                                               "cancelled.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
    limit: Annotated[int, typer.Option("--limit", help="At most this many rows, newest first.")] = 200,
    config: ConfigOption = None,
) -> None:
    """List the outbox, newest first."""
    from intake.replies import outbox as outbox_ops

    st = state(ctx, config)
    with _errors(), st.store.session() as s:
        rows = outbox_ops.list_rows(s, status=status, limit=limit)
        if as_json:
            typer.echo(json.dumps([_as_dict(r) for r in rows], indent=2))
            return
        if not rows:
            console().print("The outbox is empty" + (f" (status {status})." if status else "."))
            return
        refs = outbox_ops.references_of(s, [r.submission_id for r in rows if r.submission_id is not None])
        cells = [(str(r.id), refs.get(r.submission_id or 0, "-"), f"{r.created_at:%Y-%m-%d}",
                  as_words(r.status), r.to_addr, as_words(r.kind), str(r.attempts), r.last_error or "")
                 for r in rows]
        print_table(console(), f"Outbox ({len(rows)} emails, newest first)", OUTBOX_COLUMNS, cells)


# At 80 columns: id, reference, queued date, status, recipient and the last error (folded); the
# kind and the number of tries are left out first.
OUTBOX_COLUMNS = (Column("Id", whole=True), Column("Reference", whole=True, keep=90),
                  Column("Queued", whole=True, keep=60), Column("Status", min_width=7, keep=95),
                  Column("To", min_width=14, keep=80), Column("Kind", min_width=10, keep=40),
                  Column("Tries", whole=True, keep=30), Column("Last error", min_width=16, keep=70))


@outbox_app.command("retry")
def retry(ctx: typer.Context,
          row_id: Annotated[int | None, typer.Argument(help="Outbox row id.", show_default=False)] = None,
          all_failed: Annotated[bool, typer.Option("--failed", help="Retry every failed email.")] = False,
          config: ConfigOption = None) -> None:
    """Put a failed email (or with --failed, every failed one) back in the queue; it goes out at the
    next send."""
    from intake.replies import outbox as outbox_ops

    st = state(ctx, config)
    if (row_id is None) == (not all_failed):
        raise fail("give either an outbox row id or --failed")
    with _errors(), st.store.session() as s:
        ids = outbox_ops.failed_ids(s) if all_failed else [row_id or 0]
        for one in ids:
            row = outbox_ops.retry(s, one, actor=cli_actor())
            if not all_failed:
                typer.echo(f"outbox row {row.id} to {row.to_addr} is pending again")
    if all_failed:
        typer.echo(f"{len(ids)} failed emails are pending again" if ids else "No failed emails to retry.")


@outbox_app.command("cancel")
def cancel(ctx: typer.Context, row_id: Annotated[int, typer.Argument(help="Outbox row id.")],
           config: ConfigOption = None) -> None:
    """Stop a pending or failed email from going out."""
    from intake.replies import outbox as outbox_ops

    st = state(ctx, config)
    with _errors(), st.store.session() as s:
        row = outbox_ops.cancel(s, row_id, actor=cli_actor())
        typer.echo(f"outbox row {row.id} to {row.to_addr} is cancelled")


def send(ctx: typer.Context, config: ConfigOption = None) -> None:
    """Deliver due emails now; exit 1 when some failed for good in this run."""
    from intake.replies import send_due

    st = state(ctx, config)
    with _errors():
        counts = send_due(st.config, st.store)
    smtp = st.config.smtp
    where = str(st.config.outbox_dir) if smtp.transport == "file" else f"{smtp.host}:{smtp.port}"
    typer.echo(f"sent {counts['sent']}, to retry {counts['retry']}, failed {counts['failed']} "
               f"({smtp.transport}: {where})")
    if counts["failed"]:
        raise typer.Exit(1)
