"""Is the worker working? The one place that decides, for ``intake status`` (exit 1) and the web
app's ``/healthz`` (HTTP 503) alike.

A mailbox's ``state`` is ``ok``, ``failing`` (the last attempts failed), ``stale`` (no attempt
lately: the worker is probably not running) or ``never`` (never polled). The installation is
healthy when every mailbox is ``ok``; :func:`problems` gives the reasons when it is not.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from intake.config import Config, MailboxConfig
from store.db import Store
from store.models import Heartbeat, MailboxSeen, Message, Outbox


def status_report(config: Config, store: Store, *, now: datetime | None = None) -> dict[str, Any]:
    """Everything ``intake status`` shows, as JSON-friendly data (times as aware datetimes)."""
    from store import queue as q

    now = now or datetime.now(UTC)
    with store.session() as s:
        beats = {b.mailbox: b for b in s.exec(select(Heartbeat)).all()}
        queue = q.counts_by_status(s)
        messages = dict(s.exec(select(Message.outcome, func.count()).group_by(Message.outcome)).all())
        outbox = dict(s.exec(select(Outbox.status, func.count()).group_by(Outbox.status)).all())
        sent = _last_sent(s, config.mailboxes)
    mailboxes = [{**mailbox_state(m.name, beats.get(m.name), now, stale_after(config)),
                  "last_sent_at": sent[m.name]} for m in config.mailboxes]
    return {"mailboxes": mailboxes, "queue": queue, "messages": messages, "outbox": outbox,
            "workers": _lease_status(store), "checked_at": now.isoformat()}


def stale_after(config: Config) -> timedelta:
    """How long after its last attempt a mailbox counts as not polled: twice the poll interval."""
    return timedelta(seconds=2 * config.worker.poll_interval_s)


def alerts(config: Config, store: Store, *, now: datetime | None = None) -> list[str]:
    """What the web app's banner says on every page: one sentence per mailbox that is not ``ok``
    (:func:`problems`), and one when emails are failing or being retried; empty when all is well.
    Reads the heartbeats and the outbox's counts only (a few small queries per page)."""
    now = now or datetime.now(UTC)
    with store.session() as s:
        beats = {b.mailbox: b for b in s.exec(select(Heartbeat)).all()}
        failed = s.exec(select(func.count()).select_from(Outbox).where(Outbox.status == "failed")).one()
        retrying = s.exec(select(Outbox.last_error)
                          .where(Outbox.status == "pending", col(Outbox.attempts) > 0)
                          .order_by(col(Outbox.id).desc())).all()
    report = {"checked_at": now.isoformat(),
              "mailboxes": [mailbox_state(m.name, beats.get(m.name), now, stale_after(config))
                            for m in config.mailboxes]}
    out = problems(report)
    if failed:
        out.append(f"{failed} email(s) could not be sent and will not be tried again: see the outbox.")
    if retrying:
        out.append(f"Sending is failing: {len(retrying)} email(s) waiting to be tried again "
                   f"(last error: {retrying[0] or 'unknown'}).")
    return out


def _lease_status(store: Store) -> dict[str, Any]:
    """Which worker holds which mailbox now (unexpired leases), and the running workers."""
    from store import leases

    with store.session() as s:
        held = leases.held_by_others(s, "")
        live = leases.live_workers(s)
    by_worker: dict[str, list[str]] = {w: [] for w in live}
    for lease in held:
        by_worker.setdefault(lease.holder or "", []).append(lease.name)
    return {"holders": {lease.name: lease.holder for lease in held}, "by_worker": by_worker}


def healthy(report: dict[str, Any]) -> bool:
    """True when every mailbox of ``report`` is polled and working."""
    return all(m["state"] == "ok" for m in report["mailboxes"])


