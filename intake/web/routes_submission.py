"""One submission: its page, the staff actions on it, and its attachments.

Every action is one transaction that changes the submission and writes an event naming the user
and their note (``store.queue.set_status`` / ``add_event`` and ``store.review``). An email to the
submitter is only queued in the outbox, in the same transaction; the worker sends it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from urllib.parse import quote

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session
from starlette.datastructures import FormData

from intake.web.common import (
    RowId,
    StaffUser,
    checked_form,
    current_user,
    db,
    flash,
    form_text,
    get_ctx,
    plausible_reference,
    redirect,
    render,
    small_int,
)
from intake.web.emails import Draft, EmailRefused, changes_refusal, decision_draft, queue_email
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
EMAIL_DECISIONS = ("accept", "reject")
"""Decisions that may come with an email to the submitter (its kind is the new status)."""
# Attachment types a browser may be given as they are; anything else downloads as octet-stream.
_SAFE_TYPES = {"application/pdf", "text/plain", "image/png", "image/jpeg", "image/gif", "application/rtf",
               "application/msword", "application/vnd.oasis.opendocument.text",
               "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


def _load(s: Session, reference: str) -> Submission:
    try:
        if not plausible_reference(reference):
            raise QueueError(reference)
        return get_by_reference(s, reference)
    except QueueError as err:
        raise HTTPException(status_code=404, detail=f"There is no submission {reference[:40]}.") from err


@router.get("/s/{reference}", response_class=HTMLResponse)
def show(request: Request, reference: str, user: StaffUser = Depends(current_user)) -> Response:
    compare = small_int(request.query_params.get("compare", ""), low=1, high=1_000_000)
    with db(request) as s:
        sub = _load(s, reference)
        ctx = get_ctx(request)
        page = submission_page(s, ctx.config, sub, user=user, themes=ctx.themes, compare=compare)
    return render(request, "submission.html", user=user, closed_reason=changes_refusal(sub), **page)


@router.post("/s/{reference}/decide", response_class=HTMLResponse)
def decide(request: Request, reference: str, form: FormData = Depends(checked_form),
           user: StaffUser = Depends(current_user)) -> Response:
    """Change the status. Accept or reject with "email" ticked shows the email to the submitter
    for editing first (nothing changes until it is queued)."""
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
        if decision in EMAIL_DECISIONS and form_text(form, "email") == "yes":
            return _email_form(request, s, sub, decision, user=user, note=note or "")
        set_status(s, sub, status, actor=user.email, note=note, action=decision)
    log.info("%s: %s by %s", reference, decision, user.email)
    flash(request, f"{done}: {reference}.")
    return redirect(request, f"/s/{reference}")


@dataclass(frozen=True)
class EmailPage:
    """How the email form reads for one kind of email."""

    kind: str
    heading: str
    intro: str
    button: str


EMAIL_PAGES = {
    "changes": EmailPage("changes_requested", "Ask for changes to {ref}",
                         "the submission moves to “changes requested”.",
                         "Queue the email and mark as changes requested"),
    "accept": EmailPage("accepted", "Accept {ref} and tell the submitter",
                        "the submission is accepted when you queue it.",
                        "Queue the email and accept"),
    "reject": EmailPage("rejected", "Reject {ref} and tell the submitter",
                        "the submission is rejected when you queue it.",
                        "Queue the email and reject"),
}


def _email_form(request: Request, s: Session, sub: Submission, which: str, *, user: StaffUser,
                note: str = "", draft: Draft | None = None, error: str | None = None,
                status_code: int = 200) -> Response:
    """The email page for ``which`` (``changes``, ``accept``, ``reject``): the template's draft
    (or the text staff already edited) to edit before it goes."""
    page = EMAIL_PAGES[which]
    if draft is None:
        try:
            draft = decision_draft(get_ctx(request).config, sub, latest_version(s, sub), page.kind)
        except EmailRefused as err:
            draft, error, status_code = Draft(subject="", body=""), str(err), 500
    return render(request, "email_form.html", status_code=status_code, user=user, sub=sub, draft=draft,
                  note=note, error=error, page=page, action=f"/s/{sub.reference}/{_email_path(which)}",
                  heading=page.heading.format(ref=sub.reference))


def _email_path(which: str) -> str:
    return "changes" if which == "changes" else f"email/{which}"


@router.get("/s/{reference}/changes", response_class=HTMLResponse)
def changes_form(request: Request, reference: str, user: StaffUser = Depends(current_user)) -> Response:
    with db(request) as s:
        sub = _load(s, reference)
        refusal = changes_refusal(sub)
        if refusal is None:
            return _email_form(request, s, sub, "changes", user=user)
    flash(request, refusal, "error")
    return redirect(request, f"/s/{sub.reference}")


@router.get("/s/{reference}/email/{decision}", response_class=HTMLResponse)
def decision_email_form(request: Request, reference: str, decision: str,
                        user: StaffUser = Depends(current_user)) -> Response:
    if decision not in EMAIL_DECISIONS:
        raise HTTPException(status_code=404, detail="There is no such email.")
    with db(request) as s:
        return _email_form(request, s, _load(s, reference), decision, user=user)


@router.post("/s/{reference}/changes", response_class=HTMLResponse)
def ask_for_changes(request: Request, reference: str, form: FormData = Depends(checked_form),
                    user: StaffUser = Depends(current_user)) -> Response:
    return _queue_and_decide(request, reference, "changes", form, user)


@router.post("/s/{reference}/email/{decision}", response_class=HTMLResponse)
def decide_with_email(request: Request, reference: str, decision: str, form: FormData = Depends(checked_form),
                      user: StaffUser = Depends(current_user)) -> Response:
    if decision not in EMAIL_DECISIONS:
        raise HTTPException(status_code=404, detail="There is no such email.")
    return _queue_and_decide(request, reference, decision, form, user)


def _queue_and_decide(request: Request, reference: str, which: str, form: FormData,
                      user: StaffUser) -> Response:
    """Queue the edited email and change the status, in one transaction; on a refusal show the
    form again with the text as edited and the reason."""
    page = EMAIL_PAGES[which]
    draft = Draft(subject=form_text(form, "subject", limit=1000), body=form_text(form, "body", limit=40_000))
    note = form_text(form, "note") or None
    action = page.kind if which == "changes" else which
    try:
        with db(request) as s:
            sub = _load(s, reference)
            if sub.status == page.kind:
                raise EmailRefused(f"{sub.reference} is already {page.kind.replace('_', ' ')}.")
            row = queue_email(s, get_ctx(request).config, sub, page.kind, draft, actor=user.email)
            # queue_staff_email records its own "email_queued" event; this one is the decision.
            set_status(s, sub, page.kind, actor=user.email, note=note, action=action)
    except EmailRefused as err:
        with db(request) as s:
            sub = _load(s, reference)
            return _email_form(request, s, sub, which, user=user, note=note or "", draft=draft,
                               error=str(err), status_code=422)
    log.info("%s: %s by %s with an email (outbox %s)", reference, action, user.email, row.id)
    done = {"changes": "Changes requested", "accept": "Accepted", "reject": "Rejected"}[which]
    flash(request, f"{done}: {reference}. The email to {row.to_addr} is in the outbox.")
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
    value = small_int(form_text(form, "score", limit=2), low=1, high=5)
    if value is None:
        flash(request, "Choose a score from 1 to 5.", "error")
        return redirect(request, f"/s/{reference}")
    try:
        with db(request) as s:
            set_score(s, _load(s, reference), reviewer=user.email, score=value,
                      note=form_text(form, "note") or None)
    except QueueError as err:
        flash(request, str(err), "error")
        return redirect(request, f"/s/{reference}")
    flash(request, f"Your score: {value}.")
    return redirect(request, f"/s/{reference}")


@router.get("/attachments/{attachment_id}")
def download(request: Request, attachment_id: RowId, user: StaffUser = Depends(current_user)) -> Response:
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
