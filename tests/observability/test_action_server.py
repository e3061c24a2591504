"""The action server as started in production, `python -m launcher.action_server`:
rasa_sdk's health, readiness on a real Redis, and each action's time by its name."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator

import pytest
import requests
from helpers import new_sender
from prometheus_client.parser import text_string_to_metric_families
from service_process import ServiceProcess

from launcher.local_redis import LocalRedis, free_port


@pytest.fixture(scope="module")
def own_redis(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalRedis]:
    """A Redis of these tests alone (one test stops it for a moment)."""
    with LocalRedis(data_dir=tmp_path_factory.mktemp("redis")) as server:
        yield server


@pytest.fixture(scope="module")
def actions(own_redis: LocalRedis) -> Iterator[ServiceProcess]:
    port = free_port()
    env = {**os.environ, "ACTION_PORT": str(port), "REDIS_URL": own_redis.url}
    url = f"http://127.0.0.1:{port}"
    with ServiceProcess(["-m", "launcher.action_server"], env, url) as running:
        yield running


def call(actions: ServiceProcess, action: str, sender: str) -> requests.Response:
    """What Rasa posts to the action server."""
    tracker = {
        "sender_id": sender,
        "slots": {"situation": "theft_burglary", "age": None, "minor": None, "relative": None},
        "latest_message": {"intent": {"name": "theft_burglary"}, "entities": []},
        "events": [],
        "paused": False,
        "followup_action": None,
        "active_loop": {},
        "latest_action_name": "utter_situation",
    }
    body = {"next_action": action, "sender_id": sender, "tracker": tracker, "domain": {}}
    return requests.post(f"{actions.url}/webhook", json=body, timeout=30)


def action_counts(actions: ServiceProcess) -> dict[str, float]:
    text = actions.get("/metrics").text
    return {
        sample.labels["action"]: sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
        if sample.name == "assistant_action_seconds_count"
    }


def test_rasa_sdks_own_health_is_kept(actions: ServiceProcess):
    assert actions.get("/health").json() == {"status": "ok"}


def test_ready_with_redis_and_not_without(actions: ServiceProcess, own_redis: LocalRedis):
    assert actions.get("/ready").json() == {"status": "ready", "checks": {"redis": "ok"}}
    own_redis.stop()
    try:
        reply = actions.get("/ready")
        assert (reply.status_code, reply.json()["checks"]) == (503, {"redis": "failed"})
    finally:
        own_redis.start()
    assert actions.get("/ready").status_code == 200


def test_each_action_is_timed_by_its_name(actions: ServiceProcess):
    before = action_counts(actions)
    sender = new_sender()
    assert call(actions, "action_orient", sender).status_code == 200
    assert call(actions, "action_made_up_by_someone", sender).status_code == 404
    after = action_counts(actions)
    assert after["action_orient"] == before.get("action_orient", 0) + 1
    assert after["unknown"] == before.get("unknown", 0) + 1
    assert "action_made_up_by_someone" not in actions.get("/metrics").text


def test_logs_are_json_without_the_sender(actions: ServiceProcess):
    sender = new_sender()
    call(actions, "action_orient", sender)
    printed = actions.printed()
    records = [json.loads(line) for line in printed.splitlines() if line.startswith("{")]
    assert {"route": "webhook", "status": 200}.items() <= records[-1].items()
    assert all(record["service"] == "actions" for record in records)
    assert sender not in printed
