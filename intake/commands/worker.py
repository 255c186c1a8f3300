"""CLI commands for running unattended: ``intake run`` (the scheduled worker), ``intake status``
(is it working?) and ``intake doctor`` (is the configuration right?).

``status`` exits 1 when a mailbox's polling is failing or has stopped, so monitoring can call it;
``doctor`` exits 1 when a check fails. Both print plain words, never a traceback.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Annotated, Any

import typer

from intake.commands.common import ConfigOption, clean_errors, console, err_console, fail, state
from intake.config import Config

if TYPE_CHECKING:  # the database is loaded by the commands that use it
    from store.db import Store

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
    (SIGTERM or Ctrl-C finish the current message first)."""
    from intake.worker import AlreadyRunning, run_worker

    st = state(ctx, config)
    with clean_errors():
        cfg, store = st.config, st.store
        if since is not None:
            _check_date(since)
        names = ", ".join(f"{m.name} ({m.type})" for m in cfg.mailboxes)
        mode = " (backlog: no acknowledgements)" if backlog else ""

        def banner() -> None:
            err_console.print(f"intake run: polling {names} every {cfg.worker.poll_interval_s:g} s{mode}; "
                              "Ctrl-C or SIGTERM stops", markup=False)

        try:
            worker = run_worker(cfg, store, since=since, backlog=backlog, on_start=banner)
        except AlreadyRunning as err:
            raise fail(str(err)) from None
    err_console.print(f"intake run: stopped cleanly after {worker.cycles} poll cycles", markup=False)


def _check_date(text: str) -> None:
    try:
        datetime.strptime(text, "%Y-%m-%d")
    except ValueError:
        raise fail(f"--since {text!r}: expected a date as YYYY-MM-DD") from None


# --- status -----------------------------------------------------------------------------------------


def status(ctx: typer.Context, as_json: JsonOption = False, config: ConfigOption = None) -> None:
    """Is the worker working? Last successful poll per mailbox, last error, queue and reply counts."""
    st = state(ctx, config)
    with clean_errors():
        report = status_report(st.config, st.store)
    if as_json:
        typer.echo(json.dumps(report, indent=2, default=str))
    else:
        for line in status_lines(report):
            console.print(line, markup=False, soft_wrap=True)
    if any(m["state"] != "ok" for m in report["mailboxes"]):
        raise typer.Exit(1)


def status_report(config: Config, store: Store, *, now: datetime | None = None) -> dict[str, Any]:
    """Everything ``intake status`` shows, as JSON-friendly data."""
    from sqlalchemy import func
    from sqlmodel import select

    from store import queue as q
    from store.models import Heartbeat, Message, Outbox

    now = now or datetime.now(UTC)
    with store.session() as s:
        beats = {b.mailbox: b for b in s.exec(select(Heartbeat)).all()}
        queue = q.counts_by_status(s)
        messages = dict(s.exec(select(Message.outcome, func.count()).group_by(Message.outcome)).all())
        outbox = dict(s.exec(select(Outbox.status, func.count()).group_by(Outbox.status)).all())
    stale_after = timedelta(seconds=3 * config.worker.poll_interval_s + 60)
    mailboxes = [_mailbox_status(m.name, beats.get(m.name), now, stale_after) for m in config.mailboxes]
    return {"mailboxes": mailboxes, "queue": queue, "messages": messages, "outbox": outbox,
            "checked_at": now.isoformat()}


def _aware(t: datetime | None) -> datetime | None:
    return t.replace(tzinfo=UTC) if t is not None and t.tzinfo is None else t


