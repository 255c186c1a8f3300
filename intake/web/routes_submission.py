"""One submission: its page, the staff actions on it, and its attachments.

Every action is one transaction that changes the submission and writes an event naming the user
and their note: a decision through ``store.decisions.decide`` (the same operation the CLI uses),
the rest through ``store.queue.add_event`` and ``store.review``. An email to the
submitter is only queued in the outbox, in the same transaction; the worker sends it.
"""

from __future__ import annotations

import logging
from urllib.parse import quote

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session
from starlette.datastructures import FormData

from intake.replies import ReplyError
from intake.replies.drafts import Draft, draft_for, queue_draft
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
from intake.web.pages import submission_page
from store.decisions import (
    EMAIL_ACTIONS,
    TRANSITIONS,
    Action,
    DecisionRefused,
    allowed_actions,
    decide,
    refusal,
)
from store.models import Attachment, Outbox, Submission
from store.queue import QueueError, add_event, get_by_reference, latest_version
from store.review import add_tag, assign, remove_tag
from store.scores import set_scores

log = logging.getLogger("intake.web")
router = APIRouter()

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
        allowed = allowed_actions(sub.status)
    buttons = [(a.value, TRANSITIONS[a].label) for a in allowed if a is not Action.REQUEST_CHANGES]
    return render(request, "submission.html", user=user, decisions=buttons,
                  email_decisions=[a.value for a in EMAIL_ACTIONS],
                  closed_reason=refusal(sub, Action.REQUEST_CHANGES), **page)


def _action(name: str) -> Action:
    try:
        return Action(name)
    except ValueError:
        raise HTTPException(status_code=400, detail="Choose one of the decisions offered.") from None


@router.post("/s/{reference}/decide", response_class=HTMLResponse)
def decide_route(request: Request, reference: str, form: FormData = Depends(checked_form),
                 user: StaffUser = Depends(current_user)) -> Response:
    """Change the status by :func:`store.decisions.decide`. A decision that may email the
    submitter, with "email" ticked, shows the email for editing first (nothing changes until it
    is queued)."""
    action = _action(form_text(form, "decision"))
    note = form_text(form, "note") or None
    with db(request) as s:
        sub = _load(s, reference)
        why = refusal(sub, action)
        if why is not None:
            flash(request, why, "error")
            return redirect(request, f"/s/{sub.reference}")
        if action in EMAIL_ACTIONS and form_text(form, "email") == "yes":
            return _email_form(request, s, sub, action, user=user, note=note or "")
        decide(s, sub, action, actor=user.email, note=note)
    log.info("%s: %s by %s", reference, action.value, user.email)
    flash(request, f"{TRANSITIONS[action].done}: {reference}.")
    return redirect(request, f"/s/{reference}")


EMAIL_PAGES = {
    Action.REQUEST_CHANGES: ("Ask for changes to {ref}", "the submission moves to “changes requested”.",
                             "Queue the email and mark as changes requested"),
    Action.ACCEPT: ("Accept {ref} and tell the submitter", "the submission is accepted when you queue it.",
                    "Queue the email and accept"),
    Action.REJECT: ("Reject {ref} and tell the submitter", "the submission is rejected when you queue it.",
                    "Queue the email and reject"),
}
"""Heading, introduction and button of the email page of each decision that may email."""


def _email_form(request: Request, s: Session, sub: Submission, action: Action, *, user: StaffUser,
                note: str = "", draft: Draft | None = None, error: str | None = None,
                status_code: int = 200) -> Response:
    """The email page for ``action``: the template's draft (or the text staff already edited,
    ``None`` for the template's) to edit before it goes."""
    heading, intro, button = EMAIL_PAGES[action]
    kind = TRANSITIONS[action].to.value
    if draft is None:
        try:
            draft = draft_for(get_ctx(request).config, sub, latest_version(s, sub), kind)
        except ReplyError as err:
            draft, error, status_code = Draft(subject="", body=""), f"The email cannot be drafted: {err}", 500
    return render(request, "email_form.html", status_code=status_code, user=user, sub=sub, draft=draft,
                  note=note, error=error, intro=intro, button=button,
                  action=f"/s/{sub.reference}/{_email_path(action)}",
                  heading=heading.format(ref=sub.reference))


