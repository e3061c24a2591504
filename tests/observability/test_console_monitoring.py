"""The console's readiness and metrics, with the console running as in production."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from console_testing import console_env, on_queue
from helpers import new_sender
from prometheus_client.parser import text_string_to_metric_families
from service_process import ServiceProcess

from launcher.local_redis import LocalRedis

QUEUE_LENGTH = "assistant_handoff_queue_length"


@pytest.fixture(scope="module")
def own_redis(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalRedis]:
    """A Redis of these tests alone: its queue is theirs, and one test stops it."""
    with LocalRedis(data_dir=tmp_path_factory.mktemp("redis")) as server:
        yield server


@pytest.fixture(scope="module")
def console(
    own_redis: LocalRedis, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ServiceProcess]:
    env = console_env(own_redis.url, tmp_path_factory.mktemp("console"), LOG_FORMAT="json")
    url = f"http://127.0.0.1:{env['CONSOLE_PORT']}"
    with ServiceProcess(["-m", "console", "serve"], env, url) as running:
        yield running


def queue_length(console: ServiceProcess) -> float | None:
    for family in text_string_to_metric_families(console.get("/metrics").text):
        if family.name == QUEUE_LENGTH:
            return family.samples[0].value
    return None


def test_the_consoles_own_health_is_kept(console: ServiceProcess):
    assert console.get("/health").text == "ok"


def test_ready_checks_redis_and_the_database(console: ServiceProcess, own_redis: LocalRedis):
    reply = console.get("/ready")
    assert reply.status_code == 200
    assert reply.json() == {"status": "ready", "checks": {"redis": "ok", "database": "ok"}}
    own_redis.stop()
    try:
        reply = console.get("/ready")
        assert reply.status_code == 503
        assert reply.json()["checks"] == {"redis": "failed", "database": "ok"}
        assert queue_length(console) is None  # left out, the rest is still scraped
    finally:
        own_redis.start()
    assert console.get("/ready").status_code == 200


def test_metrics_read_the_queue_length_from_redis(console: ServiceProcess, own_redis: LocalRedis):
    handoff = on_queue(own_redis.url)
    start = queue_length(console)
    waiting = [new_sender(), new_sender()]
    for conversation_id in waiting:
        handoff(lambda store, c=conversation_id: store.request(c, "request_human", "socketio"))
    assert queue_length(console) == start + 2
    handoff(lambda store: store.claim(waiting[0], "camille"))
    assert queue_length(console) == start + 1
    scrape = console.get("/metrics").text
    assert waiting[1] not in scrape
    assert 'assistant_http_requests_total{route="observability_ready",service="console"' in scrape


def test_probes_keep_the_consoles_security_headers(console: ServiceProcess):
    for path in ("/ready", "/metrics"):
        headers = console.get(path).headers
        assert headers["Content-Security-Policy"].startswith("default-src 'none'")
        assert headers["Cache-Control"] == "no-store"


def test_logs_are_json_without_conversation_ids(console: ServiceProcess, own_redis: LocalRedis):
    conversation_id = new_sender()
    console.get(f"/conversations/{conversation_id}")
    lines = [json.loads(line) for line in console.printed().splitlines() if line.startswith("{")]
    assert lines and all(line["service"] == "console" for line in lines)
    assert any(line.get("route") == "conversation.conversation_page" for line in lines)
    assert conversation_id not in console.printed()
