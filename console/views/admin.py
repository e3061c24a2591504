"""The admins' pages: the accounts (created with `python -m console create-user`) and the
audit log."""

from __future__ import annotations

import asyncio

from sanic import Blueprint, HTTPResponse, Request

from archive.review import PAGE_SIZE, FilterError, page_number
from console.accounts import ADMIN
from console.guard import staff
from console.labels import ACTIONS
from console.web import message_page, page, query_args

bp = Blueprint("admin", url_prefix="/admin")


@bp.get("/accounts")
@staff(ADMIN)
async def accounts_page(request: Request) -> HTTPResponse:
    accounts = await request.app.ctx.accounts.aall()
    online = set(await request.app.ctx.store.online())
    return page(request, "accounts.html", accounts=accounts, online=online)


@bp.get("/audit")
@staff(ADMIN)
async def audit_page(request: Request) -> HTTPResponse:
    """The audit log, the latest first, of one account or one action if asked."""
    ctx = request.app.ctx
    args = query_args(request)
    accounts = await ctx.accounts.aall()
    account = args.get("account", "")
    action = args.get("action", "")
    try:
        number = page_number(args.get("page"))
    except FilterError as error:
        return message_page(request, 400, "Filtre invalide", str(error))
    if account and account not in {str(item.id) for item in accounts}:
        return message_page(request, 400, "Filtre invalide", "Compte inconnu.")
    if action and action not in ACTIONS:
        return message_page(request, 400, "Filtre invalide", "Action inconnue.")
    account_id = int(account) if account else None
    entries, total = await asyncio.to_thread(
        ctx.accounts.audit, account_id, action or None, (number - 1) * PAGE_SIZE, PAGE_SIZE
    )
    return page(
        request,
        "audit.html",
        entries=entries,
        total=total,
        accounts=accounts,
        actions=ACTIONS,
        account_id=account_id,
        action=action,
        page_number=number,
        pages=max(1, -(-total // PAGE_SIZE)),
        params={name: value for name, value in args.items() if name != "page"},
    )
