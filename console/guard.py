"""Who may do what: sessions from the cookie, roles, CSRF tokens, the Origin check, and
the security headers of every answer."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import wraps
from typing import Any
from urllib.parse import urlparse

from sanic import HTTPResponse, Request
from sanic.response import redirect, text

from console.sessions import COOKIE_NAME, IDLE_SECONDS
from console.web import CSRF_HEADER, message_page

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
CSRF_FIELD = "csrf_token"
HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
        "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
}

Handler = Callable[..., Awaitable[HTTPResponse]]


def staff(*roles: str) -> Callable[[Handler], Handler]:
    """Only signed-in accounts with one of `roles` (any role if none is given); state
    changes also need the session's CSRF token."""

    def decorator(handler: Handler) -> Handler:
        @wraps(handler)
        async def guarded(request: Request, *args: Any, **kwargs: Any) -> HTTPResponse:
            session = await request.app.ctx.sessions.get(request.cookies.get(COOKIE_NAME))
            account = await request.app.ctx.accounts.aget(session.account_id) if session else None
            if session is None or account is None or not account.active:
                return _sign_in_first(request)
            request.ctx.session, request.ctx.account = session, account
            if roles and account.role not in roles:
                return message_page(
                    request,
                    403,
                    "Accès réservé",
                    "Cette page est réservée à d'autres rôles que le vôtre.",
                )
            if request.method not in SAFE_METHODS and not session.csrf_matches(csrf_token(request)):
                return refused_csrf(request)
            return await handler(request, *args, **kwargs)

        return guarded

    return decorator


def csrf_token(request: Request) -> str | None:
    return request.headers.get(CSRF_HEADER) or (request.form or {}).get(CSRF_FIELD)


def refused_csrf(request: Request) -> HTTPResponse:
    return message_page(
        request,
        403,
        "Demande refusée",
        "Cette demande n'a pas pu être vérifiée. Rechargez la page, puis recommencez.",
    )


def same_origin(request: Request) -> HTTPResponse | None:
    """Request middleware: a state change must come from a page of the console itself."""
    if request.method in SAFE_METHODS:
        return None
    origin = request.headers.get("origin", "null")
    if origin != "null":
        allowed = urlparse(origin).netloc == request.host
    else:
        # Under Referrer-Policy: no-referrer, browsers send "Origin: null" with their own
        # forms; their Fetch Metadata, which no page can forge, say where it came from.
        allowed = request.headers.get("sec-fetch-site") == "same-origin"
    return None if allowed else text("Origine refusée.", status=403)


def secure_headers(request: Request, response: HTTPResponse) -> None:
    """Response middleware: the security headers; nothing but static files is cached."""
    response.headers.update(HEADERS)
    if not request.path.startswith("/static/"):
        response.headers["Cache-Control"] = "no-store"


def set_cookie(
    response: HTTPResponse,
    name: str,
    value: str,
    secure: bool,
    max_age: int = IDLE_SECONDS,
    path: str = "/",
) -> None:
    """An HttpOnly, SameSite=Strict cookie (max_age 0 deletes it)."""
    response.cookies[name] = value
    cookie = response.cookies[name]
    cookie["httponly"] = True
    cookie["samesite"] = "Strict"
    cookie["secure"] = secure
    cookie["path"] = path
    cookie["max-age"] = max_age


def _sign_in_first(request: Request) -> HTTPResponse:
    if request.method == "GET" and "text/html" in request.headers.get("accept", ""):
        return redirect("/login")
    return text("Connexion requise.", status=401)