def _email_path(action: Action) -> str:
    return "changes" if action is Action.REQUEST_CHANGES else f"email/{action.value}"


def _email_action(decision: str) -> Action:
    action = Action(decision) if decision in (Action.ACCEPT, Action.REJECT) else None
    if action is None:
        raise HTTPException(status_code=404, detail="There is no such email.")
    return action


@router.get("/s/{reference}/changes", response_class=HTMLResponse)
def changes_form(request: Request, reference: str, user: StaffUser = Depends(current_user)) -> Response:
    return _email_form_or_refusal(request, reference, Action.REQUEST_CHANGES, user)


@router.get("/s/{reference}/email/{decision}", response_class=HTMLResponse)
def decision_email_form(request: Request, reference: str, decision: str,
                        user: StaffUser = Depends(current_user)) -> Response:
    return _email_form_or_refusal(request, reference, _email_action(decision), user)


def _email_form_or_refusal(request: Request, reference: str, action: Action, user: StaffUser) -> Response:
    with db(request) as s:
        sub = _load(s, reference)
        why = refusal(sub, action)
        if why is None:
            return _email_form(request, s, sub, action, user=user)
    flash(request, why, "error")
    return redirect(request, f"/s/{sub.reference}")


@router.post("/s/{reference}/changes", response_class=HTMLResponse)
def ask_for_changes(request: Request, reference: str, form: FormData = Depends(checked_form),
                    user: StaffUser = Depends(current_user)) -> Response:
    return _queue_and_decide(request, reference, Action.REQUEST_CHANGES, form, user)


@router.post("/s/{reference}/email/{decision}", response_class=HTMLResponse)
def decide_with_email(request: Request, reference: str, decision: str, form: FormData = Depends(checked_form),
                      user: StaffUser = Depends(current_user)) -> Response:
    return _queue_and_decide(request, reference, _email_action(decision), form, user)


def _queue_and_decide(request: Request, reference: str, action: Action, form: FormData,
                      user: StaffUser) -> Response:
    """Queue the edited email and take ``action``, in one transaction (:func:`decide` with a
    ``notify`` hook); on a refusal show the form again with the text as edited and the reason."""
    draft = Draft(subject=form_text(form, "subject", limit=1000), body=form_text(form, "body", limit=40_000))
    note = form_text(form, "note") or None
    config = get_ctx(request).config
    queued: list[Outbox] = []
    try:
        with db(request) as s:
            sub = _load(s, reference)

            def notify(sub: Submission, status: str) -> None:
                queued.append(queue_draft(s, config, sub, status, draft, actor=user.email))

            decide(s, sub, action, actor=user.email, note=note, notify=notify)
    except (ReplyError, DecisionRefused) as err:
        with db(request) as s:
            sub = _load(s, reference)
            return _email_form(request, s, sub, action, user=user, note=note or "", draft=draft,
                               error=str(err), status_code=422)
    log.info("%s: %s by %s with an email (outbox %s)", reference, action.value, user.email, queued[0].id)
    flash(request, f"{TRANSITIONS[action].done}: {reference}. "
                   f"The email to {queued[0].to_addr} is in the outbox.")
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
    """Save the signed-in reviewer's score of every criterion (``score-<key>`` fields, 1-5)."""
    criteria = get_ctx(request).config.review.criteria
    given = {k: small_int(form_text(form, f"score-{k}", limit=2), low=1, high=5) for k in criteria}
    missing = [criteria[k] for k, v in given.items() if v is None]
    if missing:
        flash(request, f"Give every criterion a score from 1 to 5 (missing: {', '.join(missing)}).", "error")
        return redirect(request, f"/s/{reference}")
    scores = {k: v for k, v in given.items() if v is not None}
    try:
        with db(request) as s:
            set_scores(s, _load(s, reference), reviewer=user.email, scores=scores, criteria=criteria,
                       note=form_text(form, "note") or None)
    except QueueError as err:
        flash(request, str(err), "error")
        return redirect(request, f"/s/{reference}")
    flash(request, "Your scores: " + ", ".join(f"{criteria[k]} {v}" for k, v in scores.items()) + ".")
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
