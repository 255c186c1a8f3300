"""Staff accounts, for administrators: who can sign in, and switching an account off or on.
Invitations and password resets are :mod:`intake.web.routes_accounts`; ``intake user add`` creates an
account with its password at the server."""

from __future__ import annotations

import logging

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import FormData

from intake.web.common import StaffUser, admin_user, checked_form, db, flash, form_text, redirect, render
from store.accounts import NO_PASSWORD, pending
from store.review import ReviewError, list_users, set_active

log = logging.getLogger("intake.web")
router = APIRouter()


@router.get("/staff", response_class=HTMLResponse)
def staff_page(request: Request, user: StaffUser = Depends(admin_user)) -> Response:
    with db(request) as s:
        users = list_users(s)
        links = pending(s)
    return render(request, "staff.html", user=user, users=users, links=links, no_password=NO_PASSWORD)


@router.post("/staff/active")
def switch(request: Request, form: FormData = Depends(checked_form),
           user: StaffUser = Depends(admin_user)) -> Response:
    email, active = form_text(form, "email", limit=320), form_text(form, "active") == "yes"
    if email == user.email and not active:
        flash(request, "You cannot disable your own account.", "error")
        return redirect(request, "/staff")
    try:
        with db(request) as s:
            set_active(s, email, active)
    except ReviewError as err:
        flash(request, str(err), "error")
        return redirect(request, "/staff")
    log.info("account %s %s by %s", email, "enabled" if active else "disabled", user.email)
    flash(request, f"{'Enabled' if active else 'Disabled'} {email}.")
    return redirect(request, "/staff")
