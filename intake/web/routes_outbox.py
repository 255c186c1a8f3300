"""Emails to submitters (acknowledgements and staff emails): what is waiting, sent or failed, with
the server's words for a failure. Staff can retry a failed email or cancel one still waiting; both
only change the outbox row (and write an event on its submission): the worker sends, never this
request."""

from __future__ import annotations

import logging

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session, col, select
from starlette.datastructures import FormData

from intake.replies import ReplyError, outbox
from intake.web.common import (
    PageNumber,
    RowId,
    StaffUser,
    checked_form,
    current_user,
    db,
    flash,
    form_text,
    get_ctx,
    page_number,
    redirect,
    render,
)
from intake.web.thread import sent_text
from store.models import Submission

log = logging.getLogger("intake.web")
router = APIRouter()

FILTERS = {"": "All emails", "pending": "Waiting to be sent", "sending": "Being sent now",
           "failed": "Failed", "sent": "Sent", "cancelled": "Cancelled"}


def _references(s: Session, ids: set[int]) -> dict[int, str]:
    """The reference of each submission in ``ids`` (one query; empty for no ids)."""
    if not ids:
        return {}
    q = select(Submission.id, Submission.reference).where(col(Submission.id).in_(sorted(ids)))
    return {sub_id: ref for sub_id, ref in s.exec(q) if sub_id is not None}


@router.get("/outbox", response_class=HTMLResponse)
def outbox_page(request: Request, status: str = "", page: PageNumber = 1,
                user: StaffUser = Depends(current_user)) -> Response:
    if status not in FILTERS:
        raise HTTPException(status_code=404, detail="There is no such list of emails.")
    size = get_ctx(request).config.web.page_size
    page = page_number(page)
    with db(request) as s:
        total = outbox.count_rows(s, status=status)
        rows = outbox.list_rows(s, status=status, limit=size, offset=(page - 1) * size)
        refs = _references(s, {r.submission_id for r in rows if r.submission_id is not None})
        counts = outbox.counts(s)
        texts = {r.id: sent_text(r) for r in rows}
    return render(request, "outbox.html", user=user, rows=rows, refs=refs, status=status, filters=FILTERS,
                  counts=counts, texts=texts, total=total, page=page, pages=max(1, -(-total // size)))


def _back(request: Request, form: FormData) -> Response:
    status = form_text(form, "back_status", limit=20)
    return redirect(request, "/outbox", status=status if status in FILTERS else "")


@router.post("/outbox/{row_id}/retry")
def retry(request: Request, row_id: RowId, form: FormData = Depends(checked_form),
          user: StaffUser = Depends(current_user)) -> Response:
    try:
        with db(request) as s:
            row = outbox.retry(s, row_id, actor=user.email)
            to_addr = row.to_addr
    except ReplyError as err:
        flash(request, f"Not retried: {err}.", "error")
        return _back(request, form)
    log.info("outbox row %s to %s put back in the queue by %s", row_id, to_addr, user.email)
    flash(request, f"The email to {to_addr} is waiting to be sent again; it goes out with the next send.")
    return _back(request, form)


@router.post("/outbox/{row_id}/cancel")
def cancel(request: Request, row_id: RowId, form: FormData = Depends(checked_form),
           user: StaffUser = Depends(current_user)) -> Response:
    try:
        with db(request) as s:
            row = outbox.cancel(s, row_id, actor=user.email)
            to_addr = row.to_addr
    except ReplyError as err:
        flash(request, f"Not cancelled: {err}.", "error")
        return _back(request, form)
    log.info("outbox row %s to %s cancelled by %s", row_id, to_addr, user.email)
    flash(request, f"The email to {to_addr} is cancelled.")
    return _back(request, form)
