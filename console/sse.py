"""Server-sent events: formatting, and merging live sources into one stream."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any


def event(name: str, data: str, event_id: str | None = None) -> str:
    """One event; every line of `data` gets its own `data:` field."""
    lines = [f"event: {name}"]
    if event_id:
        lines.append(f"id: {event_id}")
    lines += [f"data: {line}" for line in data.splitlines() or [""]]
    return "\n".join(lines) + "\n\n"


async def ticks(seconds: float) -> AsyncIterator[None]:
    """A beat now, then every `seconds`."""
    while True:
        yield None
        await asyncio.sleep(seconds)


async def merge(*sources: AsyncIterator[Any]) -> AsyncIterator[Any]:
    """The items of all sources as they come; a source's error ends the merged stream.
    Closing it stops every source."""
    queue: asyncio.Queue[tuple[Any, BaseException | None]] = asyncio.Queue()

    async def pump(source: AsyncIterator[Any]) -> None:
        try:
            async for item in source:
                await queue.put((item, None))
        except Exception as error:
            await queue.put((None, error))

    tasks = [asyncio.create_task(pump(source)) for source in sources]
    try:
        while True:
            item, error = await queue.get()
            if error is not None:
                raise error
            yield item
    finally:
        for task in tasks:
            task.cancel()
