"""CLI commands of the walking skeleton: ``demo``, ``extract``, ``import``, ``poll`` and ``queue``.

Every command takes ``--config FILE`` (here or before the command name), reports our errors as one
line on stderr with exit code 2, and prints machine-readable output only on stdout.
"""

from __future__ import annotations

import dataclasses
import getpass
import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table
from sqlmodel import Session

from intake.commands.common import ConfigOption, clean_errors, console, err_console, fail, state
from intake.config import Config, MailboxConfig
from intake.pipeline import CycleReport, Outcome, PipelineError, run_once
from intake.sources.errors import SourceError
from parsers.errors import ParseError
from store import queue as q
from store.db import Store
from store.models import Submission

log = logging.getLogger("intake.cli")

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
PROGRESS_FROM = 20  # show a progress bar when importing at least this many messages


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    app.command("demo")(demo)
    app.command("extract")(extract)
    app.command("import")(import_messages)
    app.command("poll")(poll)
    queue_app = typer.Typer(no_args_is_help=True, help="The review queue at the terminal.")
    queue_app.command("list")(queue_list)
    queue_app.command("show")(queue_show)
    queue_app.command("set-status")(queue_set_status)
    app.add_typer(queue_app, name="queue")



@contextmanager
def _clean() -> Iterator[None]:
    """Our known errors, and those of the queue and the sources, as one line and exit code 2."""
    with clean_errors():
        try:
            yield
        except (q.QueueError, SourceError, PipelineError) as err:
            raise fail(str(err)) from None


# --- demo -------------------------------------------------------------------------------------------


def demo(ctx: typer.Context, config: ConfigOption = None) -> None:
    """Put the sample submissions into the local Maildir, process them, and show the queue."""
    from intake.cycle import poll_mailbox, send_replies
    from intake.demo import deliver, sample_messages

    st = state(ctx, config)
    with _clean():
        cfg, store = st.config, st.store
        mailbox_cfg = _maildir_of(cfg)
        assert mailbox_cfg.path is not None
        samples = sample_messages()
        new_dir = deliver(mailbox_cfg.path, samples)
        console.print(f"Delivered {len(samples)} sample messages to {_shown(new_dir)}")
        report = poll_mailbox(cfg, store, mailbox_cfg)
        if report.error:
            raise fail(f"mailbox {mailbox_cfg.name}: {report.error}")
        send_replies(cfg, store)
        console.print(_summary(report))
        _print_queue(store, None)
        _print_replies(cfg, store)
        console.print("Next: intake queue show <reference>   ·   intake queue list --json")


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
        console.print(f"Replies ({queued}) are written as .eml files to {_shown(cfg.outbox_dir)} "
                      f"({len(files)} there now)")
    else:
        console.print(f"Replies ({queued}) go out through SMTP at {cfg.smtp.host}:{cfg.smtp.port}")


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


# --- extract ----------------------------------------------------------------------------------------


def extract(ctx: typer.Context,
            file: Annotated[Path, typer.Argument(help="An .eml message, or a bare .docx or .txt form.")],
            config: ConfigOption = None) -> None:
    """Print what would be read from FILE as JSON, without storing anything."""
    from parsers.extract import extract_file

    st = state(ctx, config)
    with _clean():
        cfg = st.config
        try:
            data = file.read_bytes()
        except OSError as err:
            raise fail(f"cannot read {file}: {err.strerror or err}") from None
        try:
            extraction = extract_file(data, file.name, cfg.form, cfg.limits)
        except ParseError as err:
            raise fail(f"cannot read {file}: {err}") from None
        except Exception as err:  # a parser fault must still be one line, never a traceback
            log.debug("extract %s failed", file, exc_info=True)
            raise fail(f"cannot read {file}: {type(err).__name__}: {err}") from None
    typer.echo(json.dumps(extraction.to_json(), ensure_ascii=False, indent=2))


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
    with _clean():
        source = FileSource(paths)
        cfg, store = st.config, st.store
        report = _run_with_progress(cfg, store, source, len(source), backlog=backlog)
    console.print(_summary(report))
    for problem in source.unreadable:
        err_console.print(f"warning: skipped {problem}", markup=False)
    if source.unreadable:
        raise typer.Exit(1)


