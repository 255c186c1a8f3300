"""The queue page, its exports (CSV of the filtered queue, Word compilation of accepted case
studies) and ``/healthz`` for monitoring."""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from intake.replies import outbox
from intake.web.common import StaffUser, current_user, db, get_ctx, render
from intake.web.exports import QueueRow, accepted_docx, queue_csv
from store.queue import counts_by_status
from store.review import (
    ScoreSummary,
    accepted_with_versions,
    count_messages,
    latest_versions,
    list_users,
    score_summaries,
    when,
)
from store.search import QueueFilter, all_matching, all_tags, search_queue
from store.states import STATUSES

log = logging.getLogger("intake.web")
router = APIRouter()

SORTS: dict[str, tuple[str, bool, str]] = {
    "newest": ("date", True, "Newest first"),
    "oldest": ("date", False, "Oldest first"),
    "title": ("title", False, "Title A to Z"),
    "title_desc": ("title", True, "Title Z to A"),
}
THEME_PREFIX = "theme:"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass(frozen=True)
class QueueQuery:
    """The queue page's query string, cleaned: unknown values fall back to "all"/defaults."""

    q: str = ""
    status: str = ""
    problems: str = ""
    tag: str = ""
    assigned: str = ""
    sort: str = "newest"
    page: int = 1

    @classmethod
    def from_request(cls, request: Request) -> QueueQuery:
        p = request.query_params
        try:
            page = max(1, min(int(p.get("page", "1")), 1_000_000))
        except ValueError:
            page = 1
        return cls(q=_printable(p.get("q", ""))[:200].strip(),
                   status=p.get("status", "") if p.get("status", "") in STATUSES else "",
                   problems=p.get("problems", "") if p.get("problems", "") in ("yes", "no") else "",
                   tag=_printable(p.get("tag", ""))[:80], assigned=_printable(p.get("assigned", ""))[:320],
                   sort=p.get("sort", "newest") if p.get("sort", "newest") in SORTS else "newest", page=page)

    def to_filter(self, themes: dict[str, tuple[str, ...]]) -> QueueFilter:
        theme = self.tag[len(THEME_PREFIX):] if self.tag.startswith(THEME_PREFIX) else None
        return QueueFilter(
            status=self.status or None,
            has_problems={"yes": True, "no": False}.get(self.problems),
            tag=None if theme is not None or not self.tag else self.tag,
            # An unknown theme (from an old link, or a config change) filters nothing.
            any_words=themes.get(theme, ()) if theme is not None else (),
            text=self.q or None, assigned_to=self.assigned or None)

    def params(self, **changes: Any) -> dict[str, Any]:
        """The query string as a dict (defaults left out), with ``changes`` applied."""
        values = {**asdict(self), **changes}
        defaults = {"page": 1, "sort": "newest"}
        return {k: v for k, v in values.items() if v not in ("", None) and defaults.get(k) != v}


def _printable(text: str) -> str:
    """``text`` without control characters (a NUL byte is refused by PostgreSQL with an error)."""
    return "".join(c if c.isprintable() else " " for c in text)


@router.get("/", response_class=HTMLResponse)
def queue_page(request: Request, user: StaffUser = Depends(current_user)) -> Response:
    ctx = get_ctx(request)
    query = QueueQuery.from_request(request)
    themes = ctx.themes.themes
    sort, descending, _ = SORTS[query.sort]
    with db(request) as s:
        result = search_queue(s, query.to_filter(themes), sort=sort, descending=descending, page=query.page,
                              page_size=ctx.config.web.page_size)
        latest = latest_versions(s, result.rows)
        ids = [r.id for r in result.rows if r.id is not None]
        scores, replies = score_summaries(s, ids), outbox.reply_summaries(s, ids)
        rows = [{"sub": r, "themes": ctx.themes.names(_text_of(latest.get(r.id or 0))),
                 "score": scores.get(r.id or 0, ScoreSummary(0, None)), "reply": replies.get(r.id or 0)}
                for r in result.rows]
        counts, tags = counts_by_status(s), all_tags(s)
        reviewers = [u.email for u in list_users(s, active_only=True)]
        failed, other = count_messages(s, "failed"), count_messages(s, "not_submission")
        outbox_counts = outbox.counts(s)
    return render(request, "queue.html", user=user, query=query, result=result, rows=rows, counts=counts,
                  tags=tags, reviewers=reviewers, failed=failed, other=other, themes=list(themes),
                  outbox_counts=outbox_counts,
                  sorts=SORTS, statuses=STATUSES, theme_prefix=THEME_PREFIX)


