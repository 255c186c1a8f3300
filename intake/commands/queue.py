"""``intake queue``: the review queue for staff at a terminal (list, show, set-status).

Uses the same queue functions as the web app; an email to a submitter is queued in the outbox,
never sent here.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any

import typer

from intake.commands import review
from intake.commands.common import ConfigOption, cli_actor, console, fail, state
from intake.commands.core import JsonOption, clean
from intake.commands.messages import queue_correct
from intake.commands.tables import Column, as_words, print_table
from store.states import EMAIL_ACTIONS, STATUSES, TRANSITIONS

if TYPE_CHECKING:  # the database is loaded by the commands that use it
    from sqlmodel import Session

    from intake.config import Config
    from store.db import Store
    from store.models import Submission


def register(app: typer.Typer) -> None:
    """Add ``intake queue ...`` to ``app``."""
    queue_app = typer.Typer(no_args_is_help=True, help="The review queue at the terminal.")
    queue_app.command("list")(queue_list)
    queue_app.command("show")(queue_show)
    queue_app.command("set-status")(queue_set_status)
    review.register(queue_app)
    queue_app.command("correct")(queue_correct)
    app.add_typer(queue_app, name="queue")


def queue_list(
    ctx: typer.Context,
    status: Annotated[str | None, typer.Option("--status", "-s", help=f"One of: {', '.join(STATUSES)}.")]
    = None,
    after: Annotated[str | None, typer.Option("--after", help="Start after this reference (the next page).")]
    = None,
    before: Annotated[str | None, typer.Option("--before", help="End before this reference.")]
    = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, max=100_000, help="Submissions per page.")]
    = 50,
    as_json: JsonOption = False,
    config: ConfigOption = None,
) -> None:
    """List submissions, newest first, a page at a time, with the state of the emails to each
    submitter. The last line names the command for the next page."""
    from store import queue as q

    st = state(ctx, config)
    with clean():
        with st.store.session() as s:
            page = _page(s, status, after, before, limit)
            replies = _replies(s, [sub for sub, _ in page.rows])
        if as_json:
            typer.echo(json.dumps([{**q.submission_view(sub), "reply": replies.get(sub.id or 0)}
                                   for sub, _ in page.rows], ensure_ascii=False, indent=2))
            return
        _print_page(page, replies, status)


def print_queue(store: Store, status: str | None) -> None:
    """The first page of the queue (of one status; ``None``: all) as ``intake queue list`` prints it."""
    with store.session() as s:
        page = _page(s, status, None, None, 50)
        replies = _replies(s, [sub for sub, _ in page.rows])
    _print_page(page, replies, status)


@dataclass(frozen=True)
class QueueListing:
    """One page of ``intake queue list``: rows with their current problems, the references to
    page from (``None`` at either end) and the total when the tallies know it."""

    rows: list[tuple[Submission, list[dict[str, Any]]]]
    next_after: str | None
    prev_before: str | None
    total: int | None


def _page(s: Session, status: str | None, after: str | None, before: str | None, limit: int) -> QueueListing:
    from store import queue as q
    from store.review import latest_versions
    from store.search import QueueFilter, encode_cursor, search_queue

    def cursor(reference: str | None) -> str | None:
        return encode_cursor((None, q.get_by_reference(s, reference).id or 0)) if reference else None

    page = search_queue(s, QueueFilter(status=status), after=cursor(after), before=cursor(before),
                        page_size=limit)
    latest = latest_versions(s, page.rows)
    rows = [(sub, list(latest[sub.id].problems) if sub.id in latest else []) for sub in page.rows]
    return QueueListing(rows=rows, next_after=page.rows[-1].reference if page.next_cursor else None,
                        prev_before=page.rows[0].reference if page.prev_cursor else None, total=page.total)


def _replies(s: Session, subs: list[Submission]) -> dict[int, str]:
    """The reply phrase of each submission with emails ("ack sent", "ack failed", "changes pending")."""
    from intake.replies.outbox import reply_summaries

    return reply_summaries(s, [sub.id for sub in subs if sub.id is not None])


def print_rows(s: Session, subs: list[Submission], title: str) -> None:
    """Print ``subs`` as ``queue list`` prints the queue (search results), under ``title``."""
    from store import queue as q

    latest = q.problems_of(s, subs)
    _print_cells(title, [(sub, latest.get(sub.id or 0, [])) for sub in subs], _replies(s, subs))


def _print_page(page: QueueListing, replies: dict[int, str], status: str | None) -> None:
    n = page.total if page.total is not None else len(page.rows)
    _print_cells(f"Review queue ({n} submission{'s' if n != 1 else ''})", page.rows, replies)
    also = f" --status {status}" if status else ""
    if page.prev_before:
        console().print(f"Previous page: intake queue list{also} --before {page.prev_before}", markup=False)
    if page.next_after:
        console().print(f"Next page: intake queue list{also} --after {page.next_after}", markup=False)


def _print_cells(title: str, rows: list[tuple[Submission, list[dict[str, Any]]]],
                 replies: dict[int, str]) -> None:
    cells = [(sub.reference, f"{sub.created_at:%Y-%m-%d}", as_words(sub.status),
              sub.submitter_name or sub.submitter_email or "-", sub.title or "-", _problem_text(problems),
              replies.get(sub.id or 0, "-")) for sub, problems in rows]
    print_table(console(), title, QUEUE_COLUMNS, cells)


# At 80 columns: reference, received, status, title and submitter; problems and reply are left
# out first (`queue show` and --json have them).
QUEUE_COLUMNS = (Column("Reference", whole=True), Column("Received", whole=True, keep=70),
                 Column("Status", min_width=9, keep=90), Column("Submitter", min_width=10, keep=60),
                 Column("Title", min_width=16, keep=80), Column("Problems", min_width=12, keep=50),
                 Column("Reply", min_width=8, keep=40))


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
    from store import queue as q

    st = state(ctx, config)
    with clean():
        with st.store.session() as s:
            sub = q.get_by_reference(s, reference)
            detail = q.submission_detail(s, sub)
            detail["emails"] = _emails(s, sub)
        if as_json:
            typer.echo(json.dumps(detail, ensure_ascii=False, indent=2))
            return
        _print_detail(st.config, detail)


def _print_detail(cfg: Config, d: dict[str, Any]) -> None:
    from parsers import count_words

    out = console()
    out.print(f"[bold]{d['reference']}[/bold]  {d['status']}  version {d['version']}")
    out.print(f"Submitter: {d['submitter_name'] or '-'} <{d['submitter_email'] or '-'}>", markup=False)
    out.print(f"Read from: {d['source'] or '-'}" + (f" (forwarded by {d['forwarded_by']})"
                                                    if d["forwarded_by"] else ""), markup=False)
    for spec in cfg.form.fields:
        value = d["fields"].get(spec.key)
        words = count_words(value)
        limit = f"{words}/{spec.max_words} words" if spec.max_words else f"{words} word{'s' * (words != 1)}"
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
                  f"(attempts {m['attempts']})  to {m['to']}: {m['subject']}{error}", markup=False,
                  soft_wrap=True)
    if not d["emails"]:
        out.print("  none")
    out.print("\n[bold]History[/bold]")
    for e in d["events"]:
        change = f" {e['from_status'] or ''} -> {e['to_status']}" if e["to_status"] else ""
        note = f" - {e['note']}" if e["note"] else ""
        out.print(f"  {e['at'][:19]}  {e['actor']}  {e['action']}{change}{note}", markup=False,
                  soft_wrap=True)


def _emails(s: Session, sub: Submission) -> list[dict[str, Any]]:
    """The emails of ``sub``, oldest first, as ``queue show`` prints them."""
    from intake.replies.outbox import of_submission

    return [{"id": r.id, "kind": r.kind, "status": r.status, "to": r.to_addr, "subject": r.subject,
             "attempts": r.attempts, "last_error": r.last_error, "created_at": r.created_at.isoformat(),
             "sent_at": r.sent_at.isoformat() if r.sent_at else None}
            for r in of_submission(s, sub.id or 0)]


def queue_set_status(
    ctx: typer.Context,
    reference: Annotated[str, typer.Argument(help="A reference such as CS-2026-0001.")],
    status: Annotated[str, typer.Argument(help=f"One of: {', '.join(t.to for t in TRANSITIONS.values())}.")],
    note: Annotated[str, typer.Option("--note", "-n", help="Why (kept in the history; with --email it "
                                      "is also written into the email).")],
    email: Annotated[bool, typer.Option("--email/--no-email", help="Also queue the templated email to "
                                        "the submitter (accepted, rejected, changes_requested), with the "
                                        "note in it.")] = False,
    config: ConfigOption = None,
) -> None:
    """Change a submission's status by the review operation (``store.decisions.decide``), with a
    note in its history (and optionally an email)."""
    from store import queue as q
    from store.decisions import DecisionRefused, action_for_status, decide

    st = state(ctx, config)
    with clean():
        if not note.strip():
            raise fail("--note must say why the status changes (it is kept in the history)")
        if status not in STATUSES:
            raise fail(f"unknown status {status!r}; expected one of {', '.join(STATUSES)}")
        action = action_for_status(status)
        if email and action not in EMAIL_ACTIONS:
            raise fail(f"--email goes only with {', '.join(TRANSITIONS[a].to for a in EMAIL_ACTIONS)}, "
                       f"not {status!r}")
        sent: list[str] = []
        with st.store.session() as s:
            sub = q.get_by_reference(s, reference)
            old = sub.status
            notify = _email_notifier(s, st.config, note, sent) if email else None
            try:
                decide(s, sub, action, actor=cli_actor(), note=note, notify=notify)
            except DecisionRefused as err:
                hint = (f" To reopen: intake queue set-status {sub.reference} pending_review --note TEXT"
                        if "reopen it" in str(err) else "")
                raise fail(f"{err}{hint}") from None
            ref = sub.reference
    console().print(f"{ref}: {old} -> {status}", markup=False)
    if sent:
        console().print(f"The {status.replace('_', ' ')} email to {sent[0]} is in the outbox "
                        "(it goes out with the next send).", markup=False)


def _email_notifier(s: Session, cfg: Config, note: str, sent: list[str]) -> Callable[[Submission, str], None]:
    """The ``notify`` hook of :func:`decide` that queues the templated email with ``note`` in it
    and appends its address to ``sent``; a refusal is the command's one-line failure (the
    transaction is rolled back, the status unchanged)."""
    from intake.replies import ReplyError
    from intake.replies.drafts import draft_for, queue_draft
    from store import queue as q

    def notify(sub: Submission, status: str) -> None:
        try:
            draft = draft_for(cfg, sub, q.latest_version(s, sub), status, note=note)
            sent.append(queue_draft(s, cfg, sub, status, draft, actor=cli_actor()).to_addr)
        except ReplyError as err:
            raise fail(f"{sub.reference}: no email queued and the status is unchanged: {err}") from None

    return notify

