"""CPU cost of one conversation turn inside the Rasa server process, with a profile.

    .venv/bin/python -m bench.turn_cost [--turns 200] [--profile]

Loads the trained model in this process (in-memory tracker store), starts the action
server, and plays held-out messages as conversations of 10 turns. It measures the turn
time first with Rasa as it is (the baseline), then with `rasa_extensions.speedups`
applied, in the same process, and prints both and their ratio. `--profile` also prints
the functions that take most time with the speedups on.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import logging
import os
import pstats
import statistics
import time
import uuid

from bench.latency import TURNS_PER_CONVERSATION, percentiles
from bench.nlu import load_held_out
from launcher.local_redis import free_port
from launcher.model import ensure_model
from launcher.stack import Stack
from rasa_extensions import speedups


async def play(agent: object, texts: list[str]) -> list[float]:
    samples = []
    for index, text in enumerate(texts):
        if index % TURNS_PER_CONVERSATION == 0:
            sender = uuid.uuid4().hex
        started = time.perf_counter()
        await agent.handle_text(text, sender_id=sender)  # type: ignore[attr-defined]
        samples.append(time.perf_counter() - started)
    return samples


def summary(samples: list[float]) -> str:
    return f"{percentiles(samples)}  mean {statistics.mean(samples) * 1000:.1f} ms"


async def measure(turns: int, profile: bool) -> None:
    from rasa.core.agent import Agent
    from rasa.utils.endpoints import EndpointConfig
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.INFO)
    actions = Stack({**os.environ, "ACTION_PORT": str(free_port())})
    actions.start_actions()
    try:
        endpoint = EndpointConfig(url=actions.settings.action_server_url)
        agent = Agent.load(str(ensure_model(actions.settings)), action_endpoint=endpoint)
        texts = [text for text, _ in load_held_out()][:turns]
        await play(agent, texts)  # warm-up: TensorFlow traces each new input shape once
        baseline = await play(agent, texts)
        print(f"Rasa as it is        {summary(baseline)}")
        speedups.apply()
        profiler = cProfile.Profile()
        if profile:
            profiler.enable()
        faster = await play(agent, texts)
        profiler.disable()
        print(f"with speedups        {summary(faster)}")
        print(f"ratio (mean): {statistics.mean(faster) / statistics.mean(baseline):.2f}")
        if profile:
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)
    finally:
        actions.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--turns", type=int, default=200)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    logging.disable(logging.WARNING)
    asyncio.run(measure(args.turns, args.profile))


if __name__ == "__main__":
    main()
