"""The Rasa server's public surface: a body size limit, a rate limit per client address,
and security headers on every response.

- A body over `MAX_BODY_BYTES` gets 413 with a short French message.
- Each client address may make `IP_RATE_LIMIT` requests per window (rate_limit.py,
  shared through Redis); over it, 429 with `Retry-After`. The address is Sanic's
  `remote_addr`, which trusts forwarded headers only when configured
  (`SANIC_PROXIES_COUNT`, `SANIC_REAL_IP_HEADER` or `SANIC_FORWARDED_SECRET`), else the
  connection's. Not limited: the probes, the requests carrying the API token (the
  console), and the messaging apps' webhooks, which are signed, limited per sender,
  and all come from a few addresses of each platform.
- The headers forbid sniffing, framing, referrers and, for the API's answers, any
  content (the demo page keeps its own policy); the widget's script and style sheet may
  be embedded on other sites; HSTS when the request came over HTTPS.
"""

from __future__ import annotations

import hmac
import logging
from typing import TYPE_CHECKING

from sanic import Sanic, response
from sanic.exceptions import PayloadTooLarge
from sanic.request import Request
from sanic.response import BaseHTTPResponse, HTTPResponse

from rasa_extensions.rate_limit import RateCounter, rate_counter
from rasa_extensions.rest_channel import channel_messages
from rasa_extensions.socketio_channel import ASSETS, WidgetSocketIOInput

if TYPE_CHECKING:
    from launcher.settings import Settings

logger = logging.getLogger(__name__)

PROBES = frozenset({"/health", "/ready", "/metrics"})
SIGNED_WEBHOOKS = ("/webhooks/messenger/", "/webhooks/telegram/", "/webhooks/whatsapp/")
# Loaded by other sites' pages (a <script> and a <link>).
EMBEDDED = frozenset(f"/webhooks/{WidgetSocketIOInput.name()}/{name}" for name in ASSETS)
ADDRESS_KEYS = "addresses:rate:"
HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
    # The demo page's widget may ask for the position; nothing else is used.
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(self), payment=(), usb=()",
}
HSTS = "max-age=31536000"
SECURE_SCHEMES = ("https", "wss")


def install(app: Sanic, settings: Settings) -> None:
    """Add the body limit, the address rate limit and the headers to the server's app."""
    app.config.REQUEST_MAX_SIZE = settings.max_body_bytes
    app.exception(PayloadTooLarge)(too_large)
    limit, window = settings.ip_rate_limit
    counter = rate_counter(settings.redis_url, limit, window, settings.redis_timeout_seconds)
    addresses = AddressLimit(counter, settings.auth_token)
    app.register_middleware(addresses.check, "request")
    app.register_middleware(add_headers, "response")

    async def close(*_: object) -> None:
        await counter.close()

    app.register_listener(close, "after_server_stop")


def too_large(_: Request, __: Exception) -> HTTPResponse:
    return response.json({"error": channel_messages()["body_too_large"]}, status=413)


class AddressLimit:
    def __init__(self, counter: RateCounter, auth_token: str) -> None:
        self.counter = counter
        self._token = auth_token.encode()

    async def check(self, request: Request) -> HTTPResponse | None:
        """429 for an address over its limit; None lets the request through."""
        if self._exempt(request):
            return None
        hit = await self.counter.hit(ADDRESS_KEYS + (request.remote_addr or request.ip))
        if not hit.over:
            return None
        if hit.over == 1:  # once per window, without the address (personal data)
            logger.warning("A client address went over IP_RATE_LIMIT")
        return response.json(
            {"error": channel_messages()["too_many_requests"]},
            status=429,
            headers={"Retry-After": str(hit.retry_after)},
        )

    def _exempt(self, request: Request) -> bool:
        path = request.path
        if path in PROBES or path.startswith(SIGNED_WEBHOOKS):
            return True
        token = request.args.get("token")
        return bool(token) and hmac.compare_digest(token.encode(), self._token)


def add_headers(request: Request, response: BaseHTTPResponse) -> None:
    """The security headers, unless the route set its own (the demo page's policy)."""
    headers = response.headers
    for name, value in HEADERS.items():
        headers.setdefault(name, value)
    origins = "cross-origin" if request.path in EMBEDDED else "same-origin"
    headers.setdefault("Cross-Origin-Resource-Policy", origins)
    if request.scheme in SECURE_SCHEMES:
        headers.setdefault("Strict-Transport-Security", HSTS)
