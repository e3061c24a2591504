"""The Rasa server's limit per client address (IP_RATE_LIMIT=5/60 on the guarded server),
shared through Redis; forwarded headers trusted behind one proxy; CORS with
CORS_ORIGINS set."""

from __future__ import annotations

import itertools

import pytest
import redis
import requests
from guarded import SITE

from launcher.settings import Settings

EMERGENCY_NUMBERS = ("17", "112", "114")
_addresses = (f"203.0.113.{n}" for n in itertools.count(1))


def client() -> dict[str, str]:
    """A new client address (documentation range), as the trusted proxy forwards it."""
    return {"X-Forwarded-For": next(_addresses)}


def get(server: Settings, path: str, headers: dict[str, str]) -> requests.Response:
    return requests.get(f"{server.rasa_url}{path}", headers=headers, timeout=30)


def exhaust(server: Settings, headers: dict[str, str]) -> None:
    """Use up the address's requests of the window."""
    limit, _ = server.ip_rate_limit
    assert [get(server, "/version", headers).status_code for _ in range(limit)] == [200] * limit
    assert get(server, "/version", headers).status_code == 429


def test_an_address_over_its_limit_gets_429_in_french_with_retry_after(guarded: Settings):
    address = client()
    exhaust(guarded, address)
    refused = get(guarded, "/webhooks/rest/", address)
    assert refused.status_code == 429
    assert 0 < int(refused.headers["Retry-After"]) <= 60
    message = refused.json()["error"]
    assert message.startswith("Trop de demandes")
    assert all(number in message for number in EMERGENCY_NUMBERS)
    # Counted in Redis, so shared by every worker and replica.
    key = f"addresses:rate:{address['X-Forwarded-For']}"
    counts = redis.Redis.from_url(guarded.redis_url)
    assert int(counts.get(key)) == 7 and 0 < counts.ttl(key) <= 60
    # Another address is not affected.
    assert get(guarded, "/version", client()).status_code == 200


@pytest.mark.parametrize("path", ["/health", "/ready", "/metrics", "/webhooks/telegram/webhook"])
def test_probes_and_signed_webhooks_are_not_limited(guarded: Settings, path: str):
    address = client()
    exhaust(guarded, address)
    assert get(guarded, path, address).status_code != 429


def test_requests_with_the_api_token_are_not_limited(guarded: Settings):
    address = client()
    exhaust(guarded, address)
    assert get(guarded, f"/status?token={guarded.auth_token}", address).status_code != 429
    assert get(guarded, "/status?token=wrong", address).status_code == 429


def test_hsts_when_the_proxy_says_https(guarded: Settings):
    https = get(guarded, "/version", {**client(), "X-Forwarded-Proto": "https"})
    assert https.headers["Strict-Transport-Security"] == "max-age=31536000"
    assert "Strict-Transport-Security" not in get(guarded, "/version", client()).headers


@pytest.mark.parametrize(
    ("method", "path", "extra"),
    [
        ("GET", "/version", {}),
        ("OPTIONS", "/webhooks/rest/webhook", {"Access-Control-Request-Method": "POST"}),
        ("GET", "/socket.io/?EIO=4&transport=polling", {}),
    ],
)
def test_only_the_configured_origins_may_read_answers(
    guarded: Settings, method: str, path: str, extra: dict[str, str]
):
    def allowed(origin: str) -> str | None:
        headers = {**client(), **extra, "Origin": origin}
        reply = requests.request(method, f"{guarded.rasa_url}{path}", headers=headers, timeout=30)
        assert reply.status_code == 200
        return reply.headers.get("Access-Control-Allow-Origin")

    assert allowed(SITE) == SITE
    assert allowed("https://elsewhere.example") is None
    assert allowed("null") is None
