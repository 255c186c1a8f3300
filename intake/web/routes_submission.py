"""One submission: its page, the staff actions on it, and its attachments.

Every action is one transaction that changes the submission and writes an event naming the user
and their note (``store.queue.set_status`` / ``add_event`` and ``store.review``). An email to the
submitter is only queued in the outbox, in the same transaction; the worker sends it.
"""

from __future__ import annotations

import logging
from urllib.parse import quote

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session
from starlette.datastructures import FormData

from intake.web.common import (
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
from intake.web.emails import Draft, EmailRefused, changes_draft, queue_email
from intake.web.pages import submission_page
from store.models import Attachment, Submission
from store.queue import QueueError, Status, add_event, get_by_reference, latest_version, set_status
from store.review import add_tag, assign, remove_tag, set_score

log = logging.getLogger("intake.web")
router = APIRouter()

DECISIONS: dict[str, tuple[str, str]] = {
    "accept": (Status.ACCEPTED.value, "Accepted"),
    "reject": (Status.REJECTED.value, "Rejected"),
    "withdraw": (Status.WITHDRAWN.value, "Marked as withdrawn"),
    "reopen": (Status.PENDING_REVIEW.value, "Returned to pending review"),
}
# Attachment types a browser may be given as they are; anything else downloads as octet-stream.
_SAFE_TYPES = {"application/pdf", "text/plain", "image/png", "image/jpeg", "image/gif", "application/rtf",
               "application/msword", "application/vnd.oasis.opendocument.text",
               "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


def _load(s: Session, reference: str) -> Submission:
    try:
        return get_by_reference(s, reference)
    except QueueError as err:
        raise HTTPException(status_code=404, detail=f"There is no submission {reference}.") from err


@router.get("/s/{reference}", response_class=HTMLResponse)
def show(request: Request, reference: str, user: StaffUser = Depends(current_user)) -> Response:
    compare = request.query_params.get("compare", "")
    with db(request) as s:
        sub = _load(s, reference)
        ctx = get_ctx(request)
        page = submission_page(s, ctx.config, sub, user=user, themes=ctx.themes,
                               compare=int(compare) if compare.isdigit() else None)
    return render(request, "submission.html", user=user, **page)


@router.post("/s/{reference}/decide")
def decide(request: Request, reference: str, form: FormData = Depends(checked_form),
           user: StaffUser = Depends(current_user)) -> Response:
    decision = form_text(form, "decision")
    if decision not in DECISIONS:
        raise HTTPException(status_code=400, detail="Choose accept, reject, withdraw or reopen.")
    status, done = DECISIONS[decision]
    note = form_text(form, "note") or None
    with db(request) as s:
        sub = _load(s, reference)
        if sub.status == status:
            flash(request, f"{sub.reference} is already {status.replace('_', ' ')}.", "error")
            return redirect(request, f"/s/{sub.reference}")
        set_status(s, sub, status, actor=user.email, note=note, action=decision)
    log.info("%s: %s by %s", reference, decision, user.email)
    flash(request, f"{done}: {reference}.")
    return redirect(request, f"/s/{reference}")


@router.get("/s/{reference}/changes", response_class=HTMLResponse)
def changes_form(request: Request, reference: str, user: StaffUser = Depends(current_user)) -> Response:
    with db(request) as s:
        sub = _load(s, reference)
        draft = changes_draft(get_ctx(request).config, sub, latest_version(s, sub))
    return render(request, "changes.html", user=user, sub=sub, draft=draft, note="")


@router.post("/s/{reference}/changes", response_class=HTMLResponse)
def ask_for_changes(request: Request, reference: str, form: FormData = Depends(checked_form),
                    user: StaffUser = Depends(current_user)) -> Response:
    draft = Draft(subject=form_text(form, "subject", limit=1000), body=form_text(form, "body", limit=40_000))
    note = form_text(form, "note") or None
    try:
        with db(request) as s:
            sub = _load(s, reference)
            row = queue_email(s, get_ctx(request).config, sub, "changes_requested", draft, actor=user.email)
            # queue_staff_email records its own "email_queued" event; this one is the decision.
            set_status(s, sub, Status.CHANGES_REQUESTED.value, actor=user.email, note=note,
                       action="changes_requested")
    except EmailRefused as err:
        with db(request) as s:
            sub = _load(s, reference)
        return render(request, "changes.html", status_code=422, user=user, sub=sub, draft=draft,
                      note=note or "", error=str(err))
    log.info("%s: changes requested by %s (outbox %s)", reference, user.email, row.id)
    flash(request, f"Changes requested: the email to {row.to_addr} is in the outbox.")
    return redirect(request, f"/s/{reference}")


@router.post("/s/{reference}/note")
def add_note(request: Request, reference: str, form: FormData = Depends(checked_form),
             user: StaffUser = Depends(current_user)) -> Response:
    note = form_text(form, "note")
    if not note:
        flash(request, "Write the note first.", "error")
        return redirect(request, f"/s/{reference}")
    with db(request) as s:
        add_event(s, _load(s, reference), "note", actor=user.email, note=note)
    flash(request, "Note added.")
    return redirect(request, f"/s/{reference}")


@router.post("/s/{reference}/tag")
def tag(request: Request, reference: str, form: FormData = Depends(checked_form),
        user: StaffUser = Depends(current_user)) -> Response:
    added, removed = form_text(form, "tag", limit=200), form_text(form, "remove", limit=200)
    note = form_text(form, "note") or None
    try:
        with db(request) as s:
            sub = _load(s, reference)
            changed = (remove_tag(s, sub, removed, actor=user.email, note=note) if removed
                       else add_tag(s, sub, added, actor=user.email, note=note))
    except QueueError as err:
        flash(request, str(err), "error")
        return redirect(request, f"/s/{reference}")
    if changed:
        flash(request, f"Tag {'removed' if removed else 'added'}: {removed or added}.")
    return redirect(request, f"/s/{reference}")


@router.post("/s/{reference}/assign")
def assign_reviewer(request: Request, reference: str, form: FormData = Depends(checked_form),
                    user: StaffUser = Depends(current_user)) -> Response:
    reviewer = form_text(form, "reviewer", limit=320) or None
    try:
        with db(request) as s:
            assign(s, _load(s, reference), reviewer, actor=user.email, note=form_text(form, "note") or None)
    except QueueError as err:
        flash(request, str(err), "error")
        return redirect(request, f"/s/{reference}")
    flash(request, f"Assigned to {reviewer}." if reviewer else "Assignment cleared.")
    return redirect(request, f"/s/{reference}")


@router.post("/s/{reference}/score")
def score(request: Request, reference: str, form: FormData = Depends(checked_form),
          user: StaffUser = Depends(current_user)) -> Response:
    value = form_text(form, "score", limit=2)
    if not value.isdigit():
        flash(request, "Choose a score from 1 to 5.", "error")
        return redirect(request, f"/s/{reference}")
    try:
        with db(request) as s:
            set_score(s, _load(s, reference), reviewer=user.email, score=int(value),
                      note=form_text(form, "note") or None)
    except QueueError as err:
        flash(request, str(err), "error")
        return redirect(request, f"/s/{reference}")
    flash(request, f"Your score: {value}.")
    return redirect(request, f"/s/{reference}")


@router.get("/attachments/{attachment_id}")
def download(request: Request, attachment_id: int, user: StaffUser = Depends(current_user)) -> Response:
    with db(request) as s:
        row = s.get(Attachment, attachment_id)
        if row is None or row.content is None:
            raise HTTPException(status_code=404, detail="That attachment was not kept (too large) or "
                                "does not exist.")
        content, name, ctype = row.content, row.filename, row.content_type.lower()
    log.info("attachment %s (%s) downloaded by %s", attachment_id, name, user.email)
    return Response(content, media_type=ctype if ctype in _SAFE_TYPES else "application/octet-stream",
                    headers={"Content-Disposition": content_disposition(name)})


def content_disposition(filename: str) -> str:
    """``attachment`` with an ASCII fallback name and the real name per RFC 6266 / RFC 5987."""
    fallback = "".join(c if c.isascii() and c.isprintable() and c not in '"\\;' else "_" for c in filename)
    return f"attachment; filename=\"{fallback or 'attachment'}\"; filename*=UTF-8''{quote(filename, safe='')}"
