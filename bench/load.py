"""Load test of the running assistant with Locust: throughput, latency percentiles, errors
and lost messages, with 1 and 2 Rasa replicas.

    .venv/bin/python -m bench.load [--replicas 1 2] [--rate 20] [--users 100]
                                   [--duration 120] [--saturate]
    .venv/bin/python -m bench.load --replicas 2 --duration 1800      # the 30-minute soak

For each number of replicas in turn, starts the whole assistant in a temporary run folder
(its own local Redis, a throwaway SQLite database; one Sanic worker and one TensorFlow
thread of each kind per replica, so that 1 and 2 replicas compare fairly), then Locust's
simulated people write to the REST channel through the public address (nginx with 2
replicas). Each person sends one message every users / rate seconds (5 s by default),
starting at a random moment of that interval (the ramp-up, not measured), and follows
short conversations in French from the development set: a greeting, a situation, a
place, a question, thanks, goodbye; each conversation with a sender id of its own. With
`--saturate` there is no pause: the throughput is the maximum. With `--in-step`, the
people start in Locust's batches (rate people each second) and stay in step: every
second, that many messages arrive at the same instant (the worst case of a steady rate).

A few conversations sent first warm the servers up and are not counted. Prints per run:
messages sent and answered, the throughput and the latency percentiles (after the
ramp-up), errors (non-200, timeouts, empty answers, and the turns the servers count in
`assistant_errors_total`, which are answered with a notice and a 200), and lost
messages: every conversation's tracker is read back through Rasa's HTTP API, and its
people's messages counted against the messages that got a 200 (and the answers its bot
messages make against the answers received). Also the processor each process used while
measured (each service, the load tool, Redis), each replica's `/metrics` counters, how
long its turns and its webhook requests took inside it (a request also waits for the
server's event loop, busy with other turns), the Rasa servers' memory, the stack's
start-up time and the load average (the machine may be shared). Exits 1 on any error or
lost message.
"""

# ruff: noqa: E402 (gevent must patch the standard library before anything imports it)
from __future__ import annotations

from gevent import monkey

monkey.patch_all()

import argparse
import itertools
import os
import random
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import quote

import gevent
import gevent.pool
import psutil
import requests
from locust import FastHttpUser, task
from locust.env import Environment
from locust.exception import StopUser
from prometheus_client.parser import text_string_to_metric_families

import console.labels
from bench.latency import latency_cuts, memory_rss
from bench.nlu import load_held_out
from launcher.local_redis import free_port, port_is_free
from launcher.model import ensure_model
from launcher.settings import Settings
from launcher.stack import Stack

AIM_RATE = 20.0  # messages per second
AIM_P95_MS = 300.0
# A run reaches the aim's rate when its throughput is at least this share of it.
RATE_TOLERANCE = 0.95
TIMEOUT_SECONDS = 30.0
WEBHOOK = "/webhooks/rest/webhook"
WATCHED_METRICS = ("assistant_messages_total", "assistant_errors_total")
TURN_BUCKETS = "assistant_turn_seconds_bucket"
REQUEST_BUCKETS = "assistant_http_request_seconds_bucket"
# The REST webhook's route, as the servers name it in their request-time histogram.
WEBHOOK_ROUTE = 'route="validated_rest_webhook.receive"'
# Times inside a server: share of turns (or requests) at or under each of these seconds.
TURN_CUTS = ("0.1", "0.25", "0.5", "1.0")
TRACKER_READERS = 8
# Sent one after another before the load (round robin: every replica gets some).
WARM_UP_CONVERSATIONS = 4

# A short conversation: one message of an intent drawn from each step, in order.
SITUATIONS = tuple(console.labels.SITUATIONS)
QUESTIONS = ("ask_helpline", "ask_complaint", "ask_compensation", "ask_privacy")
SCRIPT = (("greet",), SITUATIONS, ("inform_location",), QUESTIONS, ("thank",), ("goodbye",))


