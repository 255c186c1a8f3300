"""Staff correct a mis-read answer: a form with every answer of the current version; the changed
ones are saved as a new version authored by the member of staff (:func:`intake.answer_edits.correct`).
The submitter's versions stay as they came."""

from __future__ import annotations

import logging

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import FormData

from intake.answer_edits import MAX_ANSWER, changed_answers, correct
from intake.web.common import (
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
)
from intake.web.pages import field_views
from store.models import Submission
from store.queue import QueueError, get_by_reference, latest_version

log = logging.getLogger("intake.web")
router = APIRouter()


def _form_page(request: Request, sub: Submission, answers: dict[str, str], *, user: StaffUser,
               note: str = "", error: str | None = None, status_code: int = 200) -> Response:
    config = get_ctx(request).config
    with db(request) as s:
        current = latest_version(s, get_by_reference(s, sub.reference))
        views = field_views(config, current)
    rows = [(f.key, f.label, answers.get(f.key, f.value or ""), f.max_words) for f in views]
    return render(request, "answers_form.html", status_code=status_code, user=user, sub=sub, rows=rows,
                  version=current, note=note, error=error, max_answer=MAX_ANSWER)


def _load(request: Request, reference: str) -> Submission:
    try:
        if not plausible_reference(reference):
            raise QueueError(reference)
        with db(request) as s:
            return get_by_reference(s, reference)
    except QueueError as err:
        raise HTTPException(status_code=404, detail=f"There is no submission {reference[:40]}.") from err


@router.get("/s/{reference}/answers", response_class=HTMLResponse)
def answers_form(request: Request, reference: str, user: StaffUser = Depends(current_user)) -> Response:
    return _form_page(request, _load(request, reference), {}, user=user)


@router.post("/s/{reference}/answers", response_class=HTMLResponse)
def save_answers(request: Request, reference: str, form: FormData = Depends(checked_form),
                 user: StaffUser = Depends(current_user)) -> Response:
    """Save the changed answers as version N+1 by this member of staff; nothing changed, or an
    answer refused, shows the form again with the text as typed."""
    sub = _load(request, reference)
    config = get_ctx(request).config
    answers = {k[len("answer-"):]: str(v) for k, v in form.multi_items()
               if k.startswith("answer-") and isinstance(v, str) and len(v) <= MAX_ANSWER + 1000}
    note = form_text(form, "note") or None
    try:
        with db(request) as s:
            changed = changed_answers(config, latest_version(s, get_by_reference(s, sub.reference)), answers)
            number = correct(s, config, sub.reference, answers, actor=user.email, note=note).version
    except QueueError as err:
        return _form_page(request, sub, answers, user=user, note=note or "", error=str(err), status_code=422)
    labels = {f.key: f.label for f in config.form.fields}
    log.info("%s: answers corrected by %s as version %s", sub.reference, user.email, number)
    names = ", ".join(labels.get(k, k) for k in changed)
    flash(request, f"Saved as version {number}, corrected by you ({names}). The submitter's version is kept.")
    return redirect(request, f"/s/{sub.reference}#versions")
