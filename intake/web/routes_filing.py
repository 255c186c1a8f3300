"""Staff act on a message the worker left outside the queue, or on any message of a submission:
re-file it (a submission, a correction to a named submission, or handled) through
:func:`intake.refile.refile`, and answer it in their own words through the outbox
(:func:`intake.replies.answer.queue_answer`, threaded on the message). Both only change the store;
the worker sends."""

from __future__ import annotations

import logging

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from intake.refile import refile
from intake.replies import ReplyError
from intake.replies.answer import answer_subject, queue_answer, recipient
from intake.replies.drafts import Draft
from intake.web.common import (
    RowId,
    StaffUser,
    checked_form,
    current_user,
    db,
    flash,
    form_text,
    get_ctx,
    redirect,
    render,
)
from intake.web.mailview import view_message
from store.decisions import FILINGS, REFILABLE, DecisionRefused, Filing, file_message
from store.models import Message, Submission
from store.queue import QueueError

log = logging.getLogger("intake.web")
router = APIRouter()

ANSWER_PLACEHOLDER = "(write your answer here)"
"""The start of an answer: a placeholder, so that an answer sent unedited is refused."""


def _message(s: Session, message_id: int) -> Message:
    msg = s.get(Message, message_id)
    if msg is None:
        raise HTTPException(status_code=404, detail="There is no such message.")
    return msg


def _filing(name: str) -> Filing:
    try:
        return Filing(name)
    except ValueError:
        raise HTTPException(status_code=400, detail="Choose how to file the message.") from None


@router.post("/messages/{message_id}/refile")
async def refile_message(request: Request, message_id: RowId, form: FormData = Depends(checked_form),
                         user: StaffUser = Depends(current_user)) -> Response:
    """File the message as chosen; a submission or correction opens its page afterwards."""
    ctx = get_ctx(request)
    how = _filing(form_text(form, "how", limit=20))
    target = form_text(form, "reference", limit=40) or None if how is Filing.CORRECTION else None
    try:
        filed = await run_in_threadpool(
            refile, ctx.config, ctx.store, message_id, how, actor=user.email,
            note=form_text(form, "note") or None, target_reference=target,
            acknowledge=form_text(form, "acknowledge", limit=5) == "yes")
    except QueueError as err:
        flash(request, f"Not filed: {err}", "error")
        return redirect(request, f"/messages/{message_id}")
    done = FILINGS[how].done
    if filed.reference is None:
        flash(request, f"{done}: message {message_id}, by {user.email}.")
        return redirect(request, f"/messages/{message_id}")
    ack = (f" The acknowledgement to {filed.acknowledged_to} is in the outbox."
           if filed.acknowledged_to else " No acknowledgement was queued.")
    flash(request, f"{done}: {filed.reference} version {filed.version}.{ack}")
    return redirect(request, f"/s/{filed.reference}")


def _answer_form(request: Request, s: Session, msg: Message, *, user: StaffUser, draft: Draft | None = None,
                 error: str | None = None, status_code: int = 200) -> Response:
    sub = s.get(Submission, msg.submission_id) if msg.submission_id else None
    to_addr, to_name = recipient(msg)
    draft = draft or Draft(subject=answer_subject(msg, sub.reference if sub else None),
                           body=ANSWER_PLACEHOLDER + "\n")
    mail = view_message(msg.raw, get_ctx(request).config.limits, label=msg.message_id or f"#{msg.id}")
    return render(request, "answer_form.html", status_code=status_code, user=user, msg=msg, sub=sub,
                  draft=draft, error=error, to_addr=to_addr, to_name=to_name, mail=mail,
                  can_mark_handled=msg.outcome in REFILABLE and msg.filed_as is None)


@router.get("/messages/{message_id}/answer", response_class=HTMLResponse)
def answer_form(request: Request, message_id: RowId, user: StaffUser = Depends(current_user)) -> Response:
    with db(request) as s:
        return _answer_form(request, s, _message(s, message_id), user=user)


@router.post("/messages/{message_id}/answer", response_class=HTMLResponse)
def send_answer(request: Request, message_id: RowId, form: FormData = Depends(checked_form),
                user: StaffUser = Depends(current_user)) -> Response:
    """Queue the answer (and, when ticked, mark the message as handled) in one transaction; on a
    refusal show the form again with the text as typed and the reason."""
    draft = Draft(subject=form_text(form, "subject", limit=1000), body=form_text(form, "body", limit=40_000))
    config = get_ctx(request).config
    try:
        with db(request) as s:
            msg = _message(s, message_id)
            row = queue_answer(s, config, message=msg, subject=draft.subject, body=draft.body,
                               actor=user.email)
            to_addr, sub_id = row.to_addr, msg.submission_id
            if (form_text(form, "handled", limit=5) == "yes" and msg.outcome in REFILABLE
                    and msg.filed_as != Filing.HANDLED):
                file_message(s, msg, Filing.HANDLED, actor=user.email, note="answered")
            sub = s.get(Submission, sub_id) if sub_id else None
            back = f"/s/{sub.reference}" if sub else f"/messages/{message_id}"
    except (ReplyError, DecisionRefused) as err:
        with db(request) as s:
            return _answer_form(request, s, _message(s, message_id), user=user, draft=draft, error=str(err),
                                status_code=422)
    log.info("message %s answered by %s (to %s)", message_id, user.email, to_addr)
    flash(request, f"Your answer to {to_addr} is in the outbox; it goes out with the next send.")
    return redirect(request, back + ("#emails" if sub_id else ""))