@dataclass
class Tally:
    """What the load did with one conversation."""

    sent: int = 0
    acknowledged: int = 0  # answered with HTTP 200
    answers: int = 0  # REST messages received


@dataclass(frozen=True)
class Outcome:
    finished: float  # time.monotonic()
    seconds: float
    error: str | None


@dataclass
class Recorder:
    senders: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    outcomes: list[Outcome] = field(default_factory=list)
    # Exceptions raised in Locust's tasks (a bug of the load, counted as errors).
    exceptions: int = 0
    # Set at the end of the run: nobody starts a message any more.
    closing: bool = False

    def in_flight(self) -> int:
        """Messages sent and not answered yet."""
        return sum(tally.sent for tally in self.senders.values()) - len(self.outcomes)


@dataclass(frozen=True)
class Stored:
    """A conversation's messages in its tracker."""

    user: int
    answers: int  # the REST messages its bot messages make


@dataclass(frozen=True)
class Result:
    replicas: int
    throughput: float
    p95_ms: float | None
    failed: bool


class Conversations:
    """Short conversations of one simulated person, from the development set."""

    def __init__(self, texts: dict[str, list[str]], person: int, prefix: str = "load") -> None:
        self.texts = texts
        self.prefix = f"{prefix}-{person}"
        self.random = random.Random(person)
        self.count = itertools.count()

    def next(self) -> tuple[str, list[str]]:
        """A new sender id and the messages of its conversation."""
        sender = f"{self.prefix}-{next(self.count)}"
        return sender, [self.random.choice(self.texts[self.random.choice(step)]) for step in SCRIPT]


@cache
def dev_texts() -> dict[str, list[str]]:
    """The development set's messages by intent."""
    texts: dict[str, list[str]] = defaultdict(list)
    for text, intent in load_held_out():
        texts[intent].append(text)
    return texts


def classify(status: int, error: Exception | None, body: Callable[[], object]) -> str | None:
    """The kind of error of an answer, or None for a 200 with bot messages."""
    if status == 0:
        return f"no answer ({type(error).__name__})"
    if status != 200:
        return f"HTTP {status}"
    try:
        answers = body()
    except (ValueError, TypeError):
        return "not JSON"
    if not isinstance(answers, list) or not answers:
        return "empty answer"
    return None


def person_class(recorder: Recorder, pace: float, start_within: float) -> type[FastHttpUser]:
    """Locust's user: a person writing to the REST channel every `pace` seconds (0: no
    pause), recorded in `recorder`, who writes first at a random moment of `start_within`
    seconds. Each keeps their own schedule: Locust starts its users in batches, one a
    second, and its pacing would keep each batch writing at the same instant."""
    texts = dev_texts()
    people = itertools.count()

    class Person(FastHttpUser):
        network_timeout = connection_timeout = TIMEOUT_SECONDS
        # One connection per message (as separate people): a kept-alive connection idle
        # for about the servers' keep-alive timeout (5 s) may be closed as it is reused.
        default_headers: ClassVar[dict[str, str]] = {"Connection": "close"}

        def on_start(self) -> None:
            self.conversations = Conversations(texts, next(people))
            self.sender, self.script = self.conversations.next()
            self.next_message = time.monotonic() + random.uniform(0, start_within)
            gevent.sleep(self.next_message - time.monotonic())

        def wait_time(self) -> float:
            self.next_message += pace
            return max(0.0, self.next_message - time.monotonic())

        @task
        def write(self) -> None:
            if recorder.closing:
                raise StopUser()
            if not self.script:
                self.sender, self.script = self.conversations.next()
            body = {"sender": self.sender, "message": self.script.pop(0)}
            tally = recorder.senders[self.sender]
            tally.sent += 1
            started = time.perf_counter()
            with self.client.post(WEBHOOK, json=body, catch_response=True) as reply:
                seconds = time.perf_counter() - started
                error = classify(reply.status_code, getattr(reply, "error", None), reply.json)
                if error:
                    reply.failure(error)
                else:
                    reply.success()
                    tally.answers += len(reply.json())
                if reply.status_code == 200:
                    tally.acknowledged += 1
            recorder.outcomes.append(Outcome(time.monotonic(), seconds, error))

    return Person


