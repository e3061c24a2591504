"""The `/metrics` page: this process's metrics (or, with `PROMETHEUS_MULTIPROC_DIR`, those
of every process of the service), plus the gauges read at scrape time."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector

from observability.metrics import ScrapeGauge
from observability.readiness import awaited

CONTENT_TYPE = CONTENT_TYPE_LATEST
# How each scrape-time gauge is read (its value, or an awaitable of it).
Readers = Mapping[ScrapeGauge, Callable[[], Any]]

logger = logging.getLogger(__name__)


async def render(readers: Readers) -> bytes:
    """The metrics in Prometheus' text format. A gauge that cannot be read is left out
    (and logged), so that the rest is still scraped."""
    values: dict[ScrapeGauge, float] = {}
    for gauge, read in readers.items():
        try:
            values[gauge] = float(await awaited(read()))
        except Exception as error:
            logger.warning("Could not read %s (%s)", gauge.name, type(error).__name__)
    registry = CollectorRegistry(auto_describe=False)
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        MultiProcessCollector(registry)
    else:
        registry.register(REGISTRY)
    registry.register(_Gauges(values))
    return generate_latest(registry)


class _Gauges:
    """A collector of values read at scrape time."""

    def __init__(self, values: dict[ScrapeGauge, float]) -> None:
        self.values = values

    def collect(self) -> Iterable[GaugeMetricFamily]:
        return [gauge.family(value) for gauge, value in self.values.items()]
