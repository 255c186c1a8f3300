"""Mail that is not in the review queue: messages that could not be processed (with the error, the
original and "process again"), and messages that are not submissions (questions for staff,
auto-replies, bounces)."""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from intake.pipeline import PipelineError
from intake.web.common import (
    PageNumber,
    RowId,
    StaffUser,
    checked_form,
    current_user,
    db,
    flash,
    get_ctx,
    page_number,
    redirect,
    render,
)
from intake.web.mailview import view_message
from intake.web.thread import message_thread
from store.decisions import FILINGS, REFILABLE
from store.models import Message, Submission
from store.review import attachment_list, count_messages, message_summaries

log = logging.getLogger("intake.web")
router = APIRouter()

KINDS = {"failed": ("failed", "Messages that could not be processed"),
         "other": ("not_submission", "Messages that are not submissions")}


def find_reprocess() -> Callable[..., Any] | None:
    """``intake.pipeline.reprocess(config, store, message_row_id)``, or ``None`` when this
    installation's pipeline has no such function."""
    try:
        module = importlib.import_module("intake.pipeline")
    except ImportError:
        return None
    fn = getattr(module, "reprocess", None)
    return fn if callable(fn) else None


@router.get("/messages", response_class=HTMLResponse)
def message_list(request: Request, kind: str = "failed", page: PageNumber = 1, handled: str = "",
                 user: StaffUser = Depends(current_user)) -> Response:
    """The messages of one kind that wait for staff; ``handled=1``: those marked as handled."""
    if kind not in KINDS:
        raise HTTPException(status_code=404, detail="There is no such list of messages.")
    outcome, title = KINDS[kind]
    size = get_ctx(request).config.web.page_size
    page = page_number(page)
    done = handled == "1"
    with db(request) as s:
        total = count_messages(s, outcome, handled=done)
        other_total = count_messages(s, outcome, handled=not done)
        rows = message_summaries(s, outcome, limit=size, offset=(page - 1) * size, handled=done)
    return render(request, "messages.html", user=user, kind=kind, kinds=KINDS, title=title, rows=rows,
                  total=total, page=page, pages=max(1, -(-total // size)), handled=done,
                  other_total=other_total, can_reprocess=find_reprocess() is not None)


@router.get("/messages/{message_id}", response_class=HTMLResponse)
def message_page(request: Request, message_id: RowId, user: StaffUser = Depends(current_user)) -> Response:
    ctx = get_ctx(request)
    with db(request) as s:
        msg = s.get(Message, message_id)
        if msg is None:
            raise HTTPException(status_code=404, detail="There is no such message.")
        mail = view_message(msg.raw, ctx.config.limits, label=msg.message_id or f"#{msg.id}")
        sub = s.get(Submission, msg.submission_id) if msg.submission_id else None
        attachments = attachment_list(s, message_id)
        thread = message_thread(s, msg)
    return render(request, "message.html", user=user, msg=msg, mail=mail, sub=sub, attachments=attachments,
                  can_reprocess=find_reprocess() is not None, thread=thread, filings=FILINGS,
                  refilable=msg.outcome in REFILABLE)


@router.post("/messages/{message_id}/reprocess")
async def reprocess(request: Request, message_id: RowId, form: FormData = Depends(checked_form),
                    user: StaffUser = Depends(current_user)) -> Response:
    ctx = get_ctx(request)
    with db(request) as s:
        msg = s.get(Message, message_id)
        outcome = msg.outcome if msg is not None else None
    if outcome is None:
        raise HTTPException(status_code=404, detail="There is no such message.")
    fn = find_reprocess()
    if fn is None:
        flash(request, "Processing again is not available in this installation.", "error")
        return redirect(request, f"/messages/{message_id}")
    if outcome != "failed":
        flash(request, f"Only a message that failed can be processed again; this one is "
                       f"{outcome.replace('_', ' ')}.", "error")
        return redirect(request, f"/messages/{message_id}")
    try:
        await run_in_threadpool(fn, ctx.config, ctx.store, message_id)
    except PipelineError as err:  # a refusal (e.g. processed meanwhile by another tab): no fault
        log.info("message #%s not processed again (asked by %s): %s", message_id, user.email, err)
        flash(request, f"Not processed again: {err}", "error")
        return redirect(request, f"/messages/{message_id}")
    except Exception as err:  # a fault in the pipeline: staff get one line, the log the trace
        log.exception("reprocessing message #%s (asked by %s) failed", message_id, user.email)
        flash(request, f"Processing again failed: {err}", "error")
        return redirect(request, f"/messages/{message_id}")
    with db(request) as s:
        msg = s.get(Message, message_id)
        outcome = msg.outcome if msg else "gone"
        error = (msg.error if msg else None) or "no reason recorded"
    log.info("message #%s processed again by %s: %s", message_id, user.email, outcome)
    if outcome == "failed":
        flash(request, f"Processed again, and it failed again: {error}", "error")
    else:
        flash(request, f"Processed again: the message is now {outcome.replace('_', ' ')}.")
    return redirect(request, f"/messages/{message_id}")
