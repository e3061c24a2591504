"""REST round-trip latency and throughput of the running assistant, and its footprint.

    .venv/bin/python -m bench.latency [--seconds 60]

Starts the whole assistant on a local Redis (as in production), then measures:
1 conversation sending messages one after another; 20 conversations at a human pace
(each sends a message every 2 s, starting at a random moment of the first 2 s, and
again all in step as the worst case); 10 conversations with no pause (saturated).
Messages are drawn from the held-out set; each simulated person starts a new
conversation every 10 messages. Baselines in the same run: the server's /status
endpoint (HTTP floor) and /model/parse (NLU alone). Also prints the Rasa server's
start-up time and memory (RSS).
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import random
import statistics
import time
import uuid

import aiohttp
import psutil

from bench.nlu import load_held_out
from launcher.local_redis import LocalRedis, free_port
from launcher.model import ensure_model
from launcher.settings import Settings
from launcher.stack import Stack

HUMAN_PACE_SECONDS = 2.0
# A simulated person starts a new conversation after this many messages, as real chats
# are short (a tracker that grows without end would measure Rasa's event replay instead).
TURNS_PER_CONVERSATION = 10


def latency_cuts(samples: list[float]) -> dict[int, float]:
    """The 50th, 95th and 99th percentiles of `samples` (seconds, at least 2), in ms."""
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return {rank: cuts[rank - 1] * 1000 for rank in (50, 95, 99)}


def percentiles(samples: list[float]) -> str:
    cuts = latency_cuts(samples)
    return (
        f"n={len(samples):>5}  p50 {cuts[50]:6.1f} ms  p95 {cuts[95]:6.1f} ms"
        f"  p99 {cuts[99]:6.1f} ms"
    )


def memory_rss(pid: int) -> int:
    """Resident memory of a process and of its children (a server's workers), in bytes."""
    process = psutil.Process(pid)
    return sum(p.memory_info().rss for p in [process, *process.children(recursive=True)])


class Client:
    def __init__(self, stack: Stack, session: aiohttp.ClientSession) -> None:
        self.stack, self.session = stack, session
        self.texts = itertools.cycle([text for text, _ in load_held_out()])
        self.errors = 0
        self.random = random.Random(42)

    async def timed(self, method: str, path: str, **kwargs: object) -> float:
        start = time.perf_counter()
        async with self.session.request(method, self.stack.rasa_url + path, **kwargs) as reply:
            await reply.read()
            if reply.status != 200:
                self.errors += 1
        return time.perf_counter() - start

    async def message(self, sender: str) -> float:
        body = {"sender": sender, "message": next(self.texts)}
        return await self.timed("POST", "/webhooks/rest/webhook", json=body)

    async def conversation(self, deadline: float, pause: float, start: float = 0.0) -> list[float]:
        samples: list[float] = []
        await asyncio.sleep(start)
        while time.perf_counter() < deadline:
            if len(samples) % TURNS_PER_CONVERSATION == 0:
                sender = uuid.uuid4().hex
            started = time.perf_counter()
            samples.append(await self.message(sender))
            if pause:
                await asyncio.sleep(max(0.0, pause - (time.perf_counter() - started)))
        return samples

    async def concurrent(
        self, conversations: int, seconds: float, pause: float, in_step: bool = False
    ) -> list[float]:
        """Conversations in parallel; each starts at a random moment of its first pause
        (people do not write in step), or all at once with `in_step` (the worst case)."""
        deadline = time.perf_counter() + seconds
        starts = [0.0 if in_step else self.random.uniform(0, pause) for _ in range(conversations)]
        runs = [self.conversation(deadline, pause, start) for start in starts]
        return [sample for run in await asyncio.gather(*runs) for sample in run]


async def measure(stack: Stack, seconds: float) -> None:
    token = {"token": stack.settings.auth_token}
    async with aiohttp.ClientSession() as session:
        client = Client(stack, session)
        await client.concurrent(2, 5, 0)  # warm-up
        status = [await client.timed("GET", "/status", params=token) for _ in range(200)]
        print(f"baseline /status (HTTP floor)       {percentiles(status)}")
        parse = [
            await client.timed(
                "POST", "/model/parse", params=token, json={"text": next(client.texts)}
            )
            for _ in range(200)
        ]
        print(f"baseline /model/parse (NLU alone)   {percentiles(parse)}")
        single = await client.concurrent(1, seconds / 2, 0)
        print(f"1 conversation, back to back        {percentiles(single)}")
        human = await client.concurrent(20, seconds, HUMAN_PACE_SECONDS)
        print(
            f"20 conversations, 1 msg / 2 s each  {percentiles(human)}"
            f"  ({len(human) / seconds:.1f} msg/s)"
        )
        in_step = await client.concurrent(20, seconds / 2, HUMAN_PACE_SECONDS, in_step=True)
        print(f"  the same, all 20 in step (bursts) {percentiles(in_step)}")
        saturated = await client.concurrent(10, seconds / 2, 0)
        print(
            f"10 conversations, no pause          {percentiles(saturated)}"
            f"  throughput {len(saturated) / (seconds / 2):.1f} msg/s"
        )
        print(
            f"ratio full turn / NLU alone (p50): "
            f"{statistics.median(single) / statistics.median(parse):.2f}"
        )
        print(f"HTTP errors: {client.errors}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=60.0)
    args = parser.parse_args()
    ensure_model(Settings.from_env())
    with LocalRedis() as redis_server:
        env = {
            **os.environ,
            "REDIS_URL": redis_server.url,
            "RASA_PORT": str(free_port()),
            "ACTION_PORT": str(free_port()),
            "RUN_DIR": "/tmp/bench-run",
            # One simulated person writes far faster than a real one: the limits would
            # answer most messages with their notice, which is not what is measured here.
            "SENDER_RATE_LIMIT": "1000000/60",
            "IP_RATE_LIMIT": "1000000/60",
        }
        started = time.perf_counter()
        with Stack(env) as stack:
            print(
                f"Rasa server start-up: {time.perf_counter() - started:.1f} s "
                f"(SANIC_WORKERS={os.environ.get('SANIC_WORKERS', '1')})"
            )
            asyncio.run(measure(stack, args.seconds))
            rss = memory_rss(stack.processes["rasa"].pid)
            print(f"Rasa server memory (RSS, with workers): {rss / 2**20:.0f} MiB")


if __name__ == "__main__":
    main()