def warm_up(stack: Stack) -> None:
    """A few conversations first, not counted: a server's first turns are slow."""
    started = time.perf_counter()
    conversations = Conversations(dev_texts(), 0, prefix="warm-up")
    for _ in range(WARM_UP_CONVERSATIONS):
        sender, script = conversations.next()
        for text in script:
            body = {"sender": sender, "message": text}
            post = requests.post(stack.rasa_url + WEBHOOK, json=body, timeout=TIMEOUT_SECONDS)
            post.raise_for_status()
    print(
        f"warm-up: {WARM_UP_CONVERSATIONS * len(SCRIPT)} messages in "
        f"{time.perf_counter() - started:.1f} s (not counted)"
    )


def cpu_seconds(stack: Stack) -> Counter[str]:
    """CPU time used so far by each service (with its child processes), by the load tool
    (this process) and by the other processes it started (Redis), by name."""
    used: Counter[str] = Counter()
    counted: set[int] = set()
    for name, process in stack.processes.items():
        if process.poll() is None:
            root = psutil.Process(process.pid)
            for each in (root, *root.children(recursive=True)):
                used[name] += _cpu(each)
                counted.add(each.pid)
    me = psutil.Process()
    used["load tool"] = _cpu(me)
    for child in me.children(recursive=True):
        if child.pid not in counted:
            used[child.name()] += _cpu(child)
    return used


def _cpu(process: psutil.Process) -> float:
    try:
        times = process.cpu_times()
    except psutil.NoSuchProcess:
        return 0.0
    return times.user + times.system


def drive(stack: Stack, args: argparse.Namespace) -> tuple[Recorder, float, float]:
    """Run the load; the recorder and the measured window (after the ramp-up). Prints the
    processor each process used in that window, in cores."""
    recorder = Recorder()
    pace = 0.0 if args.saturate else args.users / args.rate
    start_within = 0.0 if args.in_step else pace
    environment = Environment(
        user_classes=[person_class(recorder, pace, start_within)],
        host=stack.rasa_url,
        stop_timeout=TIMEOUT_SECONDS + 5,
    )
    runner = environment.create_local_runner()
    spawn_rate = args.users if args.saturate else args.rate
    runner.start(args.users, spawn_rate=spawn_rate)
    gevent.sleep(args.users / spawn_rate + start_within)
    begin, cpu_begin = time.monotonic(), cpu_seconds(stack)
    gevent.sleep(args.duration)
    end, cpu_end = time.monotonic(), cpu_seconds(stack)
    cores = {name: (cpu_end[name] - cpu_begin[name]) / (end - begin) for name in cpu_end}
    shares = ", ".join(f"{name} {used:.2f}" for name, used in sorted(cores.items()))
    print(f"processor used (cores, of {psutil.cpu_count()}): {shares}")
    # No new message; the ones on their way are waited for, so that none is cut short.
    recorder.closing = True
    deadline = time.monotonic() + TIMEOUT_SECONDS + 5
    while recorder.in_flight() and time.monotonic() < deadline:
        gevent.sleep(0.1)
    runner.stop()
    runner.quit()
    for row in runner.exceptions.values():
        recorder.exceptions += row["count"]
        print(f"exception in the load ({row['count']}x): {row['traceback']}")
    if runner.cpu_warning_emitted:
        print("warning: the load generator used more than 90% of a core")
    return recorder, begin, end


def read_tracker(stack: Stack, sender: str) -> tuple[str, Stored]:
    reply = requests.get(
        f"{stack.rasa_url}/conversations/{quote(sender, safe='')}/tracker",
        params={"token": stack.settings.auth_token, "include_events": "ALL"},
        timeout=TIMEOUT_SECONDS,
    )
    reply.raise_for_status()
    events = reply.json()["events"]
    user = sum(event["event"] == "user" for event in events)
    answers = sum(rest_messages(event) for event in events if event["event"] == "bot")
    return sender, Stored(user=user, answers=answers)