def problems(report: dict[str, Any]) -> list[str]:
    """One sentence per mailbox that is not ``ok``; empty when healthy."""
    now = datetime.fromisoformat(report["checked_at"])
    out = []
    for m in report["mailboxes"]:
        if m["state"] == "failing":
            out.append(f"mailbox {m['name']}: polling is failing ({m['consecutive_failures']} attempt(s) in "
                       f"a row, the last {when(m['last_error_at'], now)}): {m['last_error']}")
        elif m["state"] == "stale":
            out.append(f"mailbox {m['name']}: not polled lately (last attempt "
                       f"{when(m['last_attempt_at'], now)}); is `intake run` running?")
        elif m["state"] == "never":
            out.append(f"mailbox {m['name']}: never polled; start `intake run`")
    return out


def _aware(t: datetime | None) -> datetime | None:
    """SQLite returns naive datetimes; ours are always UTC."""
    return t.replace(tzinfo=UTC) if t is not None and t.tzinfo is None else t


def mailbox_state(name: str, beat: Heartbeat | None, now: datetime, stale_after: timedelta) -> dict[str, Any]:
    """The state of one mailbox from its heartbeat (``None``: never polled)."""
    if beat is None:
        return {"name": name, "state": "never", "last_success_at": None, "last_attempt_at": None,
                "last_error": None, "last_error_at": None, "consecutive_failures": 0, "last_count": 0}
    attempt = _aware(beat.last_attempt_at)
    state = "ok"
    if beat.consecutive_failures:
        state = "failing"
    elif attempt is None or now - attempt > stale_after:
        state = "stale"
    return {"name": name, "state": state, "last_success_at": _aware(beat.last_success_at),
            "last_attempt_at": attempt, "last_error": beat.last_error,
            "last_error_at": _aware(beat.last_error_at), "consecutive_failures": beat.consecutive_failures,
            "last_count": beat.last_count}


def _last_sent(s: Session, mailboxes: tuple[MailboxConfig, ...]) -> dict[str, datetime | None]:
    """When an email about a message from each mailbox last went out (``None``: never)."""
    from intake.sources.factory import account_key

    rows = s.exec(select(MailboxSeen.account, MailboxSeen.folder, func.max(Outbox.sent_at))
                  .join(Outbox, col(Outbox.message_row_id) == col(MailboxSeen.message_row_id))
                  .where(col(Outbox.sent_at).is_not(None))
                  .group_by(col(MailboxSeen.account), col(MailboxSeen.folder))).all()
    latest = {(account, folder): _aware(at) for account, folder, at in rows}
    return {m.name: latest.get((account_key(m), m.folder)) for m in mailboxes}


def when(t: datetime | None, now: datetime) -> str:
    """``2026-03-02 10:00 UTC (5 min ago)``, or ``never``."""
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
        lines.append(f"  {m['name']}: last successful poll {when(m['last_success_at'], now)}; "
                     f"last reply sent {when(m['last_sent_at'], now)}")
        if m["state"] == "failing":
            lines.append(f"    POLLING IS FAILING: {m['consecutive_failures']} attempt(s) in a row have "
                         f"failed, the last {when(m['last_error_at'], now)}.")
            lines.append(f"    Last error: {m['last_error']}")
            lines.append("    Run `intake doctor` for advice.")
        elif m["state"] == "stale":
            lines.append(f"    NOT POLLED LATELY: the last attempt was {when(m['last_attempt_at'], now)}; "
                         "is `intake run` running?")
        elif m["state"] == "never":
            lines.append("    NEVER POLLED: start `intake run` (or run `intake poll` once).")
        else:
            lines.append(f"    working: {m['last_count']} message(s) taken in the last cycle")
            if m["last_error"]:
                lines.append(f"    (earlier error, {when(m['last_error_at'], now)}: {m['last_error']})")
    workers = report.get("workers", {}).get("by_worker", {})
    if workers:
        lines.append(f"Workers: {len(workers)}")
        for worker, names in sorted(workers.items()):
            lines.append(f"  {worker}: {', '.join(sorted(names)) or 'no mailbox (waiting for its share)'}")
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
