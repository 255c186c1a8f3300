"""What every page shares: the app context, the signed-in user, CSRF-checked forms, links that
respect ``web.base_path``, flash messages and template rendering."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any
from urllib.parse import urlencode

import jinja2
from fastapi import HTTPException, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlmodel import Session
from starlette.datastructures import FormData

from intake.config import Config
from intake.health import alerts
from intake.web.aids import ThemeMatcher
from intake.web.security import CSRF_FIELD, LoginThrottle, csrf_ok, csrf_token, hash_fingerprint
from store.db import Store
from store.models import MAX_ROW_ID, User

MAX_ID = MAX_ROW_ID
"""The largest row id the database can hold: a larger id in a URL can name nothing (and would
overflow the database's INTEGER), so it is refused before any query."""
MAX_PAGE = 1_000_000
"""Page numbers above this are read as this (an empty page past the end)."""
MAX_REFERENCE = 40

RowId = Annotated[int, Path(ge=1, le=MAX_ID)]
"""A row id in a URL path; anything else is answered 404 by the app's validation handler."""
PageNumber = Annotated[int, Query()]
"""A page number in a query string; clamp it with :func:`page_number`. Not a number: 400."""


def page_number(page: int) -> int:
    """``page`` within 1 and :data:`MAX_PAGE`."""
    return max(1, min(page, MAX_PAGE))


def small_int(text: str, *, low: int, high: int) -> int | None:
    """``text`` as an integer from ``low`` to ``high``; ``None`` for anything else (ASCII digits
    only: ``str.isdigit`` also accepts "²", which ``int`` refuses)."""
    text = text.strip()
    if not text or len(text) > 20 or not (text.isascii() and text.isdigit()):
        return None
    value = int(text)
    return value if low <= value <= high else None


def plausible_reference(reference: str) -> bool:
    """Whether ``reference`` could name a submission (short, printable): anything else is a 404
    without a query (a NUL byte, for one, is refused by PostgreSQL with an error)."""
    return 0 < len(reference) <= MAX_REFERENCE and reference.isprintable()


@dataclass(frozen=True)
class WebOptions:
    """Knobs tests and the benchmark turn; the defaults are for production.

    ``failed_login_delay_s`` is added to every failed login before the answer goes back.
    """

    failed_login_delay_s: float = 1.0
    session_max_age_s: int = 8 * 3600
    #: ``None``: the app counts failed logins in the database (kept across restarts).
    throttle: LoginThrottle | None = None


@dataclass
class WebContext:
    """Everything the pages need, made once by ``create_app`` and kept in ``app.state.ctx``."""

    config: Config
    store: Store
    templates: jinja2.Environment
    options: WebOptions
    themes: ThemeMatcher
    throttle: LoginThrottle


@dataclass(frozen=True)
class StaffUser:
    """The signed-in member of staff."""

    id: int
    email: str
    role: str

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


class LoginRequired(Exception):
    """Raised by :func:`current_user` when nobody is signed in; answered with a redirect to login."""


def get_ctx(request: Request) -> WebContext:
    ctx = request.app.state.ctx
    assert isinstance(ctx, WebContext)
    return ctx


@contextmanager
def db(request: Request) -> Iterator[Session]:
    """A store session for this request (commits on success, rolls back on an exception)."""
    with get_ctx(request).store.session() as s:
        yield s


def url(request: Request, path: str, **params: Any) -> str:
    """``path`` inside this app (``/s/CS-2026-0001``) as a link, with the base path in front and
    ``params`` (those not ``None`` or empty) as the query string."""
    query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
    root: str = request.scope.get("root_path", "")
    return root + path + (f"?{query}" if query else "")


def redirect(request: Request, path: str, **params: Any) -> RedirectResponse:
    """A 303 See Other to ``path`` (after a POST the browser follows with a GET)."""
    return RedirectResponse(url(request, path, **params), status_code=303)


def flash(request: Request, message: str, kind: str = "ok") -> None:
    """Show ``message`` on the next page (``kind``: ``ok`` or ``error``)."""
    request.session.setdefault("flash", [])
    request.session["flash"] = [*request.session["flash"][-4:], [kind, message]]


def _pop_flashes(request: Request) -> list[tuple[str, str]]:
    items = request.session.pop("flash", None) or []
    return [(str(k), str(m)) for k, m in items]


def current_user(request: Request) -> StaffUser:
    """The signed-in, active member of staff; raises :class:`LoginRequired` otherwise (also when the
    account was disabled, its password changed or any of its sessions signed out since this one began)."""
    uid = request.session.get("uid")
    if not isinstance(uid, int):
        raise LoginRequired
    with db(request) as s:
        user = s.get(User, uid)
    if (user is None or not user.active or request.session.get("ph") != hash_fingerprint(user.password_hash)
            or request.session.get("gen") != user.session_generation):
        request.session.clear()
        raise LoginRequired
    assert user.id is not None
    # Staff must know when their emails are not leaving: the worker's health, on every signed-in
    # page. Read here, before the page opens its own transaction (SQLite allows one writer).
    request.state.health = alerts(get_ctx(request).config, get_ctx(request).store)
    return StaffUser(id=user.id, email=user.email, role=user.role)


def admin_user(request: Request) -> StaffUser:
    """The signed-in user when an admin; 403 for reviewers."""
    user = current_user(request)
    if not user.is_admin:
        raise HTTPException(status_code=403, detail="Only an administrator can do this.")
    return user


async def checked_form(request: Request) -> FormData:
    """The POSTed form, after checking its CSRF token against the session; 403 when it is missing
    or wrong. Every POST route depends on this."""
    form = await request.form(max_files=0, max_fields=200, max_part_size=256 * 1024)
    if not csrf_ok(request.session, form.get(CSRF_FIELD)):
        raise HTTPException(status_code=403, detail="This form has expired or did not come from this "
                            "site. Go back, reload the page and try again.")
    return form


def form_text(form: FormData, name: str, *, limit: int = 5000) -> str:
    """A text field of ``form``, stripped; ``""`` when absent. Longer input is refused with 400."""
    value = form.get(name)
    if not isinstance(value, str):
        return ""
    if len(value) > limit:
        raise HTTPException(status_code=400, detail=f"The {name.replace('_', ' ')} is too long.")
    return value.strip()


def render(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """Render template ``name`` with the shared context (links, CSRF token, flashes, user, and for a
    signed-in user the worker's health read by :func:`current_user`)."""
    ctx = get_ctx(request)
    context.setdefault("user", None)
    context.setdefault("health", getattr(request.state, "health", []) if context["user"] else [])
    context.update(request=request, csrf_field=CSRF_FIELD, csrf_token=csrf_token(request.session),
                   flashes=_pop_flashes(request), url=lambda path, **p: url(request, path, **p),
                   config=ctx.config)
    html = ctx.templates.get_template(name).render(context)
    return HTMLResponse(html, status_code=status_code)


def format_dt(value: datetime | None) -> str:
    """A timestamp for people: ``2026-11-28 14:05 UTC``; ``""`` for ``None``."""
    return value.strftime("%Y-%m-%d %H:%M UTC") if value else ""
