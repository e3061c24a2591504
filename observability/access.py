"""What every HTTP service records of each request it answers: the metrics and, at INFO,
one log line with the route's name (never the URL), the status and the duration."""

from __future__ import annotations

import logging

from observability.logs import FIELDS
from observability.metrics import ERRORS, HTTP_REQUESTS, HTTP_SECONDS

# The probes' routes, named alike in every service. A 503 of `/ready` is an answer, not
# an error (a service starting up is not ready yet).
HEALTH_ROUTE, READY_ROUTE, METRICS_ROUTE = (
    "observability_health",
    "observability_ready",
    "observability_metrics",
)
# The route of a request that matched none.
UNMATCHED = "unmatched"

logger = logging.getLogger("observability.access")


def record(service: str, route: str, method: str, status: int, seconds: float) -> None:
    HTTP_REQUESTS.labels(service, route, str(status)).inc()
    HTTP_SECONDS.labels(service, route).observe(seconds)
    if status >= 500 and route != READY_ROUTE:
        ERRORS.labels(service, "http_5xx").inc()
    if logger.isEnabledFor(logging.INFO):
        line = {"route": route, "method": method, "status": status}
        line["duration_ms"] = round(seconds * 1000, 1)
        logger.info("request", extra={FIELDS: line})
