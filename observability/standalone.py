"""`GET /health`, `/ready` and `/metrics` for a service without a web server of its own
(the archiver): a small threaded HTTP server in a daemon thread."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from observability import access, scrape
from observability.readiness import Check, report

ROUTES = {
    "/health": access.HEALTH_ROUTE,
    "/ready": access.READY_ROUTE,
    "/metrics": access.METRICS_ROUTE,
}


def serve(
    host: str,
    port: int,
    service: str,
    ready_checks: Sequence[Check] = (),
    gauges: scrape.Readers | None = None,
) -> ThreadingHTTPServer:
    """Start answering on `host:port` in a daemon thread; `shutdown()` the server to stop."""
    readers = dict(gauges or {})

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            start = time.perf_counter()
            route = ROUTES.get(self.path.split("?", 1)[0], access.UNMATCHED)
            if route == access.HEALTH_ROUTE:
                status, body, kind = 200, b'{"status":"ok"}', "application/json"
            elif route == access.READY_ROUTE:
                status, answer = asyncio.run(report(ready_checks))
                body, kind = json.dumps(answer).encode(), "application/json"
            elif route == access.METRICS_ROUTE:
                status, body = 200, asyncio.run(scrape.render(readers))
                kind = scrape.CONTENT_TYPE
            else:
                status, body, kind = 404, b"", "text/plain"
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            access.record(service, route, "GET", status, time.perf_counter() - start)

        def log_message(self, *_: object) -> None:
            """Quiet: `access.record` logs the request, without its URL."""

    server = ThreadingHTTPServer((host, port), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, name=f"{service}-http", daemon=True).start()
    return server
