"""The review web app: ``create_app(config, store)`` returns the ASGI app ``intake serve`` runs.

Server-rendered Jinja2 pages that work without JavaScript. With ``web.base_path`` (for example
``/review`` behind a reverse proxy that passes the path on unchanged) every route, link, redirect and
the session cookie live under that path.
"""

from __future__ import annotations

import logging
from pathlib import Path

import jinja2
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException
from starlette.middleware.sessions import SessionMiddleware
from starlette.routing import Mount
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from intake.config import Config
from intake.web import (
    routes_accounts,
    routes_answers,
    routes_auth,
    routes_bulk,
    routes_filing,
    routes_messages,
    routes_outbox,
    routes_queue,
    routes_staff,
    routes_submission,
)
from intake.web.aids import ThemeMatcher, themes_in_force
from intake.web.common import (
    LoginRequired,
    StaffUser,
    WebContext,
    WebOptions,
    current_user,
    format_dt,
    render,
    url,
)
from intake.web.security import LoginThrottle, StoreRecords, load_secret_key
from store.db import Store

log = logging.getLogger("intake.web")
HERE = Path(__file__).parent
ROUTERS = (routes_auth.router, routes_queue.router, routes_submission.router, routes_messages.router,
           routes_outbox.router, routes_staff.router, routes_accounts.router, routes_bulk.router,
           routes_filing.router, routes_answers.router)

# No script may run, nothing may be framed, forms post only here, images only from here.
_SECURITY_HEADERS = [
    (b"content-security-policy", b"default-src 'none'; style-src 'self'; img-src 'self' data:; "
                                 b"form-action 'self'; frame-ancestors 'none'; base-uri 'none'"),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
]


class SecurityHeaders:
    """Adds the headers above to every response, and ``Cache-Control: no-store`` to everything but
    static files (pages hold submitters' personal data)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = "/static/" in scope.get("path", "")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers.extend(_SECURITY_HEADERS)
                if not static:
                    headers.append((b"cache-control", b"no-store"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _templates() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(HERE / "templates")),
                             autoescape=jinja2.select_autoescape(default=True, default_for_string=True),
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["dt"] = format_dt
    env.filters["label"] = lambda s: str(s or "").replace("_", " ")
    return env


def _inner_app(ctx: WebContext, secret: str) -> FastAPI:
    app = FastAPI(title="case-intake review", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.ctx = ctx
    for router in ROUTERS:
        app.include_router(router)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    app.add_exception_handler(LoginRequired, _login_required)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _invalid_request)
    app.add_exception_handler(Exception, _server_error)
    web = ctx.config.web
    app.add_middleware(SessionMiddleware, secret_key=secret, session_cookie="intake_session",
                       max_age=ctx.options.session_max_age_s, path=web.base_path or "/", same_site="lax",
                       https_only=web.https)
    return app


def create_app(config: Config, store: Store, options: WebOptions | None = None) -> FastAPI:
    """The review app over ``store``. Reads (or creates, mode 0600) the session key file named by
    ``web.secret_key_file``; raises ``SecretKeyError`` when that is impossible."""
    assert config.web.secret_key_file is not None, "the config loader always sets web.secret_key_file"
    options = options or WebOptions()
    ctx = WebContext(config=config, store=store, templates=_templates(), options=options,
                     themes=ThemeMatcher(themes_in_force(config.review.themes)),
                     throttle=options.throttle or LoginThrottle(records=StoreRecords(store)))
    inner = _inner_app(ctx, load_secret_key(config.web.secret_key_file))
    base = config.web.base_path.rstrip("/")
    if not base:
        inner.add_middleware(SecurityHeaders)
        return inner
    outer = FastAPI(docs_url=None, redoc_url=None, openapi_url=None,
                    routes=[Mount(base, app=inner)])
    outer.state.ctx = ctx

    @outer.get("/")
    def _to_base() -> RedirectResponse:
        return RedirectResponse(base + "/", status_code=307)

    outer.add_middleware(SecurityHeaders)
    return outer


async def _login_required(request: Request, exc: Exception) -> Response:
    path = request.url.path[len(request.scope.get("root_path", "")):] or "/"
    if request.method != "GET":
        path = "/"
    query = f"?{request.url.query}" if request.url.query and request.method == "GET" else ""
    return RedirectResponse(url(request, "/login", next=path + query), status_code=303)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    titles = {400: "Something in that request was wrong", 403: "Not allowed", 404: "Not found",
              405: "Not allowed", 422: "Something in that form was wrong"}
    if "session" not in request.scope:  # outside the app (e.g. an unknown path above base_path)
        return Response(str(exc.detail), status_code=exc.status_code, media_type="text/plain")
    return render(request, "error.html", status_code=exc.status_code, user=_signed_in(request),
                  title=titles.get(exc.status_code, "Something went wrong"), detail=str(exc.detail))


def _signed_in(request: Request) -> StaffUser | None:
    """The signed-in member of staff, so an error page keeps the navigation; ``None`` when nobody
    is signed in."""
    try:
        return current_user(request)
    except LoginRequired:
        return None


async def _invalid_request(request: Request, exc: Exception) -> Response:
    """A path or query value of the wrong type or out of range, answered with the app's error page
    instead of FastAPI's JSON: 404 for the path (it names nothing), 400 for the query string."""
    assert isinstance(exc, RequestValidationError)
    places = {str(e.get("loc", ("",))[0]) for e in exc.errors()}
    if "path" in places:
        return await _http_error(request, HTTPException(404, "There is no such page or item."))
    names = sorted({str(e["loc"][-1]) for e in exc.errors() if len(e.get("loc", ())) > 1})
    detail = f"This value is not valid: {', '.join(names)}." if names else "This request is not valid."
    return await _http_error(request, HTTPException(400, detail))


async def _server_error(request: Request, exc: Exception) -> Response:
    log.error("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
    if "session" not in request.scope:
        return Response("Something went wrong on our side.", status_code=500, media_type="text/plain")
    return render(request, "error.html", status_code=500, title="Something went wrong on our side",
                  detail="The error has been logged. Try again, and tell the administrator if it persists.")
