"""Health, readiness and metrics for a Sanic app, and the timing of its requests.

`install` adds:
- `GET /health` (liveness: the process answers), unless the app has its own;
- `GET /ready`: 200 when every readiness check passes, else 503; JSON naming each check;
- `GET /metrics`: Prometheus' text format;
and times every request by its route's name (never its URL, which may hold a sender id),
counting 5xx answers and unhandled exceptions, with one log line per request at INFO
(instead of Sanic's access log, which has the URL). Sanic's loggers are sent through the
root logger (see `observability.logs`).
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from sanic import HTTPResponse, Request, Sanic
from sanic.exceptions import SanicException
from sanic.response import json, raw

from observability import access, scrape
from observability.logs import propagate_sanic_loggers
from observability.metrics import ERRORS
from observability.readiness import Check, report


def install(
    app: Sanic,
    service: str,
    ready_checks: Sequence[Check] = (),
    gauges: scrape.Readers | None = None,
) -> None:
    """Add the routes and the timing to `app`, a service named `service`; `gauges` are
    read at each scrape."""
    readers = dict(gauges or {})
    propagate_sanic_loggers()

    async def health(_: Request) -> HTTPResponse:
        return json({"status": "ok"})

    async def ready(_: Request) -> HTTPResponse:
        status, body = await report(ready_checks)
        return json(body, status=status)

    async def metrics(_: Request) -> HTTPResponse:
        return raw(await scrape.render(readers), content_type=scrape.CONTENT_TYPE)

    if not any(route.path == "health" for route in app.router.routes):
        app.add_route(health, "/health", methods=["GET"], name=access.HEALTH_ROUTE)
    app.add_route(ready, "/ready", methods=["GET"], name=access.READY_ROUTE)
    app.add_route(metrics, "/metrics", methods=["GET"], name=access.METRICS_ROUTE)

    @app.signal("http.lifecycle.handle")
    async def started(request: Request) -> None:
        request.ctx.observability_start = time.perf_counter()

    @app.signal("http.lifecycle.exception")
    async def failed(request: Request, exception: BaseException) -> None:
        if not isinstance(exception, SanicException) or exception.status_code >= 500:
            ERRORS.labels(service, "http_exception").inc()

    @app.signal("http.lifecycle.response")
    async def answered(request: Request, response: HTTPResponse) -> None:
        start = getattr(request.ctx, "observability_start", time.perf_counter())
        seconds = time.perf_counter() - start
        route = _route_name(app, request)
        access.record(service, route, request.method, response.status, seconds)


def _route_name(app: Sanic, request: Request) -> str:
    """The route's name, without the app's name in front; `unmatched` without a route."""
    route = request.route
    if route is None:
        return access.UNMATCHED
    return route.name.removeprefix(f"{app.name}.")
