"""The review of the anonymised archive, for analysts and admins: the conversations with
filters, one conversation and the correction of its intents, deletion on request, the
dashboard, and the exports. Every reading of a conversation, correction, deletion and
export goes to the audit log (never a text or a search)."""

from __future__ import annotations

import asyncio
import csv
import io
from datetime import datetime
from typing import Any

from sanic import Blueprint, HTTPResponse, Request
from sanic.response import redirect, text
from sqlalchemy.engine import Engine

from archive import review
from archive.retention import delete_conversation
from archive.review import CorrectionError, FilterError, Filters
from console import charts, labels
from console.accounts import ADMIN, ANALYST
from console.formatting import PARIS
from console.guard import staff
from console.web import message_page, page, query_args

NOT_FOUND = "Cette conversation n'est pas, ou plus, dans l'archive."
# The départements drawn on the dashboard: the most frequent.
TOP_DEPARTEMENTS = 15

bp = Blueprint("review", url_prefix="/review")


@bp.get("")
@staff(ANALYST, ADMIN)
async def conversations_page(request: Request) -> HTTPResponse:
    args = query_args(request)
    try:
        filters = Filters.parse(args)
        number = review.page_number(args.get("page"))
    except FilterError as error:
        return _refused_filter(request, error)
    listing = await asyncio.to_thread(review.listing, _archive(request), filters, number)
    deleted = args.get("deleted", "")
    return page(
        request,
        "review_list.html",
        filters=filters,
        listing=listing,
        deleted=deleted if deleted.isdigit() else "",
        **await _choices(request),
    )


@bp.get("/conversations/<conversation_id:int>")
@staff(ANALYST, ADMIN)
async def conversation_page(request: Request, conversation_id: int) -> HTTPResponse:
    found = await asyncio.to_thread(review.conversation, _archive(request), conversation_id)
    if found is None:
        return message_page(request, 404, "Conversation introuvable", NOT_FOUND)
    await _audit(request, "review_view", conversation_id)
    return page(
        request, "review_conversation.html", conversation=found, intents=review.known_intents()
    )


@bp.post("/turns/<turn_id:int>/intent")
@staff(ANALYST, ADMIN)
async def correct_intent(request: Request, turn_id: int) -> HTTPResponse:
    intent = request.form.get("intent") or None
    try:
        conversation_id = await asyncio.to_thread(
            review.correct_intent, _archive(request), turn_id, intent, request.ctx.account.id
        )
    except CorrectionError as error:
        return message_page(request, 400, "Correction non enregistrée", str(error))
    await _audit(request, "review_correct", conversation_id)
    return redirect(f"/review/conversations/{conversation_id}#tour-{turn_id}", status=303)


@bp.get("/conversations/<conversation_id:int>/delete")
@staff(ANALYST, ADMIN)
async def confirm_deletion(request: Request, conversation_id: int) -> HTTPResponse:
    found = await asyncio.to_thread(review.conversation, _archive(request), conversation_id)
    if found is None:
        return message_page(request, 404, "Conversation introuvable", NOT_FOUND)
    return page(request, "review_delete.html", conversation=found.summary)


@bp.post("/conversations/<conversation_id:int>/delete")
@staff(ANALYST, ADMIN)
async def delete(request: Request, conversation_id: int) -> HTTPResponse:
    if not await asyncio.to_thread(delete_conversation, _archive(request), conversation_id):
        return message_page(request, 404, "Conversation introuvable", NOT_FOUND)
    await _audit(request, "review_delete", conversation_id)
    return redirect(f"/review?deleted={conversation_id}", status=303)


@bp.get("/dashboard")
@staff(ANALYST, ADMIN)
async def dashboard_page(request: Request) -> HTTPResponse:
    try:
        filters = Filters.parse(query_args(request))
    except FilterError as error:
        return _refused_filter(request, error)
    figures = await asyncio.to_thread(review.dashboard, _archive(request), filters)
    return page(
        request,
        "review_dashboard.html",
        filters=filters,
        figures=figures,
        charts=_charts(figures),
        **await _choices(request),
    )


@bp.get("/export.csv")
@staff(ANALYST, ADMIN)
async def export_csv(request: Request) -> HTTPResponse:
    try:
        filters = Filters.parse(query_args(request))
    except FilterError as error:
        return _refused_filter(request, error)
    rows = await asyncio.to_thread(lambda: list(review.csv_rows(_archive(request), filters)))
    out = io.StringIO()
    # A semicolon and a byte order mark: what spreadsheets in French expect.
    out.write("\ufeff")
    csv.writer(out, delimiter=";").writerows(rows)
    await _audit(request, "export_csv")
    return _download(out.getvalue(), "text/csv", "conversations", "csv")


@bp.get("/corrections.yml")
@staff(ANALYST, ADMIN)
async def export_corrections(request: Request) -> HTTPResponse:
    data = await asyncio.to_thread(review.corrections_as_nlu, _archive(request))
    await _audit(request, "export_nlu")
    return _download(data, "application/yaml", "corrections-nlu", "yml")


def _archive(request: Request) -> Engine:
    return request.app.ctx.archive


async def _audit(request: Request, action: str, conversation_id: int | None = None) -> None:
    await request.app.ctx.accounts.arecord(
        request.ctx.account.id,
        action,
        None if conversation_id is None else str(conversation_id),
    )


async def _choices(request: Request) -> dict[str, Any]:
    """What the filter form offers."""
    return {
        "situations": review.known_situations(),
        "channels": await asyncio.to_thread(review.channels, _archive(request)),
    }


def _refused_filter(request: Request, error: FilterError) -> HTTPResponse:
    return message_page(request, 400, "Filtre invalide", str(error))


def _charts(figures: review.Dashboard) -> dict[str, charts.Chart]:
    return {
        "days": charts.columns([(day.strftime("%d/%m"), n) for day, n in figures.per_day]),
        "hours": charts.columns([(f"{hour} h", n) for hour, n in figures.hours]),
        "situations": charts.rows(
            [(labels.situation(code), n) for code, n in figures.per_situation]
        ),
        "departements": charts.rows(
            [(code or "Non indiqué", n) for code, n in figures.per_departement][:TOP_DEPARTEMENTS]
        ),
    }


def _download(body: str, content_type: str, name: str, extension: str) -> HTTPResponse:
    today = datetime.now(PARIS).date().isoformat()
    return text(
        body,
        content_type=f"{content_type}; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}-{today}.{extension}"'},
    )
