"""Accounts in the browser: an administrator invites a reviewer or resets a password (a set-password
link, single use and expiring, emailed through the outbox), and the link's holder chooses a password.
Disabling an account is :mod:`intake.web.routes_staff`; ``intake user ...`` does the same at the server."""

from __future__ import annotations

import logging
from datetime import timedelta

from email_validator import EmailNotValidError, validate_email
from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from intake.notify import queue_account_link
from intake.replies.errors import ReplyError
from intake.web.common import (
    StaffUser,
    admin_user,
    checked_form,
    db,
    flash,
    form_text,
    get_ctx,
    redirect,
    render,
)
from intake.web.passwords import RULE, PasswordError, check_new_password, hash_password
from store import accounts
from store.review import ROLES, ReviewError

log = logging.getLogger("intake.web")
router = APIRouter()
SENT_SOON = "The worker sends it within a minute or two (see the outbox)."


def app_url(request: Request) -> str:
    """The app's address for links in emails: ``web.public_url``, else the one this request used."""
    configured = get_ctx(request).config.web.public_url
    if configured:
        return configured
    root: str = request.scope.get("root_path", "")
    return f"{request.url.scheme}://{request.url.netloc}{root}"


def _valid_for(request: Request) -> timedelta:
    return timedelta(hours=get_ctx(request).config.web.link_valid_hours)


@router.post("/staff/invite")
def invite(request: Request, form: FormData = Depends(checked_form),
           user: StaffUser = Depends(admin_user)) -> Response:
    role = form_text(form, "role", limit=20) or "reviewer"
    try:
        email = validate_email(form_text(form, "email", limit=320), check_deliverability=False).normalized
    except EmailNotValidError as err:
        flash(request, f"Not an email address we can invite: {err}", "error")
        return redirect(request, "/staff")
    if role not in ROLES:
        flash(request, f"The role must be one of {', '.join(ROLES)}.", "error")
        return redirect(request, "/staff")
    try:
        with db(request) as s:
            link = accounts.invite(s, email, role=role, actor=user.email, valid_for=_valid_for(request))
            queue_account_link(s, get_ctx(request).config, link, "invite", app_url=app_url(request),
                               actor=user.email)
    except (ReviewError, ReplyError) as err:
        flash(request, f"{err}.", "error")
        return redirect(request, "/staff")
    log.info("account %s invited as %s by %s", email, role, user.email)
    flash(request, f"Invitation to {email} queued. {SENT_SOON}")
    return redirect(request, "/staff")


@router.post("/staff/reset")
def reset(request: Request, form: FormData = Depends(checked_form),
          user: StaffUser = Depends(admin_user)) -> Response:
    email = form_text(form, "email", limit=320)
    try:
        with db(request) as s:
            target = accounts.user_for(s, email)
            purpose = "reset" if accounts.has_password(target) else "invite"
            link = accounts.issue(s, target, purpose, actor=user.email, valid_for=_valid_for(request))
            queue_account_link(s, get_ctx(request).config, link, purpose, app_url=app_url(request),
                               actor=user.email)
    except (ReviewError, ReplyError) as err:
        flash(request, f"{err}.", "error")
        return redirect(request, "/staff")
    log.info("set-password link (%s) for %s issued by %s", purpose, email, user.email)
    what = "A new invitation" if purpose == "invite" else "A password-reset link"
    flash(request, f"{what} to {email} is queued; earlier links stop working. {SENT_SOON}")
    return redirect(request, "/staff")


@router.get("/account/password/{token}", response_class=HTMLResponse)
def password_page(request: Request, token: str) -> Response:
    try:
        with db(request) as s:
            row, target = accounts.check(s, token)
            email, purpose = target.email, row.purpose
    except ReviewError as err:
        return _refused(request, err)
    return render(request, "set_password.html", email=email, purpose=purpose, rule=RULE, error="",
                  action=f"/account/password/{token}")


@router.post("/account/password/{token}")
async def set_password(request: Request, token: str, form: FormData = Depends(checked_form)) -> Response:
    password, again = form.get("password"), form.get("password_again")
    password = password if isinstance(password, str) else ""
    try:
        with db(request) as s:
            row, target = accounts.check(s, token)
            email, purpose = target.email, row.purpose
    except ReviewError as err:
        return _refused(request, err)
    problem = "The two passwords are not the same." if password != again else None
    try:
        check_new_password(password)
    except PasswordError as err:
        problem = problem or f"{str(err)[:1].upper()}{str(err)[1:]}."
    if problem:
        return render(request, "set_password.html", status_code=400, email=email, purpose=purpose, rule=RULE,
                      error=problem, action=f"/account/password/{token}")
    password_hash = await run_in_threadpool(hash_password, password)
    try:
        with db(request) as s:
            accounts.redeem(s, token, password_hash)
    except ReviewError as err:  # used or withdrawn while the form was open
        return _refused(request, err)
    log.info("password set through a %s link for %s", purpose, email)
    request.session.clear()
    flash(request, "Your password is set. Sign in with it now.")
    return redirect(request, "/login")


def _refused(request: Request, err: ReviewError) -> Response:
    """The page for a link that cannot be used (unknown, used, expired, account disabled): 410 Gone."""
    return render(request, "set_password.html", status_code=410, error=str(err), email="", purpose="",
                  action="")
