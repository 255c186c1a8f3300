"""The queue page, its exports (CSV of the filtered queue, Word compilation of accepted case
studies) and ``/healthz`` for monitoring."""

from __future__ import annotations

import logging
import re
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from intake.replies import outbox
from intake.web.aids import answers_text
from intake.web.common import StaffUser, current_user, db, get_ctx, render
from intake.web.exports import accepted_docx, queue_csv, queue_rows
from intake.web.routes_bulk import bulk_statuses
from store.queue import counts_by_status
from store.review import (
    accepted_with_versions,
    count_messages,
    latest_answers,
    list_users,
    when,
)
from store.scores import ScoreSummary, scored_by, scores_visible, summaries
from store.search import QueueFilter, all_matching, all_tags, search_queue
from store.states import STATUSES

log = logging.getLogger("intake.web")
router = APIRouter()

@dataclass(frozen=True)
class SortColumn:
    """A sortable column of the queue: ``key`` as :func:`store.search.search_queue` names it,
    whether its header sorts descending first, and how the select names each direction."""

    key: str
    descending_first: bool
    ascending: str
    descending: str


SORT_COLUMNS = (
    SortColumn("reference", False, "Reference, first to last", "Reference, last to first"),
    SortColumn("title", False, "Title A to Z", "Title Z to A"),
    SortColumn("organisation", False, "Organisation A to Z", "Organisation Z to A"),
    SortColumn("submitter", False, "Submitter A to Z", "Submitter Z to A"),
    SortColumn("status", False, "Status, in review order", "Status, decided first"),
    SortColumn("problems", True, "Fewest problems first", "Most problems first"),
    SortColumn("score", True, "Lowest score first", "Highest score first"),
    SortColumn("date", True, "Oldest first", "Newest first"),
)


def _sort_name(column: str, descending: bool) -> str:
    if column == "date":  # the names links have used since the queue first sorted
        return "newest" if descending else "oldest"
    return f"{column}_desc" if descending else column


SORTS: dict[str, tuple[str, bool, str]] = {
    _sort_name(c.key, d): (c.key, d, c.descending if d else c.ascending)
    for c in SORT_COLUMNS for d in (c.descending_first, not c.descending_first)}
"""Every value of ``?sort=``: the store's sort key, descending, and the label in the select."""
THEME_PREFIX = "theme:"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass(frozen=True)
class QueueQuery:
    """The queue page's query string, cleaned: unknown values fall back to "all"/defaults.
    ``mine`` keeps what is assigned to the signed-in reviewer, ``unscored`` what they have not
    scored (both ``"yes"`` or empty)."""

    q: str = ""
    status: str = ""
    problems: str = ""
    tag: str = ""
    assigned: str = ""
    mine: str = ""
    unscored: str = ""
    sort: str = "newest"
    #: Keyset cursors (``store.search``): the page after / before the row they name; "" for the first.
    after: str = ""
    before: str = ""

    @classmethod
    def from_request(cls, request: Request) -> QueueQuery:
        p = request.query_params
        return cls(after=_cursor(p.get("after", "")), before=_cursor(p.get("before", "")),
                   q=_printable(p.get("q", ""))[:200].strip(),
                   status=p.get("status", "") if p.get("status", "") in STATUSES else "",
                   problems=p.get("problems", "") if p.get("problems", "") in ("yes", "no") else "",
                   tag=_printable(p.get("tag", ""))[:80], assigned=_printable(p.get("assigned", ""))[:320],
                   mine="yes" if p.get("mine") == "yes" else "",
                   unscored="yes" if p.get("unscored") == "yes" else "",
                   sort=p.get("sort", "newest") if p.get("sort", "newest") in SORTS else "newest")

    def to_filter(self, themes: dict[str, tuple[str, ...]], user: StaffUser) -> QueueFilter:
        theme = self.tag[len(THEME_PREFIX):] if self.tag.startswith(THEME_PREFIX) else None
        return QueueFilter(
            status=self.status or None,
            has_problems={"yes": True, "no": False}.get(self.problems),
            tag=None if theme is not None or not self.tag else self.tag,
            # An unknown theme (from an old link, or a config change) filters nothing.
            any_words=themes.get(theme, ()) if theme is not None else (),
            text=self.q or None, assigned_to=user.email if self.mine else (self.assigned or None),
            not_scored_by=user.email if self.unscored else None)

    def ordering(self, *, blind: bool) -> tuple[str, bool]:
        """The store's sort key and direction. Under blind review the score order would tell a
        reviewer how others scored, so it falls back to newest first."""
        key, descending, _ = SORTS[self.sort]
        return ("date", True) if blind and key == "score" else (key, descending)

    def params(self, **changes: Any) -> dict[str, Any]:
        """The query string as a dict (defaults left out), with ``changes`` applied."""
        values = {**asdict(self), **changes}
        defaults = {"sort": "newest"}
        return {k: v for k, v in values.items() if v not in ("", None) and defaults.get(k) != v}

    def header(self, column: SortColumn) -> dict[str, str]:
        """A column header's link and state: ``href_sort`` is the sort its link asks for (the other
        direction when this column is the sort now) and ``aria_sort`` its ``aria-sort`` value."""
        key, descending, _ = SORTS[self.sort]
        if key != column.key:
            return {"sort": _sort_name(column.key, column.descending_first), "aria_sort": "none"}
        return {"sort": _sort_name(column.key, not descending),
                "aria_sort": "descending" if descending else "ascending"}


