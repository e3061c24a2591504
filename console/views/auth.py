"""Signing in and out, and the home page of each role."""

from __future__ import annotations

import hmac
import secrets

from sanic import Blueprint, HTTPResponse, Request
from sanic.response import redirect

from console.accounts import ANALYST
from console.guard import CSRF_FIELD, refused_csrf, set_cookie, staff
from console.sessions import COOKIE_NAME
from console.throttle import LOCK_SECONDS
from console.web import page

# Signing in needs a token too (double submit: cookie and form field), so that no other
# site can sign a counsellor into an account of its choosing.
LOGIN_COOKIE = "console_login"
LOGIN_COOKIE_SECONDS = 3600
WRONG = "Identifiant ou mot de passe incorrect."
LOCKED = (
    "Trop de tentatives de connexion. Par sécurité, la connexion est bloquée pendant "
    f"{LOCK_SECONDS // 60} minutes : réessayez plus tard, ou demandez de l'aide à un "
    "administrateur."
)

bp = Blueprint("auth")


@bp.get("/login")
async def login_form(request: Request) -> HTTPResponse:
    return _login_page(request)


@bp.post("/login")
async def login(request: Request) -> HTTPResponse:
    ctx = request.app.ctx
    expected = request.cookies.get(LOGIN_COOKIE, "")
    if not expected or not hmac.compare_digest(expected, request.form.get(CSRF_FIELD, "")):
        return refused_csrf(request)
    username = request.form.get("username", "").strip()
    password = request.form.get("password", "")
    address = request.remote_addr or request.ip
    if await ctx.throttle.locked(username, address):
        return _login_page(request, LOCKED, 429, username)
    account = await ctx.accounts.aauthenticate(username, password)
    if account is None:
        await ctx.throttle.failed(username, address)
        return _login_page(request, WRONG, 401, username)
    await ctx.throttle.succeeded(username)
    session = await ctx.sessions.create(account.id)
    await ctx.accounts.arecord(account.id, "login")
    response = redirect("/", status=303)
    set_cookie(response, COOKIE_NAME, session.id, ctx.settings.cookie_secure)
    set_cookie(response, LOGIN_COOKIE, "", ctx.settings.cookie_secure, max_age=0, path="/login")
    return response


@bp.post("/logout")
@staff()
async def logout(request: Request) -> HTTPResponse:
    ctx = request.app.ctx
    account = request.ctx.account
    await ctx.sessions.destroy(request.ctx.session.id)
    if account.counsels:
        await ctx.store.sign_off(account.username)
    await ctx.accounts.arecord(account.id, "logout")
    response = redirect("/login", status=303)
    set_cookie(response, COOKIE_NAME, "", ctx.settings.cookie_secure, max_age=0)
    return response


@bp.get("/")
@staff()
async def home(request: Request) -> HTTPResponse:
    if request.ctx.account.role == ANALYST:
        return redirect("/review")
    return redirect("/queue")


def _login_page(
    request: Request, error: str = "", status: int = 200, username: str = ""
) -> HTTPResponse:
    token = secrets.token_urlsafe(32)
    response = page(
        request, "login.html", status=status, error=error, username=username, login_token=token
    )
    set_cookie(
        response,
        LOGIN_COOKIE,
        token,
        request.app.ctx.settings.cookie_secure,
        max_age=LOGIN_COOKIE_SECONDS,
        path="/login",
    )
    return response
