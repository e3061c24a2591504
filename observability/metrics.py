"""The assistant's Prometheus metrics, defined once for every service.

No label ever holds personal data: channels, intents, handoff statuses, route names,
services and error kinds are short fixed lists (see `BoundedLabel` for the ones read
from events). With `PROMETHEUS_MULTIPROC_DIR` set before this module is imported, every
process of a service writes its values there and `/metrics` adds them up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from prometheus_client import Counter, Histogram, disable_created_metrics
from prometheus_client.core import GaugeMetricFamily

# No `*_created` series: they double the scrape and say nothing Prometheus needs.
disable_created_metrics()

OTHER = "other"
UNKNOWN = "unknown"

_LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)

# The conversation, as Rasa's event broker sees it.
MESSAGES = Counter("assistant_messages", "Messages written by people.", ["channel"])
BOT_MESSAGES = Counter(
    "assistant_bot_messages", "Messages sent to people (the bot's and counsellors').", ["channel"]
)
TURN_SECONDS = Histogram(
    "assistant_turn_seconds",
    "Time the Rasa server takes to answer a message, NLU to the last action.",
    ["channel"],
    buckets=_LATENCY_BUCKETS,
)
INTENTS = Counter("assistant_intents", "People's messages by recognised intent.", ["intent"])
FALLBACKS = Counter("assistant_fallbacks", "People's messages that were not understood.")
CRISES = Counter(
    "assistant_crises",
    "Crisis messages, by intent and by what raised them: the classifier's own guess, "
    "the crisis lexicon, or a crisis intent promoted above the safety net's threshold.",
    ["intent", "source"],
)
HANDOFFS = Counter("assistant_handoffs", "Handoff statuses sent to people.", ["status"])

# The action server.
ACTION_SECONDS = Histogram(
    "assistant_action_seconds",
    "Time the action server takes to run a custom action.",
    ["action"],
    buckets=_LATENCY_BUCKETS,
)

# The archiver.
ARCHIVED_EVENTS = Counter("assistant_archive_events", "Events recorded in the archive.")
ARCHIVE_WRITES = Counter(
    "assistant_archive_conversation_writes",
    "Conversations written to the archive (one written over several batches counts each time).",
)
DROPPED_EVENTS = Counter(
    "assistant_archive_dropped_events", "Events skipped because they could not be archived."
)

# Every HTTP service.
HTTP_REQUESTS = Counter(
    "assistant_http_requests",
    "HTTP requests answered, by route name (never the URL) and status.",
    ["service", "route", "status"],
)
HTTP_SECONDS = Histogram(
    "assistant_http_request_seconds",
    "Time to answer an HTTP request (a stream: its whole life), by route name.",
    ["service", "route"],
    buckets=_LATENCY_BUCKETS,
)
ERRORS = Counter("assistant_errors", "Errors, by service and kind.", ["service", "kind"])


@dataclass(frozen=True)
class ScrapeGauge:
    """A gauge read when Prometheus scrapes (from Redis, say) rather than kept by a
    process, so that every process and replica reports the same value."""

    name: str
    documentation: str

    def family(self, value: float) -> GaugeMetricFamily:
        return GaugeMetricFamily(self.name, self.documentation, value=value)


HANDOFF_QUEUE_LENGTH = ScrapeGauge(
    "assistant_handoff_queue_length", "Conversations waiting for a counsellor."
)
ARCHIVE_PENDING = ScrapeGauge(
    "assistant_archive_pending_events",
    "Events of the stream not yet archived (not yet read, or read and not yet recorded).",
)


_NAME = re.compile(r"[A-Za-z0-9_.:-]{1,64}")


class BoundedLabel:
    """The values of a label read from events (an intent, a channel): names only, and at
    most `limit` of them per process, then `other`; so that made-up names sent to the
    HTTP API can neither fill the labels with text nor multiply the series."""

    def __init__(self, limit: int = 100) -> None:
        self.limit = limit
        self._seen: set[str] = set()

    def __call__(self, value: object) -> str:
        if not isinstance(value, str) or not value:
            return UNKNOWN
        if value in self._seen:
            return value
        if len(self._seen) >= self.limit or not _NAME.fullmatch(value):
            return OTHER
        self._seen.add(value)
        return value


channel_label = BoundedLabel(limit=20)
intent_label = BoundedLabel(limit=200)