def rest_messages(bot: dict[str, Any]) -> int:
    """How many messages of the REST channel a bot event makes, as Rasa's
    `OutputChannel.send_response` and `CollectingOutputChannel` split it: the text (one
    message per paragraph, unless it has buttons), then each of custom, image,
    attachment and elements."""
    data = bot.get("data") or {}
    text = bot.get("text")
    if data.get("quick_replies") or data.get("buttons"):
        count = 1
    else:
        count = len(text.strip().split("\n\n")) if text else 0
    return count + sum(bool(data.get(key)) for key in ("custom", "image", "attachment", "elements"))


def stored_messages(stack: Stack, senders: Iterable[str]) -> dict[str, Stored]:
    """Every conversation's messages, read back from Rasa's trackers."""
    pool = gevent.pool.Pool(TRACKER_READERS)
    return dict(pool.imap_unordered(lambda sender: read_tracker(stack, sender), senders))


def scrape(url: str) -> dict[str, float]:
    """The watched counters of one server's `/metrics`, by series."""
    text = requests.get(f"{url}/metrics", timeout=TIMEOUT_SECONDS).text
    series = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name in (*WATCHED_METRICS, TURN_BUCKETS, REQUEST_BUCKETS):
                labels = ",".join(f'{key}="{value}"' for key, value in sample.labels.items())
                series[f"{sample.name}{{{labels}}}"] = sample.value
    return series


def consecutive_free_ports(count: int) -> int:
    """A free port followed by `count` free ports (RASA_PORT and its replicas)."""
    port = free_port()
    while not all(port_is_free(port + offset) for offset in range(1, count + 1)):
        port = free_port()
    return port


def stack_env(run_dir: Path, replicas: int) -> dict[str, str]:
    env = {
        **os.environ,
        "RASA_REPLICAS": str(replicas),
        "RASA_PORT": str(consecutive_free_ports(replicas)),
        "ACTION_PORT": str(free_port()),
        "CONSOLE_PORT": str(free_port()),
        "ARCHIVE_PORT": str(free_port()),
        "RUN_DIR": str(run_dir),
        "RASA_AUTH_TOKEN": "bench-" + os.urandom(8).hex(),
        "SANIC_WORKERS": "1",
        "TF_INTRA_OP_PARALLELISM_THREADS": "1",
        "TF_INTER_OP_PARALLELISM_THREADS": "1",
        "SENDER_RATE_LIMIT": "20/60",
        # All the load comes from 127.0.0.1.
        "IP_RATE_LIMIT": "1000000/60",
    }
    # A fresh local Redis (started by the stack) and SQLite database in the run folder.
    for name in ("REDIS_URL", "DATABASE_URL", "ACTION_SERVER_URL", "RASA_URL"):
        env.pop(name, None)
    return env


def load_average() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def latency_line(samples: list[float]) -> tuple[str, float | None]:
    """The latency percentiles as printed, and the p95 in ms."""
    if len(samples) < 2:
        return f"latency: too few answers ({len(samples)})", None
    cuts = latency_cuts(samples)
    line = (
        f"latency: n={len(samples)}  p50 {cuts[50]:.0f} ms  p95 {cuts[95]:.0f} ms"
        f"  p99 {cuts[99]:.0f} ms  max {max(samples) * 1000:.0f} ms"
    )
    return line, cuts[95]


