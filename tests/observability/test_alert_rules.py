"""The Prometheus alert rules shipped for operators name only metrics the services have."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from prometheus_client import REGISTRY

from observability.metrics import ARCHIVE_PENDING, HANDOFF_QUEUE_LENGTH

RULES = Path(__file__).resolve().parents[2] / "deploy" / "prometheus" / "alerts.yml"
METRIC_NAME = re.compile(r"\bassistant_[a-z_]+")


def exported_names() -> set[str]:
    """Every series name the services export, with Prometheus' suffixes."""
    suffixes = {"counter": ("_total",), "histogram": ("_bucket", "_count", "_sum")}
    names = {
        family.name + suffix
        for family in REGISTRY.collect()
        for suffix in suffixes.get(family.type, ("",))
    }
    return names | {gauge.name for gauge in (HANDOFF_QUEUE_LENGTH, ARCHIVE_PENDING)}


def test_every_alert_names_an_exported_metric():
    rules = yaml.safe_load(RULES.read_text(encoding="utf-8"))["groups"][0]["rules"]
    used = {name for rule in rules for name in METRIC_NAME.findall(rule["expr"])}
    assert used, "the rules name no metric"
    assert used <= exported_names(), used - exported_names()


def test_every_alert_has_a_french_summary_and_a_severity():
    rules = yaml.safe_load(RULES.read_text(encoding="utf-8"))["groups"][0]["rules"]
    for rule in rules:
        assert rule["labels"]["severity"] in ("critical", "warning")
        assert rule["annotations"]["summary"].endswith(".")
