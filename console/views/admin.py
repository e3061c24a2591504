"""The admins' list of accounts (accounts are created with `python -m console create-user`)."""

from __future__ import annotations

from sanic import Blueprint, HTTPResponse, Request

from console.accounts import ADMIN
from console.guard import staff
from console.web import page

bp = Blueprint("admin", url_prefix="/admin")


@bp.get("/accounts")
@staff(ADMIN)
async def accounts_page(request: Request) -> HTTPResponse:
    accounts = await request.app.ctx.accounts.aall()
    online = set(await request.app.ctx.store.online())
    return page(request, "accounts.html", accounts=accounts, online=online)