def _run_with_progress(cfg: Config, store: Store, source: Any, total: int, *, backlog: bool) -> CycleReport:
    if total < PROGRESS_FROM:
        return run_once(cfg, store, source, backlog=backlog)
    columns = (TextColumn("importing"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=err_console, transient=True) as bar:
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
    with _clean():
        cfg = st.config
        if since is not None:
            cfg = dataclasses.replace(cfg, mailboxes=tuple(dataclasses.replace(m, since=since)
                                                           for m in cfg.mailboxes))
        reports = poll_once(cfg, st.store, backlog=backlog)
    for report in reports:
        console.print(_summary(report))
    failed = [r for r in reports if r.error]
    if failed:
        raise fail("; ".join(f"mailbox {r.mailbox}: {r.error}" for r in failed))


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


# --- queue ------------------------------------------------------------------------------------------


def queue_list(
    ctx: typer.Context,
    status: Annotated[str | None, typer.Option("--status", "-s", help=f"One of: {', '.join(q.STATUSES)}.")]
    = None,
    as_json: JsonOption = False,
    config: ConfigOption = None,
) -> None:
    """List submissions, newest first, with the state of the emails to each submitter."""
    st = state(ctx, config)
    with _clean():
        if as_json:
            with st.store.session() as s:
                rows = q.list_with_problems(s, status=status)
                replies = _replies(s, [sub for sub, _ in rows])
            typer.echo(json.dumps([{**q.submission_view(sub), "reply": replies.get(sub.id or 0)}
                                   for sub, _ in rows], ensure_ascii=False, indent=2))
            return
        _print_queue(st.store, status)


def _replies(s: Session, subs: list[Submission]) -> dict[int, str]:
    """The reply phrase of each submission with emails ("ack sent", "ack failed", "changes pending")."""
    from intake.replies.outbox import reply_summaries

    return reply_summaries(s, [sub.id for sub in subs if sub.id is not None])


def _print_queue(store: Store, status: str | None) -> None:
    with store.session() as s:
        rows = q.list_with_problems(s, status=status)
        replies = _replies(s, [sub for sub, _ in rows])
    table = Table(title=f"Review queue ({len(rows)} submission{'s' if len(rows) != 1 else ''})")
    table.add_column("Reference", no_wrap=True)
    table.add_column("Status", no_wrap=True)
    table.add_column("Submitter")
    table.add_column("Title")
    table.add_column("Problems")
    table.add_column("Reply", no_wrap=True)
    for sub, problems in rows:
        who = sub.submitter_name or sub.submitter_email or "-"
        table.add_row(sub.reference, sub.status, who, sub.title or "-", _problem_text(problems),
                      replies.get(sub.id or 0, "—"))
    console.print(table)


def _problem_text(problems: list[dict[str, Any]]) -> str:
    if not problems:
        return "-"
    return "; ".join(f"{p.get('field') or 'message'}: {str(p.get('code', '')).replace('_', ' ')}"
                     for p in problems)


def queue_show(
    ctx: typer.Context,
    reference: Annotated[str, typer.Argument(help="A reference such as CS-2026-0001.")],
    as_json: JsonOption = False,
    config: ConfigOption = None,
) -> None:
    """Show one submission: its answers, problems, versions and history."""
    st = state(ctx, config)
    with _clean():
        with st.store.session() as s:
            sub = q.get_by_reference(s, reference)
            detail = q.submission_detail(s, sub)
            detail["emails"] = _emails(s, sub)
        if as_json:
            typer.echo(json.dumps(detail, ensure_ascii=False, indent=2))
            return
        _print_detail(st.config, detail)


def _print_detail(cfg: Config, d: dict[str, Any]) -> None:
    out = console
    out.print(f"[bold]{d['reference']}[/bold]  {d['status']}  version {d['version']}")
    out.print(f"Submitter: {d['submitter_name'] or '-'} <{d['submitter_email'] or '-'}>", markup=False)
    out.print(f"Read from: {d['source'] or '-'}" + (f" (forwarded by {d['forwarded_by']})"
                                                    if d["forwarded_by"] else ""), markup=False)
    for spec in cfg.form.fields:
        value = d["fields"].get(spec.key)
        words = len(value.split()) if value else 0
        limit = f"{words}/{spec.max_words} words" if spec.max_words else f"{words} words"
        out.print(f"\n[bold]{spec.label}[/bold] ({limit})")
        out.print(value if value else "(no answer)", markup=False)
    extra = sorted(set(d["fields"]) - set(cfg.form.keys))
    for key in extra:
        out.print(f"\n[bold]{key}[/bold]")
        out.print(d["fields"][key] or "(no answer)", markup=False)
    out.print("\n[bold]Problems[/bold]")
    for p in d["problem_list"] or [{"field": None, "code": "none", "message": "none"}]:
        out.print(f"  - {p.get('field') or 'message'}: {p.get('message')}", markup=False)
    out.print("\n[bold]Emails to the submitter[/bold]")
    for m in d["emails"]:
        error = f" - {m['last_error']}" if m["last_error"] else ""
        out.print(f"  #{m['id']}  {m['created_at'][:19]}  {m['kind']}  {m['status']} "
                  f"(attempts {m['attempts']})  to {m['to']}: {m['subject']}{error}", markup=False)
    if not d["emails"]:
        out.print("  none")
    out.print("\n[bold]History[/bold]")
    for e in d["events"]:
        change = f" {e['from_status'] or ''} -> {e['to_status']}" if e["to_status"] else ""
        note = f" - {e['note']}" if e["note"] else ""
        out.print(f"  {e['at'][:19]}  {e['actor']}  {e['action']}{change}{note}", markup=False)


def _emails(s: Session, sub: Submission) -> list[dict[str, Any]]:
    """The emails of ``sub``, oldest first, as ``queue show`` prints them."""
    from intake.replies.outbox import of_submission

    return [{"id": r.id, "kind": r.kind, "status": r.status, "to": r.to_addr, "subject": r.subject,
             "attempts": r.attempts, "last_error": r.last_error, "created_at": r.created_at.isoformat(),
             "sent_at": r.sent_at.isoformat() if r.sent_at else None}
            for r in of_submission(s, sub.id or 0)]


EMAIL_STATUSES = ("accepted", "rejected", "changes_requested")


def queue_set_status(
    ctx: typer.Context,
    reference: Annotated[str, typer.Argument(help="A reference such as CS-2026-0001.")],
    status: Annotated[str, typer.Argument(help=f"One of: {', '.join(q.STATUSES)}.")],
    note: Annotated[str, typer.Option("--note", "-n", help="Why (kept in the history; with --email it "
                                      "is also written into the email).")],
    email: Annotated[bool, typer.Option("--email/--no-email", help="Also queue the templated email to "
                                        "the submitter (accepted, rejected, changes_requested), with the "
                                        "note in it.")] = False,
    config: ConfigOption = None,
) -> None:
    """Change a submission's status, with a note in its history (and optionally an email)."""
    st = state(ctx, config)
    with _clean():
        if email and status not in EMAIL_STATUSES:
            raise fail(f"--email goes only with {', '.join(EMAIL_STATUSES)}, not {status!r}")
        with st.store.session() as s:
            sub = q.get_by_reference(s, reference)
            old = sub.status
            to_addr = _queue_decision_email(s, st.config, sub, status, note) if email else None
            q.set_status(s, sub, status, actor=_actor(), note=note)
            ref = sub.reference
    console.print(f"{ref}: {old} -> {status}", markup=False)
    if to_addr:
        console.print(f"The {status.replace('_', ' ')} email to {to_addr} is in the outbox "
                      "(it goes out with the next send).", markup=False)


def _queue_decision_email(s: Session, cfg: Config, sub: Submission, status: str, note: str) -> str:
    """Queue the ``status`` email from its template with ``note`` in it; returns the address.
    Raises the command's one-line failure when it cannot go (the transaction is rolled back)."""
    from intake.replies import ReplyError
    from intake.replies.drafts import changes_refusal, draft_for, queue_draft

    refusal = changes_refusal(sub) if status == "changes_requested" else None
    if refusal:
        raise fail(f"{refusal} Nothing changed. To reopen: intake queue set-status {sub.reference} "
                   "pending_review --note TEXT")
    try:
        draft = draft_for(cfg, sub, q.latest_version(s, sub), status, note=note)
        row = queue_draft(s, cfg, sub, status, draft, actor=_actor())
    except ReplyError as err:
        raise fail(f"{sub.reference}: no email queued and the status is unchanged: {err}") from None
    return row.to_addr


def _actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except (OSError, KeyError):
        return "cli"
