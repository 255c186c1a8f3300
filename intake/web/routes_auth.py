"""Signing in and out. A failed login is answered only after a delay, and repeated failures lock
the account (and, far later, the client address) for a growing time."""

from __future__ import annotations

import asyncio
import logging
import secrets

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from intake.web.common import checked_form, db, flash, form_text, get_ctx, redirect, render
from intake.web.passwords import hash_password, needs_rehash, verify_password
from intake.web.security import hash_fingerprint, safe_next
from store.models import User
from store.review import active_user, end_sessions, set_password_hash

log = logging.getLogger("intake.web")
router = APIRouter()

# Verified against when the address is unknown, so that the answer takes as long as for a real
# account and does not reveal which addresses have one.
_UNKNOWN_USER_HASH = ("$argon2id$v=19$m=65536,t=3,p=4$JK//zUnpDYGz6oKw0"
                      "5DGEQ$3eawRIVwKPRJ4zaqIaD1pSVAzncOwfFhopr+Pk1uRxY")


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: str = "/") -> Response:  # noqa: A002 - the query parameter's name
    if isinstance(request.session.get("uid"), int):
        return redirect(request, safe_next(next))
    return render(request, "login.html", next=safe_next(next), email="")


@router.post("/login")
async def login(request: Request, form: FormData = Depends(checked_form)) -> Response:
    ctx = get_ctx(request)
    email = form_text(form, "email", limit=320).lower()
    password = form.get("password")
    target = safe_next(form_text(form, "next", limit=2000))
    keys = [f"account:{email}", f"ip:{request.client.host if request.client else '-'}"]
    wait = ctx.throttle.retry_after(keys)
    if wait > 0:
        log.warning("login refused for %s: locked for %.0f s after repeated failures", email, wait)
        return render(request, "login.html", status_code=429, next=target, email=email,
                      error=f"Too many failed attempts. Try again in {int(wait) + 1} seconds.")
    user_id = await run_in_threadpool(_check_password, request, email, password if isinstance(password, str)
                                      else "")
    if user_id is None:
        ctx.throttle.failed(keys)
        log.info("failed login for %s", email)
        await asyncio.sleep(ctx.options.failed_login_delay_s)
        return render(request, "login.html", status_code=401, next=target, email=email,
                      error="That email address and password do not match an active account.")
    ctx.throttle.succeeded(keys)
    return redirect(request, target)


def _check_password(request: Request, email: str, password: str) -> int | None:
    """Sign the user in (new session, new CSRF token) and return their id; ``None`` on failure."""
    with db(request) as s:
        user = active_user(s, email) if email else None
        if user is None:
            verify_password(_UNKNOWN_USER_HASH, password)
            return None
        if not verify_password(user.password_hash, password):
            return None
        if needs_rehash(user.password_hash):
            set_password_hash(s, user, hash_password(password), end_other_sessions=False)
        assert user.id is not None
        # A fresh session on login: nothing an attacker planted before survives (session fixation).
        request.session.clear()
        request.session.update(uid=user.id, ph=hash_fingerprint(user.password_hash),
                               gen=user.session_generation, csrf=secrets.token_urlsafe(32))
        log.info("login: %s", user.email)
        return user.id


@router.post("/logout")
def logout(request: Request, form: FormData = Depends(checked_form)) -> Response:
    # Signing out ends every session of the account, not only this cookie: a copy of the cookie
    # taken before (another browser, a shared machine, a stolen value) stops working too.
    uid = request.session.get("uid")
    if isinstance(uid, int):
        with db(request) as s:
            user = s.get(User, uid)
            if user is not None:
                end_sessions(s, user)
    request.session.clear()
    flash(request, "You are signed out.")
    return redirect(request, "/login")
