"""One conversation: what was said, what the bot recognised, the live chat, and what the
counsellor does (accept, take over, write, end)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import aclosing, suppress
from urllib.parse import quote

from sanic import Blueprint, HTTPResponse, Request
from sanic.response import empty, redirect

from console import sse
from console.accounts import ADMIN, COUNSELLOR
from console.actions import NotYours
from console.guard import staff
from console.inserts import quick_inserts
from console.live import (
    REDIS_ERRORS,
    RESYNC,
    conversation_events,
    queue_updates,
    stream_position,
)
from console.rasa_api import RasaError
from console.transcript import facts, message, messages
from console.views.queue import BEAT_SECONDS, PRESENCE_SECONDS
from console.web import answer, fetched, fragment, message_page, page
from handoff.store import Ticket

MAX_MESSAGE_LENGTH = 5000
RASA_DOWN = "L'assistant ne répond pas pour le moment. Réessayez dans un instant."
TAKEN = (
    "Un autre conseiller ou une autre conseillère vient de prendre cette conversation. "
    "Choisissez-en une autre dans la file d'attente."
)
NOT_YOURS = "Cette conversation n'est pas, ou plus, la vôtre : vous ne pouvez pas y écrire."

bp = Blueprint("conversation", url_prefix="/conversations")


@bp.get("/<conversation_id:str>")
@staff(COUNSELLOR, ADMIN)
async def conversation_page(request: Request, conversation_id: str) -> HTTPResponse:
    ctx = request.app.ctx
    since = await stream_position(ctx.store.client)  # before the tracker: no event missed
    try:
        tracker = await ctx.rasa.tracker(conversation_id)
    except RasaError:
        return message_page(request, 502, "Assistant injoignable", RASA_DOWN)
    events = tracker.get("events") or []
    known = facts(tracker)
    ticket = await ctx.store.get(conversation_id)
    return page(
        request,
        "conversation.html",
        conversation_id=conversation_id,
        messages=messages(events),
        facts=known,
        ticket=ticket,
        position=await ctx.store.position(conversation_id),
        mine=await ctx.actions.owns(conversation_id, request.ctx.account),
        inserts=quick_inserts(ctx.catalog, known.site, ctx.catalog.now()),
        state=await _state(request, conversation_id),
        since=since,
        after=max((float(event.get("timestamp") or 0) for event in events), default=0),
    )


@bp.get("/<conversation_id:str>/events")
@staff(COUNSELLOR, ADMIN)
async def conversation_events_stream(request: Request, conversation_id: str) -> None:
    """New messages as HTML (`message`), and the handoff's state when it changes
    (`state`, the page reloads), each with its stream id to resume from."""
    since = request.headers.get("last-event-id") or request.args.get("since") or "$"
    after = float(request.args.get("after") or 0)
    response = await request.respond(content_type="text/event-stream")
    sources = sse.merge(
        _messages(request, conversation_id, since, after),
        _states(request, conversation_id),
        _beats(request),
    )
    async with aclosing(sources):
        async for chunk in sources:
            await response.send(chunk)


@bp.post("/<conversation_id:str>/accept")
@staff(COUNSELLOR, ADMIN)
async def accept(request: Request, conversation_id: str) -> HTTPResponse:
    ctx = request.app.ctx
    ticket = await ctx.actions.accept(conversation_id, request.ctx.account)
    return _taken(request, conversation_id, ticket)


@bp.post("/<conversation_id:str>/takeover")
@staff(COUNSELLOR, ADMIN)
async def take_over(request: Request, conversation_id: str) -> HTTPResponse:
    ctx = request.app.ctx
    try:
        ticket = await ctx.actions.take_over(conversation_id, request.ctx.account)
    except RasaError:
        return answer(request, 502, "Assistant injoignable", RASA_DOWN)
    return _taken(request, conversation_id, ticket)


@bp.post("/<conversation_id:str>/messages")
@staff(COUNSELLOR, ADMIN)
async def send(request: Request, conversation_id: str) -> HTTPResponse:
    written = (request.form.get("message") or "").strip()
    if not written or len(written) > MAX_MESSAGE_LENGTH:
        return answer(
            request,
            400,
            "Message non envoyé",
            f"Écrivez un message de 1 à {MAX_MESSAGE_LENGTH} caractères.",
        )
    try:
        await request.app.ctx.actions.send(conversation_id, request.ctx.account, written)
    except NotYours:
        return answer(request, 403, "Message non envoyé", NOT_YOURS)
    except RasaError:
        return answer(request, 502, "Message non envoyé", RASA_DOWN)
    if fetched(request):
        return empty()
    return redirect(_path(conversation_id), status=303)


@bp.post("/<conversation_id:str>/end")
@staff(COUNSELLOR, ADMIN)
async def end(request: Request, conversation_id: str) -> HTTPResponse:
    try:
        await request.app.ctx.actions.end(conversation_id, request.ctx.account)
    except NotYours:
        return answer(request, 403, "Conversation non terminée", NOT_YOURS)
    except RasaError:
        return answer(request, 502, "Conversation non terminée", RASA_DOWN)
    return redirect("/queue", status=303)


def _taken(request: Request, conversation_id: str, ticket: Ticket | None) -> HTTPResponse:
    if ticket is None:
        return answer(request, 409, "Conversation déjà prise", TAKEN)
    return redirect(_path(conversation_id), status=303)


async def _messages(
    request: Request, conversation_id: str, since: str, after: float
) -> AsyncIterator[str]:
    client = request.app.ctx.store.listener
    async for event_id, event in conversation_events(client, conversation_id, since):
        shown = message(event)
        if shown is not None and shown.at > after:
            yield sse.event("message", fragment("_message.html", message=shown), event_id)


async def _states(request: Request, conversation_id: str) -> AsyncIterator[str]:
    async for update in queue_updates(request.app.ctx.store):
        if update is RESYNC or update.get("conversation_id") == conversation_id:
            try:
                yield sse.event("state", await _state(request, conversation_id))
            except REDIS_ERRORS:
                continue


async def _beats(request: Request) -> AsyncIterator[str]:
    """Presence while the page is open, and a comment that keeps the connection alive."""
    async for _ in sse.ticks(BEAT_SECONDS):
        with suppress(*REDIS_ERRORS):
            await request.app.ctx.store.heartbeat(request.ctx.account.username, PRESENCE_SECONDS)
        yield ": beat\n\n"


async def _state(request: Request, conversation_id: str) -> str:
    """What the page shows of the handoff, as a key: when it changes, the page reloads."""
    store = request.app.ctx.store
    ticket = await store.get(conversation_id)
    if ticket is None:
        return "bot"
    position = await store.position(conversation_id)
    return f"{ticket.status}:{ticket.counsellor or ''}:{position or ''}"


def _path(conversation_id: str) -> str:
    return f"/conversations/{quote(conversation_id, safe='')}"
