"""Bulk actions on the queue: assign the ticked submissions to a reviewer, or move them to a
status, after one confirmation page that lists what will change and what cannot (and why).

A status change goes through :func:`store.decisions.decide` for each submission, the same
operation as one decision on a submission page; the whole batch is one transaction. A submission
the transition table refuses is left as it is and named on the result.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

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
    redirect,
    render,
    url,
)
from store.decisions import TRANSITIONS, action_for_status, decide, refusal
from store.models import Submission
from store.queue import QueueError, get_by_reference
from store.review import active_user, assign, list_users
from store.states import status_words

log = logging.getLogger("intake.web")
router = APIRouter()
MAX_BULK = 500


def bulk_statuses() -> list[tuple[str, str]]:
    """The statuses a bulk change may move submissions to (those a decision leads to), as
    (value, words)."""
    return [(t.to.value, status_words(t.to.value)) for t in TRANSITIONS.values()]


@dataclass(frozen=True)
class BulkRequest:
    """What the bulk form asked: ``kind`` is ``assign`` or ``status``; ``reviewer`` ``""`` means
    nobody; ``back`` is the queue's query string to return to."""

    kind: str
    refs: list[str]
    reviewer: str
    status: str
    note: str
    back: str

    @classmethod
    def from_form(cls, form: FormData) -> BulkRequest:
        refs = [str(r).strip() for r in form.getlist("ref") if isinstance(r, str) and r.strip()]
        if len(refs) > MAX_BULK:
            raise HTTPException(status_code=400, detail=f"Choose at most {MAX_BULK} submissions at once.")
        kind = form_text(form, "bulk", limit=20)
        if kind not in ("assign", "status"):
            raise HTTPException(status_code=400, detail="Choose “Assign” or “Change status”.")
        back = form_text(form, "back", limit=2000)
        return cls(kind=kind, refs=list(dict.fromkeys(refs)), reviewer=form_text(form, "reviewer", limit=320),
                   status=form_text(form, "status", limit=40), note=form_text(form, "note"),
                   back=back if back.isprintable() else "")

    def what(self) -> str:
        """The change in words, for the confirmation and the result."""
        if self.kind == "assign":
            return f"assign to {self.reviewer}" if self.reviewer else "clear the assignment"
        return f"move to “{status_words(self.status)}”"


@dataclass(frozen=True)
class Planned:
    """One ticked submission and why it cannot change (``None``: it will change)."""

    sub: Submission
    refused: str | None


def _plan(s: Session, req: BulkRequest) -> list[Planned]:
    if req.kind == "assign" and req.reviewer and active_user(s, req.reviewer) is None:
        raise HTTPException(status_code=400, detail=f"There is no active staff account {req.reviewer[:320]}.")
    try:
        action = action_for_status(req.status) if req.kind == "status" else None
    except QueueError as err:
        raise HTTPException(status_code=400, detail="Choose the status to move them to.") from err
    out = []
    for ref in req.refs:
        try:
            sub = get_by_reference(s, ref)
        except QueueError:
            continue  # deleted (forgotten) since the page was shown: nothing to change
        if action is not None:
            why = refusal(sub, action)
        else:
            same = (sub.assigned_to or "") == req.reviewer
            now = f"assigned to {req.reviewer}" if req.reviewer else "unassigned"
            why = f"{sub.reference} is already {now}." if same else None
        out.append(Planned(sub, why))
    return out


def _back(request: Request, req: BulkRequest) -> Response:
    return redirect(request, "/" + (f"?{req.back}" if req.back else ""))


@router.post("/bulk", response_class=HTMLResponse)
def confirm(request: Request, form: FormData = Depends(checked_form),
            user: StaffUser = Depends(current_user)) -> Response:
    """The confirmation page: what will change, what cannot; nothing changes yet."""
    req = BulkRequest.from_form(form)
    if not req.refs:
        flash(request, "Tick at least one submission first.", "error")
        return _back(request, req)
    with db(request) as s:
        plan = _plan(s, req)
        reviewers = [u.email for u in list_users(s, active_only=True)]
    return render(request, "bulk.html", user=user, req=req, plan=plan, reviewers=reviewers,
                  changing=[p for p in plan if p.refused is None], refused=[p for p in plan if p.refused],
                  back_url=url(request, "/") + (f"?{req.back}" if req.back else ""))


@router.post("/bulk/apply")
def apply(request: Request, form: FormData = Depends(checked_form),
          user: StaffUser = Depends(current_user)) -> Response:
    """Apply the confirmed change to every ticked submission the table allows, in one transaction."""
    req = BulkRequest.from_form(form)
    note = req.note or None
    with db(request) as s:
        plan = _plan(s, req)
        done = [p.sub.reference for p in plan if p.refused is None]
        for p in plan:
            if p.refused is not None:
                continue
            if req.kind == "assign":
                assign(s, p.sub, req.reviewer or None, actor=user.email, note=note)
            else:
                decide(s, p.sub, action_for_status(req.status), actor=user.email, note=note)
    log.info("bulk %s of %d submissions by %s", req.what(), len(done), user.email)
    skipped = len(plan) - len(done)
    flash(request, f"Done: {req.what()} for {len(done)} submission{'s' * (len(done) != 1)}"
                   + (f" ({', '.join(done)})" if done else "") + "."
                   + (f" {skipped} left as {'it was' if skipped == 1 else 'they were'}." if skipped else ""))
    return _back(request, req)
