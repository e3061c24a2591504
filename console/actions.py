"""What a counsellor does to a conversation: the handoff store first (it decides who has
the conversation), then Rasa's HTTP API (what the person sees), then the audit log.

Each action runs to its end even if the counsellor's browser goes away meanwhile (Sanic
cancels the request's task then): half an action could leave a person with a paused bot
and nobody."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

from console.accounts import Account, Accounts
from console.rasa_api import RasaApi, RasaError
from console.transcript import facts
from handoff.store import CONNECTED, HandoffStore, Ticket

CONNECTED_RESPONSE = "utter_handoff_connected"
ENDED_RESPONSE = "utter_handoff_ended"

logger = logging.getLogger(__name__)


def counsellor_message(text: str, name: str) -> dict[str, Any]:
    """A counsellor's message as a bot event: the widget signs it with `custom` (what
    reaches the person), the console reads `metadata` (what the tracker keeps)."""
    return {
        "event": "bot",
        "text": text,
        "data": {"custom": {"type": "counsellor", "name": name}},
        "metadata": {"counsellor": name},
    }


class NotYours(PermissionError):
    """The conversation is not the counsellor's (another has it, or it ended)."""


class CounsellorActions:
    def __init__(
        self,
        store: HandoffStore,
        rasa: RasaApi,
        accounts: Accounts,
        pseudonym: Callable[[str], str],
    ) -> None:
        self.store = store
        self.rasa = rasa
        self.accounts = accounts
        self.pseudonym = pseudonym

    async def accept(self, conversation_id: str, counsellor: Account) -> Ticket | None:
        """Claim a queued conversation; None if another counsellor was quicker."""
        return await asyncio.shield(self._accept(conversation_id, counsellor))

    async def take_over(self, conversation_id: str, counsellor: Account) -> Ticket | None:
        """Take a conversation from the bot; None if another counsellor has it."""
        return await asyncio.shield(self._take_over(conversation_id, counsellor))

    async def send(self, conversation_id: str, counsellor: Account, text: str) -> None:
        await asyncio.shield(self._send(conversation_id, counsellor, text))

    async def end(self, conversation_id: str, counsellor: Account) -> None:
        """Give the conversation back to the bot, which says so to the person."""
        await asyncio.shield(self._end(conversation_id, counsellor))

    async def _accept(self, conversation_id: str, counsellor: Account) -> Ticket | None:
        ticket = await self.store.claim(conversation_id, counsellor.username)
        if ticket is not None:
            await self._audit(counsellor, "accept", conversation_id)
            await self._tell(conversation_id, CONNECTED_RESPONSE)
        return ticket

    async def _take_over(self, conversation_id: str, counsellor: Account) -> Ticket | None:
        known = facts(await self.rasa.tracker(conversation_id))
        ticket = await self.store.take_over(
            conversation_id,
            counsellor.username,
            channel=known.channel,
            situation=known.situation,
            place=known.place,
            crisis=known.crisis,
        )
        if ticket is None:
            return None
        try:
            await self.rasa.append(conversation_id, {"event": "pause"})
        except RasaError:
            await self.store.end(conversation_id, counsellor.username)  # the bot still talks
            raise
        await self._audit(counsellor, "takeover", conversation_id)
        await self._tell(conversation_id, CONNECTED_RESPONSE)
        return ticket

    async def _audit(self, counsellor: Account, action: str, conversation_id: str) -> None:
        """Logged under the sender's pseudonym in the archive: a conversation id may be a
        phone number (WhatsApp) or a platform's id of the person."""
        await self.accounts.arecord(counsellor.id, action, self.pseudonym(conversation_id))

    async def _send(self, conversation_id: str, counsellor: Account, text: str) -> None:
        await self._own(conversation_id, counsellor)
        await self.rasa.append(conversation_id, counsellor_message(text, counsellor.display_name))

    async def _end(self, conversation_id: str, counsellor: Account) -> None:
        await self._own(conversation_id, counsellor)
        # Resumed first: if Rasa fails, the counsellor still has it and can try again,
        # rather than leaving the person with a paused bot and nobody.
        await self.rasa.append(conversation_id, {"event": "resume"})
        await self.store.end(conversation_id, counsellor.username)
        await self._audit(counsellor, "end", conversation_id)
        await self._tell(conversation_id, ENDED_RESPONSE)

    async def owns(self, conversation_id: str, counsellor: Account) -> bool:
        ticket = await self.store.get(conversation_id)
        return (
            ticket is not None
            and ticket.status == CONNECTED
            and ticket.counsellor == counsellor.username
        )

    async def _own(self, conversation_id: str, counsellor: Account) -> None:
        if not await self.owns(conversation_id, counsellor):
            raise NotYours(conversation_id)

    async def _tell(self, conversation_id: str, response: str) -> None:
        """Send a response of the domain; the handoff stands even if Rasa fails here, and
        the counsellor's own messages still reach the person."""
        try:
            await self.rasa.execute(conversation_id, response)
        except RasaError as error:
            logger.warning("Could not send %s: %s", response, error)
