"""The console's `GET /ready` (Redis and the database answer) and `GET /metrics` (with the
handoff queue's length, read from Redis at each scrape); `/health` is the console's own."""

from __future__ import annotations

from sanic import Sanic

from observability import web
from observability.metrics import HANDOFF_QUEUE_LENGTH
from observability.readiness import Check, database_check


def install(app: Sanic) -> None:
    """Once `app.ctx.archive` (the database) is set; Redis is opened when the server starts."""
    web.install(
        app,
        "console",
        ready_checks=[
            Check("redis", lambda: app.ctx.store.client.ping()),
            database_check(app.ctx.archive),
        ],
        gauges={HANDOFF_QUEUE_LENGTH: lambda: _queue_length(app)},
    )


async def _queue_length(app: Sanic) -> int:
    return len(await app.ctx.store.waiting())