def _cursor(text: str) -> str:
    """A cursor as given, or "" when it cannot be one (too long, or not URL-safe base64)."""
    return text if len(text) <= 2000 and _CURSOR_RE.fullmatch(text) else ""


_CURSOR_RE = re.compile(r"[A-Za-z0-9_-]*")


def _printable(text: str) -> str:
    """``text`` without control characters (a NUL byte is refused by PostgreSQL with an error)."""
    return "".join(c if c.isprintable() else " " for c in text)


@router.get("/", response_class=HTMLResponse)
def queue_page(request: Request, user: StaffUser = Depends(current_user)) -> Response:
    ctx = get_ctx(request)
    query = QueueQuery.from_request(request)
    themes, blind = ctx.themes.themes, ctx.config.review.blind
    sort, descending = query.ordering(blind=blind)
    with db(request) as s:
        result = search_queue(s, query.to_filter(themes, user), sort=sort, descending=descending,
                              after=query.after or None, before=query.before or None,
                              page_size=ctx.config.web.page_size)
        answers = latest_answers(s, result.rows)
        ids = [r.id for r in result.rows if r.id is not None]
        scores, replies = summaries(s, ids), outbox.reply_summaries(s, ids)
        mine = scored_by(s, ids, user.email)
        rows = [{"sub": r, "themes": ctx.themes.names(answers_text(answers.get(r.id or 0))),
                 "score": scores.get(r.id or 0, ScoreSummary()), "reply": replies.get(r.id or 0),
                 "scored": (r.id or 0) in mine,
                 "score_visible": scores_visible(blind=blind, has_scored=(r.id or 0) in mine)}
                for r in result.rows]
        counts, tags = counts_by_status(s), all_tags(s)
        reviewers = [u.email for u in list_users(s, active_only=True)]
        failed, other = count_messages(s, "failed"), count_messages(s, "not_submission")
        outbox_counts = outbox.counts(s)
    return render(request, "queue.html", user=user, query=query, result=result, rows=rows, counts=counts,
                  tags=tags, reviewers=reviewers, failed=failed, other=other, themes=list(themes),
                  outbox_counts=outbox_counts, sort_columns={c.key: c for c in SORT_COLUMNS}, blind=blind,
                  criteria=ctx.config.review.criteria, bulk_statuses=bulk_statuses(),
                  sorts={k: v for k, v in SORTS.items() if not (blind and v[0] == "score")},
                  statuses=STATUSES, theme_prefix=THEME_PREFIX)


@router.get("/export.csv")
def export_csv(request: Request, user: StaffUser = Depends(current_user)) -> Response:
    ctx = get_ctx(request)
    query = QueueQuery.from_request(request)
    sort, descending = query.ordering(blind=ctx.config.review.blind)
    with db(request) as s:
        subs = all_matching(s, query.to_filter(ctx.themes.themes, user), sort=sort, descending=descending)
        rows = queue_rows(s, subs, ctx.themes, viewer=user.email, blind=ctx.config.review.blind)
        body = queue_csv(rows, ctx.config.form, ctx.config.review.criteria)
    log.info("CSV export of %d submissions by %s", len(subs), user.email)
    # A byte-order mark, so spreadsheet programs read the file as UTF-8.
    return Response("\ufeff" + body, media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{_stamp("queue", "csv")}"'})


@router.get("/export.docx")
def export_docx(request: Request, user: StaffUser = Depends(current_user)) -> Response:
    ctx = get_ctx(request)
    with db(request) as s:
        items = accepted_with_versions(s)
    data = accepted_docx(items, ctx.config.form, heading="Accepted case studies",
                         author=ctx.config.smtp.from_name)
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
