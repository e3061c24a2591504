"""The few calls of Rasa's HTTP API the console makes (token in `?token=`)."""

from __future__ import annotations

import asyncio
from typing import Any
from urllib.parse import quote

import aiohttp

TIMEOUT = aiohttp.ClientTimeout(total=30)
# What the console sends reaches the person through the channel they came from; Rasa
# need not send the whole conversation back.
TO_PERSON = {"output_channel": "latest", "execute_side_effects": "true", "include_events": "NONE"}


class RasaError(RuntimeError):
    """Rasa did not do what was asked (unreachable, or answered with an error)."""


class RasaApi:
    def __init__(self, base_url: str, token: str) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token
        self._session: aiohttp.ClientSession | None = None

    async def tracker(self, conversation_id: str) -> dict[str, Any]:
        return await self._call("GET", conversation_id, "tracker")

    async def append(self, conversation_id: str, event: dict[str, Any]) -> None:
        """Append an event; a `bot` event is also sent to the person."""
        await self._call("POST", conversation_id, "tracker/events", TO_PERSON, event)

    async def execute(self, conversation_id: str, action: str) -> None:
        """Run a response or an action of the domain, sent to the person."""
        await self._call("POST", conversation_id, "execute", TO_PERSON, {"name": action})

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()

    async def _call(
        self,
        method: str,
        conversation_id: str,
        path: str,
        params: dict[str, str] | None = None,
        body: dict[str, Any] | None = None,
    ) -> Any:
        if self._session is None:
            self._session = aiohttp.ClientSession(timeout=TIMEOUT)
        url = f"{self.base_url}/conversations/{quote(conversation_id, safe='')}/{path}"
        query = {"token": self.token, **(params or {})}
        try:
            async with self._session.request(method, url, params=query, json=body) as reply:
                if reply.status >= 400:
                    # The body may quote the conversation: only the status is kept.
                    raise RasaError(f"Rasa answered {reply.status} to {method} .../{path}")
                return await reply.json(content_type=None)
        except (aiohttp.ClientError, asyncio.TimeoutError) as error:
            raise RasaError(f"Rasa unreachable for {method} .../{path}: {error}") from error