def report_load(recorder: Recorder, begin: float, end: float) -> tuple[float, float | None, int]:
    """Print the counts, throughput, latency and errors; the throughput, p95 and errors."""
    outcomes = recorder.outcomes
    answered = sum(outcome.error is None for outcome in outcomes)
    window = [o for o in outcomes if begin <= o.finished <= end and o.error is None]
    throughput = len(window) / (end - begin)
    sent = sum(tally.sent for tally in recorder.senders.values())
    print(f"messages sent {sent}, answered {answered}")
    print(f"throughput {throughput:.1f} msg/s (answered, {end - begin:.0f} s after the ramp-up)")
    line, p95 = latency_line([outcome.seconds for outcome in window])
    print(line)
    errors = Counter(outcome.error for outcome in outcomes if outcome.error)
    if recorder.exceptions:
        errors["exception in the load"] = recorder.exceptions
    if sent > len(outcomes):
        errors["sent, never finished"] = sent - len(outcomes)
    kinds = ", ".join(f"{kind}: {count}" for kind, count in errors.most_common())
    print(f"errors {sum(errors.values())}" + (f" ({kinds})" if kinds else ""))
    return throughput, p95, sum(errors.values())


def report_stored(recorder: Recorder, stored: dict[str, Stored]) -> int:
    """Print the messages stored against those the load counted; the lost ones."""
    tallies = recorder.senders
    lost = sum(max(0, tallies[s].acknowledged - stored[s].user) for s in tallies)
    unconfirmed = sum(max(0, stored[s].user - tallies[s].acknowledged) for s in tallies)
    lost_answers = sum(max(0, stored[s].answers - tallies[s].answers) for s in tallies)
    print(
        f"trackers of {len(tallies)} conversations: people's messages stored "
        f"{sum(s.user for s in stored.values())} of {sum(t.sent for t in tallies.values())} "
        f"sent ({sum(t.acknowledged for t in tallies.values())} with a 200): "
        f"LOST {lost}, stored without a 200 {unconfirmed}"
    )
    print(
        f"answers (REST messages) stored {sum(s.answers for s in stored.values())}, received "
        f"{sum(t.answers for t in tallies.values())}: LOST {lost_answers}"
    )
    return lost + lost_answers


def report_servers(stack: Stack) -> int:
    """Print each replica's watched counters and memory; the errors the servers counted
    (a turn that failed is still answered, with a notice, and a 200)."""
    errors = 0.0
    for name in stack.replicas:
        series = scrape(stack.replica_url(name))
        failures = [v for key, v in series.items() if key.startswith("assistant_errors_total")]
        if not failures:
            series["assistant_errors_total"] = 0
        errors += sum(failures)
        counters = "  ".join(
            f"{key} {value:.0f}"
            for key, value in sorted(series.items())
            if not key.startswith((TURN_BUCKETS, REQUEST_BUCKETS))
        )
        print(f"/metrics {name} (warm-up included): {counters or 'no watched series'}")
        turns = time_shares(series, TURN_BUCKETS, 'channel="rest"')
        webhook = time_shares(series, REQUEST_BUCKETS, WEBHOOK_ROUTE)
        print(f"  turns inside {name} (NLU to the last action): {turns}")
        print(f"  webhook requests inside {name} (the lock and the answer too): {webhook}")
    memory = ", ".join(
        f"{name} {memory_rss(stack.processes[name].pid) / 2**20:.0f} MiB" for name in stack.replicas
    )
    print(f"Rasa memory (RSS): {memory}")
    return int(errors)


def time_shares(series: dict[str, float], histogram: str, label: str) -> str:
    """From a time histogram's buckets with this label: the share of events under each cut."""
    buckets = {k: v for k, v in series.items() if k.startswith(histogram) and label in k}
    total = next((v for k, v in buckets.items() if 'le="+Inf"' in k), 0)
    if not total:
        return "none timed"
    shares = []
    for cut in TURN_CUTS:
        count = next(v for k, v in buckets.items() if f'le="{cut}"' in k)
        shares.append(f"<= {float(cut) * 1000:.0f} ms {count / total:.0%}")
    return ", ".join(shares)


