"""The live queue: who waits for a counsellor, my conversations, and the recent
conversations with the bot that a counsellor may take over."""

from __future__ import annotations

import time
from contextlib import aclosing
from typing import Any

from sanic import Blueprint, HTTPResponse, Request

from console import sse
from console.accounts import ADMIN, COUNSELLOR, Account
from console.guard import staff
from console.live import REDIS_ERRORS, queue_updates, recent_conversations
from console.web import fragment, page

# How often an open console says its counsellor is still there, and refreshes the
# waiting times; presence lasts three beats.
BEAT_SECONDS = 10
PRESENCE_SECONDS = 30

bp = Blueprint("queue")


@bp.get("/queue")
@staff(COUNSELLOR, ADMIN)
async def queue_page(request: Request) -> HTTPResponse:
    account = request.ctx.account
    await request.app.ctx.store.heartbeat(account.username, PRESENCE_SECONDS)
    return page(request, "queue.html", **await _queue(request, account))


@bp.get("/queue/events")
@staff(COUNSELLOR, ADMIN)
async def queue_events(request: Request) -> None:
    """The queue again, as HTML, whenever it changes and at every beat."""
    account = request.ctx.account
    store = request.app.ctx.store
    response = await request.respond(content_type="text/event-stream")
    changes = sse.merge(queue_updates(store), sse.ticks(BEAT_SECONDS))
    async with aclosing(changes):
        async for _ in changes:
            try:
                await store.heartbeat(account.username, PRESENCE_SECONDS)
                context = await _queue(request, account)
            except REDIS_ERRORS:
                continue  # the next beat tries again
            html = fragment("_queue.html", csrf_token=request.ctx.session.csrf_token, **context)
            await response.send(sse.event("queue", html))


async def _queue(request: Request, account: Account) -> dict[str, Any]:
    store = request.app.ctx.store
    waiting = await store.waiting()
    connected = await store.connected()
    handed = {ticket.conversation_id for ticket in waiting + connected}
    recent = await recent_conversations(store.client)
    return {
        "now": time.time(),
        "waiting": waiting,
        "mine": [ticket for ticket in connected if ticket.counsellor == account.username],
        "recent": [(cid, at) for cid, at in recent if cid not in handed],
    }