def _text_of(version: Any) -> str:
    if version is None:
        return ""
    return "\n".join(str(v) for v in version.fields.values() if v)


@router.get("/export.csv")
def export_csv(request: Request, user: StaffUser = Depends(current_user)) -> Response:
    ctx = get_ctx(request)
    query = QueueQuery.from_request(request)
    sort, descending, _ = SORTS[query.sort]
    with db(request) as s:
        subs = all_matching(s, query.to_filter(ctx.themes.themes), sort=sort,
                            descending=descending)
        latest = latest_versions(s, subs)
        scores = score_summaries(s, [r.id for r in subs if r.id is not None])
        body = queue_csv((QueueRow(r, latest.get(r.id or 0), scores[r.id or 0]) for r in subs),
                         ctx.config.form)
    log.info("CSV export of %d submissions by %s", len(subs), user.email)
    # A byte-order mark, so spreadsheet programs read the file as UTF-8.
    return Response("\ufeff" + body, media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{_stamp("queue", "csv")}"'})


@router.get("/export.docx")
def export_docx(request: Request, user: StaffUser = Depends(current_user)) -> Response:
    ctx = get_ctx(request)
    with db(request) as s:
        items = accepted_with_versions(s)
    data = accepted_docx(items, ctx.config.form, heading="Accepted case studies")
    log.info("Word compilation of %d accepted case studies by %s", len(items), user.email)
    name = _stamp("accepted-case-studies", "docx")
    return Response(data, media_type=DOCX_TYPE,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


def _stamp(stem: str, ext: str) -> str:
    return f"{stem}-{datetime.now(UTC):%Y%m%d-%H%M}.{ext}"


@router.get("/healthz")
def healthz(request: Request) -> JSONResponse:
    """The worker's health as ``intake status`` judges it (:mod:`intake.health`): 200 with
    ``"status": "ok"`` when every mailbox is polled and working, 503 with ``"status": "failing"``
    and the reasons when ``intake status`` would exit 1, 503 with ``"database": "error"`` when the
    database does not answer. Per mailbox: when it last polled, last succeeded, last sent a reply.
    No login: it says nothing about submissions."""
    from intake.health import healthy, problems, status_report

    ctx = get_ctx(request)
    try:
        report = status_report(ctx.config, ctx.store)
    except Exception as err:  # any driver error means "database down" to the monitor
        log.error("healthz: database check failed: %s", err)
        return JSONResponse({"status": "error", "database": "error",
                             "reasons": [f"the database does not answer: {type(err).__name__}"]},
                            status_code=503)
    ok = healthy(report)
    mailboxes = [{"mailbox": m["name"], "state": m["state"], "last_attempt_at": when(m["last_attempt_at"]),
                  "last_success_at": when(m["last_success_at"]), "last_error_at": when(m["last_error_at"]),
                  "last_error": m["last_error"], "consecutive_failures": m["consecutive_failures"],
                  "last_count": m["last_count"], "last_sent_at": when(m["last_sent_at"])}
                 for m in report["mailboxes"]]
    body = {"status": "ok" if ok else "failing", "database": "ok", "reasons": problems(report),
            "mailboxes": mailboxes, "checked_at": report["checked_at"]}
    return JSONResponse(body, status_code=200 if ok else 503)