def print_service_errors(log: Path, lines: int = 20) -> None:
    """The services' last lines mentioning an error (to start looking)."""
    if not log.exists():
        return
    errors = [line for line in log.read_text("utf-8", "replace").splitlines() if "rror" in line]
    print(f"services' last lines with an error ({len(errors)} in all):")
    for line in errors[-lines:]:
        print(f"  | {line[:300]}")


def aim(args: argparse.Namespace, throughput: float, p95: float | None) -> str:
    if args.saturate or args.rate < AIM_RATE:
        return "not tested (the aim is at a steady 20 msg/s)"
    met = p95 is not None and p95 <= AIM_P95_MS and throughput >= AIM_RATE * RATE_TOLERANCE
    return "MET" if met else "NOT met"


def describe(args: argparse.Namespace, replicas: int) -> str:
    load = (
        "no pause (saturated)"
        if args.saturate
        else f"1 message every {args.users / args.rate:.1f} s each (target {args.rate:g} msg/s)"
        + (", in step" if args.in_step else "")
    )
    return f"== {replicas} replica(s): {args.users} people, {load}, {args.duration:g} s"


def run(args: argparse.Namespace, replicas: int) -> Result:
    """Start the stack with `replicas`, load it, check it, print the figures."""
    print(describe(args, replicas))
    print(f"load average at start: {load_average()}")
    with tempfile.TemporaryDirectory(prefix="bench-load-") as folder:
        log = Path(folder) / "services.log"
        try:
            throughput, p95, failed = load_stack(args, replicas, Path(folder), log)
        except BaseException:
            print_service_errors(log)
            raise
        if failed:
            print_service_errors(log)
    print(f"load average at end: {load_average()}")
    print(f"aim p95 <= {AIM_P95_MS:.0f} ms at {AIM_RATE:.0f} msg/s: {aim(args, throughput, p95)}")
    return Result(replicas, throughput, p95, failed)


def load_stack(
    args: argparse.Namespace, replicas: int, run_dir: Path, log: Path
) -> tuple[float, float | None, bool]:
    """The throughput, the p95 and whether any message failed or was lost."""
    started = time.perf_counter()
    with log.open("wb") as output, Stack(stack_env(run_dir, replicas), output) as stack:
        print(f"stack start-up: {time.perf_counter() - started:.1f} s")
        warm_up(stack)
        recorder, begin, end = drive(stack, args)
        throughput, p95, errors = report_load(recorder, begin, end)
        lost = report_stored(recorder, stored_messages(stack, list(recorder.senders)))
        errors += report_servers(stack)
    return throughput, p95, bool(errors or lost)


def print_ratios(results: Sequence[Result]) -> None:
    """2 replicas against the 1-replica baseline."""
    by_replicas = {result.replicas: result for result in results}
    if 1 not in by_replicas or 2 not in by_replicas:
        return
    one, two = by_replicas[1], by_replicas[2]
    line = f"== 2 vs 1 replica: throughput x{two.throughput / one.throughput:.2f}"
    if one.p95_ms and two.p95_ms:
        line += f", p95 x{two.p95_ms / one.p95_ms:.2f}"
    print(line)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--replicas", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--rate", type=float, default=AIM_RATE, help="messages per second")
    parser.add_argument("--users", type=int, default=100, help="simulated people")
    parser.add_argument("--duration", type=float, default=120.0, help="seconds, after ramp-up")
    parser.add_argument("--saturate", action="store_true", help="no pause between messages")
    parser.add_argument(
        "--in-step", action="store_true", help="each second's messages sent at the same instant"
    )
    return parser.parse_args()


def main() -> int:
    args = parse_args()
    ensure_model(Settings.from_env())
    results = [run(args, replicas) for replicas in args.replicas]
    print_ratios(results)
    failed = [result.replicas for result in results if result.failed]
    if failed:
        print(f"FAILED: errors or lost messages with {failed} replica(s)")
    return 1 if failed else 0


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    # Not sys.exit: at the interpreter's exit, logging's finalisers take locks that gevent
    # has patched, and print "greenlet is being finalized" errors (noise only).
    os._exit(code)
