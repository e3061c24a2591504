"""Readiness checks: can this service do its work now (its Redis, its database...)?"""

from __future__ import annotations

import asyncio
import inspect
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Engine

CHECK_TIMEOUT_SECONDS = 3.0

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Check:
    """One readiness check: `run` returns (or awaits to) anything but False when ready,
    and False or an exception when not. A `blocking` one (a synchronous driver) runs in
    a thread, away from the event loop."""

    name: str
    run: Callable[[], Any]
    blocking: bool = False


async def evaluate(checks: Sequence[Check]) -> dict[str, bool]:
    """Every check's outcome, run together, each within CHECK_TIMEOUT_SECONDS."""
    outcomes = await asyncio.gather(*(_passes(check) for check in checks))
    return {check.name: outcome for check, outcome in zip(checks, outcomes, strict=True)}


async def report(checks: Sequence[Check]) -> tuple[int, dict[str, Any]]:
    """The `/ready` answer: 200 when every check passes, else 503, and each check's name
    with `ok` or `failed` (nothing else: no host, no secret)."""
    outcomes = await evaluate(checks)
    passed = all(outcomes.values())
    body = {
        "status": "ready" if passed else "not ready",
        "checks": {name: "ok" if ok else "failed" for name, ok in outcomes.items()},
    }
    return (200 if passed else 503), body


def redis_check(client: Any) -> Check:
    """Redis answers a PING (`client`: a redis-py client, synchronous or asyncio)."""
    asynchronous = inspect.iscoroutinefunction(client.execute_command)
    return Check("redis", client.ping, blocking=not asynchronous)


def database_check(engine: Engine) -> Check:
    """The SQL database answers `SELECT 1`."""

    def select_one() -> None:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))

    return Check("database", select_one, blocking=True)


async def _passes(check: Check) -> bool:
    try:
        if check.blocking:
            call = asyncio.get_running_loop().run_in_executor(None, check.run)
        else:
            call = awaited(check.run())
        result = await asyncio.wait_for(call, CHECK_TIMEOUT_SECONDS)
    except Exception as error:
        # The type only: a driver's message may hold a host name or a password.
        logger.warning("Readiness check %s failed (%s)", check.name, type(error).__name__)
        return False
    if result is False:
        logger.warning("Readiness check %s failed", check.name)
    return result is not False


async def awaited(value: Any) -> Any:
    """`value`, awaited if it is awaitable."""
    return await value if inspect.isawaitable(value) else value