def _mailbox_status(name: str, beat: Any, now: datetime, stale_after: timedelta) -> dict[str, Any]:
    """``state``: ``ok``, ``failing`` (the last attempts failed), ``stale`` (no attempt lately:
    the worker is probably not running) or ``never`` (never polled)."""
    if beat is None:
        return {"name": name, "state": "never", "last_success_at": None, "last_attempt_at": None,
                "last_error": None, "last_error_at": None, "consecutive_failures": 0, "last_count": 0}
    attempt = _aware(beat.last_attempt_at)
    state_ = "ok"
    if beat.consecutive_failures:
        state_ = "failing"
    elif attempt is None or now - attempt > stale_after:
        state_ = "stale"
    return {"name": name, "state": state_, "last_success_at": _aware(beat.last_success_at),
            "last_attempt_at": attempt, "last_error": beat.last_error,
            "last_error_at": _aware(beat.last_error_at), "consecutive_failures": beat.consecutive_failures,
            "last_count": beat.last_count}


def _when(t: datetime | None, now: datetime) -> str:
    if t is None:
        return "never"
    secs = int((now - t).total_seconds())
    ago = (f"{secs} s" if secs < 120 else f"{secs // 60} min" if secs < 7200 else f"{secs // 3600} h"
           if secs < 172800 else f"{secs // 86400} days")
    return f"{t:%Y-%m-%d %H:%M} UTC ({ago} ago)"


def status_lines(report: dict[str, Any]) -> list[str]:
    """The report in plain sentences, one mailbox per paragraph."""
    now = datetime.fromisoformat(report["checked_at"])
    lines = ["Mailboxes:"]
    for m in report["mailboxes"]:
        lines.append(f"  {m['name']}: last successful poll {_when(m['last_success_at'], now)}")
        if m["state"] == "failing":
            lines.append(f"    POLLING IS FAILING: {m['consecutive_failures']} attempt(s) in a row have "
                         f"failed, the last {_when(m['last_error_at'], now)}.")
            lines.append(f"    Last error: {m['last_error']}")
            lines.append("    Run `intake doctor` for advice.")
        elif m["state"] == "stale":
            lines.append(f"    NOT POLLED LATELY: the last attempt was {_when(m['last_attempt_at'], now)}; "
                         "is `intake run` running?")
        elif m["state"] == "never":
            lines.append("    NEVER POLLED: start `intake run` (or run `intake poll` once).")
        else:
            lines.append(f"    working: {m['last_count']} message(s) taken in the last cycle")
            if m["last_error"]:
                lines.append(f"    (earlier error, {_when(m['last_error_at'], now)}: {m['last_error']})")
    queue = " · ".join(f"{k} {v}" for k, v in report["queue"].items())
    lines.append(f"Queue: {queue}")
    msgs = report["messages"]
    by_outcome = ", ".join(f"{k} {v}" for k, v in sorted(msgs.items()))
    lines.append(f"Messages seen: {sum(msgs.values())}" + (f" ({by_outcome})" if msgs else ""))
    out = report["outbox"]
    lines.append(f"Replies: {out.get('pending', 0)} pending, {out.get('failed', 0)} failed, "
                 f"{out.get('sent', 0)} sent")
    if out.get("failed"):
        lines.append("    Some replies failed: see `intake outbox list --status failed`.")
    return lines


# --- doctor -----------------------------------------------------------------------------------------


def doctor(ctx: typer.Context, config: ConfigOption = None) -> None:
    """Check the database, each mailbox (login, capabilities, folders) and SMTP; explain failures."""
    from intake.doctor import run_checks

    st = state(ctx, config)
    with clean_errors():
        cfg = st.config
        where = str(cfg.path) if cfg.path else "the embedded default configuration"
        console.print(f"Checking {where}", markup=False)
        checks = run_checks(cfg)
    marks = {"ok": "ok  ", "warn": "warn", "fail": "FAIL"}
    for c in checks:
        console.print(f"[{marks[c.status]}] {c.name}: {c.detail}", markup=False, soft_wrap=True)
        if c.advice:
            console.print(f"       -> {c.advice}", markup=False, soft_wrap=True)
    failed = sum(c.status == "fail" for c in checks)
    console.print(f"{len(checks)} checks, {failed} failed" if failed else f"{len(checks)} checks passed",
                  markup=False)
    if failed:
        raise typer.Exit(1)
