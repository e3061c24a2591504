"""`observability.web.install` on a real Sanic service, over HTTP."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from helpers import new_sender
from prometheus_client.parser import text_string_to_metric_families
from sanic import Sanic
from sanic.response import text
from service_process import ServiceProcess

from launcher.local_redis import free_port
from launcher.settings import ROOT
from observability import web

APP = str(Path(__file__).with_name("probed_app.py"))


def started(tmp_path: Path, workers: int, **env: str) -> ServiceProcess:
    port = free_port()
    flag = tmp_path / "ready"
    flag.write_text("3")
    environment = {**os.environ, "PYTHONPATH": str(ROOT), **env}
    return ServiceProcess(
        [APP, str(port), str(workers), str(flag)], environment, f"http://127.0.0.1:{port}"
    )


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServiceProcess]:
    with started(tmp_path_factory.mktemp("probed"), workers=1) as running:
        yield running


def samples(service: ServiceProcess) -> dict[tuple[str, frozenset], float]:
    """Every sample of `/metrics`: (name, labels) → value."""
    reply = service.get("/metrics")
    assert reply.status_code == 200
    assert reply.headers["content-type"].startswith("text/plain")
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(reply.text)
        for sample in family.samples
    }


def sample(found: dict, name: str, **labels: str) -> float:
    return found.get((name, frozenset(labels.items())), 0.0)


def test_health_answers(service: ServiceProcess):
    reply = service.get("/health")
    assert (reply.status_code, reply.json()) == (200, {"status": "ok"})


def test_ready_names_each_check_and_fails_with_503(service: ServiceProcess):
    flag = Path(service.args[3])
    assert service.get("/ready").json() == {
        "status": "ready",
        "checks": {"flag": "ok", "always": "ok"},
    }
    flag.rename(flag.with_suffix(".off"))
    try:
        reply = service.get("/ready")
        assert reply.status_code == 503
        assert reply.json() == {"status": "not ready", "checks": {"flag": "failed", "always": "ok"}}
    finally:
        flag.with_suffix(".off").rename(flag)
    assert service.get("/ready").status_code == 200


def test_requests_count_by_route_name_never_by_url(service: ServiceProcess):
    sender = new_sender()
    before = samples(service)
    for _ in range(3):
        assert service.get(f"/conversations/{sender}/messages").status_code == 200
    assert service.get(f"/nowhere/{sender}").status_code == 404
    found = samples(service)
    route = {"service": "probed", "route": "messages"}
    assert sample(found, "assistant_http_requests_total", **route, status="200") == (
        sample(before, "assistant_http_requests_total", **route, status="200") + 3
    )
    assert sample(found, "assistant_http_request_seconds_count", **route) >= 3
    unmatched = {"service": "probed", "route": "unmatched", "status": "404"}
    assert sample(found, "assistant_http_requests_total", **unmatched) >= 1
    scrape = service.get("/metrics").text
    assert sender not in scrape and "/conversations/" not in scrape


def test_an_exception_counts_as_a_5xx_and_an_exception(service: ServiceProcess):
    before = samples(service)
    assert service.get("/boom").status_code == 500
    found = samples(service)
    for kind in ("http_5xx", "http_exception"):
        labels = {"service": "probed", "kind": kind}
        assert sample(found, "assistant_errors_total", **labels) == (
            sample(before, "assistant_errors_total", **labels) + 1
        )


def test_a_not_ready_answer_is_no_error(service: ServiceProcess):
    flag = Path(service.args[3])
    labels = {"service": "probed", "kind": "http_5xx"}
    before = sample(samples(service), "assistant_errors_total", **labels)
    flag.rename(flag.with_suffix(".off"))
    try:
        assert service.get("/ready").status_code == 503
    finally:
        flag.with_suffix(".off").rename(flag)
    assert sample(samples(service), "assistant_errors_total", **labels) == before


def test_gauges_are_read_at_each_scrape(service: ServiceProcess):
    flag = Path(service.args[3])
    assert sample(samples(service), "assistant_handoff_queue_length") == 3
    flag.write_text("5")
    try:
        assert sample(samples(service), "assistant_handoff_queue_length") == 5
    finally:
        flag.write_text("3")


def test_one_json_access_line_per_request_without_the_url(service: ServiceProcess):
    sender = new_sender()
    service.get(f"/conversations/{sender}/messages")
    service.get("/boom")
    printed = service.printed()
    access = [
        line
        for line in map(json.loads, printed.splitlines())
        if line["logger"] == "observability.access"
    ]
    assert {"route": "messages", "method": "GET", "status": 200}.items() <= access[-2].items()
    assert access[-1]["route"] == "boom" and access[-1]["status"] == 500
    assert isinstance(access[-1]["duration_ms"], float)
    assert sender not in printed
    assert "Sophie" not in printed


def test_every_worker_counts_with_a_multiprocess_folder(tmp_path: Path):
    folder = tmp_path / "metrics"
    folder.mkdir()
    with started(tmp_path, workers=2, PROMETHEUS_MULTIPROC_DIR=str(folder)) as service:
        sender, pids, sent = new_sender(), set(), 0
        while len(pids) < 2 and sent < 200:
            # A new connection each time, so that either worker may answer.
            reply = requests.get(f"{service.url}/conversations/{sender}/messages", timeout=10)
            pids.add(reply.text)
            sent += 1
        assert len(pids) == 2
        found = samples(service)
        labels = {"service": "probed", "route": "messages", "status": "200"}
        assert sample(found, "assistant_http_requests_total", **labels) == sent
        assert sample(found, "assistant_handoff_queue_length") == 3


def test_an_apps_own_health_route_is_kept():
    app = Sanic("own_health")
    app.add_route(lambda _: text("mine"), "/health", name="health")
    web.install(app, "testing")
    routes = {route.path: route.name for route in app.router.routes}
    assert routes["health"] == "own_health.health"
    assert routes["ready"] == "own_health.observability_ready"
    assert routes["metrics"] == "own_health.observability_metrics"
