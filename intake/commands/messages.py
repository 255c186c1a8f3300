"""``intake message list|show|refile|answer`` (mail outside the review queue, and answering any
stored message) and ``intake queue correct`` (a staff correction to an answer). The same operations
as the web app: :func:`intake.refile.refile`, :func:`intake.replies.answer.queue_answer` and
:func:`intake.answer_edits.correct`; an email is only queued in the outbox, never sent here.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from intake.commands.common import ConfigOption, cli_actor, console, fail, state
from intake.commands.core import JsonOption, clean
from intake.commands.tables import Column, print_table

message_app = typer.Typer(no_args_is_help=True, help="Mail outside the review queue: other mail, failed "
                          "messages; re-file or answer a message.")
KINDS = {"other": "not_submission", "failed": "failed"}


def register(app: typer.Typer) -> None:
    """Add ``intake message ...`` to ``app``."""
    app.add_typer(message_app, name="message")


def _text(value: str | None, file: Path | None, what: str) -> str:
    """``value``, or the text of ``file`` (``-``: standard input); one of them is required."""
    if (value is None) == (file is None):
        raise fail(f"give the {what} either as text or with its --{what}-file option")
    if file is None:
        return value or ""
    try:
        return typer.get_text_stream("stdin").read() if str(file) == "-" else file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise fail(f"cannot read {file}: {err}") from None


LIST_COLUMNS = (Column("Id", whole=True), Column("Received", whole=True, keep=70),
                Column("From", min_width=12, keep=80), Column("Subject", min_width=16, keep=90),
                Column("Why", min_width=8, keep=60), Column("Handled", min_width=10, keep=50))


@message_app.command("list")
def message_list(
    ctx: typer.Context,
    kind: Annotated[str, typer.Option("--kind", help="other (not submissions) or failed.")] = "other",
    handled: Annotated[bool, typer.Option("--handled", help="Those marked as handled instead.")] = False,
    as_json: JsonOption = False,
    config: ConfigOption = None,
) -> None:
    """Messages outside the queue that wait for staff (or, with --handled, those handled), newest first."""
    from store.messages import message_view
    from store.review import message_summaries

    if kind not in KINDS:
        raise fail(f"--kind is other or failed, not {kind!r}")
    st = state(ctx, config)
    with clean(), st.store.session() as s:
        rows = message_summaries(s, KINDS[kind], limit=500, handled=handled)
        views = [{**message_view(m), "filed_as": m.filed_as, "filed_by": m.filed_by,
                  "filed_at": m.filed_at.isoformat() if m.filed_at else None} for m in rows]
    if as_json:
        typer.echo(json.dumps(views, ensure_ascii=False, indent=2))
        return
    cells = [(str(v["id"]), str(v["received_at"])[:10], v["from"] or "-", v["subject"] or "(no subject)",
              (v["error"] if kind == "failed" else v["reason"]) or "-",
              f"{v['filed_by']} {str(v['filed_at'])[:16]}" if v["filed_by"] else "-") for v in views]
    print_table(console(), f"{'Handled' if handled else 'Waiting'}: {len(cells)} message"
                f"{'s' if len(cells) != 1 else ''}", LIST_COLUMNS, cells)


@message_app.command("show")
def message_show(
    ctx: typer.Context,
    message_id: Annotated[int, typer.Argument(help="The message's id (from `intake message list`).")],
    config: ConfigOption = None,
) -> None:
    """One message: who sent it, how it was filed, its text, and our emails in answer to it."""
    from intake.replies.answer import answers_to, text_of
    from intake.web.mailview import view_message
    from store.models import MAX_ROW_ID, Message

    st = state(ctx, config)
    with clean(), st.store.session() as s:
        msg = s.get(Message, message_id) if 1 <= message_id <= MAX_ROW_ID else None
        if msg is None:
            raise fail(f"there is no message {message_id}")
        out = console()
        out.print(f"Message {msg.id}: {msg.outcome.replace('_', ' ')}"
                  + (f" ({msg.reason.replace('_', ' ')})" if msg.reason else ""), markup=False)
        out.print(f"From: {msg.from_name or ''} <{msg.from_addr or '-'}>", markup=False)
        out.print(f"Subject: {msg.subject or '(no subject)'}", markup=False, soft_wrap=True)
        if msg.filed_as:
            out.print(f"Filed: {msg.filed_as} by {msg.filed_by}, {msg.filed_at:%Y-%m-%d %H:%M} UTC"
                      + (f" ({msg.filed_note})" if msg.filed_note else ""), markup=False)
        if msg.error:
            out.print(f"Error: {msg.error}", markup=False, soft_wrap=True)
        out.print("")
        out.print(view_message(msg.raw, st.config.limits).text or "(no text body)", markup=False)
        for row in answers_to(s, [message_id]):
            out.print(f"\n-- our {row.kind} email #{row.id} to {row.to_addr}, {row.status}: {row.subject}",
                      markup=False, soft_wrap=True)
            out.print(text_of(row.raw) or "(no text kept)", markup=False)


@message_app.command("refile")
def message_refile(
    ctx: typer.Context,
    message_id: Annotated[int, typer.Argument(help="The message's id (from `intake message list`).")],
    reference: Annotated[str | None, typer.Argument(help="With --as correction: the submission it "
                                                    "corrects, such as CS-2026-0001.")] = None,
    how: Annotated[str, typer.Option("--as", help="submission, correction (then the reference) or handled.")]
    = "",
    acknowledge: Annotated[bool, typer.Option("--acknowledge/--no-acknowledge", help="Queue the "
                                              "acknowledgement to the sender.")] = False,
    note: Annotated[str | None, typer.Option("--note", "-n", help="Kept in the history.")] = None,
    config: ConfigOption = None,
) -> None:
    """File a message from other mail or the failed messages: as a submission, a correction to a
    submission (a new version of it), or handled (kept, with who and when)."""
    from intake.refile import refile
    from store.states import FILINGS, Filing

    try:
        filing = Filing(how)
    except ValueError:
        raise fail(f"--as is one of {', '.join(f.value for f in Filing)}, not {how!r}") from None
    if reference is not None and filing is not Filing.CORRECTION:
        raise fail(f"a reference goes only with --as correction, not with --as {filing.value}")
    if acknowledge and filing is Filing.HANDLED:
        raise fail("--acknowledge goes with --as submission or correction")
    st = state(ctx, config)
    with clean():
        filed = refile(st.config, st.store, message_id, filing, actor=cli_actor(), note=note,
                       target_reference=reference, acknowledge=acknowledge)
    where = f": {filed.reference} version {filed.version}" if filed.reference else f": message {message_id}"
    console().print(f"{FILINGS[filing].done}{where}", markup=False)
    if filed.acknowledged_to:
        console().print(f"The acknowledgement to {filed.acknowledged_to} is in the outbox.", markup=False)
    elif acknowledge:
        console().print("No acknowledgement was queued (the reply policy refused it; see the history).",
                        markup=False)


@message_app.command("answer")
def message_answer(
    ctx: typer.Context,
    message_id: Annotated[int, typer.Argument(help="The message's id.")],
    body: Annotated[str | None, typer.Option("--body", help="Your answer.")] = None,
    body_file: Annotated[Path | None, typer.Option("--body-file", help="Your answer from a file (- for "
                                                   "standard input).")] = None,
    subject: Annotated[str | None, typer.Option("--subject", help="Default: Re: the message's subject.")]
    = None,
    config: ConfigOption = None,
) -> None:
    """Queue an answer in your words to the sender of a message, threaded on it."""
    from intake.replies import ReplyError
    from intake.replies.answer import answer_subject, queue_answer
    from store.models import MAX_ROW_ID, Message, Submission

    text = _text(body, body_file, "body")
    st = state(ctx, config)
    with clean(), st.store.session() as s:
        msg = s.get(Message, message_id) if 1 <= message_id <= MAX_ROW_ID else None
        if msg is None:
            raise fail(f"there is no message {message_id}")
        sub = s.get(Submission, msg.submission_id) if msg.submission_id else None
        try:
            row = queue_answer(s, st.config, message=msg, body=text, actor=cli_actor(),
                               subject=subject or answer_subject(msg, sub.reference if sub else None))
        except ReplyError as err:
            raise fail(str(err)) from None
        console().print(f"Your answer to {row.to_addr} is in the outbox (#{row.id}): {row.subject}",
                        markup=False, soft_wrap=True)


def queue_correct(
    ctx: typer.Context,
    reference: Annotated[str, typer.Argument(help="A reference such as CS-2026-0001.")],
    field: Annotated[str, typer.Option("--field", "-f", help="The question's key (name, title, "
                                       "lessons...).")],
    value: Annotated[str | None, typer.Option("--value", help="The corrected answer.")] = None,
    value_file: Annotated[Path | None, typer.Option("--value-file", help="The corrected answer from a file "
                                                    "(- for standard input).")] = None,
    note: Annotated[str | None, typer.Option("--note", "-n", help="Why (kept in the history).")] = None,
    config: ConfigOption = None,
) -> None:
    """Correct a mis-read answer: saved as a new version by you; the submitter's versions stay."""
    from intake.answer_edits import correct

    text = _text(value, value_file, "value")
    st = state(ctx, config)
    with clean(), st.store.session() as s:
        version = correct(s, st.config, reference, {field: text}, actor=cli_actor(), note=note)
        ref = reference.upper()
        number = version.version
    console().print(f"{ref}: version {number} saved, {field} corrected by {cli_actor()}; "
                    f"version {number - 1} is kept.", markup=False)
