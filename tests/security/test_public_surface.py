"""The real running assistant's public surface: the API needs its token, bodies are
limited, every answer carries the security headers, and without CORS_ORIGINS no other
site may read an answer."""

from __future__ import annotations

import pytest
import requests
from helpers import new_sender

from launcher.stack import Stack
from rasa_extensions.socketio_channel import DEMO_POLICY

COMMON = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(self), payment=(), usb=()",
}
API_POLICY = "default-src 'none'; frame-ancestors 'none'"


@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", "/conversations/x/tracker"), ("POST", "/model/parse"), ("GET", "/status")],
)
@pytest.mark.parametrize("token", [None, "wrong"])
def test_the_api_refuses_requests_without_its_token(
    stack: Stack, method: str, path: str, token: str | None
):
    reply = requests.request(
        method, f"{stack.rasa_url}{path}", params={"token": token}, json={"text": "x"}, timeout=30
    )
    assert reply.status_code in (401, 403)


def test_a_body_over_the_limit_is_refused_in_french(stack: Stack):
    body = b'{"sender": "x", "message": "' + b"a" * stack.settings.max_body_bytes + b'"}'
    reply = requests.post(
        f"{stack.rasa_url}/webhooks/rest/webhook",
        data=body,
        headers={"Content-Type": "application/json"},
        timeout=30,
    )
    assert reply.status_code == 413
    assert reply.json() == {
        "error": "Cet envoi est trop volumineux : je ne peux pas le lire. "
        "Envoyez un message plus court."
    }


def answers(stack: Stack) -> dict[str, requests.Response]:
    """An answer of each kind: a turn, the API (allowed and refused), an unknown path,
    the demo page, the widget's script and style sheet."""
    url, token = stack.rasa_url, stack.settings.auth_token
    turn = {"sender": new_sender(), "message": "bonjour"}
    return {
        "turn": requests.post(f"{url}/webhooks/rest/webhook", json=turn, timeout=60),
        "api": requests.get(f"{url}/status", params={"token": token}, timeout=30),
        "refused": requests.get(f"{url}/status", timeout=30),
        "unknown": requests.get(f"{url}/nowhere", timeout=30),
        "demo": requests.get(stack.demo_url, timeout=30),
        "script": requests.get(f"{url}/webhooks/socketio/widget.js", timeout=30),
        "style": requests.get(f"{url}/webhooks/socketio/widget.css", timeout=30),
    }


def test_every_answer_carries_the_security_headers(stack: Stack):
    replies = answers(stack)
    assert [replies[kind].status_code for kind in ("turn", "api", "refused", "unknown")] == [
        200,
        200,
        401,
        404,
    ]
    for kind, reply in replies.items():
        assert COMMON.items() <= reply.headers.items(), kind
        # Plain HTTP, and forwarded headers are not trusted unless configured.
        assert "Strict-Transport-Security" not in reply.headers, kind
    for kind in ("turn", "api", "refused", "unknown"):
        assert replies[kind].headers["Content-Security-Policy"] == API_POLICY, kind
        assert replies[kind].headers["Cross-Origin-Resource-Policy"] == "same-origin", kind
    # The demo page keeps its own policy; other sites embed the script and style sheet.
    assert replies["demo"].headers["Content-Security-Policy"] == DEMO_POLICY
    for kind in ("script", "style"):
        assert replies[kind].headers["Cross-Origin-Resource-Policy"] == "cross-origin", kind


def test_forwarded_headers_are_not_trusted_without_a_proxy_configured(stack: Stack):
    headers = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "192.0.2.1"}
    reply = requests.get(f"{stack.rasa_url}/version", headers=headers, timeout=30)
    assert reply.status_code == 200
    assert "Strict-Transport-Security" not in reply.headers


@pytest.mark.parametrize(
    ("method", "path", "extra"),
    [
        ("GET", "/version", {}),
        ("POST", "/webhooks/rest/webhook", {}),
        ("OPTIONS", "/webhooks/rest/webhook", {"Access-Control-Request-Method": "POST"}),
        ("GET", "/socket.io/?EIO=4&transport=polling", {}),
    ],
)
@pytest.mark.parametrize("origin", ["https://site.example", "null", "http://localhost"])
def test_without_cors_origins_no_site_may_read_an_answer(
    stack: Stack, method: str, path: str, extra: dict[str, str], origin: str
):
    assert not stack.settings.cors_origins
    reply = requests.request(
        method,
        f"{stack.rasa_url}{path}",
        headers={**extra, "Origin": origin},
        json={"sender": new_sender(), "message": "bonjour"} if method == "POST" else None,
        timeout=60,
    )
    assert reply.status_code == 200
    assert "Access-Control-Allow-Origin" not in reply.headers
